/**
 * Bounds on what one connection can hold: Node's HTTP server enforces the
 * request, headers and keep-alive timeouts and the cap on open sockets
 * from `server` in the configuration.
 */
import type { Server, ServerOptions } from "node:http";

import type { Logger } from "pino";

import type { Clock } from "./clock.js";
import type { Config } from "./config.js";
import { IntervalTally } from "./interval-tally.js";

/**
 * How often Node's HTTP server looks for requests past their headers or
 * request timeout. A request is cut off at most this long after its timeout.
 * Node's default of 30 s would let a 10 s headers timeout stretch to 40 s.
 */
export const CONNECTION_CHECK_INTERVAL_MS = 1000;

/** Interval of the log line that counts connections closed for `server.maxConnections`. */
export const DROPPED_CONNECTIONS_LOG_INTERVAL_MS = 60_000;

/** Options for `http.createServer`, which rejects a headers timeout longer than the request timeout. */
export function httpServerOptions(server: Config["server"]): ServerOptions {
  return {
    requestTimeout: server.requestTimeoutMs,
    headersTimeout: server.headersTimeoutMs,
    keepAliveTimeout: server.keepAliveTimeoutMs,
    connectionsCheckingInterval: CONNECTION_CHECK_INTERVAL_MS,
  };
}

/**
 * Sets the timeouts and the socket cap on a running server. Node reads them
 * at each check, response or new connection, so they apply from then on.
 * A connection that is open already stays open when the cap goes down.
 */
export function applyConnectionLimits(httpServer: Server, server: Config["server"]): void {
  httpServer.requestTimeout = server.requestTimeoutMs;
  httpServer.headersTimeout = server.headersTimeoutMs;
  httpServer.keepAliveTimeout = server.keepAliveTimeoutMs;
  httpServer.maxConnections = server.maxConnections;
}

/**
 * Counts the connections Node closes because `maxConnections` sockets are
 * open, and logs them once a minute by client address.
 *
 * @returns a function that stops the count and logs what is left.
 */
export function logDroppedConnections(httpServer: Server, logger: Logger, clock: Clock): () => void {
  const tally = new IntervalTally({
    clock,
    intervalMs: DROPPED_CONNECTIONS_LOG_INTERVAL_MS,
    maxKeys: 1000,
    report: (report) => {
      logger.warn(
        {
          event: "http.connections_dropped",
          intervalSeconds: report.intervalSeconds,
          total: report.total,
          maxConnections: httpServer.maxConnections,
          addresses: report.keys,
          top: report.top.map(({ key, count }) => ({ address: key, connections: count })),
        },
        "closed new connections because server.maxConnections sockets were open",
      );
    },
  });
  const onDrop = (data?: { remoteAddress?: string }): void => tally.add(data?.remoteAddress ?? "unknown", "dropped");
  httpServer.on("drop", onDrop);

  return () => {
    httpServer.off("drop", onDrop);
    tally.close();
  };
}
