import {
  PlexBadRequestError,
  PlexForbiddenError,
  PlexHTTPStatusError,
  PlexNotFoundError,
  PlexUnauthorizedError,
  type PlexError,
} from "../errors/index.js";
import { decodeErrors } from "../protocol/decode.js";

/** The response whose status is not 2xx, and the request details its error carries. */
export interface StatusErrorInput {
  response: Response;
  body: string;
  method: string;
  url: string;
  tokenSent: boolean;
  secrets: readonly string[];
  nowMs: number;
}

/**
 * Creates the error for a status that is not 2xx. The class follows the
 * status alone. The server's message is taken from an `errors` body in JSON
 * or XML when there is one.
 */
export function createStatusError(input: StatusErrorInput): PlexError {
  const { response, body } = input;
  // Browsers hide a redirect that `redirect: "manual"` stopped behind an
  // "opaqueredirect" response with status 0; Node's fetch returns the 3xx itself.
  const status = response.type === "opaqueredirect" ? 0 : response.status;
  const serverMessage = decodeErrors(body, response.headers.get("content-type"))
    .map((entry) => entry.message)
    .find((message) => message !== "");

  const context = {
    status,
    method: input.method,
    url: input.url,
    bodyExcerpt: body === "" ? undefined : body,
    serverMessage,
    secrets: input.secrets,
  };

  switch (status) {
    case 400:
      return new PlexBadRequestError(context);
    case 401:
      return new PlexUnauthorizedError({ ...context, tokenSent: input.tokenSent });
    case 403:
      return new PlexForbiddenError(context);
    case 404:
      return new PlexNotFoundError(context);
    default:
      return new PlexHTTPStatusError({
        ...context,
        retryAfterMs: parseRetryAfter(response.headers.get("retry-after"), input.nowMs),
      });
  }
}

/**
 * Reads a `Retry-After` header: a number of seconds or an HTTP date.
 * Returns the wait in milliseconds from `nowMs`, never negative, or
 * `undefined` when the header is absent or invalid.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;

  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;

  const dateMs = Date.parse(text);
  if (Number.isNaN(dateMs)) return undefined;

  return Math.max(0, dateMs - nowMs);
}
