import { resolve } from "node:path";

import { ConfigError } from "../server/index.js";
import { UsageError } from "./exit-codes.js";
import { defaultConfigPath, readLocalCredentials } from "./local-config.js";

/** Where the client commands send requests, and with which account token. */
export interface Credentials {
  url: string;
  token: string;
}

export interface CredentialOptions {
  url?: string;
  config?: string;
}

/**
 * Finds the server URL (`--url`, else `PLEX_URL`, else the local
 * configuration) and the token (`PLEX_TOKEN`, else the local configuration).
 * Tokens never come from argv, which other users of the machine can read.
 */
export async function resolveCredentials(options: CredentialOptions, env = process.env): Promise<Credentials> {
  const path = options.config === undefined ? defaultConfigPath(env) : resolve(options.config);
  const local = await readLocal(path);

  const url = options.url ?? (env.PLEX_URL || undefined) ?? local?.url ?? "http://127.0.0.1:32400";
  validateUrl(url);

  const token = env.PLEX_TOKEN || local?.token;
  if (token === undefined) {
    throw new UsageError(
      `No token: set PLEX_TOKEN, or run "plex-security serve" once on this machine to create ${path}.`,
    );
  }

  return { url, token };
}

async function readLocal(path: string): Promise<{ url: string; token: string } | undefined> {
  try {
    return await readLocalCredentials(path);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

function validateUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`Invalid server URL ${JSON.stringify(url)}: expected http://HOST:PORT or https://HOST:PORT.`);
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
    throw new UsageError(`Invalid server URL: the scheme is ${parsed.protocol}, expected http: or https:.`);
  }
}
