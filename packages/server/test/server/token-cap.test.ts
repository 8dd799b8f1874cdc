import { decodeErrors } from "@plex-security/client/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { digestToken, publicId } from "../../src/server/index.js";
import {
  ADMIN_TOKEN,
  ALICE_TOKEN,
  call,
  FakeClock,
  logLines,
  mintToken,
  startTestServer,
  testConfig,
  type TestServer,
} from "../helpers/test-server.js";

describe("per-principal token cap", () => {
  const clock = new FakeClock();
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer({ clock, config: testConfig({ maxTransientTokensPerPrincipal: 3 }) });
  });
  afterEach(async () => {
    await server.close();
  });

  it("revokes only the oldest token", async () => {
    const admin = await mintToken(server, ADMIN_TOKEN);
    const alice = [];
    for (let count = 0; count < 4; count++) alice.push(await mintToken(server, ALICE_TOKEN));

    expect((await call(server.url, "/", { token: alice[0] })).status).toBe(401);
    for (const token of [...alice.slice(1), admin]) expect((await call(server.url, "/", { token })).status).toBe(200);

    const revoked = logLines(server).filter((line) => line.event === "token.revoked");
    expect(revoked).toEqual([
      expect.objectContaining({ tokenId: publicId(digestToken(alice[0] as string)), principal: "alice", reason: "principal cap" }),
    ]);
  });

  it("warns once per minute per principal", async () => {
    const warnings = (): Record<string, unknown>[] => logLines(server).filter((line) => line.event === "token.cap_reached");
    for (let count = 0; count < 6; count++) await mintToken(server, ALICE_TOKEN);
    expect(warnings()).toHaveLength(1);
    expect(warnings()[0]).toMatchObject({ level: 40, principal: "alice", maxTokens: 3 });

    for (let count = 0; count < 4; count++) await mintToken(server, ADMIN_TOKEN);
    expect(warnings()).toHaveLength(2);

    clock.advance(59_999);
    await mintToken(server, ALICE_TOKEN);
    expect(warnings()).toHaveLength(2);
    clock.advance(1);
    await mintToken(server, ALICE_TOKEN);
    expect(warnings()).toHaveLength(3);
  });

  it("keeps a new token's ancestors", async () => {
    const parent = await mintToken(server, ALICE_TOKEN);
    const older = [await mintToken(server, ALICE_TOKEN), await mintToken(server, ALICE_TOKEN)];
    const child = await mintToken(server, parent);

    expect((await call(server.url, "/", { token: parent })).status).toBe(200);
    expect((await call(server.url, "/", { token: child })).status).toBe(200);
    expect((await call(server.url, "/", { token: older[0] })).status).toBe(401);
    expect((await call(server.url, "/", { token: older[1] })).status).toBe(200);
  });

  it.each([
    ["JSON", true],
    ["XML", false],
  ])("answers 429 in %s when only ancestors could make room", async (_format, json) => {
    const root = await mintToken(server, ALICE_TOKEN);
    const child = await mintToken(server, root);
    const grandchild = await mintToken(server, child);

    const response = await call(server.url, "/security/token?type=delegation&scope=all", { token: grandchild, json });
    expect(response.status).toBe(429);
    const [entry] = decodeErrors(response.body, response.headers.get("content-type"));
    expect(entry?.message).toContain('Principal "alice" has its maximum of 3 transient tokens');
    expect((await call(server.url, "/", { token: root })).status).toBe(200);
  });
});
