import type { Access, TransientTokenRecord } from "../token-store.js";
import { DigestIndex } from "./digest-index.js";
import { FLAG_ADMIN, FLAG_LIVE, hexToWords, NONE, TokenSlots, WORDS_PER_DIGEST } from "./token-slots.js";

/** A principal's tokens, chained oldest first through `groupNext`. */
export interface TokenGroup {
  readonly id: string;
  readonly index: number;
  head: number;
  tail: number;
  count: number;
}

/** The fields of a new token, passed to {@link TokenTable.insert}. */
export interface NewToken {
  words: readonly number[];
  principalId: string;
  access: Access;
  issuedAt: number;
  expiresAt: number;
  serial: number;
  parentSlot: number;
}

/**
 * The synchronous core of the memory store: slots, the digest index, a
 * token group per principal and the minting order. Every operation here
 * touches a bounded number of slots, except `removeTree` on a large tree.
 */
export class TokenTable {
  readonly slots = new TokenSlots();
  readonly index = new DigestIndex(this.slots);
  orderHead = NONE;
  orderTail = NONE;
  /** Slots in use, expired ones not yet removed included. */
  count = 0;
  readonly #groups: (TokenGroup | undefined)[] = [];
  readonly #groupIndexes = new Map<string, number>();
  readonly #freeGroupIndexes: number[] = [];

  /** Returns the slot holding this hex digest, expired or not, or NONE. */
  findSlot(digest: string): number {
    return this.index.find(hexToWords(digest));
  }

  group(principalId: string): TokenGroup | undefined {
    const index = this.#groupIndexes.get(principalId);

    return index === undefined ? undefined : this.#groups[index];
  }

  /** Stores a token in a new slot, appended to its principal's tokens and to the minting order. */
  insert(token: NewToken): number {
    const { slots } = this;
    const slot = slots.allocate((capacity) => this.index.rebuild(capacity));
    const group = this.#groupFor(token.principalId);

    slots.digestWords.set(token.words, slot * WORDS_PER_DIGEST);
    slots.issuedAt[slot] = token.issuedAt;
    slots.expiresAt[slot] = token.expiresAt;
    slots.serial[slot] = token.serial;
    slots.group[slot] = group.index;
    slots.flags[slot] = FLAG_LIVE | (token.access === "admin" ? FLAG_ADMIN : 0);

    slots.groupPrevious[slot] = group.tail;
    if (group.tail === NONE) group.head = slot;
    else slots.groupNext[group.tail] = slot;
    group.tail = slot;
    group.count++;

    slots.orderPrevious[slot] = this.orderTail;
    if (this.orderTail === NONE) this.orderHead = slot;
    else slots.orderNext[this.orderTail] = slot;
    this.orderTail = slot;

    if (token.parentSlot !== NONE) {
      const sibling = slots.firstChild[token.parentSlot] as number;
      slots.parent[slot] = token.parentSlot;
      slots.nextSibling[slot] = sibling;
      if (sibling !== NONE) slots.previousSibling[sibling] = slot;
      slots.firstChild[token.parentSlot] = slot;
    }

    this.index.insert(slot);
    this.count++;

    return slot;
  }

  /** Returns the record of a slot in use. */
  record(slot: number): TransientTokenRecord {
    const { slots } = this;
    const record: TransientTokenRecord = {
      digest: slots.digestHex(slot),
      principalId: (this.#groups[slots.group[slot] as number] as TokenGroup).id,
      access: ((slots.flags[slot] as number) & FLAG_ADMIN) !== 0 ? "admin" : "shared",
      issuedAt: slots.issuedAt[slot] as number,
      expiresAt: slots.expiresAt[slot] as number,
    };
    const parent = slots.parent[slot] as number;
    if (parent !== NONE) record.parentDigest = slots.digestHex(parent);

    return record;
  }

  /** Removes a token and every token minted from it, directly or not; returns their records. */
  removeTree(root: number): TransientTokenRecord[] {
    const { slots } = this;
    const subtree = [root];
    for (let position = 0; position < subtree.length; position++) {
      const slot = subtree[position] as number;
      for (let child = slots.firstChild[slot] as number; child !== NONE; child = slots.nextSibling[child] as number) {
        subtree.push(child);
      }
    }

    // Records first, while every parent link is intact.
    const removed = subtree.map((slot) => this.record(slot));
    for (const slot of subtree) this.removeOne(slot);

    return removed;
  }

  /**
   * Removes one token. Tokens minted from it stay, without a parent: use
   * this only for an expired token, whose descendants have expired too.
   */
  removeOne(slot: number): void {
    const { slots } = this;

    for (let child = slots.firstChild[slot] as number; child !== NONE; ) {
      const next = slots.nextSibling[child] as number;
      slots.parent[child] = NONE;
      slots.nextSibling[child] = NONE;
      slots.previousSibling[child] = NONE;
      child = next;
    }
    this.#unlinkFromParent(slot);
    this.#unlinkFromGroup(slot);

    const previous = slots.orderPrevious[slot] as number;
    const next = slots.orderNext[slot] as number;
    if (previous === NONE) this.orderHead = next;
    else slots.orderNext[previous] = next;
    if (next === NONE) this.orderTail = previous;
    else slots.orderPrevious[next] = previous;

    this.index.delete(slot);
    slots.release(slot);
    this.count--;
  }

  #unlinkFromParent(slot: number): void {
    const { slots } = this;
    const parent = slots.parent[slot] as number;
    if (parent === NONE) return;

    const previous = slots.previousSibling[slot] as number;
    const next = slots.nextSibling[slot] as number;
    if (previous === NONE) slots.firstChild[parent] = next;
    else slots.nextSibling[previous] = next;
    if (next !== NONE) slots.previousSibling[next] = previous;
  }

  #unlinkFromGroup(slot: number): void {
    const { slots } = this;
    const group = this.#groups[slots.group[slot] as number] as TokenGroup;
    const previous = slots.groupPrevious[slot] as number;
    const next = slots.groupNext[slot] as number;
    if (previous === NONE) group.head = next;
    else slots.groupNext[previous] = next;
    if (next === NONE) group.tail = previous;
    else slots.groupPrevious[next] = previous;

    group.count--;
    if (group.count > 0) return;
    this.#groups[group.index] = undefined;
    this.#groupIndexes.delete(group.id);
    this.#freeGroupIndexes.push(group.index);
  }

  #groupFor(principalId: string): TokenGroup {
    const existing = this.group(principalId);
    if (existing !== undefined) return existing;

    const index = this.#freeGroupIndexes.pop() ?? this.#groups.length;
    const group: TokenGroup = { id: principalId, index, head: NONE, tail: NONE, count: 0 };
    this.#groups[index] = group;
    this.#groupIndexes.set(principalId, index);

    return group;
  }
}
