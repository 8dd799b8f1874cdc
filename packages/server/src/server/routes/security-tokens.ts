import { CONTENT_TYPES } from "@plex-security/client/protocol";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

import { requireAdmin, type ServerContext } from "../context.js";
import { BadRequestError, ConflictError, NotFoundError } from "../http-errors.js";
import { ADMIN_PRINCIPAL_ID } from "../principal.js";
import { readSingleParameter } from "../request-input.js";
import { logRevoked } from "../revocation-log.js";
import { encodeRevocation, encodeTokenPage, readPageWindow } from "../token-listing.js";
import type { TransientTokenRecord } from "../token-store.js";

/** Maximum number of tokens a 409 lists when a token id is ambiguous. */
const MAX_AMBIGUOUS_SHOWN = 10;

const TOKEN_ID_PATTERN = /^[0-9a-f]{8,64}$/i;
/** Query parameters other than these make a DELETE a 400, so a misspelt `principal` cannot revoke every token. */
const IDENTIFICATION_PARAMETER = /^x-plex-/i;

/**
 * Revocation, an extension that PMS does not have, for the admin only:
 * `GET|HEAD /security/tokens[?principal=ID]` lists live transient tokens,
 * `DELETE /security/tokens/{id}` revokes one and its descendants,
 * `DELETE /security/tokens?principal=ID` revokes a principal's and
 * `DELETE /security/tokens` revokes all.
 */
export function registerSecurityTokensRoutes(app: FastifyInstance, context: ServerContext): void {
  app.route({
    method: ["GET", "HEAD"],
    url: "/security/tokens",
    exposeHeadRoute: false,
    handler: async (request, reply) => {
      await requireAdmin(context, request);
      const principalId = readPrincipal(context, request);
      const window = readPageWindow(request);

      prepare(request, reply);
      if (request.method === "HEAD") return reply.send();
      const page = await context.store.list({ ...window, principalId });

      return reply.send(encodeTokenPage(page, window.offset, request.format));
    },
  });

  app.delete("/security/tokens", async (request, reply) => {
    await requireAdmin(context, request);
    rejectUnknownParameters(request, ["principal"]);
    const principalId = readPrincipal(context, request);
    const onRevoked = (batch: readonly TransientTokenRecord[]): void => logRevoked(context.logger, batch, "admin request");

    const revoked =
      principalId === undefined
        ? await context.store.revokeAll(onRevoked)
        : await context.store.revokePrincipal(principalId, onRevoked);

    return prepare(request, reply).send(encodeRevocation(revoked, request.format));
  });

  app.delete<{ Params: { id: string } }>("/security/tokens/:id", async (request, reply) => {
    await requireAdmin(context, request);
    rejectUnknownParameters(request, []);
    const digest = await resolveTokenId(context, request.params.id);

    const revoked = await context.store.revoke(digest);
    if (revoked.length === 0) throw tokenNotFound();
    logRevoked(context.logger, revoked, "admin request");

    return prepare(request, reply).send(encodeRevocation(revoked.length, request.format));
  });
}

function prepare(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  return reply.header("cache-control", "no-store").type(CONTENT_TYPES[request.format]);
}

/** Reads `principal`: `admin` or a configured shared user's id. */
function readPrincipal(context: ServerContext, request: FastifyRequest): string | undefined {
  const value = readSingleParameter(request, "principal");
  if (value === undefined) return undefined;
  if (value === "") {
    throw new BadRequestError('Empty query parameter "principal": send principal=admin or a shared user\'s id, or leave it out.');
  }

  const known = value === ADMIN_PRINCIPAL_ID || context.config.sharedUsers.some((user) => user.id === value);
  // The value is not echoed: a caller who sent a token here by mistake should not see it copied around.
  if (!known) {
    throw new NotFoundError('Unknown principal: expected "admin" or the id of a shared user in the configuration.');
  }

  return value;
}

function rejectUnknownParameters(request: FastifyRequest, accepted: readonly string[]): void {
  const names = Object.keys(request.query as object);
  const unknown = names.find((name) => !accepted.includes(name) && !IDENTIFICATION_PARAMETER.test(name));
  if (unknown === undefined) return;

  const expected = accepted.length === 0 ? "none" : accepted.join(", ");
  throw new BadRequestError(
    `Unknown query parameter ${JSON.stringify(unknown.slice(0, 64))} for DELETE ${request.routeOptions.url}: expected ${expected}.`,
  );
}

/**
 * Resolves a token id (8 to 64 hex digits of the digest, in either case) to
 * the one live token it names.
 *
 * @throws {BadRequestError} for a malformed id, {NotFoundError} when no live token matches,
 *   {ConflictError} when several do, listing longer ids that tell them apart.
 */
async function resolveTokenId(context: ServerContext, id: string): Promise<string> {
  if (!TOKEN_ID_PATTERN.test(id)) {
    throw new BadRequestError(
      "Invalid token id in the path: expected 8 to 64 hex digits, such as the id that GET /security/tokens lists.",
    );
  }
  const prefix = id.toLowerCase();
  const matches = await context.store.find(prefix, MAX_AMBIGUOUS_SHOWN + 1);
  if (matches.length === 0) throw tokenNotFound();
  if (matches.length === 1) return (matches[0] as TransientTokenRecord).digest;

  const shown = matches.slice(0, MAX_AMBIGUOUS_SHOWN).map((match) => match.digest);
  const count = matches.length > MAX_AMBIGUOUS_SHOWN ? `more than ${MAX_AMBIGUOUS_SHOWN}` : String(matches.length);
  throw new ConflictError(
    `The token id ${prefix} matches ${count} live transient tokens: ` +
      `send a longer id, one of ${distinctPrefixes(shown, prefix.length).join(", ")}.`,
  );
}

/** Returns the shortest prefixes, longer than `minLength`, that tell these digests apart. */
function distinctPrefixes(digests: readonly string[], minLength: number): string[] {
  for (let length = minLength + 1; length < 64; length++) {
    const prefixes = digests.map((digest) => digest.slice(0, length));
    if (new Set(prefixes).size === prefixes.length) return prefixes;
  }

  return [...digests];
}

function tokenNotFound(): NotFoundError {
  return new NotFoundError("No live transient token has the id in the path: list them with GET /security/tokens.");
}
