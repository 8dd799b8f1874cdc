import { randomUUID } from "node:crypto";

import { formatTransientToken } from "@plex-security/client/protocol";
import type { Logger } from "pino";

import type { Clock } from "./clock.js";
import type { Principal } from "./principal.js";
import { digestToken, publicId } from "./token-digest.js";
import type { TokenStore, TransientTokenRecord } from "./token-store.js";

/** Minimum interval between two cap warnings for one principal. */
const CAP_WARNING_INTERVAL_MS = 60_000;

export interface TokenIssuerOptions {
  store: TokenStore;
  clock: Clock;
  ttlSeconds: number;
  logger: Logger;
}

/** A token as handed to its caller, with the record the store keeps. */
export interface MintedToken {
  token: string;
  record: TransientTokenRecord;
}

/** Mints transient tokens with their parent's access level and a bounded lifetime. */
export class TokenIssuer {
  readonly #options: TokenIssuerOptions;
  readonly #lastCapWarningAt = new Map<string, number>();

  constructor(options: TokenIssuerOptions) {
    this.#options = options;
  }

  /**
   * Mints a transient token for a principal. A token minted from a transient
   * token expires no later than that parent and is revoked with it.
   */
  async mint(principal: Principal): Promise<MintedToken> {
    const { store, clock, ttlSeconds, logger } = this.#options;
    const token = formatTransientToken(randomUUID());
    const issuedAt = clock.now();
    const ownExpiry = issuedAt + ttlSeconds * 1000;
    const record: TransientTokenRecord = {
      digest: digestToken(token),
      principalId: principal.id,
      access: principal.access,
      issuedAt,
      expiresAt: principal.expiresAt === undefined ? ownExpiry : Math.min(ownExpiry, principal.expiresAt),
    };
    if (principal.kind === "transient") record.parentDigest = principal.digest;

    const { evicted } = await store.add(record);
    logger.info(
      {
        event: "token.minted",
        tokenId: publicId(record.digest),
        principal: record.principalId,
        parentId: record.parentDigest === undefined ? undefined : publicId(record.parentDigest),
        expiresAt: new Date(record.expiresAt).toISOString(),
      },
      "transient token minted",
    );
    if (evicted.length > 0) this.#warnCapReached(principal.id, evicted);

    return { token, record };
  }

  #warnCapReached(principalId: string, evicted: string[]): void {
    const now = this.#options.clock.now();
    const last = this.#lastCapWarningAt.get(principalId);
    if (last !== undefined && now - last < CAP_WARNING_INTERVAL_MS) return;

    this.#lastCapWarningAt.set(principalId, now);
    this.#options.logger.warn(
      { event: "token.cap_reached", principal: principalId, revokedIds: evicted.map(publicId) },
      "principal reached its transient token cap; its oldest tokens were revoked",
    );
  }
}
