export * from "./plex-error.js";
export * from "./http-status-errors.js";
export * from "./transport-errors.js";
export * from "./response-error.js";
