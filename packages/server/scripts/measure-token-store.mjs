// Measures the memory store at scale: bytes per live token and the longest
// sweep step. Run after `npm run build`:
//   node --expose-gc packages/server/scripts/measure-token-store.mjs [TOKEN_COUNT]
import { monitorEventLoopDelay } from "node:perf_hooks";

import { digestToken, MemoryTokenStore } from "../dist/server/index.js";

const tokenCount = Number(process.argv[2] ?? 1_000_000);
if (typeof globalThis.gc !== "function") {
  console.error("Run with node --expose-gc so the heap can be measured after a full collection.");
  process.exit(2);
}

let now = Date.parse("2026-01-01T00:00:00Z");
const clock = { now: () => now };

globalThis.gc();
const before = process.memoryUsage();
const store = new MemoryTokenStore({ clock, maxTokensPerPrincipal: tokenCount });
for (let index = 0; index < tokenCount; index++) {
  // Every other token expires after one second, so the sweep below removes half.
  const expiresAt = now + (index % 2 === 0 ? 1000 : 3_600_000);
  await store.add({ digest: digestToken(`token-${index}`), principalId: `user-${index % 1000}`, access: "shared", issuedAt: now, expiresAt });
}
globalThis.gc();
const after = process.memoryUsage();

const heapBytes = (after.heapUsed - before.heapUsed) / tokenCount;
const bufferBytes = (after.arrayBuffers - before.arrayBuffers) / tokenCount;
console.log(`${tokenCount} live tokens`);
console.log(`heapUsed: ${heapBytes.toFixed(1)} bytes per token`);
console.log(`arrayBuffers: ${bufferBytes.toFixed(1)} bytes per token`);
console.log(`heapUsed + arrayBuffers: ${(heapBytes + bufferBytes).toFixed(1)} bytes per token`);

now += 1000;
const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
const report = await store.sweep();
delay.disable();
console.log(
  `sweep: removed ${report.removed} in ${report.steps} steps, longest step ${report.maxStepMs.toFixed(2)} ms, ` +
    `event loop max delay ${(delay.max / 1e6).toFixed(2)} ms`,
);
await store.close();
