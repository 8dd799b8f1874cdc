import { PlexResponseError } from "../errors/index.js";
import { ProtocolError } from "../protocol/decode.js";
import type { ExecutedResponse } from "./execute-request.js";

/** Decodes a 2xx body, turning a `ProtocolError` into a `PlexResponseError` that names the field. */
export function decodeOrThrow<T>(executed: ExecutedResponse, decode: (body: string, contentType: string | null) => T): T {
  const { response, body } = executed;
  try {
    return decode(body, response.headers.get("content-type"));
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;

    throw new PlexResponseError({
      status: response.status,
      method: executed.method,
      url: executed.url,
      bodyExcerpt: body,
      reason: error.message,
      ...(error.field === undefined ? {} : { field: error.field }),
      cause: error,
      secrets: executed.secrets,
    });
  }
}
