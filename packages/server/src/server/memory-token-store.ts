/**
 * The default token store, in this process's memory, so a restart destroys
 * every transient token, as on PMS.
 */
import type { Clock } from "./clock.js";
import { systemClock } from "./clock.js";
import { sweepExpired, yieldToEventLoop, type SweepReport } from "./store/sweep.js";
import { ancestorsOf, drainRevoked, listTokens, oldestExcept, REVOCATION_BATCH_SIZE } from "./store/table-walks.js";
import { hexToWords, NONE } from "./store/token-slots.js";
import { TokenTable } from "./store/token-table.js";
import type {
  AddResult,
  ListOptions,
  RevokedListener,
  TokenPage,
  TokenStore,
  TransientTokenRecord,
} from "./token-store.js";

export type { SweepReport } from "./store/sweep.js";

export interface MemoryTokenStoreOptions {
  /** Maximum live tokens per principal; adding one more revokes the oldest. @default 1000 */
  maxTokensPerPrincipal?: number;
  /** Interval between expiry sweeps. @default 60000 */
  sweepIntervalMs?: number;
  /** A sweep yields to the event loop once a step has run this long. @default 2 */
  sweepStepMs?: number;
  /** A sweep yields to the event loop once a step has examined this many slots. @default 65536 */
  sweepBatchSize?: number;
  /** Called after each sweep, for logging. */
  onSweep?: (report: SweepReport) => void;
  clock?: Clock;
}


const DIGEST_PATTERN = /^[0-9a-f]{64}$/;
const DIGEST_PREFIX_PATTERN = /^[0-9a-f]{8,64}$/;

/**
 * Keeps tokens in typed arrays (see `store/token-slots.ts`): about 100 bytes
 * per token and no object per token. Expired tokens are removed on lookup
 * and by a periodic sweep that runs in short steps.
 */
export class MemoryTokenStore implements TokenStore {
  #table = new TokenTable();
  #nextSerial = 0;
  #maxTokensPerPrincipal: number;
  readonly #sweepLimits: { stepMs: number; stepSlots: number };
  readonly #onSweep: ((report: SweepReport) => void) | undefined;
  readonly #clock: Clock;
  readonly #timer: ReturnType<typeof setInterval>;
  #sweeping: Promise<SweepReport> | undefined;

  constructor(options: MemoryTokenStoreOptions = {}) {
    this.#maxTokensPerPrincipal = positiveNumber(options.maxTokensPerPrincipal ?? 1000, "maxTokensPerPrincipal", true);
    this.#sweepLimits = {
      stepMs: positiveNumber(options.sweepStepMs ?? 2, "sweepStepMs", false),
      stepSlots: positiveNumber(options.sweepBatchSize ?? 65_536, "sweepBatchSize", true),
    };
    this.#onSweep = options.onSweep;
    this.#clock = options.clock ?? systemClock;

