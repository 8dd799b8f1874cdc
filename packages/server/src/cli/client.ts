import { InvalidSourceError, parseSource, PlexAPI, PlexError } from "@plex-security/client";

import { resolveCredentials, type CredentialOptions } from "./credentials.js";
import { ExitCode, UsageError } from "./exit-codes.js";

/** Creates a client of the server the options and environment name, with the account token. */
export async function createCliClient(options: CredentialOptions): Promise<{ plex: PlexAPI; url: string }> {
  const { url, token } = await resolveCredentials(options);
  const plex = new PlexAPI({
    serverURL: url,
    accessToken: token,
    clientIdentifier: "plex-security-cli",
    product: "plex-security",
  });

  return { plex, url };
}

/** Validates a SOURCE argument before any request. */
export function requireSource(value: string): string {
  try {
    parseSource(value);
  } catch (error) {
    if (error instanceof InvalidSourceError) throw new UsageError(error.message);
    throw error;
  }

  return value;
}

/**
 * Prints a failed request on one line, in the form the other commands use,
 * and returns exit status 1; rethrows anything that is not a request failure.
 */
export function reportRequestFailure(error: unknown): number {
  if (!(error instanceof PlexError)) throw error;
  process.stderr.write(`plex-security: ${describeFailure(error).replace(/\s+/g, " ")}\n`);

  return ExitCode.Failure;
}

/** Describes a client error for the command line; every text in the error is already redacted. */
function describeFailure(error: PlexError): string {
  if (error.url === undefined) return error.message;
  const url = new URL(error.url);
  const request = `${error.method ?? "GET"} ${url.pathname}`;

  switch (error.code) {
    case "ERR_PLEX_NETWORK":
      return `${request} failed: cannot reach ${url.origin}: ${causeCode(error) ?? "network error"}.`;
    case "ERR_PLEX_TIMEOUT":
      return `${request} failed: no response from ${url.origin} in time. Check that the server is running.`;
    case "ERR_PLEX_UNAUTHORIZED":
      return `${request} failed with 401: the server rejected the token. Check PLEX_TOKEN, or mint a new token if it expired or the server restarted.`;
    case "ERR_PLEX_INVALID_RESPONSE":
      return `${request} returned a response that is not a Plex server's: is ${url.origin} the right URL?`;
    default:
      break;
  }
  if (error.status === undefined) return error.message;

  return `${request} failed with ${error.status}: ${error.serverMessage ?? error.message}`;
}

/** Returns the system error code (such as ECONNREFUSED) somewhere in an error's cause chain. */
function causeCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && !code.startsWith("ERR_PLEX")) return code;
    current = current.cause;
  }

  return undefined;
}
