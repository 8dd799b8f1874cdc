import { platform, release } from "node:os";

import { CONTENT_TYPES, encodeMediaContainer } from "@plex-security/client/protocol";
import type { FastifyInstance } from "fastify";

import { requirePrincipal, type ServerContext } from "../context.js";

const PLATFORM_NAMES: Partial<Record<NodeJS.Platform, string>> = {
  linux: "Linux",
  darwin: "MacOSX",
  win32: "Windows",
  freebsd: "FreeBSD",
};

/** Read once: `os.release()` is a system call, and neither value changes while the process runs. */
const PLATFORM = PLATFORM_NAMES[platform()] ?? platform();
const PLATFORM_VERSION = release();

/**
 * `GET /identity` without a token, and `GET /` with one: the server identity
 * and capabilities that Plex client libraries read when they connect.
 */
export function registerIdentityRoutes(app: FastifyInstance, context: ServerContext): void {
  app.get("/identity", async (request, reply) => {
    const { server } = context.config;
    const body = encodeMediaContainer(
      { size: 0, claimed: true, machineIdentifier: server.machineIdentifier, version: server.version },
      request.format,
    );

    return reply.type(CONTENT_TYPES[request.format]).send(body);
  });

  app.get("/", async (request, reply) => {
    await requirePrincipal(context, request);
    const { server } = context.config;
    const body = encodeMediaContainer(
      {
        size: 0,
        friendlyName: server.friendlyName,
        machineIdentifier: server.machineIdentifier,
        version: server.version,
        platform: PLATFORM,
        platformVersion: PLATFORM_VERSION,
        claimed: true,
        myPlex: false,
        transcoderActiveVideoSessions: 0,
        updatedAt: Math.floor(context.clock.now() / 1000),
      },
      request.format,
    );

    return reply.type(CONTENT_TYPES[request.format]).send(body);
  });
}
