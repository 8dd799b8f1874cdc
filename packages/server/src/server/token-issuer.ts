import { randomUUID } from "node:crypto";

import { formatTransientToken } from "@plex-security/client/protocol";
import type { Logger } from "pino";

import type { Clock } from "./clock.js";
import { TooManyRequestsError, UnauthorizedError } from "./http-errors.js";
import type { Principal } from "./principal.js";
import { logRevoked } from "./revocation-log.js";
import { digestToken, publicId } from "./token-digest.js";
import type { TokenStore, TransientTokenRecord } from "./token-store.js";

/** Minimum interval between two cap warnings for one principal. */
export const CAP_WARNING_INTERVAL_MS = 60_000;

/** The settings of a `TokenIssuer` that a configuration reload replaces. */
export interface TokenIssuerLimits {
  ttlSeconds: number;
  /** The per-principal cap the store enforces, for messages. */
  maxTokensPerPrincipal: number;
}

export interface TokenIssuerOptions extends TokenIssuerLimits {
  store: TokenStore;
  clock: Clock;
  logger: Logger;
  /** Reports whether a principal is still configured. A token minted for one that is not is revoked at once. */
  isKnownPrincipal?: (principalId: string) => boolean;
}

/** A token as handed to its caller, with the record the store keeps. */
export interface MintedToken {
  token: string;
  record: TransientTokenRecord;
}

/** Mints transient tokens with their parent's access level and a bounded lifetime. */
export class TokenIssuer {
  #options: TokenIssuerOptions;
  readonly #lastCapWarningAt = new Map<string, number>();

  constructor(options: TokenIssuerOptions) {
    this.#options = options;
  }

  /** Replaces the lifetime and cap used for tokens minted from now on. Tokens minted earlier keep their expiry. */
  configure(limits: TokenIssuerLimits): void {
    this.#options = { ...this.#options, ...limits };
  }

  /**
   * Mints a transient token for a principal. A token minted from a transient
   * token expires no later than that parent and is revoked with it.
   *
   * @throws {UnauthorizedError} when the parent token expired or was revoked meanwhile, or a
   *   configuration reload removed the principal.
   * @throws {TooManyRequestsError} when the principal is at its cap and only the new token's ancestors could make room.
   */
  async mint(principal: Principal): Promise<MintedToken> {
    const { store, clock, ttlSeconds, logger } = this.#options;
    const token = formatTransientToken(randomUUID());
    const issuedAt = clock.now();
    const record: TransientTokenRecord = {
      digest: digestToken(token),
      principalId: principal.id,
      access: principal.access,
      issuedAt,
      expiresAt: issuedAt + ttlSeconds * 1000,
    };
    if (principal.kind === "transient") record.parentDigest = principal.digest;

    const result = await store.add(record);
    if (!result.added && result.reason === "parent-gone") throw new UnauthorizedError();
    if (!result.added) {
      throw new TooManyRequestsError(
        `Principal "${principal.id}" has its maximum of ${this.#options.maxTokensPerPrincipal} transient tokens, ` +
          "and each of them is an ancestor of the token requested: mint from the account token instead.",
      );
    }
    record.expiresAt = result.expiresAt;
    // A reload that removed the principal while the token was being stored may have revoked its tokens before this one.
    if (this.#options.isKnownPrincipal?.(principal.id) === false) {
      await store.revoke(record.digest);
      throw new UnauthorizedError();
    }

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
    if (result.evicted.length > 0) {
      logRevoked(logger, result.evicted, "principal cap");
      this.#warnCapReached(principal.id, result.evicted);
    }

    return { token, record };
  }

  #warnCapReached(principalId: string, evicted: readonly TransientTokenRecord[]): void {
    const now = this.#options.clock.now();
    const last = this.#lastCapWarningAt.get(principalId);
    if (last !== undefined && now - last < CAP_WARNING_INTERVAL_MS) return;

    this.#lastCapWarningAt.set(principalId, now);
    this.#options.logger.warn(
      {
        event: "token.cap_reached",
        principal: principalId,
        maxTokens: this.#options.maxTokensPerPrincipal,
        revokedIds: evicted.map((token) => publicId(token.digest)),
      },
      "principal reached its transient token cap; its oldest tokens were revoked",
    );
  }
}
