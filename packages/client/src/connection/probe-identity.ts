import { decodeIdentity, ProtocolError } from "../protocol/decode.js";
import type { ServerIdentity } from "../protocol/model.js";
import { redact } from "../redact.js";

/** Largest `/identity` body read; the real one is about 150 bytes. */
const MAX_IDENTITY_BYTES = 64 * 1024;

/** A failed probe, with the reason as a sentence for the candidate report. */
export class ProbeError extends Error {
  override name = "ProbeError";
}

/**
 * Fetches `GET {uri}/identity`, which needs no token, so no credential goes
 * to a host before it has shown to be the expected server.
 *
 * @throws {ProbeError} with a one-line reason for any failure, including an abort.
 */
export async function probeIdentity(uri: string, fetchImpl: typeof fetch, signal: AbortSignal): Promise<ServerIdentity> {
  const url = new URL("identity", uri.endsWith("/") ? uri : `${uri}/`);
  let response: Response;
  try {
    response = await fetchImpl(url, { headers: { Accept: "application/json" }, signal, redirect: "error" });
  } catch (error) {
    if (signal.aborted) throw new ProbeError(abortReason(signal));
    throw new ProbeError(`request failed: ${redact(describe(error))}`);
  }

  if (!response.ok) {
    await response.body?.cancel();
    throw new ProbeError(`returned HTTP ${response.status}`);
  }

  const text = await readText(response, signal);
  try {
    return decodeIdentity(text, response.headers.get("content-type"));
  } catch (error) {
    if (error instanceof ProtocolError) throw new ProbeError(`invalid /identity response: ${redact(error.message)}`);
    throw error;
  }
}

async function readText(response: Response, signal: AbortSignal): Promise<string> {
  const declared = Number(response.headers.get("content-length") ?? "0");
  if (declared > MAX_IDENTITY_BYTES) {
    await response.body?.cancel();
    throw new ProbeError(`/identity body of ${declared} bytes is over the ${MAX_IDENTITY_BYTES}-byte limit`);
  }

  try {
    const text = await response.text();
    if (text.length > MAX_IDENTITY_BYTES) throw new ProbeError(`/identity body is over the ${MAX_IDENTITY_BYTES}-byte limit`);

    return text;
  } catch (error) {
    if (error instanceof ProbeError) throw error;
    if (signal.aborted) throw new ProbeError(abortReason(signal));
    throw new ProbeError(`reading the body failed: ${redact(describe(error))}`);
  }
}

function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;

  return reason instanceof ProbeError ? reason.message : "aborted";
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  const detail = cause instanceof Error ? ` (${(cause as { code?: string }).code ?? cause.message})` : "";

  return `${error.message}${detail}`;
}
