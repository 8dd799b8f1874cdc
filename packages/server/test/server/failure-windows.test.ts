import { describe, expect, it } from "vitest";

import { FailureWindows } from "../../src/server/failure-windows.js";
import { FakeClock } from "../helpers/test-server.js";

const LIMITS = { maxFailures: 2, windowSeconds: 10, maxTrackedAddresses: 3 };

function failTimes(windows: FailureWindows, address: string, count: number): void {
  for (let fingerprint = 1; fingerprint <= count; fingerprint++) windows.recordFailure(address, fingerprint);
}

describe("FailureWindows", () => {
  it("blocks after maxFailures distinct fingerprints", () => {
    const windows = new FailureWindows(LIMITS, new FakeClock());
    failTimes(windows, "a", 2);
    windows.recordFailure("a", 2);

    expect(windows.retryAfterSeconds("a")).toBeUndefined();
    windows.recordFailure("a", 3);
    expect(windows.retryAfterSeconds("a")).toBe(10);
  });

  it("rounds the retry time up to whole seconds", () => {
    const clock = new FakeClock();
    const windows = new FailureWindows(LIMITS, clock);
    failTimes(windows, "a", 3);

    clock.advance(9001);
    expect(windows.retryAfterSeconds("a")).toBe(1);
    clock.advance(999);
    expect(windows.retryAfterSeconds("a")).toBeUndefined();
    expect(windows.size).toBe(0);
  });

  it("forgets the oldest address at the cap", () => {
    const clock = new FakeClock();
    const windows = new FailureWindows(LIMITS, clock);
    for (const address of ["a", "b", "c", "d"]) {
      failTimes(windows, address, 3);
      clock.advance(1);
    }

    expect(windows.size).toBe(3);
    expect(windows.retryAfterSeconds("a")).toBeUndefined();
    expect(windows.retryAfterSeconds("b")).toBe(10);
    expect(windows.retryAfterSeconds("d")).toBe(10);
  });

  it("drops ended windows as failures arrive", () => {
    const clock = new FakeClock();
    const windows = new FailureWindows({ ...LIMITS, maxTrackedAddresses: 100 }, clock);
    for (let index = 0; index < 50; index++) windows.recordFailure(`10.0.0.${index}`, 1);

    clock.advance(10_000);
    windows.recordFailure("10.0.1.1", 1);

    expect(windows.size).toBe(1);
  });

  it("starts a new window after one ends", () => {
    const clock = new FakeClock();
    const windows = new FailureWindows(LIMITS, clock);
    failTimes(windows, "a", 2);

    clock.advance(10_000);
    windows.recordFailure("a", 3);

    expect(windows.retryAfterSeconds("a")).toBeUndefined();
  });

  it("applies a lower cap and limit at once", () => {
    const windows = new FailureWindows(LIMITS, new FakeClock());
    for (const address of ["a", "b", "c"]) windows.recordFailure(address, 1);

    windows.configure({ maxFailures: 1, windowSeconds: 10, maxTrackedAddresses: 2 });
    windows.recordFailure("c", 2);

    expect(windows.size).toBe(2);
    expect(windows.retryAfterSeconds("a")).toBeUndefined();
    expect(windows.retryAfterSeconds("c")).toBe(10);
  });
});
