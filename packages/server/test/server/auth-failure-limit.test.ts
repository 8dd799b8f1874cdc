import { decodeErrors } from "@plex-security/client/protocol";
import { afterEach, describe, expect, it } from "vitest";

import {
  ADMIN_TOKEN,
  ALICE_TOKEN,
  FakeClock,
  logLines,
  startTestServer,
  testConfig,
  type TestServer,
} from "../helpers/test-server.js";

const MINT_PATH = "/security/token?type=delegation&scope=all";
const ATTACKER = "203.0.113.7";
const NEIGHBOUR = "198.51.100.20";

interface Answer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

describe("failed authentication limit", () => {
  let server: TestServer;
  let clock: FakeClock;

  async function start(limit: Record<string, unknown> = { maxFailures: 3, windowSeconds: 60 }): Promise<void> {
    clock = new FakeClock();
    server = await startTestServer({ clock, config: testConfig({ authFailureLimit: limit }) });
  }

  /** Sends a request from `address` through Fastify's inject, which sets the client address. */
  async function send(address: string, token?: string, options: { path?: string; json?: boolean } = {}): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (token !== undefined) headers["x-plex-token"] = token;
    if (options.json !== false) headers.accept = "application/json";
    const response = await server.app.inject({ method: "GET", url: options.path ?? MINT_PATH, headers, remoteAddress: address });

    return { status: response.statusCode, headers: response.headers, body: response.body };
  }

  async function failDistinctTokens(address: string, count: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let index = 0; index < count; index++) statuses.push((await send(address, `wrong-token-${index}-0123456789`)).status);

    return statuses;
  }

  afterEach(async () => {
    await server.close();
  });

  it("blocks an address after maxFailures tokens", async () => {
    await start();

    expect(await failDistinctTokens(ATTACKER, 4)).toEqual([401, 401, 401, 401]);
    const blocked = await send(ATTACKER, ADMIN_TOKEN);

    expect(blocked.status).toBe(429);
    expect(blocked.headers["retry-after"]).toBe("60");
    expect(blocked.headers["cache-control"]).toBe("no-store");
    const [error] = decodeErrors(blocked.body, String(blocked.headers["content-type"]));
    expect(error).toEqual({
      code: 1005,
      status: 429,
      message: "Too many failed authentications from this address: retry after 60 seconds with a valid token.",
    });
  });

  it("answers a blocked XML caller in XML", async () => {
    await start();
    await failDistinctTokens(ATTACKER, 4);

    const blocked = await send(ATTACKER, ALICE_TOKEN, { path: "/", json: false });

    expect(blocked.status).toBe(429);
    expect(blocked.headers["content-type"]).toMatch(/xml/);
    expect(blocked.body).toContain('code="1005"');
  });

  it("blocks every endpoint that needs a token", async () => {
    await start();
    await failDistinctTokens(ATTACKER, 4);

    for (const path of ["/", "/security/tokens", "/security/resources?source=server://x", MINT_PATH]) {
      expect((await send(ATTACKER, ADMIN_TOKEN, { path })).status).toBe(429);
    }
    expect((await send(ATTACKER, undefined, { path: "/identity" })).status).toBe(200);
  });

  it("leaves other addresses alone", async () => {
    await start();
    await failDistinctTokens(ATTACKER, 4);

    expect((await send(NEIGHBOUR, ADMIN_TOKEN)).status).toBe(200);
    expect((await send(NEIGHBOUR, "wrong-token-of-the-neighbour")).status).toBe(401);
    expect((await send(ATTACKER, ADMIN_TOKEN)).status).toBe(429);
  });

  it("counts a repeated token once", async () => {
    await start();

    for (let count = 0; count < 10; count++) expect((await send(ATTACKER, "stale-token-0123456789")).status).toBe(401);
    for (let count = 0; count < 10; count++) expect((await send(ATTACKER)).status).toBe(401);

    expect((await send(ATTACKER, ADMIN_TOKEN)).status).toBe(200);
  });

  it("lifts the block when the window ends", async () => {
    await start();
    await failDistinctTokens(ATTACKER, 4);

    clock.advance(30_500);
    expect((await send(ATTACKER, ADMIN_TOKEN)).headers["retry-after"]).toBe("30");
    clock.advance(29_500);

    expect((await send(ATTACKER, ADMIN_TOKEN)).status).toBe(200);
    expect(await failDistinctTokens(ATTACKER, 4)).toEqual([401, 401, 401, 401]);
    expect((await send(ATTACKER, ADMIN_TOKEN)).status).toBe(429);
  });

  it("groups IPv6 addresses by /64", async () => {
    await start();
    for (let index = 0; index < 4; index++) await send(`2001:db8:0:1::${index + 1}`, `wrong-token-${index}-0123456789`);

    expect((await send("2001:db8:0:1:ffff::9", ADMIN_TOKEN)).status).toBe(429);
    expect((await send("::ffff:203.0.113.9", ADMIN_TOKEN)).status).toBe(200);
    expect((await send("2001:db8:0:2::1", ADMIN_TOKEN)).status).toBe(200);
  });

  it("never blocks when disabled", async () => {
    await start({ enabled: false, maxFailures: 1 });

    expect(await failDistinctTokens(ATTACKER, 10)).toEqual(Array(10).fill(401));
    expect((await send(ATTACKER, ADMIN_TOKEN)).status).toBe(200);
  });

  it("logs counts per interval, not per request", async () => {
    await start();
    await failDistinctTokens(ATTACKER, 5);
    await send(ATTACKER, ADMIN_TOKEN);
    await failDistinctTokens(NEIGHBOUR, 2);
    await send(NEIGHBOUR);

    expect(logLines(server).filter((line) => line.event === "auth.failures")).toEqual([]);
    clock.advance(60_000);
    await send(NEIGHBOUR);
    await server.close();

    const lines = logLines(server).filter((line) => line.event === "auth.failures");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      intervalSeconds: 60,
      failures: 7,
      missingToken: 1,
      invalidToken: 6,
      rateLimited: 2,
      addresses: 2,
      top: [
        { address: ATTACKER, requests: 6 },
        { address: NEIGHBOUR, requests: 3 },
      ],
    });
    expect(lines[1]).toMatchObject({ failures: 1, top: [{ address: NEIGHBOUR, requests: 1 }] });
    expect(logLines(server).filter((line) => line.msg === "request completed")).toHaveLength(10);
    expect(server.logs.join("")).not.toContain("wrong-token");
    expect(server.logs.join("")).not.toContain(ADMIN_TOKEN);
  });
});
