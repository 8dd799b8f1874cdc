import type { PlexAPIOptions } from "./options.js";
import { Security } from "./security.js";
import { Server } from "./server.js";
import { resolveClientConfig } from "./validate-options.js";

/**
 * A client of one Plex Media Server, or of a server that speaks its
 * security API.
 *
 * @example
 * const plex = new PlexAPI({ serverURL: "http://127.0.0.1:32400", accessToken: process.env.PLEX_TOKEN });
 * const { token } = await plex.security.getTransientToken(QueryParamType.Delegation, Scope.All);
 */
export class PlexAPI {
  /** The server's base URL after validation, with a trailing slash. */
  readonly serverURL: string;
  /** Transient tokens and source connection information. */
  readonly security: Security;
  /** The server's identity. */
  readonly server: Server;

  /**
   * Validates the options once. The token is kept in a private field, so
   * `console.log(plex)` and `JSON.stringify(plex)` never show it.
   *
   * @throws {TypeError} for an option of the wrong type or an unknown option.
   * @throws {RangeError} for an option whose value is out of range.
   */
  constructor(options: PlexAPIOptions) {
    const config = resolveClientConfig(options);

    this.serverURL = config.baseURL.href;
    this.security = new Security(config);
    this.server = new Server(config);
  }
}
