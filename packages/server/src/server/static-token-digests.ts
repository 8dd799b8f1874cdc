import type { Config } from "./config.js";
import { digestToken } from "./token-digest.js";

/**
 * Returns the configuration with the admin token and each shared user's
 * token replaced by its SHA-256 digest. The app keeps this copy after
 * start-up, so its long-lived state contains no configured token in clear.
 * Source credentials stay: the server sends them to its sources.
 */
export function digestStaticTokens(config: Config): Config {
  return {
    ...config,
    adminToken: digestToken(config.adminToken),
    sharedUsers: config.sharedUsers.map((user) => ({ ...user, token: digestToken(user.token) })),
  };
}
