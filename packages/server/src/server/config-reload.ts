/**
 * Replacing the configuration of a running app, as `plex-security serve`
 * does on SIGHUP: tokens, lifetimes, caps, sources and limits change at
 * once, and the transient tokens of removed shared users are revoked.
 */
import type { Server } from "node:http";

import type { Config } from "./config.js";
import { applyConnectionLimits } from "./connection-limits.js";
import type { ServerContext } from "./context.js";
import type { MemoryTokenStore } from "./memory-token-store.js";
import { ADMIN_PRINCIPAL_ID } from "./principal.js";
import { digestStaticTokens } from "./static-token-digests.js";

/** The changes a configuration reload made. */
export interface ReloadReport {
  /** Keys whose new value takes a restart (`server.host`, `server.port`). The server keeps the old value until then. */
  restartRequired: string[];
  /** Ids of the shared users the new configuration adds. */
  addedUsers: string[];
  /** Ids of the shared users it removes, whose transient tokens are revoked. */
  removedUsers: string[];
  /** Principals whose static token changed. Transient tokens minted with the old one stay valid. */
  changedTokens: string[];
  /** Transient tokens revoked because their principal was removed. */
  revokedTokens: number;
}

/** The parts of an app whose settings a reload replaces. */
export interface ReloadTarget {
  context: ServerContext;
  httpServer: Server;
  /** The store the app created, whose cap follows the configuration. A store passed in keeps its own cap. */
  ownedStore: MemoryTokenStore | undefined;
}

declare module "fastify" {
  interface FastifyInstance {
    /**
     * Replaces the app's configuration with an already validated one and
     * resolves when the removed shared users' tokens are revoked. Calls run
     * one after another.
     */
    reloadConfig(config: Config): Promise<ReloadReport>;
  }
}

/** Returns the app's `reloadConfig`, which runs reloads one at a time in the order they were called. */
export function createConfigReloader(target: ReloadTarget): (config: Config) => Promise<ReloadReport> {
  let queue: Promise<unknown> = Promise.resolve();

  return (config) => {
    const run = queue.then(() => reload(target, config));
    queue = run.catch(() => undefined);

    return run;
  };
}

async function reload({ context, httpServer, ownedStore }: ReloadTarget, next: Config): Promise<ReloadReport> {
  const current = context.config;
  const { logger } = context;
  const digested = digestStaticTokens(next);
  const report = compare(current, digested);

  // Everything is built before the swap, and the swap has no await, so no request runs between two of its steps.
  const sources = context.sources.reconfigure(next);
  context.config = { ...digested, server: { ...digested.server, host: current.server.host, port: current.server.port } };
  context.sources = sources;
  context.authenticator.configure(next);
  context.issuer.configure({ ttlSeconds: next.transientTokenTtlSeconds, maxTokensPerPrincipal: next.maxTransientTokensPerPrincipal });
  ownedStore?.setMaxTokensPerPrincipal(next.maxTransientTokensPerPrincipal);
  context.authFailures.configure(next.authFailureLimit);
  applyConnectionLimits(httpServer, next.server);

  if (report.restartRequired.length > 0) {
    logger.warn(
      { event: "config.restart_required", keys: report.restartRequired },
      `${report.restartRequired.join(" and ")} changed: restart the server to apply them; it keeps listening on the old address`,
    );
  }

  for (const principal of report.removedUsers) {
    report.revokedTokens += await revokeRemoved(context, principal);
  }
  logger.info({ event: "config.reloaded", ...report }, "configuration reloaded");

  return report;
}

/** Revokes a removed principal's transient tokens, logging one line per batch, and resolves to how many were live. */
async function revokeRemoved(context: ServerContext, principal: string): Promise<number> {
  try {
    return await context.store.revokePrincipal(principal, (batch) => {
      context.logger.info(
        { event: "tokens.revoked", reason: "principal removed", principal, count: batch.length },
        "transient tokens of a removed shared user revoked",
      );
    });
  } catch (error) {
    // The authenticator already rejects these tokens, and the store keeps them only until they expire.
    context.logger.error(
      { event: "tokens.revoke_failed", principal, err: error },
      "revoking the tokens of a removed shared user failed; they are rejected anyway and expire on their own",
    );
    return 0;
  }
}

/** Compares two configurations whose static tokens are digests. */
function compare(current: Config, next: Config): ReloadReport {
  const restartRequired = (["host", "port"] as const)
    .filter((key) => current.server[key] !== next.server[key])
    .map((key) => `server.${key}`);
  const currentTokens = new Map(current.sharedUsers.map((user) => [user.id, user.token]));
  const nextTokens = new Map(next.sharedUsers.map((user) => [user.id, user.token]));

  const changedTokens = [...nextTokens].filter(([id, token]) => currentTokens.has(id) && currentTokens.get(id) !== token).map(([id]) => id);
  if (current.adminToken !== next.adminToken) changedTokens.unshift(ADMIN_PRINCIPAL_ID);

  return {
    restartRequired,
    addedUsers: [...nextTokens.keys()].filter((id) => !currentTokens.has(id)),
    removedUsers: [...currentTokens.keys()].filter((id) => !nextTokens.has(id)),
    changedTokens,
    revokedTokens: 0,
  };
}
