import { access } from "node:fs/promises";
import { resolve } from "node:path";

import { decodeIdentity, ProtocolError } from "@plex-security/client/protocol";

import { ConfigError } from "../server/index.js";
import { RequestFailedError, UsageError } from "./exit-codes.js";
import { defaultConfigPath, readLocalCredentials } from "./local-config.js";

/** The server URL and account token of the client commands. */
export interface Credentials {
  url: string;
  token: string;
}

export interface CredentialOptions {
  url?: string;
  config?: string;
}

/** Time the check of a server's identity may take. */
const IDENTITY_TIMEOUT_MS = 5000;

/**
 * Finds the server URL (`--url`, else `PLEX_URL`, else the local
 * configuration) and the token (`PLEX_TOKEN`, else the local configuration).
 * Tokens never come from argv, which other users of the machine can read.
 *
 * The local configuration's admin token goes only to that configuration's
 * own server: when the URL comes from `--url` or `PLEX_URL`, the server's
 * `/identity` must report the configured machine identifier first.
 */
export async function resolveCredentials(options: CredentialOptions, env = process.env): Promise<Credentials> {
  const path = options.config === undefined ? defaultConfigPath(env) : resolve(options.config);
  if (options.config !== undefined) await requireFile(path);
  const local = await readLocal(path);

  const givenUrl = options.url ?? (env.PLEX_URL || undefined);
  const url = givenUrl ?? local?.url ?? "http://127.0.0.1:32400";
  validateUrl(url);

  if (env.PLEX_TOKEN) return { url, token: env.PLEX_TOKEN };
  if (local === undefined) {
    throw new UsageError(`No token: set PLEX_TOKEN, or run "plex-security serve" once on this machine to create ${path}.`);
  }
  if (givenUrl !== undefined) await confirmLocalServer(url, local.machineIdentifier, path);

  return { url, token: local.token };
}

/**
 * Checks that the server at `url` is the one the configuration file
 * describes, before its admin token is sent there.
 *
 * @throws {UsageError} when another server responds.
 * @throws {RequestFailedError} when the server cannot be reached.
 */
async function confirmLocalServer(url: string, machineIdentifier: string, path: string): Promise<void> {
  const identityUrl = new URL("identity", url.endsWith("/") ? url : `${url}/`);
  let reported: string;
  try {
    const response = await fetch(identityUrl, { signal: AbortSignal.timeout(IDENTITY_TIMEOUT_MS), redirect: "error" });
    reported = decodeIdentity(await response.text(), response.headers.get("content-type")).machineIdentifier;
  } catch (error) {
    const reason = error instanceof ProtocolError ? "its /identity response is not a Plex server's" : describeNetworkError(error);
    throw new RequestFailedError(
      `GET /identity failed: cannot check that ${identityUrl.origin} is the server of ${path}: ${reason}. ` +
        "Set PLEX_TOKEN to send a token to it.",
    );
  }

  if (reported !== machineIdentifier) {
    throw new UsageError(
      `No token for ${new URL(url).origin}: it is not the server of ${path} (machine ${reported}, expected ${machineIdentifier}), ` +
        "so that file's admin token is not sent to it. Set PLEX_TOKEN to a token for that server.",
    );
  }
}

async function requireFile(path: string): Promise<void> {
  try {
    await access(path);
  } catch {
    throw new UsageError(`Configuration file ${path} does not exist: check --config.`);
  }
}

async function readLocal(path: string): Promise<{ url: string; token: string; machineIdentifier: string } | undefined> {
  try {
    return await readLocalCredentials(path);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error && error.name === "TimeoutError") return `no response within ${IDENTITY_TIMEOUT_MS} ms`;
  const cause = (error as { cause?: { code?: string } } | undefined)?.cause;

  return cause?.code ?? (error instanceof Error ? error.message : String(error));
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
