import { resolveCredentials } from "../credentials.js";
import { ExitCode } from "../exit-codes.js";
import { requestJson, RequestFailedError } from "../server-request.js";

export interface TokensOptions {
  url?: string;
  config?: string;
  principal?: string;
  json?: boolean;
}

/** A live transient token as `GET /security/tokens` lists it. */
export interface ListedToken {
  id: string;
  principal: string;
  issuedAt: string;
  expiresAt: string;
  parentId?: string;
}

/** Tokens requested per page. */
const PAGE_SIZE = 1000;

/** Lists live transient tokens: a table by default, one JSON document with --json. */
export async function tokens(options: TokensOptions): Promise<number> {
  const credentials = await resolveCredentials(options);

  let listed: ListedToken[];
  try {
    listed = await fetchAllTokens(credentials, options.principal);
  } catch (error) {
    if (!(error instanceof RequestFailedError)) throw error;
    process.stderr.write(`plex-security: ${error.message}\n`);
    return ExitCode.Failure;
  }

  const output = options.json ? JSON.stringify({ total: listed.length, tokens: listed }) : formatTable(listed);
  process.stdout.write(`${output}\n`);

  return ExitCode.Success;
}

async function fetchAllTokens(credentials: { url: string; token: string }, principal: string | undefined): Promise<ListedToken[]> {
  const listed: ListedToken[] = [];

  for (;;) {
    const query: Record<string, string> = { "X-Plex-Container-Start": String(listed.length), "X-Plex-Container-Size": String(PAGE_SIZE) };
    if (principal !== undefined) query.principal = principal;
    const body = (await requestJson(credentials, "GET", "/security/tokens", query)) as {
      MediaContainer?: { totalSize?: number; Token?: ListedToken[] };
    };
    const page = body.MediaContainer?.Token;
    if (!Array.isArray(page)) throw new RequestFailedError("GET /security/tokens returned no Token list: is this a plex-security server?");

    listed.push(...page);
    // An empty page ends the loop even if tokens were revoked while paging and totalSize is stale.
    if (page.length === 0 || listed.length >= (body.MediaContainer?.totalSize ?? 0)) return listed;
  }
}

function formatTable(listed: readonly ListedToken[]): string {
  if (listed.length === 0) return "No live transient tokens.";

  const rows = [
    ["ID", "PRINCIPAL", "ISSUED", "EXPIRES", "PARENT"],
    ...listed.map((token) => [token.id, token.principal, token.issuedAt, token.expiresAt, token.parentId ?? "-"]),
  ];
  const widths = rows[0]!.map((_header, column) => Math.max(...rows.map((row) => row[column]!.length)));

  return rows.map((row) => row.map((cell, column) => cell.padEnd(widths[column]!)).join("  ").trimEnd()).join("\n");
}
