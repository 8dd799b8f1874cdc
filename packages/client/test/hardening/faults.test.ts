import { randomUUID } from "node:crypto";

import { afterEach, describe, expect, it } from "vitest";

import {
  PlexAPI,
  PlexConnectionError,
  PlexNetworkError,
  resolveConnection,
  TransientTokenManager,
  type Connection,
  type Device,
} from "../../src/index.js";
import { ACCOUNT_TOKEN, CLIENT_ID, SOURCE_TOKEN } from "../helpers/fixtures.js";
import { closedPortURL, closeTestServers, startTestServer, type TestHandler } from "../helpers/test-server.js";

afterEach(closeTestServers);

const PLEX_DIRECT = "https://10-0-2-123.93b10b279ff8456686414add109854cd.plex.direct:32400";

/** Sends the headers and half a JSON body, then cuts the connection: the server died mid-request. */
const dieMidResponse: TestHandler = (_request, response) => {
  response.writeHead(200, { "Content-Type": "application/json", "Content-Length": "200" });
  response.write('{"MediaContainer":{"size":0,', () => response.socket?.destroy());
};

function mintHandler(): TestHandler {
  return (_request, response) => {
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end(JSON.stringify({ MediaContainer: { size: 0, token: `transient-${randomUUID()}` } }));
  };
}

function identityHandler(machineIdentifier = CLIENT_ID): TestHandler {
  return (_request, response) => {
    response.writeHead(200, { "Content-Type": "application/json" });
    response.end(JSON.stringify({ MediaContainer: { size: 0, claimed: true, machineIdentifier } }));
  };
}

/** Fetches like `fetch`, except that `.plex.direct` names do not resolve, as on a network whose DNS filters them. */
const fetchWithoutPlexDirect: typeof fetch = async (input, init) => {
  if (new URL(String(input)).hostname.endsWith(".plex.direct")) {
    const cause = Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" });
    throw new TypeError("fetch failed", { cause });
  }

  return fetch(input, init);
};

function connection(uri: string, fields: Partial<Connection> = {}): Connection {
  const url = new URL(uri);

  return { protocol: url.protocol === "https:" ? "https" : "http", address: url.hostname, port: Number(url.port), uri, local: false, relay: false, ...fields };
}

function device(connections: Connection[]): Device {
  return { name: "Office", clientIdentifier: CLIENT_ID, accessToken: SOURCE_TOKEN, connections };
}

describe("token manager faults", () => {
  it("reports a mint cut off mid-response as a network error, then recovers", async () => {
    let dying = true;
    const healthy = mintHandler();
    const server = await startTestServer((request, response, index) => (dying ? dieMidResponse : healthy)(request, response, index));
    const manager = new TransientTokenManager(new PlexAPI({ serverURL: server.url, accessToken: ACCOUNT_TOKEN, retries: 0 }));

    const failure = await manager.getToken().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PlexNetworkError);

    dying = false;
    expect(await manager.getToken()).toMatch(/^transient-/);
    expect(server.requests).toHaveLength(2);
  });

  it("does not re-mint when the operation's server dies mid-request", async () => {
    const tokens = await startTestServer(mintHandler());
    const dead = await startTestServer(dieMidResponse);
    const manager = new TransientTokenManager(new PlexAPI({ serverURL: tokens.url, accessToken: ACCOUNT_TOKEN, retries: 0 }));

    const failure = await manager
      .withToken((token) => new PlexAPI({ serverURL: dead.url, accessToken: token, retries: 0 }).security.getTransientToken("delegation", "all"))
      .catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(PlexNetworkError);
    expect(tokens.requests).toHaveLength(1);
  });
});

describe("resolver faults", () => {
  it("skips a .plex.direct name that does not resolve", async () => {
    const working = await startTestServer(identityHandler());

    const result = await resolveConnection(device([connection(PLEX_DIRECT, { local: true }), connection(working.url)]), {
      fetch: fetchWithoutPlexDirect,
    });

    expect(result.uri).toBe(working.url);
    expect(result.candidates[0]?.reason).toBe("request failed: fetch failed (ENOTFOUND)");
  });

  it("fails a probe whose server dies mid-response", async () => {
    const dying = await startTestServer(dieMidResponse);
    const working = await startTestServer(identityHandler());

    const result = await resolveConnection(device([connection(dying.url, { local: true }), connection(working.url, { relay: true })]));

    expect(result.uri).toBe(working.url);
    expect(result.candidates[0]?.outcome).toBe("failed");
  });

  it("lists every connection and its reason when all are down", async () => {
    const closed = await closedPortURL();
    const hanging = await startTestServer(() => undefined);
    const impostor = await startTestServer(identityHandler("f".repeat(40)));
    const broken = await startTestServer((_request, response) => {
      response.writeHead(500);
      response.end();
    });

    const failure = (await resolveConnection(
      device([
        connection(PLEX_DIRECT, { local: true }),
        connection(closed, { local: true }),
        connection(hanging.url),
        connection(impostor.url),
        connection(broken.url, { relay: true }),
      ]),
      { fetch: fetchWithoutPlexDirect, probeTimeoutMs: 300 },
    ).catch((error: unknown) => error)) as PlexConnectionError;

    expect(failure).toBeInstanceOf(PlexConnectionError);
    expect(failure.candidates.map(({ uri, reason }) => [uri, reason])).toEqual([
      [PLEX_DIRECT, "request failed: fetch failed (ENOTFOUND)"],
      [closed, "request failed: fetch failed (ECONNREFUSED)"],
      [hanging.url, "no response within 300 ms"],
      [impostor.url, `responded as machine ${"f".repeat(40)}, expected ${CLIENT_ID}`],
      [broken.url, "returned HTTP 500"],
    ]);
    for (const candidate of failure.candidates) expect(failure.message).toContain(candidate.uri);
    expect(failure.message).not.toContain(SOURCE_TOKEN);
  });
});
