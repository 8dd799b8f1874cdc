import type { TokenTable } from "./token-table.js";

/** Counts from one expiry sweep. */
export interface SweepReport {
  /** Slots looked at. */
  examined: number;
  /** Expired tokens removed. */
  removed: number;
  /** Steps the sweep ran in; it yielded to the event loop between two steps. */
  steps: number;
  /** Duration of the longest step, in milliseconds of wall time. */
  maxStepMs: number;
}

export interface SweepLimits {
  /** A step ends once it has run this long. */
  stepMs: number;
  /** A step ends once it has examined this many slots. */
  stepSlots: number;
}

/** Slots examined between two reads of the timer. */
const SLOTS_PER_TIMER_CHECK = 256;

/** Resolves after the event loop has run the I/O callbacks that were waiting. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Removes expired tokens from a table in steps bounded by time and slot
 * count, yielding to the event loop between steps. It walks slots in index
 * order, so tokens added during the sweep may be missed until the next one.
 * It stops early when `isCurrent` turns false (the table was replaced).
 */
export async function sweepExpired(
  table: TokenTable,
  now: number,
  limits: SweepLimits,
  isCurrent: () => boolean,
): Promise<SweepReport> {
  const report: SweepReport = { examined: 0, removed: 0, steps: 0, maxStepMs: 0 };
  let slot = 0;

  while (slot < table.slots.highWater && isCurrent()) {
    const started = performance.now();
    const stepEnd = Math.min(slot + limits.stepSlots, table.slots.highWater);
    let elapsedMs = 0;

    while (slot < stepEnd) {
      const checkEnd = Math.min(slot + SLOTS_PER_TIMER_CHECK, stepEnd);
      for (; slot < checkEnd; slot++) {
        // Each expired token is removed alone: its descendants expired no later and are met on their own.
        if (table.slots.isLive(slot) && (table.slots.expiresAt[slot] as number) <= now) {
          table.removeOne(slot);
          report.removed++;
        }
      }
      elapsedMs = performance.now() - started;
      if (elapsedMs >= limits.stepMs) break;
    }

    report.examined = slot;
    report.steps++;
    report.maxStepMs = Math.max(report.maxStepMs, elapsedMs);
    if (slot < table.slots.highWater) await yieldToEventLoop();
  }

  return report;
}
