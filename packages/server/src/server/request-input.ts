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
  const headerValues = tokenHeaderValues(request.raw.rawHeaders);
  if (headerValues.length > 1) {
    throw new BadRequestError("The X-Plex-Token header is repeated: send it once.");
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
 * Collects the values of every `X-Plex-Token` header line. Scanning the raw
 * name/value list is cheaper than `headersDistinct`, which builds an array
 * for every header of the request.
 */
function tokenHeaderValues(rawHeaders: readonly string[]): string[] {
  const values: string[] = [];
  for (let index = 0; index < rawHeaders.length; index += 2) {
    const name = rawHeaders[index] as string;
    if (name.length === TOKEN_HEADER.length && name.toLowerCase() === TOKEN_HEADER) values.push(rawHeaders[index + 1] as string);
  }

  return values;
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
