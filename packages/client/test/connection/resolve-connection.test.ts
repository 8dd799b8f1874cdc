import { afterEach, describe, expect, it } from "vitest";

import {
  PlexAbortError,
  PlexConnectionError,
  resolveConnection,
  type Connection,
  type Device,
} from "../../src/index.js";
import { CLIENT_ID, RESOURCES_JSON, SOURCE_TOKEN } from "../helpers/fixtures.js";
import { closedPortURL, closeTestServers, reply, startTestServer, type TestHandler, type TestServer } from "../helpers/test-server.js";

afterEach(closeTestServers);

const CLIENT_OPTIONS = { clientIdentifier: "resolver-test" };

/** Answers /identity as the server `machineIdentifier`, after `delayMs`, and /security/resources with the example. */
function identity(machineIdentifier: string, delayMs = 0): TestHandler {
  return (request, response) => {
    const body = request.url === "/identity"
      ? `<MediaContainer size="0" claimed="1" machineIdentifier="${machineIdentifier}" version="1.41.0"/>`
      : RESOURCES_JSON;
    const contentType = request.url === "/identity" ? "text/xml" : "application/json";
    setTimeout(() => reply(200, body, { "Content-Type": contentType })(request, response, 0), delayMs);
  };
}

const hang: TestHandler = () => undefined;

function candidate(server: TestServer | string, local: boolean, relay = false): Connection {
  const uri = typeof server === "string" ? server : server.url;
  const url = new URL(uri);

  return { protocol: url.protocol === "https:" ? "https" : "http", address: url.hostname, port: Number(url.port), uri, local, relay };
}

function device(connections: Connection[]): Device {
  return { name: "Office", clientIdentifier: CLIENT_ID, accessToken: SOURCE_TOKEN, connections };
}

