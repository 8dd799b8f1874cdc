import { createHash } from "node:crypto";

import { afterEach, describe, expect, it } from "vitest";

import { MemoryTokenStore, type TransientTokenRecord } from "../../../src/server/index.js";
import { FakeClock } from "../../helpers/test-server.js";

const HOUR_MS = 3_600_000;

function digestOf(label: string): string {
  return createHash("sha256").update(label).digest("hex");
}

describe("MemoryTokenStore", () => {
  const clock = new FakeClock();
  const stores: MemoryTokenStore[] = [];
  let counter = 0;

  function newStore(maxTokensPerPrincipal = 1000): MemoryTokenStore {
    const store = new MemoryTokenStore({ clock, maxTokensPerPrincipal });
    stores.push(store);

    return store;
  }

  function token(principalId = "admin", overrides: Partial<TransientTokenRecord> = {}): TransientTokenRecord {
    counter++;

    return {
      digest: digestOf(`token-${counter}`),
      principalId,
      access: principalId === "admin" ? "admin" : "shared",
      issuedAt: clock.now(),
      expiresAt: clock.now() + HOUR_MS,
      ...overrides,
    };
  }

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  it("returns a stored token until it expires", async () => {
    const store = newStore();
    const record = token("alice");
    await store.add(record);

    expect(await store.get(record.digest)).toEqual(record);
    clock.advance(HOUR_MS - 1);
    expect(await store.get(record.digest)).toBeDefined();
    clock.advance(1);
    expect(await store.get(record.digest)).toBeUndefined();
    expect(await store.size()).toBe(0);
  });

  it("limits a child's expiry to its parent's", async () => {
    const store = newStore();
    const parent = token("alice");
    await store.add(parent);
    clock.advance(HOUR_MS / 2);
    const child = token("alice", { parentDigest: parent.digest });

    const result = await store.add(child);
    expect(result).toMatchObject({ added: true, expiresAt: parent.expiresAt });
    expect((await store.get(child.digest))?.expiresAt).toBe(parent.expiresAt);
    expect((await store.get(child.digest))?.parentDigest).toBe(parent.digest);

    clock.advance(HOUR_MS / 2);
    expect(await store.get(child.digest)).toBeUndefined();
  });

  it("revokes descendants with their ancestor", async () => {
    const store = newStore();
    const root = token();
    const child = token("admin", { parentDigest: root.digest });
    const grandchild = token("admin", { parentDigest: child.digest });
    const sibling = token();
    for (const record of [root, child, grandchild, sibling]) await store.add(record);

    const revoked = await store.revoke(root.digest);
    expect(revoked.map((record) => record.digest).sort()).toEqual([root.digest, child.digest, grandchild.digest].sort());
    expect(revoked.find((record) => record.digest === grandchild.digest)?.parentDigest).toBe(child.digest);
    expect(await store.get(grandchild.digest)).toBeUndefined();
    expect(await store.get(sibling.digest)).toBeDefined();
    expect(await store.revoke(root.digest)).toEqual([]);
  });

  it("refuses a child of a revoked or expired parent", async () => {
    const store = newStore();
    const parent = token();
    await store.add(parent);
    await store.revoke(parent.digest);

    expect(await store.add(token("admin", { parentDigest: parent.digest }))).toEqual({ added: false, reason: "parent-gone" });

    const shortLived = token("admin", { expiresAt: clock.now() + 10 });
    await store.add(shortLived);
    clock.advance(10);
    expect(await store.add(token("admin", { parentDigest: shortLived.digest }))).toEqual({ added: false, reason: "parent-gone" });
  });

  it("revokes only the oldest token at the cap", async () => {
    const store = newStore(3);
    const [first, second, third, fourth] = [token("alice"), token("alice"), token("alice"), token("alice")];
    const other = token("bob");
    for (const record of [first, second, third, other]) await store.add(record as TransientTokenRecord);

    const result = await store.add(fourth as TransientTokenRecord);
    expect(result).toMatchObject({ added: true, evicted: [first] });
    expect(await store.get(first!.digest)).toBeUndefined();
    for (const kept of [second, third, fourth, other]) expect(await store.get(kept!.digest)).toBeDefined();
  });

  it("skips the new token's ancestors at the cap", async () => {
    const store = newStore(2);
    const parent = token("alice");
    const older = token("alice");
    await store.add(parent);
    await store.add(older);

    const child = token("alice", { parentDigest: parent.digest });
    expect(await store.add(child)).toMatchObject({ added: true, evicted: [older] });
    expect(await store.get(parent.digest)).toBeDefined();
    expect(await store.get(child.digest)).toBeDefined();

    const grandchild = token("alice", { parentDigest: child.digest });
    expect(await store.add(grandchild)).toEqual({ added: false, reason: "cap-reached" });
    expect(await store.size()).toBe(2);
  });

  it("finds tokens by a prefix of their digest", async () => {
    const store = newStore();
    const shared = "0badc0de";
    const twins = [token(), token()].map((record, index) => ({ ...record, digest: shared + digestOf(`twin-${index}`).slice(8) }));
    for (const record of twins) await store.add(record);
    await store.add(token());

    expect(await store.find(shared, 10)).toHaveLength(2);
    expect(await store.find(shared, 1)).toHaveLength(1);
    expect(await store.find(twins[0]!.digest.slice(0, 12), 10)).toEqual([twins[0]]);
    expect(await store.find(twins[1]!.digest, 10)).toEqual([twins[1]]);
    expect(await store.find("12345678", 10)).toEqual([]);
    await expect(store.find("0badc0d", 10)).rejects.toThrow(RangeError);
  });

  it("lists live tokens oldest first, by page and principal", async () => {
    const store = newStore();
    const records = [token("alice"), token("bob"), token("alice"), token("alice", { expiresAt: clock.now() + 1 })];
    for (const record of records) await store.add(record);
    clock.advance(1);

    expect(await store.list()).toEqual({ total: 3, records: records.slice(0, 3) });
    expect(await store.list({ offset: 1, limit: 1 })).toEqual({ total: 3, records: [records[1]] });
    expect(await store.list({ principalId: "alice" })).toEqual({ total: 2, records: [records[0], records[2]] });
    expect(await store.list({ principalId: "carol" })).toEqual({ total: 0, records: [] });
  });

  it("revokes a principal's tokens in batches", async () => {
    const store = newStore(5000);
    for (let index = 0; index < 2500; index++) await store.add(token("alice"));
    const bob = token("bob");
    await store.add(bob);
    const batches: number[] = [];

    const count = await store.revokePrincipal("alice", (batch) => batches.push(batch.length));
    expect(count).toBe(2500);
    expect(batches.length).toBeGreaterThan(1);
    expect(batches.reduce((sum, size) => sum + size, 0)).toBe(2500);
    expect((await store.list()).records).toEqual([bob]);
  });

  it("revokes every token", async () => {
    const store = newStore(5000);
    for (let index = 0; index < 1500; index++) await store.add(token(index % 2 === 0 ? "alice" : "bob"));
    const revoked: string[] = [];

    expect(await store.revokeAll((batch) => revoked.push(...batch.map((record) => record.digest)))).toBe(1500);
    expect(new Set(revoked).size).toBe(1500);
    expect(await store.size()).toBe(0);
    const after = token("alice");
    expect(await store.add(after)).toMatchObject({ added: true });
    expect(await store.get(after.digest)).toBeDefined();
  });

  it("sweeps expired tokens in several steps", async () => {
    const store = new MemoryTokenStore({ clock, sweepBatchSize: 100 });
    stores.push(store);
    for (let index = 0; index < 1000; index++) {
      await store.add(token("admin", { expiresAt: clock.now() + (index % 2 === 0 ? 10 : HOUR_MS) }));
    }
    clock.advance(10);

    const report = await store.sweep();
    expect(report.removed).toBe(500);
    expect(report.steps).toBeGreaterThan(1);
    expect(await store.size()).toBe(500);
  });

  it("keeps every token across growth", async () => {
    const store = newStore(100_000);
    const records = Array.from({ length: 5000 }, () => token());
    for (const record of records) await store.add(record);
    for (const record of records.filter((_record, index) => index % 3 === 0)) await store.revoke(record.digest);
    for (let index = 0; index < 3000; index++) await store.add(token());

    for (const [index, record] of records.entries()) {
      expect(await store.get(record.digest)).toEqual(index % 3 === 0 ? undefined : record);
    }
    expect(await store.size()).toBe(5000 - Math.ceil(5000 / 3) + 3000);
  });

  it("rejects invalid options and digests", async () => {
    expect(() => new MemoryTokenStore({ maxTokensPerPrincipal: 0 })).toThrow(/maxTokensPerPrincipal/);
    expect(() => new MemoryTokenStore({ sweepStepMs: -1 })).toThrow(/sweepStepMs/);
    const store = newStore();
    await expect(store.add({ ...token(), digest: "xyz" })).rejects.toThrow(/digest/);
    expect(await store.get("not-a-digest")).toBeUndefined();
  });
});
