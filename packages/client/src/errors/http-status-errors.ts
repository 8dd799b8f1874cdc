/**
 * Errors for responses whose HTTP status is not 2xx. The class follows the
 * status code whatever the body is, because PMS returns 401 with an HTML page
 * even to requests that accept JSON.
 */
import { PlexError, type PlexErrorContext } from "./plex-error.js";

/** The context of an error status: the status is always known. */
export interface HTTPStatusErrorContext extends PlexErrorContext {
  status: number;
}

/** The server rejected the request's parameters (HTTP 400). Never retried. */
export class PlexBadRequestError extends PlexError {
  static {
    this.prototype.name = "PlexBadRequestError";
  }

  declare readonly status: number;

  constructor(context: HTTPStatusErrorContext) {
    super(
      "ERR_PLEX_BAD_REQUEST",
      "The Plex server rejected the request as invalid (HTTP 400). " +
        "Check the request parameters, and serverMessage for the server's reason when it sent one.",
      context,
    );
  }
}

/** The context of a 401: whether the request carried a token changes the advice. */
export interface UnauthorizedErrorContext extends HTTPStatusErrorContext {
  tokenSent: boolean;
}

/** The server rejected the access token, or the request had none (HTTP 401). Never retried. */
export class PlexUnauthorizedError extends PlexError {
  static {
    this.prototype.name = "PlexUnauthorizedError";
  }

  declare readonly status: number;

  constructor(context: UnauthorizedErrorContext) {
    super(
      "ERR_PLEX_UNAUTHORIZED",
      context.tokenSent
        ? "The Plex server rejected the access token (HTTP 401). Check the token in PLEX_TOKEN or the " +
            "accessToken option, or mint a new transient token if this one expired or the server restarted."
        : "The Plex server requires an access token (HTTP 401), and the request had none. " +
            "Set the accessToken option, for example from PLEX_TOKEN.",
      context,
    );
  }
}

/** The server accepted the token but denies it this request (HTTP 403). Never retried. */
export class PlexForbiddenError extends PlexError {
  static {
    this.prototype.name = "PlexForbiddenError";
  }

  declare readonly status: number;

  constructor(context: HTTPStatusErrorContext) {
    super(
      "ERR_PLEX_FORBIDDEN",
      "The Plex server accepted the access token but denied this request (HTTP 403). " +
        "Use the server owner's token, or a transient token minted from it.",
      context,
    );
  }
}

/** The server has no such endpoint or source (HTTP 404). Never retried. */
export class PlexNotFoundError extends PlexError {
  static {
    this.prototype.name = "PlexNotFoundError";
  }

  declare readonly status: number;

  constructor(context: HTTPStatusErrorContext) {
    super(
      "ERR_PLEX_NOT_FOUND",
      "The Plex server returned HTTP 404 Not Found. Check serverURL, and for " +
        "getSourceConnectionInformation check that the server knows the source.",
      context,
    );
  }
}

/** The context of another status: how long the server asked the client to wait, if it did. */
export interface HTTPStatusOtherErrorContext extends HTTPStatusErrorContext {
  /** The `Retry-After` header in milliseconds from the time the response arrived. */
  retryAfterMs?: number;
}

/**
 * Any other status that is not 2xx: 429, 5xx, a redirect (which the client
 * never follows, so that the token is not sent to another address) or an
 * unexpected 4xx. Retried when the status is 429 or 5xx.
 */
export class PlexHTTPStatusError extends PlexError {
  static {
    this.prototype.name = "PlexHTTPStatusError";
  }

  declare readonly status: number;
  /** The server's `Retry-After` in milliseconds, when it sent one. */
  readonly retryAfterMs: number | undefined;

  constructor(context: HTTPStatusOtherErrorContext) {
    super("ERR_PLEX_HTTP_STATUS", describeStatus(context.status), context);
    this.retryAfterMs = context.retryAfterMs;
  }

  protected override details(): Record<string, unknown> {
    const details = super.details();

    return this.retryAfterMs === undefined ? details : { ...details, retryAfterMs: this.retryAfterMs };
  }
}

function describeStatus(status: number): string {
  if (status === 429) {
    return "The Plex server is rate limiting this client (HTTP 429 Too Many Requests). Wait, then retry.";
  }
  if (status >= 500) {
    return `The Plex server failed to handle the request (HTTP ${status}). Retry later, and check the server's log if it persists.`;
  }
  if (status === 0 || (status >= 300 && status < 400)) {
    const shownStatus = status === 0 ? "" : ` (HTTP ${status})`;

    return (
      `The Plex server redirected the request${shownStatus}, and the client does not follow redirects ` +
      "so that the token is never sent to another address. Set serverURL to the final address."
    );
  }

  return `The Plex server returned HTTP ${status}, which the security API does not use. Check that serverURL points at a Plex Media Server.`;
}
