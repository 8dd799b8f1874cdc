/**
 * Cold import time: how long `node` takes to start and import each client,
 * minus how long `node -e 0` takes. Uses hyperfine where it is installed,
 * otherwise times child processes itself.
 *
 * The commands run in blocks. Each block times every command, the ratio of
 * the overheads comes from the block's medians, and the figures are the
 * median and spread of the blocks, so that slow spells of the machine fall
 * on every command alike.
 */
import { readFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

import { hasCommand, runCommand } from "./lib/processes.js";
import { ROOT, TMP_DIR } from "./lib/paths.js";
import { saveResults } from "./lib/results.js";
import { median, summarize } from "./lib/stats.js";

const BLOCKS = 5;
const RUNS_PER_BLOCK = 8;
const WARMUP_RUNS = 2;

/** The baseline `node -e 0` first, then an empty ES module, then each client's import. */
const COMMANDS = [
  { name: "node -e 0", args: ["-e", "0"], baseline: true },
  { name: "empty ES module", args: ["--input-type=module", "-e", ""] },
  { name: "@plex-security/client", args: ["--input-type=module", "-e", 'import "@plex-security/client";'] },
  { name: "plexjs 0.23.5", args: ["--input-type=module", "-e", 'import "plexjs-0.23.5";'] },
  { name: "plexjs 0.43.0", args: ["--input-type=module", "-e", 'import "plexjs-0.43.0";'] },
];

/** Quotes an argument for hyperfine, which splits its commands like a POSIX shell. */
function shellQuote(argument) {
  return `'${argument.replaceAll("'", `'\\''`)}'`;
}

/** Times each command `RUNS_PER_BLOCK` times with hyperfine, and returns the times in milliseconds. */
async function timeWithHyperfine(blockIndex) {
  const exportPath = join(TMP_DIR, `hyperfine-${blockIndex}.json`);
  const commands = COMMANDS.map(({ args }) => [process.execPath, ...args].map(shellQuote).join(" "));
  await runCommand(
    "hyperfine",
    ["-N", "--style", "none", "--warmup", String(WARMUP_RUNS), "--runs", String(RUNS_PER_BLOCK), "--export-json", exportPath, ...commands],
    { cwd: ROOT, timeoutMs: 300_000 },
  );
  const { results } = JSON.parse(await readFile(exportPath, "utf8"));

  return results.map((result) => result.times.map((seconds) => seconds * 1000));
}

/** Times each command by starting it as a child process, alternating the commands run by run. */
async function timeWithChildProcesses() {
  const times = COMMANDS.map(() => []);
  for (let run = -WARMUP_RUNS; run < RUNS_PER_BLOCK; run++) {
    for (const [index, { args }] of COMMANDS.entries()) {
      const start = performance.now();
      await runCommand(process.execPath, args, { cwd: ROOT, timeoutMs: 30_000 });
      if (run >= 0) times[index].push(performance.now() - start);
    }
  }

  return times;
}

async function main() {
  await mkdir(TMP_DIR, { recursive: true });
  const tool = hasCommand("hyperfine") ? "hyperfine" : "child processes";
  const blockMedians = [];

  for (let block = 0; block < BLOCKS; block++) {
    const times = tool === "hyperfine" ? await timeWithHyperfine(block) : await timeWithChildProcesses();
    blockMedians.push(times.map(median));
  }

  const baselineIndex = COMMANDS.findIndex((command) => command.baseline);
  const overheads = blockMedians.map((medians) => medians.map((ms) => ms - medians[baselineIndex]));
  const clientIndex = COMMANDS.findIndex((command) => command.name === "@plex-security/client");

  const commands = COMMANDS.map((command, index) => ({
    name: command.name,
    baseline: command.baseline === true,
    milliseconds: summarize(blockMedians.map((medians) => medians[index])),
    overheadMs: summarize(overheads.map((values) => values[index])),
    // The client's overhead divided by this command's overhead, block by block.
    clientOverheadRatio: command.name.startsWith("plexjs")
      ? summarize(overheads.map((values) => values[clientIndex] / values[index]))
      : undefined,
  }));
  await saveResults("client-import", { tool, blocks: BLOCKS, runsPerBlock: RUNS_PER_BLOCK, commands });
}

await main();
