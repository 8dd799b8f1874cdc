import { inspect } from "node:util";

import { afterEach, describe, expect, it } from "vitest";

import { PlexAPI, PlexError, QueryParamType, Scope } from "../../src/index.js";
import { createTestClient } from "../helpers/client.js";
import { ACCOUNT_TOKEN, TRANSIENT_TOKEN } from "../helpers/fixtures.js";
import { closedPortURL, closeTestServers, reply, startTestServer } from "../helpers/test-server.js";

afterEach(closeTestServers);

const NESTED_URL = `http://127.0.0.1:32400/photo?X-Plex-Token=${ACCOUNT_TOKEN}&width=10`;
const ENCODED_NESTED_URL = `/transcode?url=${encodeURIComponent(NESTED_URL)}&t=${TRANSIENT_TOKEN}`;

/** Renders an error in every form that could reach a log. */
function renderings(error: PlexError): Record<string, string> {
  return {
    message: error.message,
    string: String(error),
    stack: error.stack ?? "",
    json: JSON.stringify(error),
    inspect: inspect(error),
    inspectHidden: inspect(error, { showHidden: true, depth: Infinity }),
    cause: inspect(error.cause, { showHidden: true, depth: Infinity }),
    properties: JSON.stringify({ ...error, url: error.url, bodyExcerpt: error.bodyExcerpt, serverMessage: error.serverMessage }),
  };
}

function expectNoToken(error: unknown, ...tokens: string[]): void {
  expect(error).toBeInstanceOf(PlexError);
  const forms = tokens.flatMap((token) => [token, encodeURIComponent(token), encodeURIComponent(encodeURIComponent(token))]);

  for (const [where, text] of Object.entries(renderings(error as PlexError))) {
    for (const form of forms) {
      expect(text.includes(form), `${where} contains a token`).toBe(false);
    }
    expect(text.toLowerCase().includes(TRANSIENT_TOKEN.slice(10, 30)), `${where} contains part of a transient token`).toBe(false);
  }
}

async function mintError(plex: PlexAPI): Promise<unknown> {
  return plex.security.getTransientToken(QueryParamType.Delegation, Scope.All).catch((error: unknown) => error);
}

describe("redaction of errors", () => {
  it("hides tokens echoed in a 401 HTML page", async () => {
    const body = `<html><body>Token ${ACCOUNT_TOKEN} rejected. See ${ENCODED_NESTED_URL} ${TRANSIENT_TOKEN.toUpperCase()}</body></html>`;
    const server = await startTestServer(reply(401, body, { "Content-Type": "text/html" }));

    const error = (await mintError(createTestClient(server.url))) as PlexError;

    expect(error.code).toBe("ERR_PLEX_UNAUTHORIZED");
    expect(error.bodyExcerpt).toContain("REDACTED");
    expectNoToken(error, ACCOUNT_TOKEN, TRANSIENT_TOKEN, TRANSIENT_TOKEN.toUpperCase());
  });

  it("hides tokens in an undecodable 200 body", async () => {
    const body = `<html><a href="${ENCODED_NESTED_URL}">${TRANSIENT_TOKEN}</a></html>`;
    const server = await startTestServer(reply(200, body, { "Content-Type": "text/html" }));

    const error = (await mintError(createTestClient(server.url))) as PlexError;

    expect(error.code).toBe("ERR_PLEX_INVALID_RESPONSE");
    expectNoToken(error, ACCOUNT_TOKEN, TRANSIENT_TOKEN);
  });

  it("hides tokens in the server message", async () => {
    const message = `token ${ACCOUNT_TOKEN} has expired; try ${ENCODED_NESTED_URL}`;
    const body = JSON.stringify({ errors: [{ code: 1001, message, status: 403 }] });
    const server = await startTestServer(reply(403, body, { "Content-Type": "application/json" }));

    const error = (await mintError(createTestClient(server.url))) as PlexError;

    expect(error.code).toBe("ERR_PLEX_FORBIDDEN");
    expect(error.serverMessage).toMatch(/^token REDACTED has expired/);
    expectNoToken(error, ACCOUNT_TOKEN, TRANSIENT_TOKEN);
  });

  it("hides a token that a token function returned", async () => {
    const issued = "provided-Token-0123456789";
    const server = await startTestServer(reply(500, `internal error for ${issued}`));
    const plex = new PlexAPI({ serverURL: server.url, accessToken: () => issued, retries: 0 });

    const error = (await mintError(plex)) as PlexError;

    expect(error.code).toBe("ERR_PLEX_HTTP_STATUS");
    expect(error.bodyExcerpt).toBe("internal error for REDACTED");
    expectNoToken(error, issued);
  });

  it("hides the account token in url", async () => {
    const url = await closedPortURL();
    const plex = createTestClient(`${url}/proxy/${ACCOUNT_TOKEN}`, { retries: 0 });

    const error = (await mintError(plex)) as PlexError;

    expect(error.code).toBe("ERR_PLEX_NETWORK");
    expect(error.url).toBe(`${url}/proxy/REDACTED/security/token?type=delegation&scope=all`);
    expectNoToken(error, ACCOUNT_TOKEN);
  });

  it("hides a token in the cause", () => {
    const error = new PlexError("ERR_TEST", "failed", { cause: new Error(`bad header ${ACCOUNT_TOKEN}`), secrets: [ACCOUNT_TOKEN] });

    expect((error.cause as Error).message).toBe("bad header REDACTED");
    expectNoToken(error, ACCOUNT_TOKEN);
  });

  it("keeps code and fields in JSON and inspect output", async () => {
    const server = await startTestServer(reply(404, "Not Found", { "Content-Type": "text/plain" }));

    const error = (await mintError(createTestClient(server.url))) as PlexError;
    const json = JSON.parse(JSON.stringify(error)) as Record<string, unknown>;

    expect(json).toMatchObject({
      name: "PlexNotFoundError",
      code: "ERR_PLEX_NOT_FOUND",
      status: 404,
      method: "GET",
      url: `${server.url}/security/token?type=delegation&scope=all`,
      bodyExcerpt: "Not Found",
    });
    expect(inspect(error)).toMatch(/^PlexNotFoundError: The Plex server returned HTTP 404 Not Found\./);
    expect(inspect(error)).toContain("code: 'ERR_PLEX_NOT_FOUND'");
    expect(error.stack).toMatch(/^PlexNotFoundError: /);
  });

  it("keeps the token out of PlexAPI", () => {
    const plex = new PlexAPI({ serverURL: "http://127.0.0.1:32400", accessToken: ACCOUNT_TOKEN });

    expect(inspect(plex, { showHidden: true, depth: Infinity })).not.toContain(ACCOUNT_TOKEN);
    expect(JSON.stringify(plex)).not.toContain(ACCOUNT_TOKEN);
  });
});
