import { afterEach, describe, expect, it } from "vitest";

import {
  PlexAbortError,
  PlexNetworkError,
  PlexTimeoutError,
  PlexUnauthorizedError,
  QueryParamType,
  Scope,
} from "../../src/index.js";
import { sleep as realSleep } from "../../src/retry.js";
import { createTestClient, recordingSleep } from "../helpers/client.js";
import { closedPortURL, closeTestServers, startTestServer, type TestHandler } from "../helpers/test-server.js";

afterEach(closeTestServers);

const hang: TestHandler = () => undefined;

describe("transport errors", () => {
  it("times out on a server that hangs", async () => {
    const server = await startTestServer(hang);
    const plex = createTestClient(server.url, { timeoutMs: 150, retries: 0 });

    const error = await plex.security
      .getTransientToken(QueryParamType.Delegation, Scope.All)
      .catch((caught: unknown) => caught as PlexTimeoutError);

    expect(error).toBeInstanceOf(PlexTimeoutError);
    expect(error.name).toBe("PlexTimeoutError");
    expect(error.code).toBe("ERR_PLEX_TIMEOUT");
    expect(error.timeoutMs).toBe(150);
    expect(error.status).toBeUndefined();
    expect(error.message).toBe(
      "The Plex server did not respond within 150 ms. Check that serverURL is reachable, or raise timeoutMs.",
    );
  });

  it("times out a body that stops mid-way", async () => {
    const server = await startTestServer((_request, response) => {
      response.writeHead(200, { "Content-Type": "application/json" });
      response.write('{"MediaContainer":');
    });
    const plex = createTestClient(server.url, { retries: 0 });

    const error = await plex.security
      .getTransientToken(QueryParamType.Delegation, Scope.All, { timeoutMs: 150 })
      .catch((caught: unknown) => caught as PlexTimeoutError);

    expect(error).toBeInstanceOf(PlexTimeoutError);
    expect(error.code).toBe("ERR_PLEX_TIMEOUT");
  });

  it("retries a timeout once per allowed retry", async () => {
    const server = await startTestServer(hang);
    const plex = createTestClient(server.url, { timeoutMs: 250, retries: 1 });

    const error = await plex.security.getTransientToken(QueryParamType.Delegation, Scope.All).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PlexTimeoutError);
    expect(server.requests).toHaveLength(2);
  });

  it("aborts an attempt in flight", async () => {
    const controller = new AbortController();
    const server = await startTestServer(() => controller.abort());
    const plex = createTestClient(server.url, { timeoutMs: 10_000 });

    const error = await plex.security
      .getTransientToken(QueryParamType.Delegation, Scope.All, { signal: controller.signal })
      .catch((caught: unknown) => caught as PlexAbortError);

    expect(error).toBeInstanceOf(PlexAbortError);
    expect(error.name).toBe("PlexAbortError");
    expect(error.code).toBe("ERR_PLEX_ABORTED");
    expect(error.message).toBe("The request was aborted by the caller's AbortSignal.");
    expect(server.requests).toHaveLength(1);
  });

  it("sends nothing with a signal already aborted", async () => {
    const server = await startTestServer(hang);

    const error = await createTestClient(server.url)
      .security.getSourceConnectionInformation("server://abc123", {}, { signal: AbortSignal.abort() })
      .catch((caught: unknown) => caught as PlexAbortError);

    expect(error).toBeInstanceOf(PlexAbortError);
    expect(error.code).toBe("ERR_PLEX_ABORTED");
    expect(server.requests).toHaveLength(0);
  });

  it("aborts a pending token function", async () => {
    const server = await startTestServer(hang);
    const controller = new AbortController();
    const plex = createTestClient(server.url, { accessToken: () => new Promise<string>(() => undefined) });

    const pending = plex.security.getTransientToken(QueryParamType.Delegation, Scope.All, { signal: controller.signal });
    controller.abort();
    const error = await pending.catch((caught: unknown) => caught as PlexAbortError);

    expect(error).toBeInstanceOf(PlexAbortError);
    expect(error.code).toBe("ERR_PLEX_ABORTED");
    expect(server.requests).toHaveLength(0);
  });

  it("stops retrying when aborted during the wait", async () => {
    const controller = new AbortController();
    const server = await startTestServer((_request, response) => {
      response.writeHead(503).end();
    });
    const plex = createTestClient(server.url, {
      retries: 5,
      sleep: (delayMs, signal) => {
        controller.abort();
        return realSleep(delayMs, signal);
      },
    });

    const error = await plex.security
      .getTransientToken(QueryParamType.Delegation, Scope.All, { signal: controller.signal })
      .catch((caught: unknown) => caught as PlexAbortError);

    expect(error).toBeInstanceOf(PlexAbortError);
    expect(error.code).toBe("ERR_PLEX_ABORTED");
    expect(server.requests).toHaveLength(1);
  });

  it("reports a closed port as network error", async () => {
    const url = await closedPortURL();
    const waits = recordingSleep();
    const plex = createTestClient(url, { sleep: waits.sleep, random: () => 0.5 });

    const error = await plex.security
      .getTransientToken(QueryParamType.Delegation, Scope.All)
      .catch((caught: unknown) => caught as PlexNetworkError);

    expect(error).toBeInstanceOf(PlexNetworkError);
    expect(error).not.toBeInstanceOf(PlexUnauthorizedError);
    expect(error.name).toBe("PlexNetworkError");
    expect(error.code).toBe("ERR_PLEX_NETWORK");
    expect(error.status).toBeUndefined();
    expect(error.url).toBe(`${url}/security/token?type=delegation&scope=all`);
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.toJSON().cause).toEqual({ name: "TypeError", message: "fetch failed", code: "ECONNREFUSED" });
    expect(error.message).toBe(
      "The request to the Plex server failed before a complete response arrived. " +
        "Check serverURL and that the server is running and reachable from here.",
    );
    expect(error.message).not.toMatch(/token/i);
    expect(waits.delaysMs).toEqual([125, 250]);
  });

  it("reports a reset mid-body as network error", async () => {
    const server = await startTestServer((_request, response) => {
      response.writeHead(200, { "Content-Type": "application/json", "Content-Length": "100" });
      response.write('{"MediaContainer":', () => response.socket?.destroy());
    });

    const error = await createTestClient(server.url, { retries: 0 })
      .security.getTransientToken(QueryParamType.Delegation, Scope.All)
      .catch((caught: unknown) => caught as PlexNetworkError);

    expect(error).toBeInstanceOf(PlexNetworkError);
    expect(error.code).toBe("ERR_PLEX_NETWORK");
  });
});
