/** Errors for requests that ended without a response: network failure, timeout, abort. */
import { PlexError, type PlexErrorContext } from "./plex-error.js";

/**
 * The request failed before a response arrived: refused or reset connection,
 * DNS failure, TLS failure, or a body cut off in transit. Retried.
 */
export class PlexNetworkError extends PlexError {
  static {
    this.prototype.name = "PlexNetworkError";
  }

  constructor(context: PlexErrorContext) {
    super(
      "ERR_PLEX_NETWORK",
      "The request to the Plex server failed before a complete response arrived. " +
        "Check serverURL and that the server is running and reachable from here.",
      context,
    );
  }
}

/** The context of a timeout: the limit that was exceeded. */
export interface TimeoutErrorContext extends PlexErrorContext {
  timeoutMs: number;
}

/** One attempt took longer than `timeoutMs`, headers and body together. Retried. */
export class PlexTimeoutError extends PlexError {
  static {
    this.prototype.name = "PlexTimeoutError";
  }

  /** The per-attempt limit that was exceeded, in milliseconds. */
  readonly timeoutMs: number;

  constructor(context: TimeoutErrorContext) {
    super(
      "ERR_PLEX_TIMEOUT",
      `The Plex server did not respond within ${context.timeoutMs} ms. ` +
        "Check that serverURL is reachable, or raise timeoutMs.",
      context,
    );
    this.timeoutMs = context.timeoutMs;
  }

  protected override details(): Record<string, unknown> {
    return { ...super.details(), timeoutMs: this.timeoutMs };
  }
}

/** The caller's `AbortSignal` aborted the request or the wait before a retry. Never retried. */
export class PlexAbortError extends PlexError {
  static {
    this.prototype.name = "PlexAbortError";
  }

  constructor(context: PlexErrorContext) {
    super("ERR_PLEX_ABORTED", "The request was aborted by the caller's AbortSignal.", context);
  }
}
