import { afterEach, describe, expect, it } from "vitest";

import { digestToken, publicId } from "../../src/server/index.js";
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

const WRONG_TOKEN = "wrong-token-0123456789";

describe("request logs", () => {
  let server: TestServer;

  afterEach(async () => {
    await server.close();
  });

  it("write one line per request and never a token", async () => {
    server = await startTestServer();
    const issued: string[] = [];
    for (const token of [ADMIN_TOKEN, ALICE_TOKEN]) issued.push(await mintToken(server, token));
    const resources = await call(server.url, `/security/resources?source=server://${MACHINE_ID}&X-Plex-Token=${ADMIN_TOKEN}`, {
      json: true,
    });
    issued.push(JSON.parse(resources.body).MediaContainer.Device.accessToken);
    await call(server.url, `/${issued[0]}?X-Plex-Token=${issued[1]}`);
    await call(server.url, "/", { token: WRONG_TOKEN });

    const lines = logLines(server);
    const requests = lines.filter((line) => line.msg === "request completed");
    expect(requests).toHaveLength(5);
    expect(requests[0]).toMatchObject({ method: "GET", path: "/security/token", status: 200, principal: "admin" });
    expect(requests[2]).toMatchObject({ path: "/security/resources", status: 200, principal: "admin" });
    expect(requests[3]).toMatchObject({ path: "/REDACTED", status: 404 });
    expect(requests[4]).toMatchObject({ path: "/", status: 401 });
    expect(typeof requests[0]?.durationMs).toBe("number");
    expect(lines.filter((line) => line.event === "token.minted")).toHaveLength(3);

    const text = server.logs.join("");
    for (const secret of [ADMIN_TOKEN, ALICE_TOKEN, WRONG_TOKEN, ...issued]) {
      expect(text).not.toContain(secret);
    }
  });

  it("never contain a token over a full flow", async () => {
    const clock = new FakeClock();
    server = await startTestServer({ clock, config: testConfig({ maxTransientTokensPerPrincipal: 3, transientTokenTtlSeconds: 60 }) });
    const issued: string[] = [];
    const mint = async (token: string): Promise<string> => {
      const minted = await mintToken(server, token);
      issued.push(minted);
      return minted;
    };

    const admin = await mint(ADMIN_TOKEN);
    const child = await mint(admin);
    for (let count = 0; count < 4; count++) await mint(ALICE_TOKEN);
    const resources = await call(server.url, `/security/resources?source=server%3A%2F%2F${MACHINE_ID}`, { token: child, json: true });
    issued.push(JSON.parse(resources.body).MediaContainer.Device.accessToken);
    await call(server.url, "/security/tokens", { token: admin });
    await call(server.url, `/security/tokens/${publicId(digestToken(child))}`, { method: "DELETE", token: ADMIN_TOKEN });
    await call(server.url, "/security/tokens?principal=alice", { method: "DELETE", token: admin });

    const failures: [string, { method?: string; token?: string; headers?: Record<string, string> }][] = [
      ["/", { token: WRONG_TOKEN }],
      ["/", { token: child }],
      [`/security/token?type=delegation&scope=all&X-Plex-Token=${ALICE_TOKEN}`, { token: ADMIN_TOKEN }],
      ["/security/resources?source=server://x", { token: ALICE_TOKEN }],
      [`/${ADMIN_TOKEN}`, { token: ADMIN_TOKEN }],
      [`/library/${encodeURIComponent(ALICE_TOKEN)}/x`, {}],
      [`/security/tokens/${ADMIN_TOKEN}`, { method: "DELETE", token: ADMIN_TOKEN }],
      [`/security/tokens/%zz${ALICE_TOKEN}`, { method: "DELETE", token: ADMIN_TOKEN }],
      [`/security/tokens/x${ALICE_TOKEN}`, { method: "DELETE", token: ADMIN_TOKEN }],
      [`/security/tokens/x${ALICE_TOKEN}`, { method: "GET", token: ADMIN_TOKEN }],
      [`/${issued[0]}/${issued[1]}`, {}],
      ["/security/token?type=delegation&scope=all", { token: WRONG_TOKEN, headers: { "X-Plex-Token": ALICE_TOKEN } }],
    ];
    for (const [path, options] of failures) {
      const response = await call(server.url, path, options);
      expect(response.status).toBeGreaterThanOrEqual(400);
      for (const secret of [ADMIN_TOKEN, ALICE_TOKEN, WRONG_TOKEN, ...issued]) expect(response.body).not.toContain(secret);
    }
    clock.advance(60_000);
    await call(server.url, "/", { token: admin });
    await call(server.url, "/security/tokens", { method: "DELETE", token: ADMIN_TOKEN });

    const lines = logLines(server);
    expect(lines.filter((line) => line.msg === "request completed")).toHaveLength(10 + failures.length + 2);
    expect(lines.filter((line) => line.event === "token.minted")).toHaveLength(7);
    expect(lines.filter((line) => line.event === "token.revoked").length).toBeGreaterThanOrEqual(3);
    expect(lines.filter((line) => line.event === "token.cap_reached")).toHaveLength(1);
    const text = server.logs.join("");
    for (const secret of [ADMIN_TOKEN, ALICE_TOKEN, WRONG_TOKEN, ...issued]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(encodeURIComponent(secret));
    }
  });
});
