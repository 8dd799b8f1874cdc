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
 * Prints a failed request's redacted message on one line and returns exit
 * status 1; rethrows anything that is not a request failure.
 */
export function reportRequestFailure(error: unknown): number {
  if (!(error instanceof PlexError)) throw error;
  process.stderr.write(`plex-security: ${error.message.replace(/\s+/g, " ")}\n`);

  return ExitCode.Failure;
}
