/**
 * Keeps one transient token alive for any number of callers: mints it once,
 * shares it, refreshes it before it expires, and mints a new one when the
 * server no longer accepts it.
 */
import { PlexUnauthorizedError } from "./errors/index.js";
import { PlexAbortError } from "./errors/transport-errors.js";
import { PlexAccountTokenRejectedError } from "./errors/token-manager-errors.js";
import type { PlexAPI } from "./plex-api.js";
import { QueryParamType, Scope } from "./protocol/model.js";

export interface TransientTokenManagerOptions {
  /** The lifetime assumed for a minted token, in milliseconds; PMS keeps them up to 48 hours. @default 172800000 */
  tokenLifetimeMs?: number;
  /** How long before the assumed expiry a new token is minted, in milliseconds. @default 3600000 */
  refreshAheadMs?: number;
  /** Returns the current time in milliseconds. @default Date.now */
  now?: () => number;
}

/** Options of one {@link TransientTokenManager} call. */
export interface TokenCallOptions {
  /** Stops waiting for a token; the call then rejects with `PlexAbortError`. A shared mint goes on for the other callers. */
  signal?: AbortSignal;
}

interface CachedToken {
  token: string;
  refreshAt: number;
  expiresAt: number;
}

export const DEFAULT_TOKEN_LIFETIME_MS = 48 * 60 * 60 * 1000;
export const DEFAULT_REFRESH_AHEAD_MS = 60 * 60 * 1000;

/**
 * @example
 * const manager = new TransientTokenManager(new PlexAPI({ serverURL, accessToken: accountToken }));
 * const url = await manager.withToken(async (token) => streamUrlFor(token));
 */
export class TransientTokenManager {
  readonly #plex: PlexAPI;
  readonly #tokenLifetimeMs: number;
  readonly #refreshAheadMs: number;
  readonly #now: () => number;
  #cached: CachedToken | undefined;
  #minting: Promise<CachedToken> | undefined;

  /**
   * @param plex A client bound to the account token; the manager mints with it.
   * @throws {RangeError} for a lifetime or refresh margin that is not a positive number, or a margin not below the lifetime.
   */
  constructor(plex: PlexAPI, options: TransientTokenManagerOptions = {}) {
    this.#plex = plex;
    this.#tokenLifetimeMs = positive(options.tokenLifetimeMs ?? DEFAULT_TOKEN_LIFETIME_MS, "tokenLifetimeMs");
    this.#refreshAheadMs = positive(options.refreshAheadMs ?? DEFAULT_REFRESH_AHEAD_MS, "refreshAheadMs");
    if (this.#refreshAheadMs >= this.#tokenLifetimeMs) {
      throw new RangeError("Invalid refreshAheadMs: it must be less than tokenLifetimeMs.");
    }
    this.#now = options.now ?? Date.now;
  }

  /**
   * Returns a transient token, minting one when there is none or it expired.
   * Concurrent callers share one mint. Within `refreshAheadMs` of the expiry
   * it returns the current token and mints the next one in the background.
   *
   * @throws {PlexAccountTokenRejectedError} when the server rejects the account token.
   * @throws {PlexError} when minting fails otherwise.
   */
  async getToken(options: TokenCallOptions = {}): Promise<string> {
    const now = this.#now();
    const cached = this.#cached;
    if (cached !== undefined && now < cached.expiresAt) {
      if (now >= cached.refreshAt) this.#mint().catch(() => undefined);
      return cached.token;
    }

    return (await waitFor(this.#mint(), options.signal)).token;
  }

  /** Forgets a token the server no longer accepts; a newer token is kept. */
  invalidate(token: string): void {
    if (this.#cached?.token === token) this.#cached = undefined;
  }

  /**
   * Runs an operation with the current token. When the operation fails with
   * `PlexUnauthorizedError` (the token expired, was revoked, or the server
   * restarted), mints a new token once and runs the operation once more. Any
   * other error, including `PlexForbiddenError`, is final.
   */
  async withToken<T>(operation: (token: string) => Promise<T>, options: TokenCallOptions = {}): Promise<T> {
    const token = await this.getToken(options);
    try {
      return await operation(token);
    } catch (error) {
      if (!(error instanceof PlexUnauthorizedError)) throw error;
    }

    this.invalidate(token);
    const fresh = await this.getToken(options);

    return operation(fresh);
  }

  /** Starts a mint, or joins the one in flight. */
  #mint(): Promise<CachedToken> {
    this.#minting ??= this.#mintOnce().finally(() => {
      this.#minting = undefined;
    });

    return this.#minting;
  }

  async #mintOnce(): Promise<CachedToken> {
    let token: string;
    try {
      ({ token } = await this.#plex.security.getTransientToken(QueryParamType.Delegation, Scope.All));
    } catch (error) {
      if (error instanceof PlexUnauthorizedError) throw new PlexAccountTokenRejectedError(error);
      throw error;
    }

    const mintedAt = this.#now();
    const cached = {
      token,
      refreshAt: mintedAt + this.#tokenLifetimeMs - this.#refreshAheadMs,
      expiresAt: mintedAt + this.#tokenLifetimeMs,
    };
    this.#cached = cached;

    return cached;
  }
}

/** Waits for a shared promise, giving up (without cancelling it) when the signal aborts. */
function waitFor<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (signal === undefined) return promise;
  if (signal.aborted) return Promise.reject(new PlexAbortError({ cause: signal.reason }));

  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new PlexAbortError({ cause: signal.reason }));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function positive(value: number, name: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`Invalid ${name}: expected a positive number of milliseconds, got ${String(value)}.`);
  }

  return value;
}
