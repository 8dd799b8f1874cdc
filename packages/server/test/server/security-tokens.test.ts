import { decodeErrors } from "@plex-security/client/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { digestToken, MemoryTokenStore, publicId } from "../../src/server/index.js";
import {
  ADMIN_TOKEN,
  ALICE_TOKEN,
  call,
  FakeClock,
  logLines,
  mintToken,
  startTestServer,
  type TestServer,
} from "../helpers/test-server.js";

const TOKENS = "/security/tokens";

interface ListedToken {
  id: string;
  principal: string;
  issuedAt: string;
  expiresAt: string;
  parentId?: string;
}

async function listJson(server: TestServer, query = ""): Promise<{ size: number; totalSize: number; offset: number; Token: ListedToken[] }> {
  const response = await call(server.url, `${TOKENS}${query}`, { token: ADMIN_TOKEN, json: true });
  expect(response.status).toBe(200);

  return JSON.parse(response.body).MediaContainer;
}

function idOf(token: string): string {
  return publicId(digestToken(token));
}

describe("/security/tokens", () => {
  const clock = new FakeClock();
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer({ clock });
  });
  afterEach(async () => {
    await server.close();
  });

  it("lists live tokens in JSON without the tokens", async () => {
    const parent = await mintToken(server, ADMIN_TOKEN);
    const child = await mintToken(server, parent);
    const alice = await mintToken(server, ALICE_TOKEN);

    const response = await call(server.url, TOKENS, { token: ADMIN_TOKEN, json: true });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const container = JSON.parse(response.body).MediaContainer;
    expect(container).toMatchObject({ size: 3, totalSize: 3, offset: 0 });
    expect(container.Token).toEqual([
      {
        id: idOf(parent),
        principal: "admin",
        issuedAt: new Date(clock.now()).toISOString(),
        expiresAt: new Date(clock.now() + 172_800_000).toISOString(),
      },
      expect.objectContaining({ id: idOf(child), principal: "admin", parentId: idOf(parent) }),
      expect.objectContaining({ id: idOf(alice), principal: "alice" }),
    ]);
    for (const token of [parent, child, alice]) {
      expect(response.body).not.toContain(token);
      expect(response.body).not.toContain(digestToken(token));
    }
  });

  it("lists live tokens in XML", async () => {
    const parent = await mintToken(server, ADMIN_TOKEN);
    const child = await mintToken(server, parent);

    const response = await call(server.url, TOKENS, { token: ADMIN_TOKEN });
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/xml/);
    expect(response.body).toContain('<MediaContainer size="2" totalSize="2" offset="0">');
    expect(response.body).toContain(`<Token id="${idOf(parent)}" principal="admin" issuedAt="`);
    expect(response.body).toContain(`parentId="${idOf(parent)}"/>`);
    expect(response.body).toContain(`id="${idOf(child)}"`);
  });

  it("lists an empty store in both formats", async () => {
    expect((await listJson(server)).Token).toEqual([]);
    const xml = await call(server.url, TOKENS, { token: ADMIN_TOKEN });
    expect(xml.body).toContain('<MediaContainer size="0" totalSize="0" offset="0"/>');
  });

  it("omits expired tokens", async () => {
    await mintToken(server, ADMIN_TOKEN);
    clock.advance(172_800_000);

    expect((await listJson(server)).totalSize).toBe(0);
  });

  it("pages with the PMS container parameters", async () => {
    const minted = [];
    for (let index = 0; index < 5; index++) minted.push(await mintToken(server, ADMIN_TOKEN));

    const page = await listJson(server, "?X-Plex-Container-Start=1&X-Plex-Container-Size=2");
    expect(page).toMatchObject({ size: 2, totalSize: 5, offset: 1 });
    expect(page.Token.map((token) => token.id)).toEqual([idOf(minted[1]!), idOf(minted[2]!)]);

    const byHeader = await call(server.url, TOKENS, {
      token: ADMIN_TOKEN,
      json: true,
      headers: { "X-Plex-Container-Start": "4", "X-Plex-Container-Size": "10" },
    });
    expect(JSON.parse(byHeader.body).MediaContainer.Token.map((token: ListedToken) => token.id)).toEqual([idOf(minted[4]!)]);
  });

  it("filters by principal", async () => {
    await mintToken(server, ADMIN_TOKEN);
    const alice = await mintToken(server, ALICE_TOKEN);

    const page = await listJson(server, "?principal=alice");
    expect(page.Token.map((token) => token.id)).toEqual([idOf(alice)]);
  });

  it("answers HEAD without a body", async () => {
    const response = await call(server.url, TOKENS, { method: "HEAD", token: ADMIN_TOKEN, json: true });

    expect(response.status).toBe(200);
    expect(response.body).toBe("");
  });

  it("revokes a token and its descendants by id", async () => {
    const parent = await mintToken(server, ADMIN_TOKEN);
    const child = await mintToken(server, parent);
    const grandchild = await mintToken(server, child);
    const sibling = await mintToken(server, ADMIN_TOKEN);

    const response = await call(server.url, `${TOKENS}/${idOf(parent)}`, { method: "DELETE", token: ADMIN_TOKEN, json: true });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(JSON.parse(response.body)).toEqual({ MediaContainer: { size: 0, revoked: 3 } });
    for (const token of [parent, child, grandchild]) expect((await call(server.url, "/", { token })).status).toBe(401);
    expect((await call(server.url, "/", { token: sibling })).status).toBe(200);

    const lines = logLines(server).filter((line) => line.event === "token.revoked");
    expect(lines.map((line) => line.tokenId).sort()).toEqual([idOf(parent), idOf(child), idOf(grandchild)].sort());
    expect(lines.find((line) => line.tokenId === idOf(grandchild))).toMatchObject({
      principal: "admin",
      parentId: idOf(child),
      expiresAt: new Date(clock.now() + 172_800_000).toISOString(),
    });
  });

  it("revokes by a longer id in upper case, in XML", async () => {
    const token = await mintToken(server, ADMIN_TOKEN);
    const longId = digestToken(token).slice(0, 20).toUpperCase();

    const response = await call(server.url, `${TOKENS}/${longId}`, { method: "DELETE", token: ADMIN_TOKEN });
    expect(response.status).toBe(200);
    expect(response.body).toContain('<MediaContainer size="0" revoked="1"/>');
    expect((await call(server.url, "/", { token })).status).toBe(401);
  });

  it("revokes a principal's tokens", async () => {
    const admin = await mintToken(server, ADMIN_TOKEN);
    const alice = [await mintToken(server, ALICE_TOKEN), await mintToken(server, ALICE_TOKEN)];

    const response = await call(server.url, `${TOKENS}?principal=alice`, { method: "DELETE", token: ADMIN_TOKEN, json: true });
    expect(JSON.parse(response.body).MediaContainer.revoked).toBe(2);
    for (const token of alice) expect((await call(server.url, "/", { token })).status).toBe(401);
    expect((await call(server.url, "/", { token: admin })).status).toBe(200);
    expect((await call(server.url, "/", { token: ALICE_TOKEN })).status).toBe(200);
  });

  it("revokes every token", async () => {
    const minted = [await mintToken(server, ADMIN_TOKEN), await mintToken(server, ALICE_TOKEN)];

    const response = await call(server.url, TOKENS, { method: "DELETE", token: ADMIN_TOKEN, json: true });
    expect(JSON.parse(response.body).MediaContainer.revoked).toBe(2);
    for (const token of minted) expect((await call(server.url, "/", { token })).status).toBe(401);
    expect(logLines(server).filter((line) => line.event === "token.revoked")).toHaveLength(2);
    expect((await call(server.url, "/", { token: ADMIN_TOKEN })).status).toBe(200);
  });

  it("accepts a revocation by an admin's transient token", async () => {
    const transient = await mintToken(server, ADMIN_TOKEN);
    const victim = await mintToken(server, ALICE_TOKEN);

    const response = await call(server.url, `${TOKENS}/${idOf(victim)}`, { method: "DELETE", token: transient, json: true });
    expect(response.status).toBe(200);
  });

  it("asks for a longer id when one matches several tokens", async () => {
    // Two digests that share their first 8 hex digits, stored directly because minting one would take ~65,000 tries.
    const store = new MemoryTokenStore({ clock });
    await server.close();
    server = await startTestServer({ clock, store });
    const sharedId = "0badc0de";
    const digests = ["1", "2"].map((suffix) => sharedId + digestToken(suffix).slice(8));
    for (const digest of digests) {
      await store.add({ digest, principalId: "admin", access: "admin", issuedAt: clock.now(), expiresAt: clock.now() + 60_000 });
    }

    const response = await call(server.url, `${TOKENS}/${sharedId}`, { method: "DELETE", token: ADMIN_TOKEN, json: true });
    expect(response.status).toBe(409);
    const message = decodeErrors(response.body, "application/json")[0]?.message ?? "";
    expect(message).toContain("matches 2 live transient tokens");
    const longer = digests.map((digest) => digest.slice(0, 9));
    for (const id of longer) expect(message).toContain(id);

    const retry = await call(server.url, `${TOKENS}/${longer[0]}`, { method: "DELETE", token: ADMIN_TOKEN, json: true });
    expect(JSON.parse(retry.body).MediaContainer.revoked).toBe(1);
    expect((await listJson(server)).Token.map((token) => token.id)).toEqual([sharedId]);
    await store.close();
  });
});