describe("resolveConnection", () => {
  it("returns a client bound to the best connection and the device token", async () => {
    const local = await startTestServer(identity(CLIENT_ID));
    const remote = await startTestServer(identity(CLIENT_ID));

    const resolved = await resolveConnection(device([candidate(remote, false), candidate(local, true)]), {
      clientOptions: CLIENT_OPTIONS,
    });
    await resolved.plex.security.getSourceConnectionInformation("server://abc");

    expect(resolved.uri).toBe(local.url);
    expect(resolved.identity.machineIdentifier).toBe(CLIENT_ID);
    expect(resolved.plex.serverURL).toBe(`${local.url}/`);
    expect(local.requests.map((request) => request.target)).toEqual(["/identity", "/security/resources?source=server%3A%2F%2Fabc"]);
    expect(local.requests[0]!.headers["x-plex-token"]).toBeUndefined();
    expect(local.requests[1]!.headers["x-plex-token"]).toBe(SOURCE_TOKEN);
    expect(remote.requests[0]!.headers["x-plex-token"]).toBeUndefined();
  });

  it("waits for a slower higher-ranked connection", async () => {
    const local = await startTestServer(identity(CLIENT_ID, 100));
    const relay = await startTestServer(identity(CLIENT_ID));

    const resolved = await resolveConnection(device([candidate(relay, false, true), candidate(local, true)]));

    expect(resolved.uri).toBe(local.url);
  });

  it("skips a connection that reaches another server", async () => {
    const impostor = await startTestServer(identity("someone-else"));
    const remote = await startTestServer(identity(CLIENT_ID));

    const resolved = await resolveConnection(device([candidate(impostor, true), candidate(remote, false)]));

    expect(resolved.uri).toBe(remote.url);
  });

  it("uses an https uri as given, never http on its address", async () => {
    const plain = await startTestServer(identity(CLIENT_ID));
    const httpsURI = plain.url.replace("http:", "https:");

    const error = await resolveConnection(device([candidate(httpsURI, true)]), { probeTimeoutMs: 2000 }).catch(
      (caught: unknown) => caught as PlexConnectionError,
    );

    expect(error).toBeInstanceOf(PlexConnectionError);
    expect(error.failures).toEqual([{ uri: httpsURI, code: "ERR_PLEX_NETWORK", reason: expect.stringMatching(/^network error/) }]);
    expect(plain.requests).toHaveLength(0);
  });

  it("lists every candidate and why it failed", async () => {
    const impostor = await startTestServer(identity("someone-else"));
    const missing = await startTestServer(reply(404, "Not Found"));
    const slow = await startTestServer(hang);
    const closed = await closedPortURL();

    const error = await resolveConnection(
      device([candidate(slow, false, true), candidate(missing, false), candidate(closed, true), candidate(impostor, true)]),
      { probeTimeoutMs: 150 },
    ).catch((caught: unknown) => caught as PlexConnectionError);

    expect(error).toBeInstanceOf(PlexConnectionError);
    expect(error.name).toBe("PlexConnectionError");
    expect(error.code).toBe("ERR_PLEX_NO_CONNECTION");
    expect(error.clientIdentifier).toBe(CLIENT_ID);
    expect(error.failures).toEqual([
      { uri: closed, code: "ERR_PLEX_NETWORK", reason: "network error (ECONNREFUSED)" },
      {
        uri: impostor.url,
        code: "ERR_PLEX_IDENTITY_MISMATCH",
        reason: `machineIdentifier is "someone-else", expected "${CLIENT_ID}"`,
      },
      { uri: missing.url, code: "ERR_PLEX_NOT_FOUND", reason: "HTTP 404" },
      { uri: slow.url, code: "ERR_PLEX_TIMEOUT", reason: "timed out after 150 ms" },
    ]);
    expect(error.message).toBe(
      `None of the 4 connections of the source reached the expected server: ${closed} (network error (ECONNREFUSED)), ` +
        `${impostor.url} (machineIdentifier is "someone-else", expected "${CLIENT_ID}"), ${missing.url} (HTTP 404), ` +
        `${slow.url} (timed out after 150 ms). Check that the source is online, or call getSourceConnectionInformation with refresh: true.`,
    );
  });

  it("stops every probe at the deadline", async () => {
    const first = await startTestServer(hang);
    const second = await startTestServer(hang);

    const error = await resolveConnection(device([candidate(first, true), candidate(second, false)]), {
      probeTimeoutMs: 10_000,
      deadlineMs: 100,
    }).catch((caught: unknown) => caught as PlexConnectionError);

    expect(error).toBeInstanceOf(PlexConnectionError);
    expect(error.failures.map((failure) => failure.reason)).toEqual([
      "no answer before the deadline of 100 ms",
      "no answer before the deadline of 100 ms",
    ]);
  });

  it("aborts the probes it no longer needs", async () => {
    const local = await startTestServer(identity(CLIENT_ID));
    const closedSockets: string[] = [];
    const remote = await startTestServer((request) => request.socket.on("close", () => closedSockets.push("remote")));

    const resolved = await resolveConnection(device([candidate(local, true), candidate(remote, false)]));
    for (let waitedMs = 0; closedSockets.length === 0 && waitedMs < 2000; waitedMs += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    expect(resolved.uri).toBe(local.url);
    expect(remote.requests).toHaveLength(1);
    expect(closedSockets).toEqual(["remote"]);
  });

  it("rejects with PlexAbortError when the caller aborts", async () => {
    const slow = await startTestServer(hang);
    const controller = new AbortController();

    const pending = resolveConnection(device([candidate(slow, true)]), { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    const error = await pending.catch((caught: unknown) => caught as PlexAbortError);

    expect(error).toBeInstanceOf(PlexAbortError);
    expect(error.code).toBe("ERR_PLEX_ABORTED");
  });

  it("reports a device without connections", async () => {
    const error = await resolveConnection(device([])).catch((caught: unknown) => caught as PlexConnectionError);

    expect(error).toBeInstanceOf(PlexConnectionError);
    expect(error.failures).toEqual([]);
    expect(error.message).toBe(
      "The source lists no connections. Call getSourceConnectionInformation with refresh: true, or check the source on its server.",
    );
  });

  it.each([
    [{ probeTimeoutMs: 0 }, RangeError, /^Invalid probeTimeoutMs option 0/],
    [{ deadlineMs: "1" }, TypeError, /^Invalid deadlineMs option: expected a number/],
    [{ clientOptions: { accessToken: "x" } }, TypeError, /^Invalid clientOptions.accessToken/],
    [{ clientOptions: { timeout: 1 } }, TypeError, /^Unknown option "timeout" in PlexAPI options/],
  ])("rejects the options %o", async (options, errorClass, message) => {
    const call = resolveConnection(device([]), options as never);

    await expect(call).rejects.toThrow(errorClass);
    await expect(call).rejects.toThrow(message);
  });
});
