/**
 * Fixed-width token records in parallel typed arrays, one index ("slot") per
 * token. A million tokens cost about 106 bytes each and no JavaScript
 * objects, so the garbage collector never walks them.
 */

/** The slot number that means "no slot" in every link array. */
export const NONE = -1;

/** A SHA-256 digest is 8 unsigned 32-bit words, the first word holding its first 8 hex digits. */
export const WORDS_PER_DIGEST = 8;

/** Bit set in `flags` while the slot contains a token. */
export const FLAG_LIVE = 1;
/** Bit set in `flags` when the token has admin access. */
export const FLAG_ADMIN = 2;

const INITIAL_CAPACITY = 1024;

/**
 * The arrays behind a token store. Links are slot numbers: `group*` chains
 * a principal's tokens oldest first, `order*` chains every token oldest
 * first, `firstChild`/`*Sibling` chain the tokens minted from a token.
 * Free slots are chained through `orderNext`.
 */
export class TokenSlots {
  capacity = 0;
  digestWords = new Uint32Array(0);
  issuedAt = new Float64Array(0);
  expiresAt = new Float64Array(0);
  /** Position in minting order, unique per store, for consistent revocation of a principal's tokens. */
  serial = new Float64Array(0);
  group = new Int32Array(0);
  parent = new Int32Array(0);
  firstChild = new Int32Array(0);
  nextSibling = new Int32Array(0);
  previousSibling = new Int32Array(0);
  groupNext = new Int32Array(0);
  groupPrevious = new Int32Array(0);
  orderNext = new Int32Array(0);
  orderPrevious = new Int32Array(0);
  flags = new Uint8Array(0);

  /** Slots below this have been handed out at least once. */
  highWater = 0;
  #freeHead = NONE;

  constructor(capacity = INITIAL_CAPACITY) {
    this.#resize(capacity);
  }

  /**
   * Returns a free slot with every link set to NONE, growing the arrays
   * when none is free. Growing copies every array, so `onGrow` lets the
   * caller rebuild what depends on the capacity.
   */
  allocate(onGrow: (capacity: number) => void): number {
    let slot = this.#freeHead;
    if (slot !== NONE) {
      this.#freeHead = this.orderNext[slot] as number;
    } else {
      if (this.highWater === this.capacity) {
        this.#resize(this.capacity * 2);
        onGrow(this.capacity);
      }
      slot = this.highWater++;
    }

    this.parent[slot] = NONE;
    this.firstChild[slot] = NONE;
    this.nextSibling[slot] = NONE;
    this.previousSibling[slot] = NONE;
    this.groupNext[slot] = NONE;
    this.groupPrevious[slot] = NONE;
    this.orderNext[slot] = NONE;
    this.orderPrevious[slot] = NONE;

    return slot;
  }

  /** Returns a slot to the free chain; the caller has unlinked it from every list. */
  release(slot: number): void {
    this.flags[slot] = 0;
    this.orderNext[slot] = this.#freeHead;
    this.#freeHead = slot;
  }

  isLive(slot: number): boolean {
    return ((this.flags[slot] as number) & FLAG_LIVE) !== 0;
  }

  /** Returns the lowercase hex digest held in a slot. */
  digestHex(slot: number): string {
    let hex = "";
    for (let word = 0; word < WORDS_PER_DIGEST; word++) {
      hex += (this.digestWords[slot * WORDS_PER_DIGEST + word] as number).toString(16).padStart(8, "0");
    }

    return hex;
  }

  #resize(capacity: number): void {
    this.digestWords = grown(this.digestWords, capacity * WORDS_PER_DIGEST, Uint32Array);
    this.issuedAt = grown(this.issuedAt, capacity, Float64Array);
    this.expiresAt = grown(this.expiresAt, capacity, Float64Array);
    this.serial = grown(this.serial, capacity, Float64Array);
    this.group = grown(this.group, capacity, Int32Array);
    this.parent = grown(this.parent, capacity, Int32Array);
    this.firstChild = grown(this.firstChild, capacity, Int32Array);
    this.nextSibling = grown(this.nextSibling, capacity, Int32Array);
    this.previousSibling = grown(this.previousSibling, capacity, Int32Array);
    this.groupNext = grown(this.groupNext, capacity, Int32Array);
    this.groupPrevious = grown(this.groupPrevious, capacity, Int32Array);
    this.orderNext = grown(this.orderNext, capacity, Int32Array);
    this.orderPrevious = grown(this.orderPrevious, capacity, Int32Array);
    this.flags = grown(this.flags, capacity, Uint8Array);
    this.capacity = capacity;
  }
}

type TypedArray = Uint32Array | Float64Array | Int32Array | Uint8Array;

function grown<T extends TypedArray>(old: T, length: number, Type: new (length: number) => T): T {
  const next = new Type(length);
  next.set(old);

  return next;
}

/**
 * Parses a hex digest, or a prefix of one, into big-endian 32-bit words; a
 * partial last word is left out.
 */
export function hexToWords(hex: string): number[] {
  const words: number[] = [];
  for (let offset = 0; offset + 8 <= hex.length; offset += 8) {
    words.push(Number.parseInt(hex.slice(offset, offset + 8), 16) >>> 0);
  }

  return words;
}
