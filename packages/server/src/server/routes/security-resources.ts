import {
  CONTENT_TYPES,
  encodeSourceConnectionInformation,
  InvalidSourceError,
  parseSource,
  type ParsedSource,
} from "@plex-security/client/protocol";
import type { FastifyInstance, FastifyRequest } from "fastify";

import { requireAdmin, type ServerContext } from "../context.js";
import { BadRequestError, NotFoundError } from "../http-errors.js";
import { readSingleParameter } from "../request-input.js";

/**
 * `GET|HEAD /security/resources?source=…[&refresh=1]`: the connections of a
 * source and a transient token valid on it. The access check comes before
 * the source lookup, so a caller without admin access learns nothing about
 * which sources exist.
 */
export function registerSecurityResourcesRoute(app: FastifyInstance, context: ServerContext): void {
  app.route({
    method: ["GET", "HEAD"],
    url: "/security/resources",
    exposeHeadRoute: false,
    handler: async (request, reply) => {
      const principal = await requireAdmin(context, request);
      const source = readSource(request);
      const refresh = readRefresh(request);
      const { server } = context.config;
      const ownId = server.machineIdentifier;
      const isOwn = source.kind === "server" && source.id === ownId;
      const federated = isOwn ? undefined : context.sources.get(source);
      if (!isOwn && federated === undefined) {
        throw new NotFoundError(`Unknown source "${source.kind}://${source.id}": this server does not know it.`);
      }

      reply.header("cache-control", "no-store").type(CONTENT_TYPES[request.format]);
      if (request.method === "HEAD") return reply.send();

      // This server's own source gets a fresh token on every request, so `refresh` changes nothing for it.
      const device =
        federated === undefined
          ? {
              name: server.friendlyName,
              clientIdentifier: ownId,
              accessToken: (await context.issuer.mint(principal)).token,
              connections: context.ownConnections(),
            }
          : await federated.getDevice(refresh);

      return reply.send(encodeSourceConnectionInformation({ size: 1, device }, request.format));
    },
  });
}

/** Reads `source`, raw (`server://id`) or percent-encoded once more (`server%3A%2F%2Fid`). */
function readSource(request: FastifyRequest): ParsedSource {
  let value = readSingleParameter(request, "source");
  if (value === undefined || value === "") {
    throw new BadRequestError('Missing query parameter "source": send source=server://<clientIdentifier> or provider://<id>.');
  }
  if (/^(server|provider)%3A/i.test(value)) value = decodeOrKeep(value);

  try {
    return parseSource(value);
  } catch (error) {
    if (error instanceof InvalidSourceError) throw new BadRequestError(error.message);
    throw error;
  }
}

/** Reads `refresh`: `1`/`true` requests a new token, `0`/`false`/absent accepts a cached one. */
function readRefresh(request: FastifyRequest): boolean {
  const value = readSingleParameter(request, "refresh");
  if (value === undefined || value === "" || value === "0" || value === "false") return false;
  if (value === "1" || value === "true") return true;

  throw new BadRequestError('Invalid query parameter "refresh": expected 1 or 0.');
}

function decodeOrKeep(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
