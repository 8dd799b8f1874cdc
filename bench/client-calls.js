/**
 * Client call cost: `getTransientToken` calls per second against one local
 * fixed-response server, sequentially and with 16 calls in flight, for our
 * client, plexjs 0.23.5 and 0.43.0, and a bare fetch + JSON.parse baseline.
 *
 * The contenders are interleaved in small slices within every round, in an
 * order that rotates from round to round, so that drift in the machine's
 * speed falls on all of them alike. Each figure is the contender's rate
 * divided by the baseline's rate in the same round.
 *
 * Run alone: taskset -c 0 node bench/client-calls.js. Where taskset exists,
 * the script puts the server on CPU 1, and the prefix keeps the client on CPU 0.
 */
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

import { CONTENDERS } from "./client-contenders.js";
import { startServer } from "./lib/processes.js";
import { saveResults } from "./lib/results.js";
import { rotate, summarize } from "./lib/stats.js";

const SERVER_SCRIPT = fileURLToPath(new URL("servers/fixed-response.js", import.meta.url));
const SERVER_CPU = 1;

const CONCURRENCY_LEVELS = [1, 16];
const ROUNDS = 7;
/** Each round gives every contender this many slices, alternating between contenders. */
const SLICES_PER_ROUND = 6;
/** Calls per slice. On the machine in BENCHMARKS.md a slice takes about 0.1 to 0.2 s. */
const CALLS_PER_SLICE = { 1: 250, 16: 500 };
const WARMUP_CALLS = 2000;
/** A round that runs longer than this fails the benchmark instead of running on. */
const MAX_ROUND_MS = 60_000;

/** Makes `count` calls with `concurrency` in flight, and resolves with the elapsed milliseconds. */
async function timeCalls(call, count, concurrency) {
  let started = 0;
  const worker = async () => {
    while (started < count) {
      started += 1;
      await call();
    }
  };

  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));

  return performance.now() - start;
}

/** Runs one round at one concurrency, and returns the calls per second of each contender. */
async function runRound(contenders, concurrency, roundIndex) {
  const calls = CALLS_PER_SLICE[concurrency];
  const elapsedMs = new Map(contenders.map((contender) => [contender.name, 0]));
  const deadline = performance.now() + MAX_ROUND_MS;

  for (let slice = 0; slice < SLICES_PER_ROUND; slice++) {
    for (const contender of rotate(contenders, roundIndex + slice)) {
      elapsedMs.set(contender.name, elapsedMs.get(contender.name) + (await timeCalls(contender.call, calls, concurrency)));
    }
    if (performance.now() > deadline) throw new Error(`a round took longer than ${MAX_ROUND_MS} ms`);
  }

  const totalCalls = calls * SLICES_PER_ROUND;

  return new Map([...elapsedMs].map(([name, ms]) => [name, (totalCalls / ms) * 1000]));
}

async function main() {
  const server = await startServer({ command: process.execPath, args: [SERVER_SCRIPT, "token"], cpu: SERVER_CPU });

  try {
    const contenders = CONTENDERS.map((contender) => ({ ...contender, call: contender.create(server.url) }));
    const baseline = contenders.find((contender) => contender.baseline);

    for (const contender of contenders) {
      for (const concurrency of CONCURRENCY_LEVELS) await timeCalls(contender.call, WARMUP_CALLS, concurrency);
    }

    const rates = {};
    for (const concurrency of CONCURRENCY_LEVELS) {
      rates[concurrency] = Object.fromEntries(contenders.map((contender) => [contender.name, []]));
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const concurrency of CONCURRENCY_LEVELS) {
        const roundRates = await runRound(contenders, concurrency, round);
        for (const [name, rate] of roundRates) rates[concurrency][name].push({ rate, baselineRate: roundRates.get(baseline.name) });
      }
    }

    const results = { rounds: ROUNDS, slicesPerRound: SLICES_PER_ROUND, callsPerSlice: CALLS_PER_SLICE, levels: {} };
    for (const concurrency of CONCURRENCY_LEVELS) {
      results.levels[concurrency] = Object.entries(rates[concurrency]).map(([name, samples]) => ({
        name,
        baseline: name === baseline.name,
        callsPerSecond: summarize(samples.map((sample) => sample.rate)),
        ratio: summarize(samples.map((sample) => sample.rate / sample.baselineRate)),
      }));
    }
    await saveResults("client-calls", results);
  } finally {
    await server.stop();
  }
}

await main();
