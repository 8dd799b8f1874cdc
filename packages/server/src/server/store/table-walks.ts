import type { ListOptions, RevokedListener, TokenPage, TransientTokenRecord } from "../token-store.js";
import { yieldToEventLoop } from "./sweep.js";
import { NONE } from "./token-slots.js";
import type { TokenTable } from "./token-table.js";

/** Tokens passed to a revocation listener at once, between two yields. */
export const REVOCATION_BATCH_SIZE = 1000;

/** Returns the slots of a token's parent, grandparent and so on. */
export function ancestorsOf(table: TokenTable, slot: number): Set<number> {
  const found = new Set<number>();
  for (let parent = table.slots.parent[slot] as number; parent !== NONE; parent = table.slots.parent[parent] as number) {
    found.add(parent);
  }

  return found;
}

/** Returns a principal's oldest token whose slot is not in `excluded`, or NONE. */
export function oldestExcept(table: TokenTable, principalId: string, excluded: ReadonlySet<number>): number {
  let slot = table.group(principalId)?.head ?? NONE;
  while (slot !== NONE && excluded.has(slot)) slot = table.slots.groupNext[slot] as number;

  return slot;
}

/** Lists the tokens of a table that are live at `now`, oldest first, all or one principal's. */
export function listTokens(table: TokenTable, now: number, options: ListOptions): TokenPage {
  const { slots } = table;
  const offset = options.offset ?? 0;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const byPrincipal = options.principalId !== undefined;
  const next = byPrincipal ? slots.groupNext : slots.orderNext;
  const records: TransientTokenRecord[] = [];
  let total = 0;

  // TODO: every page walks all of the matching tokens to count them, O(n) per page; a cursor would make paging O(limit).
  let slot = byPrincipal ? (table.group(options.principalId as string)?.head ?? NONE) : table.orderHead;
  for (; slot !== NONE; slot = next[slot] as number) {
    if ((slots.expiresAt[slot] as number) <= now) continue;
    if (total >= offset && records.length < limit) records.push(table.record(slot));
    total++;
  }

  return { total, records };
}

/**
 * Passes the tokens of a table that nothing else uses any more, and that are
 * live at `now`, to `onRevoked` in batches, yielding between batches.
 * Resolves to their number.
 */
export async function drainRevoked(old: TokenTable, now: number, onRevoked: RevokedListener | undefined): Promise<number> {
  let total = 0;

  for (let slot = old.orderHead; slot !== NONE; ) {
    const batch: TransientTokenRecord[] = [];
    for (; slot !== NONE && batch.length < REVOCATION_BATCH_SIZE; slot = old.slots.orderNext[slot] as number) {
      if ((old.slots.expiresAt[slot] as number) > now) batch.push(old.record(slot));
    }

    total += batch.length;
    if (batch.length > 0) onRevoked?.(batch);
    if (slot !== NONE) await yieldToEventLoop();
  }

  return total;
}
