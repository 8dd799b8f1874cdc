import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";

import { TRANSIENT_TOKEN_SEARCH_PATTERN } from "@plex-security/client/protocol";

/** Longest path a log line keeps; longer ones are cut. */
const MAX_LOGGED_PATH_LENGTH = 200;

/**
 * Options for the server's pino logger. Tokens never reach it: request lines
 * carry the path without its query string, and headers are not logged.
 */
export function loggerOptions(level: LoggerOptions["level"] = "info"): LoggerOptions {
  return {
    level,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ["req.headers", "req.query", "req.url", "headers", "token"], remove: true },
  };
}

export function createLogger(level?: LoggerOptions["level"], destination?: DestinationStream): Logger {
  return destination === undefined ? pino(loggerOptions(level)) : pino(loggerOptions(level), destination);
}

/** Returns a URL's path without its query string, with anything shaped like a transient token redacted. */
export function loggablePath(url: string): string {
  const path = url.split("?", 1)[0] ?? "";
  const shown = path.length > MAX_LOGGED_PATH_LENGTH ? `${path.slice(0, MAX_LOGGED_PATH_LENGTH)}…` : path;

  return shown.replace(TRANSIENT_TOKEN_SEARCH_PATTERN, "REDACTED");
}
