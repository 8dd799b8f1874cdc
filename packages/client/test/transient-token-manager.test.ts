import { randomUUID } from "node:crypto";

import { afterEach, describe, expect, it } from "vitest";

import {
  PlexAccountTokenRejectedError,
  PlexAPI,
  PlexForbiddenError,
  PlexUnauthorizedError,
  TransientTokenManager,
} from "../src/index.js";
import { ACCOUNT_TOKEN, CLIENT_ID } from "./helpers/fixtures.js";
import { closeTestServers, startTestServer, type TestServer } from "./helpers/test-server.js";

afterEach(closeTestServers);

/**
 * A minimal token server: /security/token mints for the account token, and
 * /security/resources accepts live transient tokens. `restart()` discards
 * every transient token, as PMS does.
 */
async function tokenServer(options: { forbidden?: boolean; mintDelayMs?: number } = {}) {
  const live = new Set<string>();
  const counts = { mints: 0, resources: 0 };
  let accountToken = ACCOUNT_TOKEN;

  const server: TestServer = await startTestServer((request, response) => {
    const token = request.headers["x-plex-token"];
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "Content-Type": "application/json" });
      response.end(JSON.stringify(body));
    };

    if (request.url?.startsWith("/security/token")) {
      if (token !== accountToken) return send(401, { errors: [{ code: 1001, message: "no", status: 401 }] });
      counts.mints += 1;
      const minted = `transient-${randomUUID()}`;
      live.add(minted);
      setTimeout(() => send(200, { MediaContainer: { size: 0, token: minted } }), options.mintDelayMs ?? 0);
      return;
    }

    counts.resources += 1;
    if (typeof token !== "string" || !live.has(token)) return send(401, { errors: [{ code: 1001, message: "no", status: 401 }] });
    if (options.forbidden) return send(403, { errors: [{ code: 1002, message: "admin only", status: 403 }] });
    send(200, { MediaContainer: { size: 1, Device: { name: "x", clientIdentifier: CLIENT_ID, Connection: [] } } });
  });

  return {
    server,
    counts,
    restart: () => live.clear(),
    replaceAccountToken: (token: string) => {
      accountToken = token;
    },
  };
}

function manager(url: string, now?: () => number): TransientTokenManager {
  const plex = new PlexAPI({ serverURL: url, accessToken: ACCOUNT_TOKEN, retries: 0 });

  return new TransientTokenManager(plex, now === undefined ? {} : { now, tokenLifetimeMs: 60_000, refreshAheadMs: 10_000 });
}

/** Calls /security/resources with a transient token. */
function useToken(url: string) {
  return (token: string) =>
    new PlexAPI({ serverURL: url, accessToken: token, retries: 0 }).security.getSourceConnectionInformation(`server://${CLIENT_ID}`);
}

describe("TransientTokenManager", () => {
  it("mints once for 100 concurrent callers", async () => {
    const { server, counts } = await tokenServer({ mintDelayMs: 20 });
    const tokens = manager(server.url);

    const results = await Promise.all(Array.from({ length: 100 }, () => tokens.getToken()));

    expect(counts.mints).toBe(1);
    expect(new Set(results).size).toBe(1);
  });

  it("re-mints exactly once after a server restart", async () => {
    const { server, counts, restart } = await tokenServer();
    const tokens = manager(server.url);
    const first = await tokens.getToken();
    restart();

    const results = await Promise.all(Array.from({ length: 100 }, () => tokens.withToken(useToken(server.url))));

    expect(results).toHaveLength(100);
    expect(counts.mints).toBe(2);
    expect(await tokens.getToken()).not.toBe(first);
  });

  it("refreshes ahead of the expiry", async () => {
    const { server, counts } = await tokenServer();
    let now = 1_000_000;
    const tokens = manager(server.url, () => now);
    const first = await tokens.getToken();

    now += 49_999;
    expect(await tokens.getToken()).toBe(first);
    expect(counts.mints).toBe(1);

    now += 1;
    expect(await tokens.getToken()).toBe(first);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(counts.mints).toBe(2);
    expect(await tokens.getToken()).not.toBe(first);
  });

  it("mints anew after the assumed expiry", async () => {
    const { server, counts } = await tokenServer();
    let now = 1_000_000;
    const tokens = manager(server.url, () => now);
    const first = await tokens.getToken();

    now += 60_000;
    const second = await tokens.getToken();

    expect(second).not.toBe(first);
    expect(counts.mints).toBe(2);
  });

  it("treats a 403 as final", async () => {
    const { server, counts } = await tokenServer({ forbidden: true });
    const tokens = manager(server.url);

    await expect(tokens.withToken(useToken(server.url))).rejects.toBeInstanceOf(PlexForbiddenError);
    expect(counts.mints).toBe(1);
    expect(counts.resources).toBe(1);
  });

  it("says the account token was rejected when the re-mint fails", async () => {
    const { server, restart, replaceAccountToken } = await tokenServer();
    const tokens = manager(server.url);
    await tokens.getToken();
    restart();
    replaceAccountToken("another-account-token-123456");

    const failure = await tokens.withToken(useToken(server.url)).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(PlexAccountTokenRejectedError);
    expect(failure).toMatchObject({ code: "ERR_PLEX_ACCOUNT_TOKEN_REJECTED", status: 401 });
    expect((failure as Error).message).toContain("rejected the account token");
    expect((failure as Error).cause).toBeInstanceOf(PlexUnauthorizedError);
    expect(JSON.stringify(failure)).not.toContain(ACCOUNT_TOKEN);
  });

  it("retries an operation only once", async () => {
    const { server, counts } = await tokenServer();
    const tokens = manager(server.url);
    let calls = 0;

    const failure = await tokens
      .withToken(async (token) => {
        calls += 1;
        const lastDigit = token.endsWith("0") ? "1" : "0";
        return useToken(server.url)(`${token.slice(0, -1)}${lastDigit}`);
      })
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(PlexUnauthorizedError);
    expect(calls).toBe(2);
    expect(counts.mints).toBe(2);
  });

  it("rejects a refresh margin not below the lifetime", () => {
    const plex = new PlexAPI({ serverURL: "http://127.0.0.1:1" });

    expect(() => new TransientTokenManager(plex, { tokenLifetimeMs: 1000, refreshAheadMs: 1000 })).toThrow(RangeError);
  });
});
