import { PlexAbortError, PlexError, PlexNetworkError, PlexResponseError, PlexTimeoutError } from "../errors/index.js";
import type { ClientConfig } from "../validate-options.js";
import { createAttemptSignal, raceWithSignal, type AttemptSignal } from "./attempt-signal.js";
import { readCappedBody } from "./read-body.js";
import { createStatusError } from "./status-error.js";

/** One HTTP request, ready to send. */
export interface AttemptRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** The request carries an `X-Plex-Token` header. */
  tokenSent: boolean;
  /** Values to redact from errors, such as the token of this request. */
  secrets: readonly string[];
  signal: AbortSignal | undefined;
  timeoutMs: number;
}

/** A 2xx response with its body read. */
export interface AttemptResponse {
  response: Response;
  body: string;
}

/**
 * Sends one request and reads its body within the attempt's timeout.
 * Resolves with a 2xx response; rejects with a `PlexError` for any other
 * status, a body over `maxResponseBytes`, a network failure, a timeout or an
 * abort. Redirects are not followed, so the token never reaches another address.
 */
export async function sendAttempt(request: AttemptRequest, config: ClientConfig): Promise<AttemptResponse> {
  const attemptSignal = createAttemptSignal(request.signal, request.timeoutMs);
  const context = { method: request.method, url: request.url.href, secrets: request.secrets };

  try {
    const response = await raceWithSignal(
      config.fetch(request.url.href, {
        method: request.method,
        headers: request.headers,
        redirect: "manual",
        signal: attemptSignal.signal,
      }),
      attemptSignal.signal,
    );

    const isSuccess = response.status >= 200 && response.status < 300 && response.type !== "opaqueredirect";
    if (!isSuccess) {
      // The status decides the error, so a body that fails to arrive only loses the excerpt.
      const { text } = await readCappedBody(response, config.maxResponseBytes, attemptSignal.signal).catch(() => ({
        text: "",
      }));
      throw createStatusError({ ...context, response, body: text, tokenSent: request.tokenSent, nowMs: config.now() });
    }

    const { text, truncated } = await readCappedBody(response, config.maxResponseBytes, attemptSignal.signal);
    if (truncated) {
      throw new PlexResponseError({
        ...context,
        status: response.status,
        bodyExcerpt: text,
        reason:
          `Invalid response: the body is larger than the limit of ${config.maxResponseBytes} bytes. ` +
          "Raise maxResponseBytes if this server's responses are that large.",
      });
    }

    return { response, body: text };
  } catch (error) {
    throw classifyFailure(error, attemptSignal, request, context);
  } finally {
    attemptSignal.dispose();
  }
}

/** Turns what `fetch` or the body stream threw into a `PlexError`; passes a `PlexError` through. */
function classifyFailure(
  error: unknown,
  attemptSignal: AttemptSignal,
  request: AttemptRequest,
  context: { method: string; url: string; secrets: readonly string[] },
): PlexError {
  if (error instanceof PlexError) return error;

  if (request.signal?.aborted) {
    return new PlexAbortError({ ...context, cause: request.signal.reason ?? error });
  }
  if (attemptSignal.timedOut()) {
    return new PlexTimeoutError({ ...context, timeoutMs: request.timeoutMs, cause: error });
  }

  return new PlexNetworkError({ ...context, cause: error });
}
