/**
 * The configuration keys that bound what callers can hold: connection
 * timeouts and the number of open sockets under `server`, and the limit on
 * failed authentications per client address in `authFailureLimit`.
 */
import { z } from "zod";

/**
 * Keys of `server` that bound connections. Node's HTTP server enforces
 * them. A SIGHUP reload applies new values to later connections and
 * requests.
 */
export const connectionLimitKeys = {
  /**
   * Maximum time for a whole request, headers and body, to arrive, in
   * milliseconds. A request still arriving after it gets 408 and its
   * connection is closed.
   *
   * @default 30000
   */
  requestTimeoutMs: z.int().min(1000).max(600_000).default(30_000),
  /**
   * Maximum time for the request line and headers to arrive, in
   * milliseconds, at most `requestTimeoutMs`. It is shorter than the request
   * timeout because real clients send their headers in one packet, so a
   * client that trickles them is cut off early.
   *
   * @default 10000
   */
  headersTimeoutMs: z.int().min(1000).max(600_000).default(10_000),
  /**
   * How long an idle keep-alive connection stays open after a response, in
   * milliseconds. A proxy in front of the server should close idle
   * connections sooner than this.
   *
   * @default 5000
   */
  keepAliveTimeoutMs: z.int().min(100).max(600_000).default(5000),
  /**
   * Maximum number of open sockets. The server closes a new connection
   * beyond it at once, without a response, and counts it in the
   * `http.connections_dropped` log line. The default stays below 1,024,
   * the common default limit of open files per process on Linux, leaving
   * room for requests to sources and for log files.
   *
   * @default 512
   */
  maxConnections: z.int().min(1).max(1_000_000).default(512),
};

/**
 * `authFailureLimit`: once more than `maxFailures` distinct tokens (a
 * missing token counts as one) failed from a client address within
 * `windowSeconds` of its first failure, its requests that need a token get
 * 429 until that window ends. The windows hold at most
 * `maxTrackedAddresses` × (`maxFailures` + 1) numbers: about 5.5 MB with the
 * defaults, measured on Node 20 (x64) with every address at its limit.
 */
export const authFailureLimit = z
  .strictObject({
    /** Whether the limit applies. With `false`, failed authentications are still counted in the log. @default true */
    enabled: z.boolean().default(true),
    /** Distinct failed tokens an address may send in one window before it is blocked. @default 20 */
    maxFailures: z.int().min(1).max(1000).default(20),
    /** Length of the window, which starts at an address's first failure, in seconds. @default 60 */
    windowSeconds: z.int().min(1).max(86_400).default(60),
    /**
     * Maximum number of addresses tracked at once. When it is reached, the
     * address whose window started first is forgotten.
     *
     * @default 10000
     */
    maxTrackedAddresses: z.int().min(1).max(1_000_000).default(10_000),
  })
  .prefault({});

export type AuthFailureLimitConfig = z.output<typeof authFailureLimit>;
