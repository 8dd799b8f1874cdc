import type { FastifyInstance } from "fastify";
import type { Logger } from "pino";

import { ConfigError, loadConfigFile } from "../server/index.js";
import { isReadableByOthers } from "./local-config.js";

/**
 * Reloads the configuration file on SIGHUP. A file that cannot be read or
 * is invalid is logged as one error line that names every key path, and
 * the running configuration stays as it is. Signals that arrive during a
 * reload cause one more reload after it, which reads the file anew.
 *
 * @returns a function that removes the signal handler.
 */
export function reloadOnSignal(app: FastifyInstance, logger: Logger, path: string): () => void {
  let running = false;
  let pending = false;

  const onSignal = (): void => {
    if (running) {
      pending = true;
      return;
    }

    running = true;
    void reloadFile(app, logger, path).finally(() => {
      running = false;
      if (!pending) return;
      pending = false;
      onSignal();
    });
  };

  process.on("SIGHUP", onSignal);

  return () => process.off("SIGHUP", onSignal);
}

async function reloadFile(app: FastifyInstance, logger: Logger, path: string): Promise<void> {
  logger.info({ event: "config.reload_started", path }, "SIGHUP received: reloading the configuration file");

  try {
    const config = await loadConfigFile(path);
    if (await isReadableByOthers(path)) {
      logger.warn({ event: "config.permissions", path }, "configuration file is readable by other users: run chmod 600 on it");
    }
    await app.reloadConfig(config);
  } catch (error) {
    if (!(error instanceof ConfigError)) {
      logger.error({ event: "config.reload_failed", path, err: error }, "configuration reload failed, so the current configuration stays");
      return;
    }

    const issues = error.issues.map(({ path: key, message }) => `${key || "(file)"}: ${message}`);
    logger.error(
      { event: "config.reload_failed", path, issues: error.issues },
      `configuration reload failed, so the current configuration stays. Fix these keys and send SIGHUP again: ${issues.join("; ")}`,
    );
  }
}
