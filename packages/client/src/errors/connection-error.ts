import { PlexError, type PlexErrorContext } from "./plex-error.js";

/** A connection of a source that failed its probe, with the reason. */
export interface ConnectionFailure {
  /** The connection's URI, redacted. */
  uri: string;
  /** The `code` of the probe's error, or `ERR_PLEX_IDENTITY_MISMATCH` or `ERR_PLEX_INVALID_URI`. */
  code: string;
  /** A short reason, such as "timed out after 3000 ms". */
  reason: string;
}

/** The context of a failed resolution: the source and every candidate's failure in rank order. */
export interface ConnectionErrorContext extends PlexErrorContext {
  clientIdentifier: string;
  failures: ConnectionFailure[];
}

/** No connection of a source reached the expected server. Lists every candidate and why it failed. */
export class PlexConnectionError extends PlexError {
  static {
    this.prototype.name = "PlexConnectionError";
  }

  /** The source's `clientIdentifier`, which each probe's `machineIdentifier` had to match. */
  readonly clientIdentifier: string;
  /** Each candidate in rank order, with the reason it failed. */
  readonly failures: readonly ConnectionFailure[];

  constructor(context: ConnectionErrorContext) {
    super("ERR_PLEX_NO_CONNECTION", describeFailures(context.failures), context);
    this.clientIdentifier = context.clientIdentifier;
    this.failures = context.failures;
  }

  protected override details(): Record<string, unknown> {
    return { ...super.details(), clientIdentifier: this.clientIdentifier, failures: this.failures };
  }
}

function describeFailures(failures: readonly ConnectionFailure[]): string {
  if (failures.length === 0) {
    return "The source lists no connections. Call getSourceConnectionInformation with refresh: true, or check the source on its server.";
  }

  const list = failures.map((failure) => `${failure.uri} (${failure.reason})`).join(", ");

  return `None of the ${failures.length} connections of the source reached the expected server: ${list}. ` +
    "Check that the source is online, or call getSourceConnectionInformation with refresh: true.";
}
