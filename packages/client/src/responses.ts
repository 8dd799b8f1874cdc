import type { Device } from "./protocol/model.js";
import type { ExecutedResponse } from "./http/execute-request.js";

/** The fields of every successful result besides the parsed body. */
export interface PlexResponseMeta {
  /** The HTTP status code, 2xx. */
  statusCode: number;
  /** The `Content-Type` header, or an empty string when the server sent none. */
  contentType: string;
  /**
   * The response headers by lowercase name. Fetch joins repeated headers into
   * one value separated by ", ", except `set-cookie`, which lists each one.
   */
  headers: Record<string, string[]>;
  /** The `fetch` response. Its body has already been read. */
  rawResponse: Response;
}

/** The result of `getTransientToken`. */
export interface GetTransientTokenResponse extends PlexResponseMeta {
  /** The transient token, such as `transient-90904684-f91a-4391-8bf7-e0dfa7240285`. */
  token: string;
}

/** The result of `getSourceConnectionInformation`. */
export interface GetSourceConnectionInformationResponse extends PlexResponseMeta {
  /** The source: its name, identifier, a transient token valid on it, and its connections. */
  device: Device;
}

/** Builds the fields that every result shares from an executed response. */
export function buildResponseMeta({ response }: ExecutedResponse): PlexResponseMeta {
  const headers: Record<string, string[]> = {};
  response.headers.forEach((value, name) => {
    // Fetch joins repeated headers with ", ", except Set-Cookie, which it keeps apart.
    const isSetCookie = name === "set-cookie" && typeof response.headers.getSetCookie === "function";
    headers[name] = isSetCookie ? response.headers.getSetCookie() : [value];
  });

  return {
    statusCode: response.status,
    contentType: response.headers.get("content-type") ?? "",
    headers,
    rawResponse: response,
  };
}
