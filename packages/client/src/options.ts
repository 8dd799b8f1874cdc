/** The options of {@link PlexAPI} and of each call, with their defaults. */

/** Returns the access token for one request, or `undefined` to send none. */
export type AccessTokenProvider = () => string | undefined | Promise<string | undefined>;

/** Waits `delayMs` before a retry, and rejects when `signal` aborts. */
export type SleepFunction = (delayMs: number, signal?: AbortSignal) => Promise<void>;

/** The fields of the client's identification, each sent as an `X-Plex-*` header when set. */
export interface ClientIdentification {
  /** `X-Plex-Client-Identifier`: unique per client install. @default a random UUID per PlexAPI instance */
  clientIdentifier?: string;
  /** `X-Plex-Product`. @default "plex-security-client" */
  product?: string;
  /** `X-Plex-Version`. @default this package's version */
  version?: string;
  /** `X-Plex-Platform`, such as "Node.js" or "Chrome". */
  platform?: string;
  /** `X-Plex-Platform-Version`. */
  platformVersion?: string;
  /** `X-Plex-Device`, such as "Linux" or "iPhone". */
  device?: string;
  /** `X-Plex-Model`. */
  model?: string;
  /** `X-Plex-Device-Vendor`. */
  deviceVendor?: string;
  /** `X-Plex-Device-Name`: a name the user recognises, such as "Office laptop". */
  deviceName?: string;
  /** `X-Plex-Marketplace`. */
  marketplace?: string;
}

/** Options of a single call; each overrides the client's option of the same name. */
export interface CallOptions {
  /** Aborts the request and any wait before a retry; the call then rejects with `PlexAbortError`. */
  signal?: AbortSignal;
  /** The limit for one attempt, headers and body together, in milliseconds. @default 10000 */
  timeoutMs?: number;
  /** How many times a failed attempt is retried (network error, timeout, 429, 5xx). @default 2 */
  retries?: number;
}

/** The options of {@link PlexAPI}. */
export interface PlexAPIOptions extends ClientIdentification {
  /** The server's base URL, `http:` or `https:`, such as `http://127.0.0.1:32400`. A path prefix is kept. */
  serverURL: string | URL;
  /** The token sent as `X-Plex-Token`, or a function that returns it for each request. */
  accessToken?: string | AccessTokenProvider;
  /** The limit for one attempt, headers and body together, in milliseconds. @default 10000 */
  timeoutMs?: number;
  /** How many times a failed attempt is retried (network error, timeout, 429, 5xx). @default 2 */
  retries?: number;
  /** The backoff before the first retry is at most this many milliseconds and doubles each time. @default 250 */
  retryBaseDelayMs?: number;
  /** The maximum wait before a retry, for backoff and for `Retry-After`, in milliseconds. @default 30000 */
  maxRetryDelayMs?: number;
  /** The maximum response body size read, in bytes; a larger 2xx body is a `PlexResponseError`. @default 1048576 */
  maxResponseBytes?: number;
  /** The `fetch` implementation. @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Waits before a retry; replaceable to control time in tests. @default a `setTimeout` that the signal can cancel */
  sleep?: SleepFunction;
  /** Returns a number in [0, 1) for the backoff jitter. @default Math.random */
  random?: () => number;
  /** Returns the current time in milliseconds, to read a `Retry-After` date. @default Date.now */
  now?: () => number;
}

/** Default per-attempt timeout: 10 seconds. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Default retries: two, so three attempts at most. */
export const DEFAULT_RETRIES = 2;
/** Default upper bound of the first backoff: 250 milliseconds. */
export const DEFAULT_RETRY_BASE_DELAY_MS = 250;
/** Default maximum wait before a retry: 30 seconds. */
export const DEFAULT_MAX_RETRY_DELAY_MS = 30_000;
/** Default maximum body size read: 1 MiB. */
export const DEFAULT_MAX_RESPONSE_BYTES = 1_048_576;
/** The highest accepted `retries`, so that a typo cannot make a call retry for hours. */
export const MAX_RETRIES = 10;
/** The highest delay `setTimeout` supports, in milliseconds. */
export const MAX_TIMER_MS = 2_147_483_647;
