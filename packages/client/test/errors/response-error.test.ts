import { afterEach, describe, expect, it } from "vitest";

import { PlexError, PlexResponseError, QueryParamType, Scope } from "../../src/index.js";
import { createTestClient } from "../helpers/client.js";
import { TRANSIENT_TOKEN } from "../helpers/fixtures.js";
import { closeTestServers, HTML_TYPE, JSON_TYPE, reply, startTestServer, XML_TYPE } from "../helpers/test-server.js";

afterEach(closeTestServers);

const CHECK_SERVER = " Check that serverURL points at a Plex Media Server or a compatible server.";

async function tokenError(serverURL: string, maxResponseBytes?: number): Promise<PlexResponseError> {
  const plex = createTestClient(serverURL, maxResponseBytes === undefined ? {} : { maxResponseBytes });

  return plex.security.getTransientToken(QueryParamType.Delegation, Scope.All).then(
    () => expect.fail("the call resolved"),
    (error: unknown) => error as PlexResponseError,
  );
}

function expectResponseError(error: unknown): void {
  expect(error).toBeInstanceOf(PlexResponseError);
  expect(error).toBeInstanceOf(PlexError);
  expect((error as PlexResponseError).name).toBe("PlexResponseError");
  expect((error as PlexResponseError).code).toBe("ERR_PLEX_INVALID_RESPONSE");
  expect((error as PlexResponseError).status).toBe(200);
}

describe("PlexResponseError", () => {
  it("reports a truncated XML body", async () => {
    const server = await startTestServer(reply(200, '<?xml version="1.0"?>\n<MediaContainer size="0" tok', XML_TYPE));

    const error = await tokenError(server.url);

    expectResponseError(error);
    expect(error.message).toMatch(/^Invalid XML response: .+ \(line 2\)\. Check that serverURL points at/);
    expect(error.bodyExcerpt).toBe('<?xml version="1.0"?>\n<MediaContainer size="0" tok');
    expect(server.requests).toHaveLength(1);
  });

  it("reports truncated JSON", async () => {
    const server = await startTestServer(reply(200, '{"MediaContainer":{"size":0,', JSON_TYPE));

    const error = await tokenError(server.url);

    expectResponseError(error);
    expect(error.message).toBe(`Invalid JSON response: the body is not well-formed JSON.${CHECK_SERVER}`);
  });

  it("reports an HTML page with status 200", async () => {
    const server = await startTestServer(reply(200, "<html><body>Welcome to nginx!</body></html>", HTML_TYPE));

    const error = await tokenError(server.url);

    expectResponseError(error);
    expect(error.message).toBe(
      `Unexpected response content type "text/html": expected application/json or text/xml.${CHECK_SERVER}`,
    );
    expect(error.bodyExcerpt).toBe("<html><body>Welcome to nginx!</body></html>");
  });

  it("names the missing token", async () => {
    const server = await startTestServer(reply(200, '{"MediaContainer":{"size":0}}', JSON_TYPE));

    const error = await tokenError(server.url);

    expectResponseError(error);
    expect(error.field).toBe("MediaContainer.token");
    expect(error.message).toBe(`Invalid response: MediaContainer.token is missing.${CHECK_SERVER}`);
  });

  it("names the missing device", async () => {
    const server = await startTestServer(reply(200, '<MediaContainer size="0"/>', XML_TYPE));

    const error = await createTestClient(server.url)
      .security.getSourceConnectionInformation("server://abc123")
      .catch((caught: unknown) => caught as PlexResponseError);

    expectResponseError(error);
    expect(error.field).toBe("MediaContainer.Device");
    expect(error.message).toBe(`Invalid response: MediaContainer.Device is missing.${CHECK_SERVER}`);
  });

  it("rejects a 10 MB body", async () => {
    const chunk = "a".repeat(64 * 1024);
    const server = await startTestServer((_request, response) => {
      response.writeHead(200, JSON_TYPE);
      let sent = 0;
      const write = (): void => {
        while (sent < 160 && !response.destroyed) {
          sent += 1;
          if (!response.write(chunk)) {
            response.once("drain", write);
            return;
          }
        }
        response.end();
      };
      write();
    });

    const error = await tokenError(server.url);

    expectResponseError(error);
    expect(error.message).toBe(
      "Invalid response: the body is larger than the limit of 1048576 bytes. " +
        `Raise maxResponseBytes if this server's responses are that large.${CHECK_SERVER}`,
    );
    expect(error.bodyExcerpt).toBe("a".repeat(200));
    expect(server.requests).toHaveLength(1);
  });

  it("rejects a Content-Length over the limit", async () => {
    const body = JSON.stringify({ MediaContainer: { size: 0, token: TRANSIENT_TOKEN } });
    const server = await startTestServer(reply(200, body, JSON_TYPE));

    const error = await tokenError(server.url, 32);

    expectResponseError(error);
    expect(error.message).toMatch(/^Invalid response: the body is larger than the limit of 32 bytes\./);
  });

  it("accepts a body exactly at the limit", async () => {
    const body = JSON.stringify({ MediaContainer: { size: 0, token: TRANSIENT_TOKEN } });
    const server = await startTestServer(reply(200, body, JSON_TYPE));
    const plex = createTestClient(server.url, { maxResponseBytes: Buffer.byteLength(body) });

    const result = await plex.security.getTransientToken(QueryParamType.Delegation, Scope.All);

    expect(result.token).toBe(TRANSIENT_TOKEN);
  });
});
