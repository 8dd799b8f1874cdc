import type { Config } from "./config.js";
import { ADMIN_PRINCIPAL_ID, type Principal } from "./principal.js";
import { digestToken } from "./token-digest.js";
import type { TokenStore } from "./token-store.js";

type StaticPrincipal = Omit<Principal, "digest" | "expiresAt">;

/**
 * Resolves a presented token to its principal. Static tokens from the
 * configuration are compared by digest, like transient ones, so no token is
 * kept in clear after start-up.
 */
export class Authenticator {
  readonly #staticTokens = new Map<string, StaticPrincipal>();
  readonly #store: TokenStore;

  constructor(config: Pick<Config, "adminToken" | "sharedUsers">, store: TokenStore) {
    this.#store = store;
    this.#staticTokens.set(digestToken(config.adminToken), { id: ADMIN_PRINCIPAL_ID, access: "admin", kind: "admin" });
    for (const user of config.sharedUsers) {
      this.#staticTokens.set(digestToken(user.token), { id: user.id, access: "shared", kind: "shared" });
    }
  }

  /** Reports whether a value is one of the configured static tokens, so logs can leave it out. */
  isStaticToken(value: string): boolean {
    return value.length > 0 && this.#staticTokens.has(digestToken(value));
  }

  /** Returns the principal of a token, or undefined when the token is unknown, expired or revoked. */
  async authenticate(token: string): Promise<Principal | undefined> {
    const digest = digestToken(token);
    const known = this.#staticTokens.get(digest);
    if (known !== undefined) return { ...known, digest };

    const record = await this.#store.get(digest);
    if (record === undefined) return undefined;

    return {
      id: record.principalId,
      access: record.access,
      kind: "transient",
      digest,
      expiresAt: record.expiresAt,
    };
  }
}
