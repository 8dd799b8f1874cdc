/**
 * A configured source: the transient token minted on it is cached until
 * shortly before it expires, checked on the source at an interval, and
 * minted anew on `refresh=1` or when the source rejects it.
 */
import type { Device } from "@plex-security/client/protocol";
import type { Logger } from "pino";

import type { Clock } from "../clock.js";
import type { SourceConfig } from "../config.js";
import { completeConnection } from "../connections.js";
import { digestToken, publicId } from "../token-digest.js";
import { checkOnSource, mintOnSource, type UpstreamToken } from "./upstream.js";

/** Maximum margin before the assumed expiry at which a cached token is renewed. */
const MAX_RENEW_MARGIN_MS = 60 * 60 * 1000;

interface CachedToken extends UpstreamToken {
  mintedAt: number;
  checkedAt: number;
}

export interface FederatedSourceOptions {
  config: SourceConfig;
  clock: Clock;
  logger: Logger;
  /** This server's machine identifier, sent to the source as its client identifier. */
  clientIdentifier: string;
  fetch?: typeof fetch;
}

export class FederatedSource {
  readonly #options: FederatedSourceOptions;
  readonly #lifetimeMs: number;
  readonly #renewMarginMs: number;
  #cached: CachedToken | undefined;
  #minting: Promise<CachedToken> | undefined;
  #checking: Promise<CachedToken> | undefined;

  constructor(options: FederatedSourceOptions) {
    this.#options = options;
    this.#lifetimeMs = options.config.tokenTtlSeconds * 1000;
    this.#renewMarginMs = Math.min(MAX_RENEW_MARGIN_MS, this.#lifetimeMs / 10);
  }

  /**
   * Returns the source's device with a transient token valid on it.
   * Concurrent calls share one upstream request.
   *
   * @throws {BadGatewayError} when no connection of the source can mint.
   */
  async getDevice(refresh: boolean): Promise<Device> {
    const { token } = await this.#currentToken(refresh);
    const { config } = this.#options;

    return {
      name: config.name,
      clientIdentifier: config.source.slice(config.source.indexOf("://") + 3),
      accessToken: token,
      connections: config.connections.map(completeConnection),
    };
  }

  async #currentToken(refresh: boolean): Promise<CachedToken> {
    const cached = this.#cached;
    const now = this.#options.clock.now();
    if (refresh) return this.#mint("refresh requested");
    if (cached === undefined) return this.#mint("no cached token");
    if (now >= cached.mintedAt + this.#lifetimeMs - this.#renewMarginMs) return this.#renew(cached);
    if (now - cached.checkedAt < this.#options.config.checkIntervalSeconds * 1000) return cached;

    this.#checking ??= this.#check(cached).finally(() => {
      this.#checking = undefined;
    });

    return this.#checking;
  }

  /** Mints the next token near the expiry; while the source is down, the cached one serves until it expires. */
  async #renew(cached: CachedToken): Promise<CachedToken> {
    try {
      return await this.#mint("cached token near expiry");
    } catch (error) {
      if (this.#options.clock.now() >= cached.mintedAt + this.#lifetimeMs) throw error;
      return cached;
    }
  }

  async #check(cached: CachedToken): Promise<CachedToken> {
    const { config, clock, logger } = this.#options;
    const outcome = await checkOnSource(cached, config.timeoutMs, this.#options.fetch);
    if (outcome === "rejected") {
      logger.info({ event: "source.token_rejected", source: config.source, tokenId: idOf(cached.token) }, "source rejected the cached token");
      if (this.#cached === cached) this.#cached = undefined;
      return this.#mint("cached token rejected");
    }
    if (outcome === "unknown") {
      logger.warn({ event: "source.check_failed", source: config.source }, "could not check the cached token on the source; handing it out");
    }
    cached.checkedAt = clock.now();

    return cached;
  }

  /** Starts a mint on the source, or joins the one in flight. */
  #mint(reason: string): Promise<CachedToken> {
    this.#minting ??= this.#mintOnce(reason).finally(() => {
      this.#minting = undefined;
    });

    return this.#minting;
  }

  async #mintOnce(reason: string): Promise<CachedToken> {
    const { config, clock, logger, clientIdentifier } = this.#options;
    const minted = await mintOnSource(config, {
      clientIdentifier,
      ...(this.#options.fetch === undefined ? {} : { fetch: this.#options.fetch }),
      onFailure: (failure) => logger.warn({ event: "source.mint_failed", ...failure }, "minting a token on the source failed"),
    });

    const now = clock.now();
    const cached = { ...minted, mintedAt: now, checkedAt: now };
    this.#cached = cached;
    logger.info(
      { event: "source.token_minted", source: config.source, uri: minted.uri, tokenId: idOf(minted.token), reason },
      "minted a token on the source",
    );

    return cached;
  }
}

function idOf(token: string): string {
  return publicId(digestToken(token));
}
