/** Operations that describe the server itself. */
import { decodeOrThrow } from "./http/decode-response.js";
import { executeRequest } from "./http/execute-request.js";
import type { CallOptions } from "./options.js";
import { decodeIdentity } from "./protocol/decode.js";
import type { ServerIdentity } from "./protocol/model.js";
import { buildResponseMeta, type PlexResponseMeta } from "./responses.js";
import { resolveCallOptions, type ClientConfig } from "./validate-options.js";

/** The result of `getServerIdentity`. */
export interface GetServerIdentityResponse extends PlexResponseMeta {
  /** The server's `machineIdentifier`, `version` and whether it is claimed. */
  identity: ServerIdentity;
}

/** The `server` namespace of {@link PlexAPI}. */
export class Server {
  readonly #config: ClientConfig;

  /** @internal Created by `PlexAPI`. */
  constructor(config: ClientConfig) {
    this.#config = config;
  }

  /**
   * Fetches `GET /identity`, which needs no token, so the request never
   * carries one: a client can check that an address reaches the expected
   * server before it trusts that address with a token.
   *
   * @throws {TypeError | RangeError} before sending, for an invalid option.
   * @throws {PlexError} a subclass for each way the request can fail.
   */
  async getServerIdentity(options?: CallOptions): Promise<GetServerIdentityResponse> {
    const call = resolveCallOptions(options, this.#config);

    const executed = await executeRequest(
      { method: "GET", path: "identity", query: {}, anonymous: true },
      this.#config,
      call,
    );
    const identity = decodeOrThrow(executed, decodeIdentity);

    return { ...buildResponseMeta(executed), identity };
  }
}
