import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";

import { PlexResponseError, QueryParamType, Scope, serverSource } from "../../src/index.js";
import { createTestClient } from "../helpers/client.js";
import { CLIENT_ID, TRANSIENT_TOKEN } from "../helpers/fixtures.js";
import { closeTestServers, reply, startTestServer } from "../helpers/test-server.js";

const unhandled: unknown[] = [];
const recordUnhandled = (reason: unknown): void => void unhandled.push(reason);

beforeAll(() => {
  process.on("unhandledRejection", recordUnhandled);
});
afterAll(() => {
  process.off("unhandledRejection", recordUnhandled);
});
afterEach(closeTestServers);

const XML = { "Content-Type": "text/xml;charset=utf-8" };
const JSON_TYPE = { "Content-Type": "application/json" };

/** Bodies a broken server or a proxy in the way could send with status 200. */
const MALFORMED: [string, string, Record<string, string>][] = [
  ["truncated XML", `<MediaContainer size="0" token="${TRANSIENT_TOKEN}`, XML],
  ["truncated JSON", `{"MediaContainer":{"token":"${TRANSIENT_TOKEN}"`, JSON_TYPE],
  ["an HTML page", "<!DOCTYPE html><html><body><h1>Welcome</h1></body></html>", { "Content-Type": "text/html" }],
  ["an HTML page labelled XML", "<!DOCTYPE html><html><body>Login</body></html>", XML],
  ["JSON labelled XML", `{"MediaContainer":{"token":"${TRANSIENT_TOKEN}"}}`, XML],
  ["XML labelled JSON", `<MediaContainer token="${TRANSIENT_TOKEN}"/>`, JSON_TYPE],
  ["a PNG image", "\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR", { "Content-Type": "image/png" }],
  ["plain text", "OK", { "Content-Type": "text/plain" }],
  ["an empty body", "", JSON_TYPE],
  ["a JSON array", "[]", JSON_TYPE],
  ["MediaContainer as an array", '{"MediaContainer":[]}', JSON_TYPE],
  ["a token of the wrong type", '{"MediaContainer":{"token":{"a":1}}}', JSON_TYPE],
  ["XML nested 1,000 deep", `${"<a>".repeat(1000)}${"</a>".repeat(1000)}`, XML],
  ["a 10 MB body", `{"MediaContainer":{"token":"${"x".repeat(10 * 1024 * 1024)}"}}`, JSON_TYPE],
];

describe("malformed response bodies", () => {
  it.each(MALFORMED)("reject %s with PlexResponseError", async (_case, body, headers) => {
    const server = await startTestServer(reply(200, body, headers));
    const plex = createTestClient(server.url, { retries: 0 });

    const error = await plex.security.getTransientToken(QueryParamType.Delegation, Scope.All).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PlexResponseError);
    expect((error as PlexResponseError).code).toBe("ERR_PLEX_INVALID_RESPONSE");
    expect(((error as PlexResponseError).bodyExcerpt ?? "").length).toBeLessThanOrEqual(200);
    expect(JSON.stringify(error)).not.toContain(TRANSIENT_TOKEN);
    expect(server.requests).toHaveLength(1);
  });

  it.each(MALFORMED.filter(([name]) => name !== "a 10 MB body"))("reject %s for resources too", async (_case, body, headers) => {
    const server = await startTestServer(reply(200, body, headers));
    const plex = createTestClient(server.url, { retries: 0 });

    const error = await plex.security.getSourceConnectionInformation(serverSource(CLIENT_ID)).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PlexResponseError);
  });

  it("leaves no unhandled rejection behind", async () => {
    await new Promise((resolve) => setTimeout(resolve, 50));

    expect(unhandled).toEqual([]);
  });
});
