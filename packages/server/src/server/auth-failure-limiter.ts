import type { Logger } from "pino";

import type { Clock } from "./clock.js";
import type { AuthFailureLimitConfig } from "./config-limits.js";
import { FailureWindows } from "./failure-windows.js";
import { TooManyRequestsError } from "./http-errors.js";
import { IntervalTally, type TallyReport } from "./interval-tally.js";
import { MISSING_TOKEN_FINGERPRINT, tokenFingerprint } from "./token-digest.js";

/** Interval of the `auth.failures` log line. */
export const AUTH_FAILURE_LOG_INTERVAL_MS = 60_000;

/** Maximum distinct addresses counted for one `auth.failures` line. Requests from further addresses count in its totals only. */
const MAX_LOGGED_ADDRESSES = 10_000;

/**
 * Blocks a client address for the rest of its window once more than
 * `maxFailures` distinct tokens failed from it, and logs failures as counts
 * per minute with the addresses that failed most, never a line per request.
 */
export class AuthFailureLimiter {
  #config: AuthFailureLimitConfig;
  readonly #windows: FailureWindows;
  readonly #tally: IntervalTally;

  constructor(config: AuthFailureLimitConfig, clock: Clock, logger: Logger) {
    this.#config = config;
    this.#windows = new FailureWindows(config, clock);
    this.#tally = new IntervalTally({
      clock,
      intervalMs: AUTH_FAILURE_LOG_INTERVAL_MS,
      maxKeys: MAX_LOGGED_ADDRESSES,
      report: (report) => logFailures(logger, report),
    });
  }

  /** Number of client addresses with failures in a window that has not ended. */
  get trackedAddresses(): number {
    return this.#windows.size;
  }

  /** Replaces the limits. Counts already made are kept. */
  configure(config: AuthFailureLimitConfig): void {
    this.#config = config;
    this.#windows.configure(config);
  }

  /**
   * Rejects a request that needs a token when its client address is blocked.
   *
   * @throws {TooManyRequestsError} with `Retry-After` in seconds.
   */
  check(address: string): void {
    if (!this.#config.enabled) return;
    const retryAfterSeconds = this.#windows.retryAfterSeconds(address);
    if (retryAfterSeconds === undefined) return;

    this.#tally.add(address, "rateLimited");
    throw new TooManyRequestsError(
      `Too many failed authentications from this address: retry after ${retryAfterSeconds} seconds with a valid token.`,
      { "retry-after": String(retryAfterSeconds) },
    );
  }

  /**
   * Counts a failed authentication for the log, and for the limit when it
   * is enabled. `token` is the token that failed, or undefined when the
   * request carried none.
   */
  recordFailure(address: string, token: string | undefined): void {
    this.#tally.add(address, token === undefined ? "missingToken" : "invalidToken");
    if (!this.#config.enabled) return;

    this.#windows.recordFailure(address, token === undefined ? MISSING_TOKEN_FINGERPRINT : tokenFingerprint(token));
  }

  /** Stops the log timer and logs the counts of the current interval. */
  close(): void {
    this.#tally.close();
  }
}

function logFailures(logger: Logger, report: TallyReport): void {
  const missingToken = report.kinds.missingToken ?? 0;
  const invalidToken = report.kinds.invalidToken ?? 0;

  logger.warn(
    {
      event: "auth.failures",
      intervalSeconds: report.intervalSeconds,
      failures: missingToken + invalidToken,
      missingToken,
      invalidToken,
      rateLimited: report.kinds.rateLimited ?? 0,
      addresses: report.keys,
      untrackedRequests: report.untrackedEvents,
      top: report.top.map(({ key, count }) => ({ address: key, requests: count })),
    },
    "requests rejected for failed authentication in the last interval",
  );
}
