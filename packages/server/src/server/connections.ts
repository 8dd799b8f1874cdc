import type { Connection } from "@plex-security/client/protocol";

import type { ConnectionConfig } from "./config.js";

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
