import { PlexError } from "./plex-error.js";

/**
 * The server rejected the account token while minting a transient token
 * (HTTP 401), so no transient token can be had until the account token is
 * replaced. `cause` is the server's `PlexUnauthorizedError`.
 */
export class PlexAccountTokenRejectedError extends PlexError {
  static {
    this.prototype.name = "PlexAccountTokenRejectedError";
  }

  declare readonly status: number;

  constructor(cause: PlexError) {
    super(
      "ERR_PLEX_ACCOUNT_TOKEN_REJECTED",
      "The Plex server rejected the account token when minting a transient token (HTTP 401). " +
        "Replace the account token (PLEX_TOKEN or the accessToken option): it is wrong, revoked or expired.",
      { status: 401, method: cause.method, url: cause.url, bodyExcerpt: cause.bodyExcerpt, cause },
    );
  }
}
