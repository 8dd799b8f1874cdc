import type { Connection } from "../protocol/model.js";

/**
 * Sorts connections by preference: local before remote, remote before
 * relay, and within each, https before http by the scheme of `uri`, the
 * address a client actually uses. Equal connections keep the server's order.
 * Returns a new array.
 */
export function rankConnections(connections: readonly Connection[]): Connection[] {
  return connections
    .map((connection, index) => ({ connection, index, rank: rankOf(connection) }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map(({ connection }) => connection);
}

/** 0 is best: twice the network class (local 0, remote 1, relay 2) plus 1 for plain http. */
function rankOf(connection: Connection): number {
  let networkClass = 1;
  if (connection.local) networkClass = 0;
  if (connection.relay) networkClass = 2;
  const schemeRank = isHttps(connection.uri) ? 0 : 1;

  return networkClass * 2 + schemeRank;
}

function isHttps(uri: string): boolean {
  return uri.trim().toLowerCase().startsWith("https:");
}
