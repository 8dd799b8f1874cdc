import { NONE, WORDS_PER_DIGEST, type TokenSlots } from "./token-slots.js";

/**
 * An open-addressing hash table from token digests to slots, with linear
 * probing. SHA-256 digests are uniform, so the first digest word serves as
 * the hash. Tokens that share their first word (their public id) share a
 * home cell, so they all sit in the run of occupied cells that starts there,
 * which is how a public id finds every token it names.
 */
export class DigestIndex {
  readonly #slots: TokenSlots;
  /** Slot + 1 per cell, and 0 in an empty cell. */
  #cells: Int32Array;
  #mask: number;

  constructor(slots: TokenSlots) {
    this.#slots = slots;
    this.#cells = new Int32Array(slots.capacity * 2);
    this.#mask = this.#cells.length - 1;
  }

  /** Returns the slot holding exactly this digest, or NONE. */
  find(words: readonly number[]): number {
    const digestWords = this.#slots.digestWords;

    for (let cell = (words[0] as number) & this.#mask; ; cell = (cell + 1) & this.#mask) {
      const entry = this.#cells[cell] as number;
      if (entry === 0) return NONE;

      const slot = entry - 1;
      const base = slot * WORDS_PER_DIGEST;
      let equal = true;
      for (let word = 0; word < WORDS_PER_DIGEST && equal; word++) {
        equal = digestWords[base + word] === words[word];
      }
      if (equal) return slot;
    }
  }

  /** Calls `visit` for each slot whose digest starts with this word. */
  forEachWithFirstWord(firstWord: number, visit: (slot: number) => void): void {
    const digestWords = this.#slots.digestWords;

    for (let cell = firstWord & this.#mask; ; cell = (cell + 1) & this.#mask) {
      const entry = this.#cells[cell] as number;
      if (entry === 0) return;
      if (digestWords[(entry - 1) * WORDS_PER_DIGEST] === firstWord) visit(entry - 1);
    }
  }

  /** Adds a slot whose digest words are already written. The digest must not be in the table yet. */
  insert(slot: number): void {
    let cell = this.#home(slot);
    while (this.#cells[cell] !== 0) cell = (cell + 1) & this.#mask;
    this.#cells[cell] = slot + 1;
  }

  /**
   * Removes a slot. The entries after it in its run move back to fill the
   * gap where their probe sequence allows, so lookups never need tombstones.
   */
  delete(slot: number): void {
    let gap = this.#home(slot);
    while (this.#cells[gap] !== slot + 1) gap = (gap + 1) & this.#mask;

    for (let cell = (gap + 1) & this.#mask; ; cell = (cell + 1) & this.#mask) {
      const entry = this.#cells[cell] as number;
      if (entry === 0) break;

      // An entry may fill the gap unless its home lies cyclically in (gap, cell].
      const home = this.#home(entry - 1);
      const homeAfterGap = (home - gap - 1) & this.#mask;
      const cellAfterGap = (cell - gap - 1) & this.#mask;
      if (homeAfterGap < cellAfterGap + 1) continue;

      this.#cells[gap] = entry;
      gap = cell;
    }
    this.#cells[gap] = 0;
  }

  /**
   * Rebuilds the table for a new slot capacity, keeping the load at or
   * below one half.
   * TODO: growing rebuilds this table and copies every slot array in one
   * step. The add that crossed 2^20 tokens took about 160 ms on a 2-core
   * machine. An incremental rebuild would spread that over later adds.
   */
  rebuild(capacity: number): void {
    const old = this.#cells;
    this.#cells = new Int32Array(capacity * 2);
    this.#mask = this.#cells.length - 1;

    for (const entry of old) {
      if (entry !== 0) this.insert(entry - 1);
    }
  }

  #home(slot: number): number {
    return (this.#slots.digestWords[slot * WORDS_PER_DIGEST] as number) & this.#mask;
  }
}
