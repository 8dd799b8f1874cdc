import { PlexAPI, PlexError, QueryParamType, Scope } from "@plex-security/client";

import { resolveCredentials } from "../credentials.js";
import { ExitCode } from "../exit-codes.js";

export interface TokenOptions {
  url?: string;
  config?: string;
  json?: boolean;
}

/** Mints a transient token and prints it: alone on a line, or as `{"token","url"}` with --json. */
export async function token(options: TokenOptions): Promise<number> {
  const { url, token: accountToken } = await resolveCredentials(options);
  const plex = new PlexAPI({
    serverURL: url,
    accessToken: accountToken,
    clientIdentifier: "plex-security-cli",
    product: "plex-security",
  });

  try {
    const result = await plex.security.getTransientToken(QueryParamType.Delegation, Scope.All);
    const output = options.json ? JSON.stringify({ token: result.token, url }) : result.token;
    process.stdout.write(`${output}\n`);

    return ExitCode.Success;
  } catch (error) {
    if (!(error instanceof PlexError)) throw error;
    process.stderr.write(`plex-security: ${error.message.replace(/\s+/g, " ")}\n`);

    return ExitCode.Failure;
  }
}
