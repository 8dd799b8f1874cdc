/**
 * Runs every benchmark, each in its own process, then writes BENCHMARKS.md
 * and bench/ratios.svg. `npm run bench` builds the packages first.
 *
 * Usage: node bench/run.js [NAME...]. Without a NAME it runs all of BENCHMARKS below.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

import { RESULTS_DIR } from "./lib/paths.js";
import { runCommand } from "./lib/processes.js";
import { describeMachine } from "./report/machine.js";
import { writeReport } from "./report.js";

/** Each benchmark, and the core its main process runs on where taskset exists. */
const BENCHMARKS = [
  { name: "client-calls", cpu: 0 },
  { name: "client-import" },
  { name: "client-bundle" },
  { name: "client-install" },
  { name: "server-throughput" },
  { name: "token-store" },
];
/** A benchmark that runs longer than this is stopped, and the run fails. */
const BENCHMARK_TIMEOUT_MS = 5 * 60_000;

async function main() {
  const selected = process.argv.length > 2 ? BENCHMARKS.filter(({ name }) => process.argv.includes(name)) : BENCHMARKS;
  const start = performance.now();
  const machine = describeMachine();
  await mkdir(RESULTS_DIR, { recursive: true });

  for (const { name, cpu } of selected) {
    const script = fileURLToPath(new URL(`${name}.js`, import.meta.url));
    const benchStart = performance.now();
    process.stderr.write(`bench: ${name}… `);
    await runCommand(process.execPath, [script], { cpu, timeoutMs: BENCHMARK_TIMEOUT_MS });
    process.stderr.write(`${((performance.now() - benchStart) / 1000).toFixed(0)} s\n`);
  }

  const run = {
    date: new Date().toISOString().slice(0, 10),
    machine,
    loadAverageAtStart: machine.loadAverage,
    durationSeconds: (performance.now() - start) / 1000,
  };
  // A partial run keeps the machine description of the last full one.
  if (selected.length === BENCHMARKS.length) await writeFile(join(RESULTS_DIR, "run.json"), `${JSON.stringify(run, null, 2)}\n`);

  await writeReport();
  process.stderr.write(`bench: wrote BENCHMARKS.md and bench/ratios.svg in ${(run.durationSeconds / 60).toFixed(1)} min\n`);
}

await main();
