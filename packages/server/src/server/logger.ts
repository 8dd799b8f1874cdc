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

/** Reports whether a piece of text is a secret, such as a configured token. */
export type SecretTest = (value: string) => boolean;

/** Longest path segment kept as it is in the log of a request that matched no route. */
const MAX_UNKNOWN_SEGMENT_LENGTH = 15;
const PLAIN_SEGMENT = /^[\w.~-]*$/;

/**
 * Returns a URL's path for a log line or message: without its query string,
 * with transient tokens and segments for which `isSecret` returns true (raw
 * or percent-decoded) replaced by `REDACTED`, cut to 200 characters.
 *
 * With `knownRoute` false (a 404), any segment longer than 15 characters or
 * with characters outside `[A-Za-z0-9_.~-]` is replaced too. A configured
 * token has at least 16 characters and may sit inside a longer segment, as
 * in `/x%zz<token>`, where a digest check of the whole segment misses it.
 * NOTE: a configured token that contains `/` and is split into short plain
 * segments still reaches the log.
 */
export function loggablePath(url: string, isSecret: SecretTest = () => false, knownRoute = true): string {
  const path = (url.split("?", 1)[0] ?? "")
    .split("/")
    .map((segment) => {
      const hidden = !knownRoute && (segment.length > MAX_UNKNOWN_SEGMENT_LENGTH || !PLAIN_SEGMENT.test(segment));
      return hidden || isSecret(segment) || isSecret(decodeOrKeep(segment)) ? "REDACTED" : segment;
    })
    .join("/")
    .replace(TRANSIENT_TOKEN_SEARCH_PATTERN, "REDACTED");

  return path.length > MAX_LOGGED_PATH_LENGTH ? `${path.slice(0, MAX_LOGGED_PATH_LENGTH)}…` : path;
}

function decodeOrKeep(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
