import type { BodyFormat, Connection } from "@plex-security/client/protocol";
import type { FastifyRequest } from "fastify";
import type { Logger } from "pino";

import type { AuthFailureLimiter } from "./auth-failure-limiter.js";
import type { Authenticator } from "./authenticator.js";
import { clientAddressKey } from "./client-address.js";
import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import { ForbiddenError, UnauthorizedError } from "./http-errors.js";
import type { Principal } from "./principal.js";
import { readRequestToken } from "./request-input.js";
import type { SourceRegistry } from "./sources/source-registry.js";
import type { TokenIssuer } from "./token-issuer.js";
import type { TokenStore } from "./token-store.js";

/**
 * Dependencies shared by every route, built once per app. A configuration
 * reload replaces `config` and `sources`, so routes read them per request.
 */
export interface ServerContext {
  /** The configuration, with the SHA-256 digests of the admin and shared users' tokens in place of the tokens. */
  config: Config;
  store: TokenStore;
  clock: Clock;
  logger: Logger;
  authenticator: Authenticator;
  authFailures: AuthFailureLimiter;
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
 * Authenticates a request, unless its client address is blocked for failed authentications.
 *
 * @throws {TooManyRequestsError} when more than `authFailureLimit.maxFailures` tokens failed from the client address.
 * @throws {UnauthorizedError} when it carries no token, or one that is unknown, expired or revoked.
 */
export async function requirePrincipal(context: ServerContext, request: FastifyRequest): Promise<Principal> {
  // NOTE: trustProxy is off, so behind a reverse proxy every caller shares the proxy's address and its limit.
  const address = clientAddressKey(request.ip);
  context.authFailures.check(address);

  const token = readRequestToken(request);
  const principal = token === undefined ? undefined : await context.authenticator.authenticate(token);
  if (principal === undefined) {
    context.authFailures.recordFailure(address, token);
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
