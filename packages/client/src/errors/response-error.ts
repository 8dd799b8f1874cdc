import { PlexError, type PlexErrorContext } from "./plex-error.js";

/** The context of an invalid response: the reason and the part of the body at fault. */
export interface ResponseErrorContext extends PlexErrorContext {
  /** A sentence that states what is wrong, such as "Invalid response: MediaContainer.token is missing." */
  reason: string;
  /** The path of the missing or invalid field, such as `MediaContainer.token`. */
  field?: string;
}

/**
 * A 2xx response whose body the client cannot use: not JSON or XML (such as an
 * HTML page), malformed or truncated, missing a required field, or larger
 * than `maxResponseBytes`. Never retried.
 */
export class PlexResponseError extends PlexError {
  static {
    this.prototype.name = "PlexResponseError";
  }

  /** The path of the missing or invalid field, when one field is at fault. */
  readonly field: string | undefined;

  constructor(context: ResponseErrorContext) {
    super(
      "ERR_PLEX_INVALID_RESPONSE",
      `${context.reason} Check that serverURL points at a Plex Media Server or a compatible server.`,
      context,
    );
    this.field = context.field;
  }

  protected override details(): Record<string, unknown> {
    const details = super.details();

    return this.field === undefined ? details : { ...details, field: this.field };
  }
}
