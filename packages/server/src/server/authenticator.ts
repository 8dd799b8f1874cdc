import type { Config } from "./config.js";
import { ADMIN_PRINCIPAL_ID, type Principal } from "./principal.js";
import { digestToken } from "./token-digest.js";
import type { TokenStore } from "./token-store.js";

type StaticPrincipal = Omit<Principal, "digest" | "expiresAt">;

/** Maximum digests of static tokens removed by reloads that the log redaction still recognises. */
const MAX_RETIRED_DIGESTS = 1000;

/**
 * Resolves a presented token to its principal. Static tokens from the
 * configuration are compared by digest, like transient ones, so no token is
 * kept in clear after start-up.
 */
export class Authenticator {
  #staticTokens = new Map<string, StaticPrincipal>();
  #principalIds = new Set<string>();
  /** Digests of static tokens that a reload removed, oldest first, so logs still leave them out. */
  readonly #retiredDigests = new Set<string>();
  readonly #store: TokenStore;

  constructor(config: Pick<Config, "adminToken" | "sharedUsers">, store: TokenStore) {
    this.#store = store;
    this.configure(config);
  }

  /**
   * Replaces the static tokens at once. Transient tokens of a principal that
   * is no longer configured stop authenticating from this call on, before
   * the store has revoked them.
   */
  configure(config: Pick<Config, "adminToken" | "sharedUsers">): void {
    const staticTokens = new Map<string, StaticPrincipal>();
    staticTokens.set(digestToken(config.adminToken), { id: ADMIN_PRINCIPAL_ID, access: "admin", kind: "admin" });
    for (const user of config.sharedUsers) {
      staticTokens.set(digestToken(user.token), { id: user.id, access: "shared", kind: "shared" });
    }

    for (const digest of this.#staticTokens.keys()) {
      if (!staticTokens.has(digest)) this.#retire(digest);
    }
    this.#staticTokens = staticTokens;
    this.#principalIds = new Set([ADMIN_PRINCIPAL_ID, ...config.sharedUsers.map((user) => user.id)]);
  }

  /** Reports whether a principal id is the admin or a configured shared user. */
  hasPrincipal(id: string): boolean {
    return this.#principalIds.has(id);
  }

  /** Reports whether a value is one of the configured static tokens, or one a reload removed, so logs can leave it out. */
  isStaticToken(value: string): boolean {
    if (value.length === 0) return false;
    const digest = digestToken(value);

    return this.#staticTokens.has(digest) || this.#retiredDigests.has(digest);
  }

  /** Returns the principal of a token, or undefined when the token is unknown, expired or revoked. */
  async authenticate(token: string): Promise<Principal | undefined> {
    const digest = digestToken(token);
    const known = this.#staticTokens.get(digest);
    if (known !== undefined) return { ...known, digest };

    const record = await this.#store.get(digest);
    if (record === undefined || !this.hasPrincipal(record.principalId)) return undefined;

    return {
      id: record.principalId,
      access: record.access,
      kind: "transient",
      digest,
      expiresAt: record.expiresAt,
    };
  }

  #retire(digest: string): void {
    this.#retiredDigests.delete(digest);
    this.#retiredDigests.add(digest);
    for (const oldest of this.#retiredDigests) {
      if (this.#retiredDigests.size <= MAX_RETIRED_DIGESTS) break;
      this.#retiredDigests.delete(oldest);
    }
  }
}
