import type { BodyFormat, Connection } from "@plex-security/client/protocol";
import type { FastifyRequest } from "fastify";
import type { Logger } from "pino";

import type { Authenticator } from "./authenticator.js";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import { ForbiddenError, UnauthorizedError } from "./http-errors.js";
import type { Principal } from "./principal.js";
import { readRequestToken } from "./request-input.js";
import type { SourceRegistry } from "./sources/source-registry.js";
import type { TokenIssuer } from "./token-issuer.js";
import type { TokenStore } from "./token-store.js";

/** Dependencies shared by every route, built once per app. */
export interface ServerContext {
  config: Config;
  store: TokenStore;
  clock: Clock;
  logger: Logger;
  authenticator: Authenticator;
  issuer: TokenIssuer;
  sources: SourceRegistry;
  /** The connections this server lists for its own source. */
  ownConnections(): Connection[];
}

declare module "fastify" {
  interface FastifyRequest {
    /** The response format chosen from the `Accept` header. */
    format: BodyFormat;
    /** The authenticated principal's id, for the request log. */
    principalId: string | undefined;
  }
}

/**
 * Authenticates a request.
 *
 * @throws {UnauthorizedError} when it carries no token, or one that is unknown, expired or revoked.
 */
export async function requirePrincipal(context: ServerContext, request: FastifyRequest): Promise<Principal> {
  const token = readRequestToken(request);
  const principal = token === undefined ? undefined : await context.authenticator.authenticate(token);
  if (principal === undefined) {
    request.log.info(
      { event: "auth.failed", reason: token === undefined ? "missing token" : "unknown, expired or revoked token" },
      "authentication failed",
    );
    throw new UnauthorizedError();
  }

  request.principalId = principal.id;

  return principal;
}

/**
 * Authenticates a request and requires admin access.
 *
 * @throws {ForbiddenError} for a valid token without admin access.
 */
export async function requireAdmin(context: ServerContext, request: FastifyRequest): Promise<Principal> {
  const principal = await requirePrincipal(context, request);
  if (principal.access !== "admin") {
    throw new ForbiddenError("This endpoint requires the admin token or a transient token minted from it.");
  }

  return principal;
}
