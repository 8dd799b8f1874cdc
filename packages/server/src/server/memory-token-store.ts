/**
 * The default token store: a Map in this process, so a restart destroys
 * every transient token, as on PMS.
 */
import type { Clock } from "./clock.js";
import { systemClock } from "./clock.js";
import type { AddResult, TokenStore, TransientTokenRecord } from "./token-store.js";

export interface MemoryTokenStoreOptions {
  /** Maximum live tokens per principal; adding one more revokes the oldest. @default 1000 */
  maxTokensPerPrincipal?: number;
  /** Interval between expiry sweeps. @default 60000 */
  sweepIntervalMs?: number;
  /** Tokens examined per sweep step before the sweep yields to the event loop. @default 2000 */
  sweepBatchSize?: number;
  clock?: Clock;
}

export class MemoryTokenStore implements TokenStore {
  readonly #tokens = new Map<string, TransientTokenRecord>();
  /** Digests per principal, in insertion order, so the first is the oldest. */
  readonly #byPrincipal = new Map<string, Set<string>>();
  readonly #children = new Map<string, Set<string>>();
  readonly #maxTokensPerPrincipal: number;
  readonly #sweepBatchSize: number;
  readonly #clock: Clock;
  readonly #timer: ReturnType<typeof setInterval> | undefined;
  #sweeping: Promise<number> | undefined;

  constructor(options: MemoryTokenStoreOptions = {}) {
    this.#maxTokensPerPrincipal = positiveInteger(options.maxTokensPerPrincipal ?? 1000, "maxTokensPerPrincipal");
    this.#sweepBatchSize = positiveInteger(options.sweepBatchSize ?? 2000, "sweepBatchSize");
    this.#clock = options.clock ?? systemClock;

    const sweepIntervalMs = positiveInteger(options.sweepIntervalMs ?? 60_000, "sweepIntervalMs");
    this.#timer = setInterval(() => void this.sweep(), sweepIntervalMs);
    this.#timer.unref();
  }

  async add(record: TransientTokenRecord): Promise<AddResult> {
    this.#tokens.set(record.digest, record);
    let owned = this.#byPrincipal.get(record.principalId);
    if (owned === undefined) {
      owned = new Set();
      this.#byPrincipal.set(record.principalId, owned);
    }
    owned.add(record.digest);
    if (record.parentDigest !== undefined) {
      let siblings = this.#children.get(record.parentDigest);
      if (siblings === undefined) {
        siblings = new Set();
        this.#children.set(record.parentDigest, siblings);
      }
      siblings.add(record.digest);
    }

    const evicted: string[] = [];
    while (owned.size > this.#maxTokensPerPrincipal) {
      const oldest = owned.values().next().value as string;
      evicted.push(...this.#remove(oldest).map((removed) => removed.digest));
    }

    return { evicted };
  }

  async get(digest: string): Promise<TransientTokenRecord | undefined> {
    const record = this.#tokens.get(digest);
    if (record === undefined) return undefined;
    if (record.expiresAt <= this.#clock.now()) {
      this.#remove(digest);
      return undefined;
    }

    return record;
  }

  async revokeByPrefix(digestPrefix: string): Promise<TransientTokenRecord[]> {
    const matches = [...this.#tokens.keys()].filter((digest) => digest.startsWith(digestPrefix));

    return matches.flatMap((digest) => this.#remove(digest));
  }

  async revokePrincipal(principalId: string): Promise<TransientTokenRecord[]> {
    const owned = [...(this.#byPrincipal.get(principalId) ?? [])];

    return owned.flatMap((digest) => this.#remove(digest));
  }

  async revokeAll(): Promise<number> {
    const count = this.#tokens.size;
    this.#tokens.clear();
    this.#byPrincipal.clear();
    this.#children.clear();

    return count;
  }

  async list(): Promise<TransientTokenRecord[]> {
    const now = this.#clock.now();

    return [...this.#tokens.values()].filter((record) => record.expiresAt > now);
  }

  async size(): Promise<number> {
    return this.#tokens.size;
  }

  /**
   * Removes expired tokens in batches, yielding to the event loop between
   * batches so that a large store never stalls other requests. Concurrent
   * calls share one sweep. Resolves to the number of tokens removed.
   */
  sweep(): Promise<number> {
    this.#sweeping ??= this.#sweepInBatches().finally(() => {
      this.#sweeping = undefined;
    });

    return this.#sweeping;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#sweeping;
  }

  async #sweepInBatches(): Promise<number> {
    const now = this.#clock.now();
    const iterator = this.#tokens.values();
    let removed = 0;

    for (;;) {
      for (let examined = 0; examined < this.#sweepBatchSize; examined++) {
        const next = iterator.next();
        if (next.done) return removed;
        if (next.value.expiresAt <= now) removed += this.#remove(next.value.digest).length;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Removes a token and its descendants from every index; returns what was removed. */
  #remove(digest: string): TransientTokenRecord[] {
    const removed: TransientTokenRecord[] = [];
    const pending = [digest];

    for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
      const record = this.#tokens.get(current);
      if (record === undefined) continue;

      this.#tokens.delete(current);
      removed.push(record);
      this.#forget(this.#byPrincipal, record.principalId, current);
      if (record.parentDigest !== undefined) this.#forget(this.#children, record.parentDigest, current);

      const children = this.#children.get(current);
      if (children !== undefined) {
        pending.push(...children);
        this.#children.delete(current);
      }
    }

    return removed;
  }

  #forget(index: Map<string, Set<string>>, key: string, digest: string): void {
    const set = index.get(key);
    if (set === undefined) return;
    set.delete(digest);
    if (set.size === 0) index.delete(key);
  }
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw new RangeError(`Invalid ${name}: expected a positive integer, got ${String(value)}.`);
  }

  return value;
}
