/** The operations of the PMS security API. */
import { decodeOrThrow } from "./http/decode-response.js";
import { executeRequest } from "./http/execute-request.js";
import { decodeSourceConnectionInformation, decodeTransientToken } from "./protocol/decode.js";
import { QueryParamType, Scope } from "./protocol/model.js";
import { parseSource } from "./protocol/source.js";
import type { CallOptions } from "./options.js";
import {
  buildResponseMeta,
  type GetSourceConnectionInformationResponse,
  type GetTransientTokenResponse,
} from "./responses.js";
import { resolveCallOptions, type ClientConfig } from "./validate-options.js";

/** The parameters of `getSourceConnectionInformation` besides the source. */
export interface SourceConnectionInformationParams {
  /** Makes the server refresh its information on the source, and the token it returns, instead of using its cache. @default false */
  refresh?: boolean;
}

/** The `security` namespace of {@link PlexAPI}: transient tokens and source connection information. */
export class Security {
  readonly #config: ClientConfig;

  /** @internal Created by `PlexAPI`. */
  constructor(config: ClientConfig) {
    this.#config = config;
  }

  /**
   * Mints a transient token with the access level of the caller's token,
   * valid for up to 48 hours and lost when the server restarts. Sends
   * `GET /security/token?type=delegation&scope=all`, which every PMS version
   * accepts.
   *
   * @throws {TypeError | RangeError} before sending, for an invalid `type`, `scope` or option.
   * @throws {PlexError} a subclass for each way the request can fail.
   */
  async getTransientToken(
    type: QueryParamType,
    scope: Scope,
    options?: CallOptions,
  ): Promise<GetTransientTokenResponse> {
    validateChoice("type", type, QueryParamType, "QueryParamType");
    validateChoice("scope", scope, Scope, "Scope");
    const call = resolveCallOptions(options, this.#config);

    const executed = await executeRequest(
      { method: "GET", path: "security/token", query: { type, scope } },
      this.#config,
      call,
    );
    const { token } = decodeOrThrow(executed, decodeTransientToken);

    return { ...buildResponseMeta(executed), token };
  }

  /**
   * Fetches a source's name, a transient token valid on it and its
   * connections. Sends `GET /security/resources?source=…`, with `refresh=1`
   * only when `params.refresh` is true. Needs an admin token, or a transient
   * token minted from one, and PMS 1.15.4 or newer.
   *
   * @param source `server://<clientIdentifier>` or `provider://<providerIdentifier>`; see `serverSource` and `providerSource`.
   * @throws {InvalidSourceError} before sending, for a malformed source.
   * @throws {TypeError | RangeError} before sending, for an invalid parameter or option.
   * @throws {PlexError} a subclass for each way the request can fail.
   */
  async getSourceConnectionInformation(
    source: string,
    params?: SourceConnectionInformationParams,
    options?: CallOptions,
  ): Promise<GetSourceConnectionInformationResponse> {
    parseSource(source);
    const refresh = validateRefresh(params);
    const call = resolveCallOptions(options, this.#config);

    const executed = await executeRequest(
      { method: "GET", path: "security/resources", query: { source, refresh: refresh ? "1" : undefined } },
      this.#config,
      call,
    );
    const { device } = decodeOrThrow(executed, decodeSourceConnectionInformation);

    return { ...buildResponseMeta(executed), device };
  }
}

function validateChoice(name: string, value: unknown, choices: Record<string, string>, enumName: string): void {
  const accepted = Object.entries(choices);
  if (accepted.some(([, choice]) => choice === value)) return;

  const list = accepted.map(([key, choice]) => `${JSON.stringify(choice)} (${enumName}.${key})`).join(", ");
  if (typeof value !== "string") {
    throw new TypeError(`Invalid ${name}: expected a string, got ${value === null ? "null" : typeof value}. Accepted: ${list}.`);
  }

  throw new RangeError(`Invalid ${name} ${JSON.stringify(value.slice(0, 80))}: accepted values are ${list}.`);
}

function validateRefresh(params: SourceConnectionInformationParams | undefined): boolean {
  if (params === undefined) return false;
  if (typeof params !== "object" || params === null) {
    throw new TypeError("Invalid params: expected an object such as { refresh: true }.");
  }
  for (const key of Object.keys(params)) {
    if (key !== "refresh") throw new TypeError(`Unknown parameter ${JSON.stringify(key)}: the only parameter is refresh.`);
  }
  if (params.refresh !== undefined && typeof params.refresh !== "boolean") {
    throw new TypeError(`Invalid refresh: expected true, false or undefined, got ${typeof params.refresh}.`);
  }

  return params.refresh === true;
}
