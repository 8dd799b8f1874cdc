import { resolveCredentials } from "../credentials.js";
import { ExitCode, UsageError } from "../exit-codes.js";
import { requestJson, RequestFailedError } from "../server-request.js";

export interface RevokeOptions {
  url?: string;
  config?: string;
  principal?: string;
  all?: boolean;
  json?: boolean;
}

const TOKEN_ID_PATTERN = /^[0-9a-f]{8,64}$/i;

/**
 * Revokes one token and its descendants (by the id `plex-security tokens`
 * lists), a principal's tokens, or every token, and prints how many.
 */
export async function revoke(id: string | undefined, options: RevokeOptions): Promise<number> {
  const target = chooseTarget(id, options);
  const credentials = await resolveCredentials(options);

  let revoked: number;
  try {
    const body = (await requestJson(credentials, "DELETE", target.path, target.query)) as { MediaContainer?: { revoked?: unknown } };
    const count = body.MediaContainer?.revoked;
    if (typeof count !== "number") throw new RequestFailedError(`DELETE ${target.path} returned no revoked count.`);
    revoked = count;
  } catch (error) {
    if (!(error instanceof RequestFailedError)) throw error;
    process.stderr.write(`plex-security: ${error.message}\n`);
    return ExitCode.Failure;
  }

  const output = options.json ? JSON.stringify({ revoked }) : `Revoked ${revoked} transient ${revoked === 1 ? "token" : "tokens"}.`;
  process.stdout.write(`${output}\n`);

  return ExitCode.Success;
}

/** Picks the request from exactly one of ID, --principal and --all. */
function chooseTarget(id: string | undefined, options: RevokeOptions): { path: string; query: Record<string, string> } {
  const given = [id !== undefined, options.principal !== undefined, options.all === true].filter(Boolean).length;
  if (given !== 1) throw new UsageError("Give exactly one of ID, --principal P or --all.");

  if (id !== undefined) {
    // The value is not echoed, in case a token was pasted in place of an id.
    if (!TOKEN_ID_PATTERN.test(id)) {
      throw new UsageError("Invalid token id: expected 8 to 64 hex digits, as the ID column of plex-security tokens shows.");
    }
    return { path: `/security/tokens/${id.toLowerCase()}`, query: {} };
  }
  if (options.principal !== undefined) {
    if (options.principal === "") throw new UsageError('Empty --principal: expected "admin" or a shared user\'s id.');
    return { path: "/security/tokens", query: { principal: options.principal } };
  }

  return { path: "/security/tokens", query: {} };
}
