/**
 * A Plex Media Server compatible security service: mints, checks, expires
 * and revokes transient tokens.
 *
 * @module
 */
export { buildApp, type AppOptions } from "./app.js";
export type { ReloadReport } from "./config-reload.js";
export { completeConnection } from "./connections.js";
export { Authenticator } from "./authenticator.js";
export { systemClock, type Clock } from "./clock.js";
export {
  ConfigError,
  configSchema,
  loadConfigFile,
  parseConfig,
  type Config,
  type ConfigIssue,
  type ConnectionConfig,
  type SourceConfig,
} from "./config.js";
export { createLogger, loggerOptions } from "./logger.js";
export { MemoryTokenStore, type MemoryTokenStoreOptions, type SweepReport } from "./memory-token-store.js";
export type { Principal } from "./principal.js";
export { digestToken, publicId } from "./token-digest.js";
export type {
  Access,
  AddResult,
  ListOptions,
  RevokedListener,
  TokenPage,
  TokenStore,
  TransientTokenRecord,
} from "./token-store.js";
