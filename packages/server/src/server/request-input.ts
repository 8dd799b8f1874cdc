/**
 * Reading credentials and query parameters from a request, rejecting the
 * ambiguous forms: a repeated parameter, or two different tokens.
 */
import type { FastifyRequest } from "fastify";

import { BadRequestError } from "./http-errors.js";

export const TOKEN_HEADER = "x-plex-token";
const TOKEN_PARAMETER = /^x-plex-token$/i;

type Query = Record<string, string | string[] | undefined>;

/**
 * Returns the token a request carries in the `X-Plex-Token` header or query
 * parameter, or undefined when it carries none or an empty one.
 *
 * @throws {BadRequestError} when the header and the parameter differ, or either is repeated.
 */
export function readRequestToken(request: FastifyRequest): string | undefined {
  // Fastify's inject() builds requests without headersDistinct, so fall back to the merged headers there.
  const headerValues = request.raw.headersDistinct?.[TOKEN_HEADER] ?? [request.headers[TOKEN_HEADER] ?? []].flat();
  if (new Set(headerValues).size > 1) {
    throw new BadRequestError("The X-Plex-Token header is repeated with different values: send it once.");
  }

  const query = request.query as Query;
  const parameterNames = Object.keys(query).filter((name) => TOKEN_PARAMETER.test(name));
  const parameterValues = parameterNames.flatMap((name) => query[name] ?? []);
  if (parameterValues.length > 1) {
    throw new BadRequestError("The X-Plex-Token query parameter is repeated: send it once.");
  }

  const header = headerValues[0] || undefined;
  const parameter = parameterValues[0] || undefined;
  if (header !== undefined && parameter !== undefined && header !== parameter) {
    throw new BadRequestError(
      "The X-Plex-Token header and query parameter carry different tokens: send one token, preferably in the header.",
    );
  }

  return header ?? parameter;
}

/**
 * Returns a query parameter that may appear at most once.
 *
 * @throws {BadRequestError} when it is repeated.
 */
export function readSingleParameter(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Query)[name];
  if (Array.isArray(value)) {
    throw new BadRequestError(`The query parameter "${name}" is repeated: send it once.`);
  }

  return value;
}
