import type { AddressInfo } from "node:net";

import type { Connection } from "@plex-security/client/protocol";
import type { FastifyInstance } from "fastify";

import type { Config, ConnectionConfig } from "./config.js";

/** Fills in protocol, address and port from the URI where the configuration leaves them out. */
export function completeConnection(connection: ConnectionConfig): Connection {
  const url = new URL(connection.uri);
  const protocol = connection.protocol ?? (url.protocol === "https:" ? "https" : "http");
  const defaultPort = protocol === "https" ? 443 : 80;

  return {
    protocol,
    address: connection.address ?? url.hostname.replace(/^\[|\]$/g, ""),
    port: connection.port ?? (url.port === "" ? defaultPort : Number(url.port)),
    uri: connection.uri,
    local: connection.local,
    relay: connection.relay,
  };
}

/** Lists the configured connections, or the address the app listens on. */
export function ownConnections(app: FastifyInstance, server: Config["server"]): Connection[] {
  const configured = server.connections;
  if (configured !== undefined) return configured.map((connection) => completeConnection(connection));

  const address = app.server.address() as AddressInfo | null;
  const host = address === null || isWildcard(address.address) ? "127.0.0.1" : address.address;
  const port = address?.port ?? server.port;
  const uriHost = host.includes(":") ? `[${host}]` : host;

  return [{ protocol: "http", address: host, port, uri: `http://${uriHost}:${port}`, local: true, relay: false }];
}

function isWildcard(address: string): boolean {
  return address === "0.0.0.0" || address === "::";
}
