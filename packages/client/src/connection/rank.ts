import type { Connection } from "../protocol/model.js";

/** The route of a connection, in order of preference. */
export type ConnectionKind = "local" | "remote" | "relay";

/** Returns the kind of a connection: a relay is a relay even when marked local. */
export function connectionKind(connection: Connection): ConnectionKind {
  if (connection.relay) return "relay";

  return connection.local ? "local" : "remote";
}

const KIND_ORDER: Readonly<Record<ConnectionKind, number>> = { local: 0, remote: 1, relay: 2 };

/**
 * Orders connections by preference: local before remote before relay, https
 * before http within a kind, and the server's own order otherwise.
 */
export function rankConnections(connections: readonly Connection[]): Connection[] {
  return connections
    .map((connection, index) => ({ connection, index }))
    .sort((a, b) => compareConnections(a.connection, b.connection) || a.index - b.index)
    .map(({ connection }) => connection);
}

function compareConnections(a: Connection, b: Connection): number {
  const byKind = KIND_ORDER[connectionKind(a)] - KIND_ORDER[connectionKind(b)];
  if (byKind !== 0) return byKind;

  return protocolOrder(a) - protocolOrder(b);
}

/** Uses the URI's scheme, which is what a client connects with, not the `protocol` field. */
function protocolOrder(connection: Connection): number {
  return connection.uri.toLowerCase().startsWith("https:") ? 0 : 1;
}
