import { createHash } from "node:crypto";
import { monitorEventLoopDelay } from "node:perf_hooks";

import { describe, expect, it } from "vitest";

import { MemoryTokenStore } from "../../../src/server/index.js";
import { FakeClock } from "../../helpers/test-server.js";

const TOKEN_COUNT = 1_000_000;

describe("expiry sweep at scale", () => {
  it("sweeps a million tokens in many short steps", async () => {
    const clock = new FakeClock();
    const store = new MemoryTokenStore({ clock, maxTokensPerPrincipal: TOKEN_COUNT });
    const seed = createHash("sha256");
    for (let index = 0; index < TOKEN_COUNT; index++) {
      const digest = seed.copy().update(String(index)).digest("hex");
      // Every other token lives an hour; the rest expire after one second.
      const expiresAt = clock.now() + (index % 2 === 0 ? 1000 : 3_600_000);
      await store.add({ digest, principalId: `user-${index % 1000}`, access: "shared", issuedAt: clock.now(), expiresAt });
    }
    clock.advance(1000);

    const delay = monitorEventLoopDelay({ resolution: 1 });
    delay.enable();
    const report = await store.sweep();
    delay.disable();

    // Stalls are reported, not asserted: they depend on the machine and its load.
    console.log(
      `sweep of ${TOKEN_COUNT} tokens: ${report.steps} steps, longest step ${report.maxStepMs.toFixed(2)} ms, ` +
        `event loop max delay ${(delay.max / 1e6).toFixed(2)} ms`,
    );
    expect(report.examined).toBe(TOKEN_COUNT);
    expect(report.removed).toBe(TOKEN_COUNT / 2);
    expect(report.steps).toBeGreaterThan(1);
    expect(await store.size()).toBe(TOKEN_COUNT / 2);
    await store.close();
  }, 60_000);
});
