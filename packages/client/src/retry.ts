/**
 * The retry policy: bounded attempts with exponential backoff and full
 * jitter, on network errors, timeouts, 429 and 5xx, honouring `Retry-After`.
 */
import { PlexAbortError, PlexError, PlexHTTPStatusError, PlexNetworkError, PlexTimeoutError } from "./errors/index.js";
import type { SleepFunction } from "./options.js";

/** The settings that {@link runWithRetries} needs. */
export interface RetryPolicy {
  retries: number;
  retryBaseDelayMs: number;
  maxRetryDelayMs: number;
  sleep: SleepFunction;
  random: () => number;
  signal: AbortSignal | undefined;
  /** Context for the `PlexAbortError` raised when the signal aborts during a wait. */
  abortContext: { method: string; url: string };
}

/**
 * Reports whether a failed attempt may be retried: a network error, a timeout,
 * or HTTP 429 or 5xx. 400, 401, 403, 404, other statuses, invalid responses
 * and aborts are final.
 */
export function isRetryable(error: unknown): boolean {
  if (error instanceof PlexNetworkError || error instanceof PlexTimeoutError) return true;
  if (!(error instanceof PlexHTTPStatusError)) return false;

  return error.status === 429 || (error.status >= 500 && error.status <= 599);
}

/**
 * Computes the wait before retry number `retryIndex` (0 for the first). A
 * `Retry-After` from the server wins, capped at `maxRetryDelayMs`; otherwise
 * full jitter: a random wait between 0 and `retryBaseDelayMs * 2^retryIndex`,
 * itself capped at `maxRetryDelayMs`.
 */
export function computeRetryDelayMs(error: unknown, retryIndex: number, policy: RetryPolicy): number {
  if (error instanceof PlexHTTPStatusError && error.retryAfterMs !== undefined) {
    return Math.min(error.retryAfterMs, policy.maxRetryDelayMs);
  }

  const ceilingMs = Math.min(policy.maxRetryDelayMs, policy.retryBaseDelayMs * 2 ** retryIndex);

  return Math.floor(policy.random() * ceilingMs);
}

/**
 * Runs `attempt` until it succeeds, fails with an error that is not
 * retryable, or has been retried `policy.retries` times; then rethrows the
 * last error. An abort of `policy.signal` ends the loop with `PlexAbortError`.
 */
export async function runWithRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy): Promise<T> {
  for (let retryIndex = 0; ; retryIndex += 1) {
    throwIfAborted(policy);

    try {
      return await attempt();
    } catch (error) {
      if (retryIndex >= policy.retries || !isRetryable(error) || policy.signal?.aborted) throw error;

      await waitBeforeRetry(computeRetryDelayMs(error, retryIndex, policy), policy);
    }
  }
}

async function waitBeforeRetry(delayMs: number, policy: RetryPolicy): Promise<void> {
  try {
    await policy.sleep(delayMs, policy.signal);
  } catch (error) {
    if (error instanceof PlexError || !policy.signal?.aborted) throw error;

    throw new PlexAbortError({ ...policy.abortContext, cause: policy.signal.reason ?? error });
  }
}

function throwIfAborted(policy: RetryPolicy): void {
  if (!policy.signal?.aborted) return;

  throw new PlexAbortError({ ...policy.abortContext, cause: policy.signal.reason });
}

/**
 * Waits `delayMs` milliseconds. Rejects with the signal's reason as soon as
 * the signal aborts, and clears the timer then.
 */
export function sleep(delayMs: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }

    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, delayMs);

    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
