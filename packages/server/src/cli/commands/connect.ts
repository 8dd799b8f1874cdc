import { PlexError, resolveConnection, type ResolvedConnection } from "@plex-security/client";

import { createCliClient, reportRequestFailure, requireSource } from "../client.js";
import { ExitCode } from "../exit-codes.js";
import { formatTable } from "../table.js";

export interface ConnectOptions {
  url?: string;
  config?: string;
  json?: boolean;
}

/**
 * Fetches a source's connections, picks the best one that responds as the
 * source, and prints it with the reason each other candidate was not chosen.
 */
export async function connect(source: string, options: ConnectOptions): Promise<number> {
  requireSource(source);
  const { plex } = await createCliClient(options);

  let resolved: ResolvedConnection;
  try {
    const { device } = await plex.security.getSourceConnectionInformation(source);
    resolved = await resolveConnection(device);
  } catch (error) {
    if (error instanceof PlexError && "candidates" in error && options.json) {
      process.stdout.write(`${JSON.stringify({ source, uri: null, candidates: error.candidates })}\n`);
    }
    return reportRequestFailure(error);
  }

  const candidates = resolved.candidates.map(({ uri, kind, outcome, reason }) => ({ uri, kind, outcome, reason }));
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ source, uri: resolved.uri, candidates })}\n`);
    return ExitCode.Success;
  }

  const rows = candidates.map(({ uri, kind, outcome, reason }) => [outcome, kind, uri, reason ?? ""]);
  process.stdout.write(`${resolved.uri}\n\n${formatTable(["OUTCOME", "KIND", "URI", "REASON"], rows)}`);

  return ExitCode.Success;
}
