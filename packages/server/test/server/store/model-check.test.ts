import { createHash } from "node:crypto";

import { describe, expect, it } from "vitest";

import { MemoryTokenStore, type TransientTokenRecord } from "../../../src/server/index.js";
import { FakeClock } from "../../helpers/test-server.js";
import { ReferenceStore } from "./reference-store.js";

const PRINCIPALS = ["admin", "alice", "bob"];
/** First digest words drawn from a small set, so that many tokens share a public id and a probe run. */
const CROWDED_FIRST_WORDS = ["00000000", "00000001", "00000800", "ffffffff"];

/** A small deterministic generator (mulberry32), so a failure replays with its seed. */
function randomGenerator(seed: number): () => number {
  let state = seed >>> 0;

  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value ^= value + Math.imul(value ^ (value >>> 7), 61 | value);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

function comparable(records: readonly TransientTokenRecord[]): string[] {
  return records.map((record) => `${record.digest}|${record.principalId}|${record.expiresAt}|${record.parentDigest ?? "-"}`);
}

describe("MemoryTokenStore against a reference model", () => {
  it.each([1, 2, 3, 4, 5])("agrees on random operations, seed %i", async (seed) => {
    const random = randomGenerator(seed);
    const pick = <T>(items: readonly T[]): T | undefined => items[Math.floor(random() * items.length)];
    const clock = new FakeClock();
    const cap = 40;
    const store = new MemoryTokenStore({ clock, maxTokensPerPrincipal: cap, sweepBatchSize: 64 });
    const model = new ReferenceStore(cap, () => clock.now());
    const issued: string[] = [];

    for (let step = 0; step < 4000; step++) {
      const roll = random();
      if (roll < 0.5) {
        const principalId = pick(PRINCIPALS) as string;
        const parent = random() < 0.4 ? pick(model.owned(principalId)) : undefined;
        const label = createHash("sha256").update(`${seed}-${step}`).digest("hex");
        const digest = random() < 0.3 ? (pick(CROWDED_FIRST_WORDS) as string) + label.slice(8) : label;
        const record: TransientTokenRecord = {
          digest,
          principalId,
          access: principalId === "admin" ? "admin" : "shared",
          issuedAt: clock.now(),
          expiresAt: clock.now() + 1000 + Math.floor(random() * 20_000),
          ...(parent === undefined ? {} : { parentDigest: parent.digest }),
        };
        issued.push(digest);
        const liveBefore = new Set(model.liveList().map((token) => token.digest));
        const expected = model.add(record);
        const actual = await store.add(record);
        expect(actual.added).toBe(expected.added);
        if (actual.added) {
          const expectedEvicted = expected.evicted.filter((evicted) => liveBefore.has(evicted));
          expect(actual.evicted.map((evicted) => evicted.digest).sort()).toEqual(expectedEvicted.sort());
        }
      } else if (roll < 0.7) {
        const digest = pick(issued);
        if (digest === undefined) continue;
        const expected = model.live(digest);
        if (expected === undefined && model.tokens.has(digest)) {
          // The real store removes an expired token on lookup and detaches its children.
          model.tokens.delete(digest);
          for (const token of model.tokens.values()) if (token.parentDigest === digest) delete token.parentDigest;
        }
        expect(comparable([(await store.get(digest)) ?? ({} as TransientTokenRecord)])).toEqual(
          comparable([expected ?? ({} as TransientTokenRecord)]),
        );
      } else if (roll < 0.78) {
        const digest = pick(issued);
        if (digest === undefined) continue;
        const liveBefore = new Set(model.liveList().map((token) => token.digest));
        const expected = model.revoke(digest).filter((revoked) => liveBefore.has(revoked));
        const actual = await store.revoke(digest);
        expect(actual.map((record) => record.digest).sort()).toEqual(expected.sort());
      } else if (roll < 0.8) {
        const principalId = pick(PRINCIPALS) as string;
        const expected = model.owned(principalId).filter((token) => token.expiresAt > clock.now()).length;
        for (const token of model.owned(principalId)) model.revoke(token.digest);
        expect(await store.revokePrincipal(principalId)).toBe(expected);
      } else if (roll < 0.9) {
        clock.advance(Math.floor(random() * 3000));
      } else if (roll < 0.95) {
        model.dropExpired();
        await store.sweep();
        expect(await store.size()).toBe(model.tokens.size);
      } else {
        const prefix = (pick(issued) ?? "00000000").slice(0, 8);
        const expected = model.liveList().filter((token) => token.digest.startsWith(prefix));
        const actual = await store.find(prefix, 1000);
        expect(comparable(actual).sort()).toEqual(comparable(expected).sort());
      }

      if (step % 250 === 0) expect(comparable((await store.list()).records)).toEqual(comparable(model.liveList()));
    }

    expect(comparable((await store.list()).records)).toEqual(comparable(model.liveList()));
    await store.close();
  });
});
