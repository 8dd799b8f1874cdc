import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";

import { ExitCode } from "./exit-codes.js";

/** Time in-flight requests get to finish after the first signal before their connections are closed. */
export const DRAIN_TIMEOUT_MS = 10_000;

const SIGNALS: readonly NodeJS.Signals[] = ["SIGTERM", "SIGINT"];

/**
 * Resolves to the exit status once the app has closed after SIGTERM or
 * SIGINT. The first signal stops accepting connections and lets in-flight
 * requests finish; idle keep-alive connections are closed at once. A second
 * signal, or the drain timeout, closes every connection and the process
 * exits 1.
 */
export function closeOnSignal(app: FastifyInstance, logger: Logger, drainTimeoutMs = DRAIN_TIMEOUT_MS): Promise<number> {
  return new Promise((resolve) => {
    let stopping = false;
    let forced = false;

    const forceClose = (reason: string): void => {
      forced = true;
      logger.warn({ event: "server.forced_stop", reason }, "closing every open connection now");
      app.server.closeAllConnections();
    };

    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) {
        forceClose(`second ${signal}`);
        // The app may still wait on something other than a connection; the second signal ends the process regardless.
        process.exit(ExitCode.Failure);
      }
      stopping = true;
      logger.info({ event: "server.stopping", signal }, "stopping: finishing in-flight requests");

      const deadline = setTimeout(() => forceClose(`in-flight requests still open after ${drainTimeoutMs} ms`), drainTimeoutMs);
      void app.close().then(() => {
        clearTimeout(deadline);
        for (const name of SIGNALS) process.off(name, onSignal);
        logger.info({ event: "server.stopped", forced }, "stopped");
        resolve(forced ? ExitCode.Failure : ExitCode.Success);
      });
    };

    for (const name of SIGNALS) process.on(name, onSignal);
  });
}
