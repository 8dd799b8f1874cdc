
import { afterEach, describe, expect, it } from "vitest";

import {
  PlexAbortError,
  PlexConnectionError,
  PlexIncompleteDeviceError,
  resolveConnection,
  type Connection,
  type Device,
} from "../../src/index.js";
import { CLIENT_ID, SOURCE_TOKEN } from "../helpers/fixtures.js";
import { closedPortURL, closeTestServers, startTestServer, type TestServer } from "../helpers/test-server.js";

afterEach(closeTestServers);

/** Starts a server that responds to /identity as `machineIdentifier` after `delayMs`. */
function identityServer(machineIdentifier: string, delayMs = 0): Promise<TestServer> {
  return startTestServer((_request, response) => {
    const body = JSON.stringify({ MediaContainer: { size: 0, claimed: true, machineIdentifier, version: "1.41.0" } });
    setTimeout(() => {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end(body);
    }, delayMs);
  });
}

/** Starts a server that accepts requests and never responds. */
function hangingServer(): Promise<TestServer> {
  return startTestServer(() => undefined);
}

function connection(uri: string, fields: Partial<Connection> = {}): Connection {
  const url = new URL(uri);

  return {
    protocol: url.protocol === "https:" ? "https" : "http",
    address: url.hostname,
    port: Number(url.port),
    uri,
    local: false,
    relay: false,
    ...fields,
  };
}

function device(connections: Connection[], fields: Partial<Device> = {}): Device {
  return { name: "Office", clientIdentifier: CLIENT_ID, accessToken: SOURCE_TOKEN, connections, ...fields };
}

describe("resolveConnection", () => {
  it("skips a closed local port for a working remote one", async () => {
    const closed = await closedPortURL();
    const working = await identityServer(CLIENT_ID);

    const result = await resolveConnection(
      device([connection(closed, { local: true }), connection(working.url)]),
    );

    expect(result.uri).toBe(working.url);
    expect(result.candidates.map((candidate) => candidate.outcome)).toEqual(["failed", "chosen"]);
    expect(result.candidates[0]?.reason).toContain("request failed");
  });

  it("binds the returned client to the uri and the source token", async () => {
    const server = await identityServer(CLIENT_ID);
    const result = await resolveConnection(device([connection(server.url)]));

    expect(result.plex.serverURL).toBe(`${server.url}/`);
    await result.plex.security.getTransientToken("delegation", "all").catch(() => undefined);
    const tokenRequest = server.requests.find((request) => request.target.startsWith("/security/token"));
    expect(tokenRequest?.headers["x-plex-token"]).toBe(SOURCE_TOKEN);
  });

  it("never sends the token with a probe", async () => {
    const server = await identityServer(CLIENT_ID);
    await resolveConnection(device([connection(server.url)]));

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.target).toBe("/identity");
    expect(server.requests[0]?.headers["x-plex-token"]).toBeUndefined();
  });

  it("never chooses a server with another machineIdentifier", async () => {
    const impostor = await identityServer("ffffffffffffffffffffffffffffffffffffffff");
    const genuine = await identityServer(CLIENT_ID, 50);

    const result = await resolveConnection(
      device([connection(impostor.url, { local: true }), connection(genuine.url, { relay: true })]),
    );

    expect(result.uri).toBe(genuine.url);
    expect(result.candidates[0]?.reason).toBe(`responded as machine ffffffffffffffffffffffffffffffffffffffff, expected ${CLIENT_ID}`);
  });

  it("ranks a slower local answer above a faster relay", async () => {
    const local = await identityServer(CLIENT_ID, 80);
    const relay = await identityServer(CLIENT_ID, 40);
    const hanging = await hangingServer();

    const result = await resolveConnection(
      device([
        connection(relay.url, { relay: true }),
        connection(hanging.url),
        connection(local.url, { local: true }),
      ]),
      { probeTimeoutMs: 60_000, deadlineMs: 60_000 },
    );

    expect(result.uri).toBe(local.url);
    expect(result.candidates.map((candidate) => [candidate.kind, candidate.outcome])).toEqual([
      ["local", "chosen"],
      ["remote", "cancelled"],
      ["relay", "outranked"],
    ]);
  });

  it("keeps an https uri exactly as given", async () => {
    const https = "https://127-0-0-1.0123456789abcdef0123456789abcdef.plex.direct:32400";
    const seen: string[] = [];
    const fetchSpy: typeof fetch = async (input) => {
      seen.push(String(input));
      throw new TypeError("fetch failed");
    };

    const failure = await resolveConnection(device([connection(https, { local: true })]), { fetch: fetchSpy }).catch(
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(PlexConnectionError);
    expect(seen).toEqual([`${https}/identity`]);
  });

  it("orders https before http within a kind", async () => {
    const seen: string[] = [];
    const fetchSpy: typeof fetch = async (input) => {
      seen.push(String(input));
      throw new TypeError("fetch failed");
    };
    const failure = (await resolveConnection(
      device([connection("http://10.0.0.1:32400", { local: true }), connection("https://10.0.0.1:32443", { local: true })]),
      { fetch: fetchSpy },
    ).catch((error: unknown) => error)) as PlexConnectionError;

    expect(failure.candidates.map((candidate) => candidate.uri)).toEqual(["https://10.0.0.1:32443", "http://10.0.0.1:32400"]);
  });

  it("lists every candidate when none works", async () => {
    const closed = await closedPortURL();
    const hanging = await hangingServer();
    const wrong = await identityServer("0000000000000000000000000000000000000000");

    const failure = (await resolveConnection(
      device([connection(closed, { local: true }), connection(hanging.url), connection(wrong.url, { relay: true })]),
      { probeTimeoutMs: 200 },
    ).catch((error: unknown) => error)) as PlexConnectionError;

    expect(failure).toBeInstanceOf(PlexConnectionError);
    expect(failure.code).toBe("ERR_PLEX_NO_CONNECTION");
    expect(failure.candidates.map((candidate) => candidate.outcome)).toEqual(["failed", "failed", "failed"]);
    expect(failure.candidates[1]?.reason).toBe("no response within 200 ms");
    expect(failure.message).toContain(closed);
    expect(failure.message).toContain("no response within 200 ms");
    expect(failure.message).toContain("responded as machine");
    expect(failure.message).not.toContain(SOURCE_TOKEN);
  });

  it("stops at the overall deadline", async () => {
    const hanging = await hangingServer();
    const failure = (await resolveConnection(device([connection(hanging.url)]), {
      probeTimeoutMs: 60_000,
      deadlineMs: 100,
    }).catch((error: unknown) => error)) as PlexConnectionError;

    expect(failure.candidates[0]?.reason).toBe("no response within the 100 ms deadline");
  });

  it("rejects with PlexAbortError when the signal aborts", async () => {
    const hanging = await hangingServer();
    const controller = new AbortController();
    const pending = resolveConnection(device([connection(hanging.url)]), { signal: controller.signal });
    controller.abort();

    await expect(pending).rejects.toBeInstanceOf(PlexAbortError);
  });

  it.each([
    ["accessToken", { accessToken: undefined }],
    ["connections", { connections: [] }],
  ] as const)("names a missing %s", async (missing, fields) => {
    const failure = await resolveConnection(device([connection("http://127.0.0.1:1")], fields)).catch(
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(PlexIncompleteDeviceError);
    expect(failure).toMatchObject({ code: "ERR_PLEX_INCOMPLETE_DEVICE", missing });
    expect((failure as Error).message).toContain(`has no ${missing}`);
  });
});
