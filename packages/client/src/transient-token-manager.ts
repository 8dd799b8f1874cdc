import { PlexAbortError, PlexUnauthorizedError } from "./errors/index.js";
import { QueryParamType, Scope } from "./protocol/model.js";
import { MAX_RETRIES, MAX_TIMER_MS, type AccessTokenProvider } from "./options.js";
import type { PlexAPI } from "./plex-api.js";
import { validateOptionalInteger } from "./validate-options.js";

/** The options of {@link TransientTokenManager}. */
export interface TransientTokenManagerOptions {
  /**
   * The age at which a token is minted anew, in milliseconds. PMS keeps a
   * transient token for up to 48 hours, so the default leaves one hour of margin.
   * @default 169200000 (47 hours)
   */
  maxAgeMs?: number;
  /** The per-attempt timeout of a mint request, in milliseconds. @default the client's timeoutMs */
  timeoutMs?: number;
  /** The retries of a mint request. @default the client's retries */
  retries?: number;
  /** Returns the current time in milliseconds. @default Date.now */
  now?: () => number;
}

/** The default {@link TransientTokenManagerOptions.maxAgeMs}: 47 hours. */
export const DEFAULT_TRANSIENT_TOKEN_MAX_AGE_MS = 47 * 60 * 60 * 1000;

interface CachedToken {
  token: string;
  /** When the mint request started, so the age is never underestimated. */
  mintedAtMs: number;
}

/**
 * Keeps one transient token alive for its callers. It mints on first use,
 * shares one mint request between concurrent callers, mints again once the
 * token is `maxAgeMs` old, and `withToken` mints again once when a call with
 * the token fails with 401. A 403 is final: a new token would have the same
 * access level. The token is kept in a private field, out of `util.inspect`.
 */
export class TransientTokenManager {
  /** A function for the `accessToken` option of another `PlexAPI`, which sends the live transient token. */
  readonly accessToken: AccessTokenProvider = () => this.getToken();

  readonly #plex: PlexAPI;
  readonly #maxAgeMs: number;
  readonly #mintOptions: { timeoutMs?: number; retries?: number };
  readonly #now: () => number;
  #cached: CachedToken | undefined;
  #pending: Promise<CachedToken> | undefined;

  /**
   * @param plex A client whose access token may mint transient tokens.
   * @throws {TypeError | RangeError} for an invalid option, naming it.
   */
  constructor(plex: PlexAPI, options: TransientTokenManagerOptions = {}) {
    this.#plex = plex;
    this.#maxAgeMs = validateOptionalInteger(options.maxAgeMs, "maxAgeMs", 1, Number.MAX_SAFE_INTEGER) ??
      DEFAULT_TRANSIENT_TOKEN_MAX_AGE_MS;
    this.#mintOptions = {
      ...optionalEntry("timeoutMs", validateOptionalInteger(options.timeoutMs, "timeoutMs", 1, MAX_TIMER_MS)),
      ...optionalEntry("retries", validateOptionalInteger(options.retries, "retries", 0, MAX_RETRIES)),
    };
    if (options.now !== undefined && typeof options.now !== "function") {
      throw new TypeError(`Invalid now option: expected a function, got ${typeof options.now}.`);
    }
    this.#now = options.now ?? Date.now;
  }

  /**
   * Returns a live transient token, minting one when there is none or it is
   * too old. Concurrent callers share one mint request. An abort of `signal`
   * rejects this call with `PlexAbortError` but lets the shared mint finish.
   */
  async getToken(options: { signal?: AbortSignal } = {}): Promise<string> {
    const cached = this.#cached;
    if (cached !== undefined && this.#now() - cached.mintedAtMs < this.#maxAgeMs) return cached.token;

    this.#pending ??= this.#mint();
    const minted = await waitUnlessAborted(this.#pending, options.signal, this.#plex.serverURL);

    return minted.token;
  }

  /** Forgets the cached token, or only `token` when given, so the next call mints a new one. */
  invalidate(token?: string): void {
    if (token === undefined || this.#cached?.token === token) this.#cached = undefined;
  }

  /**
   * Runs `operation` with a live token. When it fails with
   * `PlexUnauthorizedError`, because the server restarted or revoked the
   * token, mints a new token and runs `operation` once more. A second 401 is
   * final, and so is any other error at the first attempt.
   */
  async withToken<T>(operation: (token: string) => Promise<T>, options: { signal?: AbortSignal } = {}): Promise<T> {
    const token = await this.getToken(options);

    try {
      return await operation(token);
    } catch (error) {
      if (!(error instanceof PlexUnauthorizedError)) throw error;

      this.invalidate(token);
      return operation(await this.getToken(options));
    }
  }

  async #mint(): Promise<CachedToken> {
    const mintedAtMs = this.#now();

    try {
      const { token } = await this.#plex.security.getTransientToken(QueryParamType.Delegation, Scope.All, this.#mintOptions);
      this.#cached = { token, mintedAtMs };

      return this.#cached;
    } finally {
      this.#pending = undefined;
    }
  }
}

function waitUnlessAborted<T>(promise: Promise<T>, signal: AbortSignal | undefined, serverURL: string): Promise<T> {
  if (signal === undefined) return promise;

  const context = { method: "GET", url: `${serverURL}security/token?type=delegation&scope=all` };
  if (signal.aborted) return Promise.reject(new PlexAbortError({ ...context, cause: signal.reason }));

  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new PlexAbortError({ ...context, cause: signal.reason }));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

function optionalEntry<K extends string>(key: K, value: number | undefined): Partial<Record<K, number>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, number>);
}
