import {
  PlexAbortError,
  PlexError,
  PlexNetworkError,
  PlexResponseError,
  PlexTimeoutError,
  type ConnectionFailure,
} from "../errors/index.js";
import type { PlexAPIOptions } from "../options.js";
import { PlexAPI } from "../plex-api.js";
import type { Connection, ServerIdentity } from "../protocol/model.js";
import { redact } from "../redact.js";

/** Options of the client that probes one candidate, and of the client returned for the winner. */
export type CandidateClientOptions = Omit<PlexAPIOptions, "serverURL" | "accessToken">;

/** The result of probing one candidate. */
export type ProbeOutcome =
  | { ok: true; connection: Connection; identity: ServerIdentity }
  | { ok: false; failure: ConnectionFailure };

/** The limits and context of one probe. */
export interface ProbeSettings {
  expectedIdentifier: string;
  clientOptions: CandidateClientOptions;
  probeTimeoutMs: number;
  deadlineMs: number;
  signal: AbortSignal;
  /** Reports whether the overall deadline, not a decision or the caller, aborted `signal`. */
  deadlinePassed: () => boolean;
}

/**
 * Probes a candidate with `GET /identity`, which carries no token, so an
 * address that reaches another server never receives the token. Succeeds only
 * when the `machineIdentifier` equals the source's `clientIdentifier`.
 * Never rejects: every failure becomes a `ConnectionFailure` with a reason.
 */
export async function probeConnection(connection: Connection, settings: ProbeSettings): Promise<ProbeOutcome> {
  const uri = redact(connection.uri);

  let plex: PlexAPI;
  try {
    plex = new PlexAPI({ ...settings.clientOptions, serverURL: connection.uri });
  } catch (error) {
    return fail(uri, "ERR_PLEX_INVALID_URI", `invalid URI: ${(error as Error).message}`);
  }

  try {
    const { identity } = await plex.server.getServerIdentity({
      signal: settings.signal,
      timeoutMs: settings.probeTimeoutMs,
      retries: 0,
    });
    if (identity.machineIdentifier !== settings.expectedIdentifier) {
      return fail(
        uri,
        "ERR_PLEX_IDENTITY_MISMATCH",
        `machineIdentifier is ${JSON.stringify(identity.machineIdentifier)}, expected ${JSON.stringify(settings.expectedIdentifier)}`,
      );
    }

    return { ok: true, connection, identity };
  } catch (error) {
    if (!(error instanceof PlexError)) throw error;

    return fail(uri, error.code, describeProbeError(error, settings));
  }
}

function describeProbeError(error: PlexError, settings: ProbeSettings): string {
  if (error instanceof PlexAbortError && settings.deadlinePassed()) {
    return `no answer before the deadline of ${settings.deadlineMs} ms`;
  }
  if (error instanceof PlexAbortError) return "aborted";
  if (error instanceof PlexTimeoutError) return `timed out after ${error.timeoutMs} ms`;
  if (error instanceof PlexNetworkError) return `network error${describeSystemCode(error.cause)}`;
  if (error instanceof PlexResponseError) return "invalid response to /identity";

  return `HTTP ${error.status ?? "error"}`;
}

/** Finds a system error code such as ECONNREFUSED, which Node's fetch puts on the cause of its TypeError. */
function describeSystemCode(cause: unknown): string {
  for (let current = cause, depth = 0; current instanceof Error && depth < 3; depth += 1) {
    const code = (current as Error & { code?: unknown }).code;
    if (typeof code === "string" && /^E[A-Z_]+$/.test(code)) return ` (${code})`;
    current = current.cause;
  }

  return "";
}

function fail(uri: string, code: string, reason: string): ProbeOutcome {
  return { ok: false, failure: { uri, code, reason } };
}
