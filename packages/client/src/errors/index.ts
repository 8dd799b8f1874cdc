export * from "./plex-error.js";
export * from "./http-status-errors.js";
export * from "./transport-errors.js";
export * from "./response-error.js";
export * from "./connection-errors.js";
export * from "./token-manager-errors.js";
