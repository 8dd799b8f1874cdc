import { QueryParamType, Scope } from "@plex-security/client";

import { createCliClient, reportRequestFailure } from "../client.js";
import { ExitCode } from "../exit-codes.js";

export interface TokenOptions {
  url?: string;
  config?: string;
  json?: boolean;
}

/** Mints a transient token and prints it: alone on a line, or as `{"token","url"}` with --json. */
export async function token(options: TokenOptions): Promise<number> {
  const { plex, url } = await createCliClient(options);

  try {
    const result = await plex.security.getTransientToken(QueryParamType.Delegation, Scope.All);
    const output = options.json ? JSON.stringify({ token: result.token, url }) : result.token;
    process.stdout.write(`${output}\n`);

    return ExitCode.Success;
  } catch (error) {
    return reportRequestFailure(error);
  }
}
