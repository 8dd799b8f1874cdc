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
