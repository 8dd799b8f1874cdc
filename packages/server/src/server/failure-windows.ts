import type { Clock } from "./clock.js";

/** Limits of a `FailureWindows`: the keys of `authFailureLimit` but `enabled`. */
export interface FailureWindowLimits {
  maxFailures: number;
  windowSeconds: number;
  maxTrackedAddresses: number;
}

interface FailureWindow {
  startedAt: number;
  /** Fingerprints of the distinct tokens that failed, at most `maxFailures + 1`. */
  fingerprints: number[];
}

/**
 * Counts failed authentications per client address in fixed windows that
 * start at the address's first failure. A token that fails again within
 * the window is not counted again, because guessing takes a new token per
 * attempt. A client that sends one stale token on many requests at once,
 * as happens after a restart, is therefore not blocked for it.
 *
 * Memory stays bounded: at most `maxTrackedAddresses` windows are kept,
 * each with at most `maxFailures + 1` numbers, the window that started
 * first is dropped to make room, and ended windows are dropped as failures
 * arrive.
 */
export class FailureWindows {
  readonly #clock: Clock;
  #limits: FailureWindowLimits;
  /** Windows in the order they started, so the first entries are the first to end. */
  readonly #windows = new Map<string, FailureWindow>();

  constructor(limits: FailureWindowLimits, clock: Clock) {
    this.#limits = limits;
    this.#clock = clock;
  }

  /** Number of addresses with a window that has not been dropped yet. */
  get size(): number {
    return this.#windows.size;
  }

  /** Replaces the limits. Windows that have started keep their start, and the oldest go when the cap went down. */
  configure(limits: FailureWindowLimits): void {
    this.#limits = limits;
    this.#dropEnded(this.#clock.now());
    this.#dropOldestAbove(limits.maxTrackedAddresses);
  }

  /**
   * Counts a failed token for an address, starting a window when it has
   * none or its window ended. `fingerprint` distinguishes the tokens (see
   * `tokenFingerprint`).
   */
  recordFailure(address: string, fingerprint: number): void {
    const now = this.#clock.now();
    this.#dropEnded(now);

    const window = this.#windows.get(address);
    if (window === undefined) {
      this.#dropOldestAbove(this.#limits.maxTrackedAddresses - 1);
      this.#windows.set(address, { startedAt: now, fingerprints: [fingerprint] });
      return;
    }

    const { fingerprints } = window;
    if (fingerprints.length <= this.#limits.maxFailures && !fingerprints.includes(fingerprint)) fingerprints.push(fingerprint);
  }

  /**
   * Returns the whole seconds until an address may authenticate again, or
   * undefined when at most `maxFailures` distinct tokens failed in its window.
   */
  retryAfterSeconds(address: string): number | undefined {
    const window = this.#windows.get(address);
    if (window === undefined || window.fingerprints.length <= this.#limits.maxFailures) return undefined;

    const remainingMs = window.startedAt + this.#limits.windowSeconds * 1000 - this.#clock.now();
    if (remainingMs <= 0) {
      this.#windows.delete(address);
      return undefined;
    }

    return Math.ceil(remainingMs / 1000);
  }

  /** Drops ended windows from the front of the map. The walk stops at the first window that has not ended. */
  #dropEnded(now: number): void {
    const windowMs = this.#limits.windowSeconds * 1000;
    for (const [address, window] of this.#windows) {
      if (window.startedAt + windowMs > now) return;
      this.#windows.delete(address);
    }
  }

  #dropOldestAbove(maxSize: number): void {
    for (const address of this.#windows.keys()) {
      if (this.#windows.size <= maxSize) return;
      this.#windows.delete(address);
    }
  }
}
