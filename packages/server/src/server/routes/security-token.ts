import { CONTENT_TYPES, encodeTransientToken, QueryParamType, Scope } from "@plex-security/client/protocol";
import type { FastifyInstance } from "fastify";

import { requirePrincipal, type ServerContext } from "../context.js";
import { BadRequestError } from "../http-errors.js";
import { readSingleParameter } from "../request-input.js";

/**
 * `/security/token` on every method: trades the caller's token for a
 * transient token with the same access level. HEAD checks the request but
 * mints nothing, because its response has no body to carry the token.
 */
export function registerSecurityTokenRoute(app: FastifyInstance, context: ServerContext): void {
  app.all("/security/token", async (request, reply) => {
    const principal = await requirePrincipal(context, request);
    requireParameter(readSingleParameter(request, "type"), "type", QueryParamType.Delegation);
    requireParameter(readSingleParameter(request, "scope"), "scope", Scope.All);

    reply.header("cache-control", "no-store").type(CONTENT_TYPES[request.format]);
    if (request.method === "HEAD") return reply.send();

    const { token } = await context.issuer.mint(principal);

    return reply.send(encodeTransientToken({ size: 0, token }, request.format));
  });
}

function requireParameter(value: string | undefined, name: string, accepted: string): void {
  if (value === undefined || value === "") {
    throw new BadRequestError(`Missing query parameter "${name}": send ${name}=${accepted}.`);
  }
  if (value !== accepted) {
    throw new BadRequestError(`Invalid query parameter "${name}": expected "${accepted}", the only supported value.`);
  }
}
