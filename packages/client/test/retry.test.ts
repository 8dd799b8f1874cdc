import { afterEach, describe, expect, it } from "vitest";

import { PlexHTTPStatusError, QueryParamType, Scope } from "../src/index.js";
import { createTestClient, recordingSleep } from "./helpers/client.js";
import { PMS_401_HTML, TOKEN_JSON, TRANSIENT_TOKEN } from "./helpers/fixtures.js";
import { closeTestServers, JSON_TYPE, reply, replySequence, startTestServer } from "./helpers/test-server.js";

afterEach(closeTestServers);

const OK = reply(200, TOKEN_JSON, JSON_TYPE);

async function mint(serverURL: string, options: Parameters<typeof createTestClient>[1] = {}): Promise<unknown> {
  return createTestClient(serverURL, options)
    .security.getTransientToken(QueryParamType.Delegation, Scope.All)
    .then(
      (result) => result.token,
      (error: unknown) => error,
    );
}

describe("retries", () => {
  it("succeeds after a 503", async () => {
    const server = await startTestServer(replySequence(reply(503, "busy"), OK));
    const waits = recordingSleep();

    const token = await mint(server.url, { sleep: waits.sleep, random: () => 0.5 });

    expect(token).toBe(TRANSIENT_TOKEN);
    expect(server.requests).toHaveLength(2);
    expect(waits.delaysMs).toEqual([125]);
  });

  it("doubles the backoff ceiling with full jitter", async () => {
    const server = await startTestServer(replySequence(reply(502, ""), reply(504, ""), reply(500, ""), OK));
    const waits = recordingSleep();

    const token = await mint(server.url, { sleep: waits.sleep, random: () => 0.999, retries: 3, retryBaseDelayMs: 1000 });

    expect(token).toBe(TRANSIENT_TOKEN);
    expect(waits.delaysMs).toEqual([999, 1998, 3996]);
  });

  it("caps the backoff at maxRetryDelayMs", async () => {
    const server = await startTestServer(replySequence(reply(500, ""), reply(500, ""), OK));
    const waits = recordingSleep();

    await mint(server.url, { sleep: waits.sleep, random: () => 0.5, retryBaseDelayMs: 10_000, maxRetryDelayMs: 4000 });

    expect(waits.delaysMs).toEqual([2000, 2000]);
  });

  it("honours Retry-After in seconds", async () => {
    const server = await startTestServer(replySequence(reply(503, "", { "Retry-After": "7" }), OK));
    const waits = recordingSleep();

    const token = await mint(server.url, { sleep: waits.sleep });

    expect(token).toBe(TRANSIENT_TOKEN);
    expect(waits.delaysMs).toEqual([7000]);
  });

  it("honours Retry-After as an HTTP date on 429", async () => {
    const nowMs = Date.parse("2026-01-01T00:00:00Z");
    const retryAt = new Date(nowMs + 5000).toUTCString();
    const server = await startTestServer(replySequence(reply(429, "", { "Retry-After": retryAt }), OK));
    const waits = recordingSleep();

    const token = await mint(server.url, { sleep: waits.sleep, now: () => nowMs });

    expect(token).toBe(TRANSIENT_TOKEN);
    expect(server.requests).toHaveLength(2);
    expect(waits.delaysMs).toEqual([5000]);
  });

  it("caps Retry-After at maxRetryDelayMs", async () => {
    const server = await startTestServer(replySequence(reply(503, "", { "Retry-After": "86400" }), OK));
    const waits = recordingSleep();

    await mint(server.url, { sleep: waits.sleep });

    expect(waits.delaysMs).toEqual([30_000]);
  });

  it("rethrows the last error after retries", async () => {
    const server = await startTestServer(reply(503, "down", { "Retry-After": "1" }));
    const waits = recordingSleep();

    const error = (await mint(server.url, { sleep: waits.sleep })) as PlexHTTPStatusError;

    expect(error).toBeInstanceOf(PlexHTTPStatusError);
    expect(error.code).toBe("ERR_PLEX_HTTP_STATUS");
    expect(error.status).toBe(503);
    expect(error.retryAfterMs).toBe(1000);
    expect(server.requests).toHaveLength(3);
    expect(waits.delaysMs).toEqual([1000, 1000]);
  });

  it("takes retries from the call options", async () => {
    const server = await startTestServer(reply(503, ""));

    const error = await createTestClient(server.url, { retries: 5 })
      .security.getTransientToken(QueryParamType.Delegation, Scope.All, { retries: 0 })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PlexHTTPStatusError);
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    [400, "ERR_PLEX_BAD_REQUEST"],
    [401, "ERR_PLEX_UNAUTHORIZED"],
    [403, "ERR_PLEX_FORBIDDEN"],
    [404, "ERR_PLEX_NOT_FOUND"],
  ])("never retries %i", async (status, code) => {
    const server = await startTestServer(replySequence(reply(status, PMS_401_HTML, { "Retry-After": "1" }), OK));
    const waits = recordingSleep();

    const error = await mint(server.url, { sleep: waits.sleep, retries: 5 });

    expect(error).toMatchObject({ status, code });
    expect(server.requests).toHaveLength(1);
    expect(waits.delaysMs).toEqual([]);
  });

  it("never retries an invalid 200 body", async () => {
    const server = await startTestServer(replySequence(reply(200, "<html></html>", { "Content-Type": "text/html" }), OK));

    const error = await mint(server.url, { retries: 5 });

    expect(error).toMatchObject({ code: "ERR_PLEX_INVALID_RESPONSE" });
    expect(server.requests).toHaveLength(1);
  });
});