    const sweepIntervalMs = positiveNumber(options.sweepIntervalMs ?? 60_000, "sweepIntervalMs", true);
    this.#timer = setInterval(() => void this.sweep(), sweepIntervalMs);
    this.#timer.unref();
  }

  /** Replaces the cap. A principal above a lower cap loses its oldest tokens when it next mints one. */
  setMaxTokensPerPrincipal(value: number): void {
    this.#maxTokensPerPrincipal = positiveNumber(value, "maxTokensPerPrincipal", true);
  }

  async add(record: TransientTokenRecord): Promise<AddResult> {
    requireDigest(record.digest, "digest");
    const table = this.#table;
    const { slots } = table;
    if (table.findSlot(record.digest) !== NONE) throw new RangeError("Invalid digest: the store already contains this token.");

    let parentSlot = NONE;
    let expiresAt = record.expiresAt;
    if (record.parentDigest !== undefined) {
      requireDigest(record.parentDigest, "parentDigest");
      parentSlot = table.findSlot(record.parentDigest);
      if (parentSlot === NONE || (slots.expiresAt[parentSlot] as number) <= this.#clock.now()) {
        return { added: false, reason: "parent-gone" };
      }
      expiresAt = Math.min(expiresAt, slots.expiresAt[parentSlot] as number);
    }

    const evicted: TransientTokenRecord[] = [];
    const ancestors = parentSlot === NONE ? new Set<number>() : ancestorsOf(table, parentSlot).add(parentSlot);
    while ((table.group(record.principalId)?.count ?? 0) >= this.#maxTokensPerPrincipal) {
      const oldest = oldestExcept(table, record.principalId, ancestors);
      if (oldest === NONE) return { added: false, reason: "cap-reached" };
      evicted.push(...table.removeTree(oldest));
    }

    table.insert({
      words: hexToWords(record.digest),
      principalId: record.principalId,
      access: record.access,
      issuedAt: record.issuedAt,
      expiresAt,
      serial: this.#nextSerial++,
      parentSlot,
    });
    const now = this.#clock.now();

    return { added: true, expiresAt, evicted: evicted.filter((token) => token.expiresAt > now) };
  }

  async get(digest: string): Promise<TransientTokenRecord | undefined> {
    const table = this.#table;
    const slot = DIGEST_PATTERN.test(digest) ? table.findSlot(digest) : NONE;
    if (slot === NONE) return undefined;
    if ((table.slots.expiresAt[slot] as number) <= this.#clock.now()) {
      table.removeOne(slot);
      return undefined;
    }

    return table.record(slot);
  }

  async find(digestPrefix: string, limit: number): Promise<TransientTokenRecord[]> {
    if (!DIGEST_PREFIX_PATTERN.test(digestPrefix)) {
      throw new RangeError("Invalid digest prefix: expected 8 to 64 lowercase hex digits.");
    }
    const table = this.#table;
    const now = this.#clock.now();
    const found: TransientTokenRecord[] = [];

    table.index.forEachWithFirstWord(hexToWords(digestPrefix)[0] as number, (slot) => {
      if (found.length >= limit || (table.slots.expiresAt[slot] as number) <= now) return;
      if (table.slots.digestHex(slot).startsWith(digestPrefix)) found.push(table.record(slot));
    });

    return found;
  }

  async revoke(digest: string): Promise<TransientTokenRecord[]> {
    const table = this.#table;
    const slot = DIGEST_PATTERN.test(digest) ? table.findSlot(digest) : NONE;
    if (slot === NONE) return [];
    const now = this.#clock.now();

    return table.removeTree(slot).filter((token) => token.expiresAt > now);
  }

  async revokePrincipal(principalId: string, onRevoked?: RevokedListener): Promise<number> {
    // Tokens minted after this call began are left alone, unless they descend from an older one.
    const fence = this.#nextSerial;
    let total = 0;

    for (;;) {
      const table = this.#table;
      const now = this.#clock.now();
      const batch: TransientTokenRecord[] = [];
      let head = table.group(principalId)?.head ?? NONE;
      while (head !== NONE && (table.slots.serial[head] as number) < fence && batch.length < REVOCATION_BATCH_SIZE) {
        batch.push(...table.removeTree(head).filter((token) => token.expiresAt > now));
        head = table.group(principalId)?.head ?? NONE;
      }

      total += batch.length;
      if (batch.length > 0) onRevoked?.(batch);
      if (head === NONE || (table.slots.serial[head] as number) >= fence) return total;
      await yieldToEventLoop();
    }
  }

  async revokeAll(onRevoked?: RevokedListener): Promise<number> {
    // Swapping in an empty table revokes everything at once; the old one is only read afterwards.
    const old = this.#table;
    this.#table = new TokenTable();

    return drainRevoked(old, this.#clock.now(), onRevoked);
  }

  async list(options: ListOptions = {}): Promise<TokenPage> {
    return listTokens(this.#table, this.#clock.now(), options);
  }

  async size(): Promise<number> {
    return this.#table.count;
  }

  /**
   * Removes expired tokens in steps of at most `sweepStepMs` milliseconds,
   * yielding to the event loop between steps so that a large store never
   * stalls other requests. Concurrent calls share one sweep.
   */
  sweep(): Promise<SweepReport> {
    if (this.#sweeping !== undefined) return this.#sweeping;

    const table = this.#table;
    const sweeping = sweepExpired(table, this.#clock.now(), this.#sweepLimits, () => table === this.#table);
    this.#sweeping = sweeping.finally(() => {
      this.#sweeping = undefined;
    });
    void sweeping.then((report) => this.#onSweep?.(report)).catch(() => undefined);

    return this.#sweeping;
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.#sweeping;
  }
}

function requireDigest(value: string, name: string): void {
  if (!DIGEST_PATTERN.test(value)) throw new RangeError(`Invalid ${name}: expected 64 lowercase hex digits.`);
}

function positiveNumber(value: number, name: string, integer: boolean): number {
  const valid = integer ? Number.isSafeInteger(value) : Number.isFinite(value);
  if (!valid || value <= 0) {
    throw new RangeError(`Invalid ${name}: expected a positive ${integer ? "integer" : "number"}, got ${String(value)}.`);
  }

  return value;
}
