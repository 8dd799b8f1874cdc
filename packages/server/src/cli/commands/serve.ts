import { resolve } from "node:path";

import { pino } from "pino";

import { buildApp, ConfigError, createLogger, loadConfigFile, type Config } from "../../server/index.js";
import { ExitCode, UsageError } from "../exit-codes.js";
import { isReadableByOthers, loadOrCreateDefaultConfig } from "../local-config.js";
import { reloadOnSignal } from "../reload-on-signal.js";
import { closeOnSignal } from "../shutdown.js";

export interface ServeOptions {
  config?: string;
  host?: string;
  port?: string;
}

/**
 * Runs the server until SIGTERM or SIGINT, then stops accepting connections,
 * lets in-flight requests finish, and resolves to the exit status (see
 * `closeOnSignal`). SIGHUP reloads the configuration file (see
 * `reloadOnSignal`).
 */
export async function serve(options: ServeOptions): Promise<number> {
  const port = options.port === undefined ? undefined : parsePort(options.port);
  const { config, path } = await loadConfig(options.config);
  const host = options.host ?? config.server.host;
  const listenPort = port ?? config.server.port;

  // Asynchronous writes coalesce the lines of concurrent requests into fewer write calls; pino
  // flushes what is left when the process exits.
  const logger = createLogger(process.env.PLEX_SECURITY_LOG_LEVEL ?? "info", pino.destination({ dest: 1, sync: false }));
  if (await isReadableByOthers(path)) {
    logger.warn({ event: "config.permissions", path }, "configuration file is readable by other users: run chmod 600 on it");
  }
  const app = await buildApp({ config, logger });

  try {
    await app.listen({ host, port: listenPort });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "EADDRINUSE" ? "the port is in use" : (error as Error).message;
    process.stderr.write(`plex-security: cannot listen on ${host}:${listenPort}: ${reason}. Pass another --port or --host.\n`);
    await app.close();
    return ExitCode.Failure;
  }

  const address = app.server.address();
  const url = typeof address === "object" && address !== null ? urlOf(address.address, address.port) : `${host}:${listenPort}`;
  // Signal handlers go in before the address is printed, so a caller that signals as soon as it reads it is heard.
  const stopReloading = reloadOnSignal(app, logger, path);
  const closed = closeOnSignal(app, logger);
  process.stderr.write(`Listening on ${url}\n`);

  return closed.finally(stopReloading);
}

async function loadConfig(file: string | undefined): Promise<{ config: Config; path: string }> {
  try {
    if (file !== undefined) {
      const path = resolve(file);
      return { config: await loadConfigFile(path), path };
    }

    const loaded = await loadOrCreateDefaultConfig();
    const verb = loaded.created ? "Created" : "Using";
    process.stderr.write(`${verb} the default configuration ${loaded.path} (it contains the admin token, so keep it private).\n`);

    return loaded;
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new UsageError(`Invalid --port ${JSON.stringify(value)}: expected a whole number from 0 to 65535.`);
  }

  return port;
}

function urlOf(address: string, port: number): string {
  const host = address.includes(":") ? `[${address}]` : address;

  return `http://${host}:${port}`;
}
