import { afterEach, describe, expect, it } from "vitest";

import { MemoryTokenStore, type TokenStore } from "../../src/server/index.js";
import {
  ADMIN_TOKEN,
  ALICE_TOKEN,
  call,
  FakeClock,
  logLines,
  MACHINE_ID,
  mintToken,
  startTestServer,
  testConfig,
  type TestServer,
} from "../helpers/test-server.js";

const BOB_TOKEN = "bob-token-0123456789abcdef";
const NEW_ADMIN_TOKEN = "new-admin-token-0123456789";
const BOB = { id: "bob", token: BOB_TOKEN };

async function status(server: TestServer, token: string, path = "/"): Promise<number> {
  return (await call(server.url, path, { token })).status;
}

describe("reloadConfig", () => {
  let server: TestServer;
  let clock: FakeClock;

  async function start(config = testConfig(), store?: TokenStore): Promise<void> {
    clock = new FakeClock();
    server = await startTestServer({ config, clock, store });
  }

  afterEach(async () => {
    await server.close();
  });

  it("keeps a live admin transient token", async () => {
    await start();
    const admin = await mintToken(server, ADMIN_TOKEN);

    const report = await server.app.reloadConfig(testConfig({ adminToken: NEW_ADMIN_TOKEN }));

    expect(report.changedTokens).toEqual(["admin"]);
    expect(await status(server, admin)).toBe(200);
    expect(await status(server, ADMIN_TOKEN)).toBe(401);
    expect(await status(server, NEW_ADMIN_TOKEN)).toBe(200);
  });

  it("revokes a removed shared user's tokens", async () => {
    await start();
    const alice = await mintToken(server, ALICE_TOKEN);
    const child = await mintToken(server, alice);
    const admin = await mintToken(server, ADMIN_TOKEN);

    const report = await server.app.reloadConfig(testConfig({ sharedUsers: [BOB] }));

    expect(report).toEqual({ restartRequired: [], addedUsers: ["bob"], removedUsers: ["alice"], changedTokens: [], revokedTokens: 2 });
    expect(await status(server, alice)).toBe(401);
    expect(await status(server, child)).toBe(401);
    expect(await status(server, ALICE_TOKEN)).toBe(401);
    expect(await status(server, admin)).toBe(200);
    const revoked = logLines(server).filter((line) => line.event === "tokens.revoked");
    expect(revoked).toEqual([expect.objectContaining({ principal: "alice", count: 2, reason: "principal removed" })]);
    for (const secret of [ALICE_TOKEN, BOB_TOKEN, alice, child, admin]) expect(server.logs.join("")).not.toContain(secret);
  });

  it("accepts a new shared user's token", async () => {
    await start();
    expect(await status(server, BOB_TOKEN)).toBe(401);

    await server.app.reloadConfig(testConfig({ sharedUsers: [{ id: "alice", token: ALICE_TOKEN }, BOB] }));

    expect(await status(server, BOB_TOKEN)).toBe(200);
    const bob = await mintToken(server, BOB_TOKEN);
    expect(await status(server, bob)).toBe(200);
    expect(await status(server, bob, `/security/resources?source=server://${MACHINE_ID}`)).toBe(403);
  });

  it("applies the TTL to new tokens only", async () => {
    await start();
    const before = await mintToken(server, ADMIN_TOKEN);

    await server.app.reloadConfig(testConfig({ transientTokenTtlSeconds: 60 }));
    const after = await mintToken(server, ADMIN_TOKEN);
    clock.advance(60_000);

    expect(await status(server, after)).toBe(401);
    expect(await status(server, before)).toBe(200);
  });

  it("applies the identity, cap and limits at once", async () => {
    await start();
    const renamedServer = { ...testConfig().server, friendlyName: "Renamed", maxConnections: 7, headersTimeoutMs: 2000 };

    await server.app.reloadConfig(
      testConfig({ server: renamedServer, maxTransientTokensPerPrincipal: 1, authFailureLimit: { maxFailures: 1 } }),
    );

    const root = await call(server.url, "/", { token: ADMIN_TOKEN, json: true });
    expect(JSON.parse(root.body).MediaContainer.friendlyName).toBe("Renamed");
    expect(server.app.server.maxConnections).toBe(7);
    expect(server.app.server.headersTimeout).toBe(2000);
    const first = await mintToken(server, ALICE_TOKEN);
    await mintToken(server, ALICE_TOKEN);
    expect(await status(server, first)).toBe(401);
    expect(await status(server, "wrong-token-2-0123456789")).toBe(401);
    expect(await status(server, ADMIN_TOKEN)).toBe(429);
  });

  it("keeps the address on a host or port change", async () => {
    await start();

    const report = await server.app.reloadConfig(testConfig({ server: { ...testConfig().server, host: "0.0.0.0", port: 1 } }));

    expect(report.restartRequired).toEqual(["server.host", "server.port"]);
    expect(logLines(server).filter((line) => line.event === "config.restart_required")).toHaveLength(1);
    expect(await status(server, ADMIN_TOKEN)).toBe(200);
    const again = await server.app.reloadConfig(testConfig({ server: { ...testConfig().server, host: "0.0.0.0", port: 1 } }));
    expect(again.restartRequired).toEqual(["server.host", "server.port"]);
  });

  it("runs concurrent reloads in order", async () => {
    await start();

    const reloads = [
      server.app.reloadConfig(testConfig({ sharedUsers: [BOB] })),
      server.app.reloadConfig(testConfig({ sharedUsers: [] })),
      server.app.reloadConfig(testConfig({ sharedUsers: [{ id: "alice", token: ALICE_TOKEN }] })),
    ];
    const reports = await Promise.all(reloads);

    expect(reports.map((report) => report.removedUsers)).toEqual([["alice"], ["bob"], []]);
    expect(await status(server, ALICE_TOKEN)).toBe(200);
    expect(await status(server, BOB_TOKEN)).toBe(401);
  });

  it("revokes a token minted during the removal", async () => {
    const inner = new MemoryTokenStore();
    let addStarted: () => void = () => undefined;
    let releaseAdd: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (addStarted = resolve));
    const released = new Promise<void>((resolve) => (releaseAdd = resolve));
    const store: TokenStore = {
      add: async (record) => {
        addStarted();
        await released;
        return inner.add(record);
      },
      get: (digest) => inner.get(digest),
      find: (prefix, limit) => inner.find(prefix, limit),
      revoke: (digest) => inner.revoke(digest),
      revokePrincipal: (principalId, onRevoked) => inner.revokePrincipal(principalId, onRevoked),
      revokeAll: (onRevoked) => inner.revokeAll(onRevoked),
      list: (options) => inner.list(options),
      size: () => inner.size(),
      close: () => inner.close(),
    };
    await start(testConfig(), store);

    const minting = call(server.url, "/security/token?type=delegation&scope=all", { token: ALICE_TOKEN });
    await started;
    await server.app.reloadConfig(testConfig({ sharedUsers: [] }));
    releaseAdd();

    expect((await minting).status).toBe(401);
    expect((await inner.list({ principalId: "alice" })).total).toBe(0);
    await inner.close();
  });
});
