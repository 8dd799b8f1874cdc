/**
 * A typed client for the Plex Media Server security API, for Node and
 * browsers: transient tokens and source connection information.
 *
 * @module
 */
export * from "./protocol/index.js";
export * from "./errors/index.js";
export { PlexAPI } from "./plex-api.js";
export { Security, type SourceConnectionInformationParams } from "./security.js";
export { Server, type GetServerIdentityResponse } from "./server.js";
export type {
  GetSourceConnectionInformationResponse,
  GetTransientTokenResponse,
  PlexResponseMeta,
} from "./responses.js";
export * from "./options.js";
export { REDACTED, createRedactor, redact } from "./redact.js";
export { isRetryable } from "./retry.js";
export { CLIENT_VERSION } from "./version.js";
export {
  TransientTokenManager,
  DEFAULT_REFRESH_AHEAD_MS,
  DEFAULT_TOKEN_LIFETIME_MS,
  type TokenCallOptions,
  type TransientTokenManagerOptions,
} from "./transient-token-manager.js";
export {
  resolveConnection,
  DEFAULT_PROBE_TIMEOUT_MS,
  DEFAULT_RESOLVE_DEADLINE_MS,
  type ResolveConnectionOptions,
  type ResolvedConnection,
} from "./connection/resolve-connection.js";
export { connectionKind, rankConnections, type ConnectionKind } from "./connection/rank.js";
