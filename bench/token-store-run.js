/**
 * One run of the token store benchmark, in a fresh process started with
 * --expose-gc. It builds a store of each size and records the time per
 * mint and the heap bytes per live transient token, then times checks
 * against all sizes in alternation, then records the longest event-loop
 * stall while the largest store expires. Prints one JSON document.
 *
 * It drives the code that the HTTP routes call, without HTTP:
 * `TokenIssuer.mint` (with its pino log line, written to /dev/null) and
 * `Authenticator.authenticate`, over a `MemoryTokenStore` with a fake clock.
 */
import { Buffer } from "node:buffer";
import { performance, monitorEventLoopDelay } from "node:perf_hooks";

import { Authenticator, MemoryTokenStore, createLogger, digestToken } from "@plex-security/server";
import { pino } from "pino";

// TokenIssuer is not exported by the package, so it is loaded from the built files.
import { TokenIssuer } from "../packages/server/dist/server/token-issuer.js";
import { rotate } from "./lib/stats.js";

const SIZES = [10_000, 100_000, 1_000_000];
/** Tokens are spread over this many shared users, so that none reaches the default cap of 1,000 per principal. */
const PRINCIPALS = 1000;
const TTL_SECONDS = 48 * 60 * 60;
/** The last mints before a store reaches its size are timed, in batches. */
const TIMED_MINTS = 5000;
const MINT_BATCHES = 5;
const CHECK_BATCHES = 10;
const CHECKS_PER_BATCH = 20_000;
/** Clear tokens kept for the checks, sampled evenly over the whole store. */
const SAMPLE_SIZE = 10_000;
/** `transient-` and a UUID, in ASCII. */
const TOKEN_LENGTH = 46;

if (typeof globalThis.gc !== "function") throw new Error("run this script with node --expose-gc");

/**
 * Returns the V8 heap plus the memory of ArrayBuffers after a full GC. The
 * store keeps its tokens in typed arrays, whose memory is outside the heap.
 */
function memoryAfterGC() {
  globalThis.gc();
  globalThis.gc();
  const { heapUsed, arrayBuffers } = process.memoryUsage();

  return heapUsed + arrayBuffers;
}

/** Returns microseconds per operation for `count` sequential awaited calls of `operation(i)`. */
async function timePerOperation(count, operation) {
  const start = performance.now();
  for (let i = 0; i < count; i++) await operation(i);

  return ((performance.now() - start) * 1000) / count;
}

/** Returns the configured shared users behind the principals, with made-up static tokens. */
function sharedUsersOf(principals) {
  return principals.map(({ id }) => ({ id, token: `static-token-of-${id}` }));
}

function createPrincipals() {
  return Array.from({ length: PRINCIPALS }, (_, index) => {
    const id = `user-${index}`;
    return { id, access: "shared", kind: "shared", digest: digestToken(`static-token-of-${id}`) };
  });
}

/**
 * Fills a store to `size` tokens and measures the memory it takes, heap and
 * array buffers. The sampled tokens wait in a Buffer whose size is
 * subtracted, so that they do not count as the store's memory.
 */
async function buildStore(size, principals, logger, clock) {
  const memoryBefore = memoryAfterGC();
  const store = new MemoryTokenStore({ clock, sweepIntervalMs: 3_600_000 });
  const issuer = new TokenIssuer({ store, clock, ttlSeconds: TTL_SECONDS, logger });
  const sampleEvery = Math.floor(size / SAMPLE_SIZE);
  const sample = Buffer.alloc(SAMPLE_SIZE * TOKEN_LENGTH);
  let minted = 0;
  const mintOne = async () => {
    const { token } = await issuer.mint(principals[minted % PRINCIPALS]);
    if (minted % sampleEvery === 0) sample.write(token, (minted / sampleEvery) * TOKEN_LENGTH, "latin1");
    minted += 1;
  };

  while (minted < size - TIMED_MINTS) await mintOne();
  const mintUs = [];
  for (let batch = 0; batch < MINT_BATCHES; batch++) mintUs.push(await timePerOperation(TIMED_MINTS / MINT_BATCHES, mintOne));
  const bytesPerToken = (memoryAfterGC() - memoryBefore - sample.byteLength) / size;

  return {
    size,
    store,
    sample,
    // The authenticator accepts transient tokens only of principals in its configuration.
    authenticator: new Authenticator({ adminToken: "bench-admin-token-0123456789", sharedUsers: sharedUsersOf(principals) }, store),
    result: { size, mintUs, bytesPerToken, checkUs: [] },
  };
}

/** Times checks of sampled live tokens, alternating between the stores batch by batch. */
async function measureChecks(built) {
  // A fixed pseudo-random order over the sample, the same for every size.
  const order = Array.from({ length: CHECKS_PER_BATCH }, (_, i) => (i * 7919) % SAMPLE_SIZE);
  const tokens = new Map(built.map((entry) => [
    entry,
    Array.from({ length: SAMPLE_SIZE }, (_, i) => entry.sample.toString("latin1", i * TOKEN_LENGTH, (i + 1) * TOKEN_LENGTH)),
  ]));

  for (let batch = 0; batch < CHECK_BATCHES; batch++) {
    for (const entry of rotate(built, batch)) {
      const sample = tokens.get(entry);
      entry.result.checkUs.push(
        await timePerOperation(CHECKS_PER_BATCH, async (i) => {
          if ((await entry.authenticator.authenticate(sample[order[i]])) === undefined) {
            throw new Error("a live token failed its check");
          }
        }),
      );
    }
  }
}

/**
 * Sweeps a store whose tokens have all expired, and records the longest
 * event-loop delay meanwhile. The count of involuntary context switches
 * shows how often other processes took the core away during the sweep,
 * which lengthens stalls on a shared machine.
 */
async function measureExpiry(store) {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  const switchesBefore = process.resourceUsage().involuntaryContextSwitches;
  histogram.enable();
  const start = performance.now();
  const report = await store.sweep();
  const sweepMs = performance.now() - start;
  histogram.disable();

  return {
    removed: report.removed,
    sweepSteps: report.steps,
    sweepMs,
    maxStallMs: histogram.max / 1e6,
    p99StallMs: histogram.percentile(99) / 1e6,
    involuntaryContextSwitches: process.resourceUsage().involuntaryContextSwitches - switchesBefore,
  };
}

async function main() {
  let nowMs = Date.UTC(2026, 0, 1);
  const clock = { now: () => nowMs };
  const logger = createLogger("info", pino.destination({ dest: "/dev/null", sync: true }));
  const principals = createPrincipals();

  const built = [];
  for (const size of SIZES) built.push(await buildStore(size, principals, logger, clock));
  await measureChecks(built);

  nowMs += TTL_SECONDS * 1000 + 1;
  const largest = built.at(-1);
  const expiry = { size: largest.size, ...(await measureExpiry(largest.store)) };
  for (const entry of built) await entry.store.close();

  process.stdout.write(`${JSON.stringify({ sizes: built.map((entry) => entry.result), expiry })}\n`);
}

await main();
