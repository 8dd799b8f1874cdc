/**
 * The embedded default configuration: a file in the user's configuration
 * directory with a random admin token, readable by its owner only, shared by
 * `plex-security serve` and the client commands on the same machine.
 */
import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, stat, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

import { loadConfigFile, type Config } from "../server/index.js";

/** Returns where the default configuration file lives for this user. */
export function defaultConfigPath(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  let base: string;
  if (env.XDG_CONFIG_HOME) {
    base = env.XDG_CONFIG_HOME;
  } else if (platform === "win32") {
    base = env.APPDATA ?? join(homedir(), "AppData", "Roaming");
  } else if (platform === "darwin") {
    base = join(homedir(), "Library", "Application Support");
  } else {
    base = join(homedir(), ".config");
  }

  return join(base, "plex-security", "config.json");
}

/** A configuration and where it came from. */
export interface LoadedConfig {
  config: Config;
  path: string;
  /** The file did not exist and was created now. */
  created: boolean;
}

/**
 * Loads the default configuration file, creating it with a random admin
 * token and machine identifier (mode 0600) when it does not exist.
 */
export async function loadOrCreateDefaultConfig(path = defaultConfigPath()): Promise<LoadedConfig> {
  let created = false;
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    await writeFile(path, `${JSON.stringify(newDefaultConfig(), null, 2)}\n`, { flag: "wx", mode: 0o600 });
    // The mode given to writeFile is reduced by the umask; make sure it is exactly 0600.
    await chmod(path, 0o600);
    created = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }

  return { config: await loadConfigFile(path), path, created };
}

/** Reports whether other users may read the file, which would expose its tokens. */
export async function isReadableByOthers(path: string): Promise<boolean> {
  if (process.platform === "win32") return false;
  const { mode } = await stat(path);

  return (mode & 0o077) !== 0;
}

/** Reads the admin token and server address from a configuration file, for the client commands. */
export async function readLocalCredentials(
  path: string,
): Promise<{ token: string; url: string; machineIdentifier: string } | undefined> {
  try {
    await readFile(path);
  } catch {
    return undefined;
  }
  const config = await loadConfigFile(path);
  const host = ["0.0.0.0", "::", ""].includes(config.server.host) ? "127.0.0.1" : config.server.host;
  const uriHost = host.includes(":") ? `[${host}]` : host;

  return { token: config.adminToken, url: `http://${uriHost}:${config.server.port}`, machineIdentifier: config.server.machineIdentifier };
}

function newDefaultConfig(): object {
  return {
    server: {
      host: "127.0.0.1",
      port: 32400,
      friendlyName: "plex-security",
      machineIdentifier: randomBytes(20).toString("hex"),
    },
    adminToken: randomBytes(24).toString("base64url"),
    sharedUsers: [],
    transientTokenTtlSeconds: 172800,
    sources: [],
  };
}
