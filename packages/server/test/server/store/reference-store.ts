import type { TransientTokenRecord } from "../../../src/server/index.js";

/**
 * A plain model of the token store's rules, for comparing with the real
 * store: a Map in minting order, the cap, expiry limited by the parent,
 * revocation with descendants.
 */
export class ReferenceStore {
  readonly tokens = new Map<string, TransientTokenRecord>();

  constructor(
    private readonly cap: number,
    private readonly now: () => number,
  ) {}

  add(record: TransientTokenRecord): { added: boolean; evicted: string[] } {
    const copy = { ...record };
    if (copy.parentDigest !== undefined) {
      const parent = this.live(copy.parentDigest);
      if (parent === undefined) return { added: false, evicted: [] };
      copy.expiresAt = Math.min(copy.expiresAt, parent.expiresAt);
    }

    const ancestors = new Set<string>();
    for (let digest = copy.parentDigest; digest !== undefined; digest = this.tokens.get(digest)?.parentDigest) {
      ancestors.add(digest);
    }
    const evicted: string[] = [];
    while (this.owned(copy.principalId).length >= this.cap) {
      const oldest = this.owned(copy.principalId).find((token) => !ancestors.has(token.digest));
      if (oldest === undefined) return { added: false, evicted };
      evicted.push(...this.revoke(oldest.digest));
    }
    this.tokens.set(copy.digest, copy);

    return { added: true, evicted };
  }

  live(digest: string): TransientTokenRecord | undefined {
    const token = this.tokens.get(digest);

    return token !== undefined && token.expiresAt > this.now() ? token : undefined;
  }

  /** Removes a token and its descendants, and returns the digests removed. */
  revoke(digest: string): string[] {
    if (!this.tokens.has(digest)) return [];
    this.tokens.delete(digest);
    const children = [...this.tokens.values()].filter((token) => token.parentDigest === digest);

    return [digest, ...children.flatMap((child) => this.revoke(child.digest))];
  }

  /** Removes expired tokens and detaches their children, as the real store does. */
  dropExpired(): void {
    for (const token of [...this.tokens.values()]) {
      if (token.expiresAt <= this.now()) this.tokens.delete(token.digest);
    }
    for (const token of this.tokens.values()) {
      if (token.parentDigest !== undefined && !this.tokens.has(token.parentDigest)) delete token.parentDigest;
    }
  }

  owned(principalId: string): TransientTokenRecord[] {
    return [...this.tokens.values()].filter((token) => token.principalId === principalId);
  }

  liveList(): TransientTokenRecord[] {
    return [...this.tokens.values()].filter((token) => token.expiresAt > this.now());
  }
}
