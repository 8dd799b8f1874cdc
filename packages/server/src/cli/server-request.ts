/**
 * Plain requests from the command line to a plex-security server, for the
 * endpoints the client package does not cover (revocation). The token
 * travels only in the `X-Plex-Token` header, never in the URL.
 */
import { redact } from "@plex-security/client";

import type { Credentials } from "./credentials.js";
import { RequestFailedError } from "./exit-codes.js";

/** Time a request may take before the command gives up. */
export const REQUEST_TIMEOUT_MS = 15_000;

export { RequestFailedError };

/**
 * Sends a request with the account token and returns the parsed JSON body.
 * Redirects are not followed, so the token never goes to another address.
 *
 * @throws {RequestFailedError} with a one-line reason that never contains the token.
 */
export async function requestJson(
  credentials: Credentials,
  method: string,
  path: string,
  query: Record<string, string> = {},
): Promise<unknown> {
  const url = new URL(path, credentials.url);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  const what = `${method} ${url.pathname}`;
  const clean = (text: string): string => redact(text.replaceAll(credentials.token, "REDACTED")).replace(/\s+/g, " ").trim();

  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { "X-Plex-Token": credentials.token, Accept: "application/json" },
      redirect: "error",
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch (error) {
    throw new RequestFailedError(`${what} failed: cannot reach ${url.origin}: ${clean(networkReason(error))}.`);
  }

  const text = await response.text().catch(() => "");
  const body = parseJson(text);
  if (!response.ok) {
    const message = serverMessage(body) ?? `the body was not a JSON error (${text.length} bytes)`;
    throw new RequestFailedError(`${what} failed with ${response.status} ${response.statusText}: ${clean(message)}`);
  }
  if (body === undefined) {
    throw new RequestFailedError(`${what} returned ${response.status} with a body that is not JSON: is ${url.origin} a plex-security server?`);
  }

  return body;
}

function networkReason(error: unknown): string {
  if (error instanceof Error && error.name === "TimeoutError") return `no response within ${REQUEST_TIMEOUT_MS} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;

  return cause?.code ?? cause?.message ?? (error as Error).message;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Returns the message of a `{"errors":[{"message"}]}` body. */
function serverMessage(body: unknown): string | undefined {
  const errors = (body as { errors?: { message?: unknown }[] } | undefined)?.errors;
  const message = Array.isArray(errors) ? errors[0]?.message : undefined;

  return typeof message === "string" ? message : undefined;
}
