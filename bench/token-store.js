/**
 * Token store at scale: runs token-store-run.js several times, each in a
 * fresh process so that one run's heap cannot affect the next, and
 * summarises the runs. Each run's check and mint times at the larger sizes
 * are divided by the same run's times at the smallest size.
 */
import { fileURLToPath } from "node:url";

import { runCommand } from "./lib/processes.js";
import { saveResults } from "./lib/results.js";
import { median, summarize } from "./lib/stats.js";

const RUNS = 3;
const RUN_SCRIPT = fileURLToPath(new URL("token-store-run.js", import.meta.url));
/** Raises the heap limit so that the three stores, about 300 MB together, fit where Node's default limit is lower. */
const NODE_FLAGS = ["--expose-gc", "--max-old-space-size=4096"];

async function main() {
  const runs = [];
  for (let run = 0; run < RUNS; run++) {
    const output = await runCommand(process.execPath, [...NODE_FLAGS, RUN_SCRIPT], { timeoutMs: 300_000 });
    runs.push(JSON.parse(output));
  }

  const smallest = (run) => run.sizes[0];
  const sizes = runs[0].sizes.map(({ size }, index) => {
    const perRun = runs.map((run) => run.sizes[index]);
    return {
      size,
      mintUs: summarize(perRun.map((entry) => median(entry.mintUs))),
      checkUs: summarize(perRun.map((entry) => median(entry.checkUs))),
      bytesPerToken: summarize(perRun.map((entry) => entry.bytesPerToken)),
      mintRatio: summarize(runs.map((run) => median(run.sizes[index].mintUs) / median(smallest(run).mintUs))),
      checkRatio: summarize(runs.map((run) => median(run.sizes[index].checkUs) / median(smallest(run).checkUs))),
    };
  });

  const expiries = runs.map((run) => run.expiry);
  const expiry = {
    size: runs[0].expiry.size,
    removed: summarize(expiries.map((entry) => entry.removed)),
    sweepMs: summarize(expiries.map((entry) => entry.sweepMs)),
    maxStallMs: summarize(expiries.map((entry) => entry.maxStallMs)),
    p99StallMs: summarize(expiries.map((entry) => entry.p99StallMs)),
    involuntaryContextSwitches: summarize(expiries.map((entry) => entry.involuntaryContextSwitches)),
  };

  await saveResults("token-store", { runs: RUNS, sizes, expiry });
}

await main();
