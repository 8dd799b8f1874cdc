import { afterEach, describe, expect, it } from "vitest";

import { MemoryTokenStore } from "../../src/server/index.js";
import { ADMIN_TOKEN, ALICE_TOKEN, call, FakeClock, startTestServer, testConfig, type TestServer } from "../helpers/test-server.js";

const MINT = "/security/token?type=delegation&scope=all";

async function mint(server: TestServer, token: string): Promise<string> {
  const response = await call(server.url, MINT, { token, json: true });
  expect(response.status).toBe(200);

  return JSON.parse(response.body).MediaContainer.token;
}

describe("transient token lifetime", () => {
  const servers: TestServer[] = [];

  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it("expires a token at the TTL", async () => {
    const clock = new FakeClock();
    const server = await startTestServer({ clock, config: testConfig({ transientTokenTtlSeconds: 60 }) });
    servers.push(server);
    const token = await mint(server, ADMIN_TOKEN);

    clock.advance(59_999);
    expect((await call(server.url, "/", { token })).status).toBe(200);
    clock.advance(1);
    expect((await call(server.url, "/", { token })).status).toBe(401);
  });

  it("limits a child token to its parent's expiry", async () => {
    const clock = new FakeClock();
    const server = await startTestServer({ clock, config: testConfig({ transientTokenTtlSeconds: 60 }) });
    servers.push(server);
    const parent = await mint(server, ALICE_TOKEN);
    clock.advance(30_000);
    const child = await mint(server, parent);

    clock.advance(30_000);
    expect((await call(server.url, "/", { token: parent })).status).toBe(401);
    expect((await call(server.url, "/", { token: child })).status).toBe(401);
  });

  it("limits a grandchild to its root's expiry", async () => {
    const clock = new FakeClock();
    const server = await startTestServer({ clock, config: testConfig({ transientTokenTtlSeconds: 60 }) });
    servers.push(server);
    const root = await mint(server, ADMIN_TOKEN);
    clock.advance(20_000);
    const child = await mint(server, root);
    clock.advance(20_000);
    const grandchild = await mint(server, child);

    clock.advance(19_999);
    for (const token of [root, child, grandchild]) expect((await call(server.url, "/", { token })).status).toBe(200);
    clock.advance(1);
    for (const token of [root, child, grandchild]) expect((await call(server.url, "/", { token })).status).toBe(401);
  });

  it("refuses to mint from an expired parent", async () => {
    const clock = new FakeClock();
    const server = await startTestServer({ clock, config: testConfig({ transientTokenTtlSeconds: 60 }) });
    servers.push(server);
    const parent = await mint(server, ALICE_TOKEN);
    clock.advance(60_000);

    expect((await call(server.url, MINT, { token: parent })).status).toBe(401);
  });

  it("kills a child with its revoked parent", async () => {
    const server = await startTestServer();
    servers.push(server);
    const parent = await mint(server, ALICE_TOKEN);
    const child = await mint(server, parent);
    const id = JSON.parse((await call(server.url, "/security/tokens", { token: ADMIN_TOKEN, json: true })).body).MediaContainer.Token[0].id;

    expect((await call(server.url, `/security/tokens/${id}`, { method: "DELETE", token: ADMIN_TOKEN })).status).toBe(200);
    expect((await call(server.url, "/", { token: child })).status).toBe(401);
    expect((await call(server.url, MINT, { token: child })).status).toBe(401);
  });

  it("refuses tokens minted before a restart", async () => {
    const config = testConfig();
    const before = await startTestServer({ config });
    const token = await mint(before, ADMIN_TOKEN);
    expect((await call(before.url, "/", { token })).status).toBe(200);
    await before.close();

    const after = await startTestServer({ config });
    servers.push(after);
    expect((await call(after.url, "/", { token })).status).toBe(401);
    expect((await call(after.url, "/", { token: ADMIN_TOKEN })).status).toBe(200);
    expect((await call(after.url, "/", { token: ALICE_TOKEN })).status).toBe(200);
  });

  it("sweeps expired tokens from the store", async () => {
    const clock = new FakeClock();
    const store = new MemoryTokenStore({ clock });
    const server = await startTestServer({ clock, store, config: testConfig({ transientTokenTtlSeconds: 60 }) });
    servers.push(server);
    await mint(server, ADMIN_TOKEN);
    await mint(server, ALICE_TOKEN);
    expect(await store.size()).toBe(2);

    clock.advance(60_000);
    expect((await store.sweep()).removed).toBe(2);
    expect(await store.size()).toBe(0);
    await store.close();
  });
});
