import { afterEach, describe, expect, it } from "vitest";

import {
  PlexAPI,
  PlexBadRequestError,
  PlexError,
  PlexForbiddenError,
  PlexHTTPStatusError,
  PlexNotFoundError,
  PlexUnauthorizedError,
  QueryParamType,
  Scope,
} from "../../src/index.js";
import { createTestClient } from "../helpers/client.js";
import { PMS_401_HTML } from "../helpers/fixtures.js";
import { closeTestServers, HTML_TYPE, JSON_TYPE, reply, startTestServer, XML_TYPE } from "../helpers/test-server.js";

afterEach(closeTestServers);

async function callToken(serverURL: string, plex = createTestClient(serverURL)): Promise<unknown> {
  return plex.security.getTransientToken(QueryParamType.Delegation, Scope.All).then(
    () => expect.fail("the call resolved"),
    (error: unknown) => error,
  );
}

describe("HTTP status errors", () => {
  it("maps 401 with an HTML body to PlexUnauthorizedError", async () => {
    const server = await startTestServer(reply(401, PMS_401_HTML, HTML_TYPE));

    const error = (await callToken(server.url)) as PlexUnauthorizedError;

    expect(error).toBeInstanceOf(PlexUnauthorizedError);
    expect(error).toBeInstanceOf(PlexError);
    expect(error.name).toBe("PlexUnauthorizedError");
    expect(error.code).toBe("ERR_PLEX_UNAUTHORIZED");
    expect(error.status).toBe(401);
    expect(error.method).toBe("GET");
    expect(error.url).toBe(`${server.url}/security/token?type=delegation&scope=all`);
    expect(error.bodyExcerpt).toBe(PMS_401_HTML);
    expect(error.serverMessage).toBeUndefined();
    expect(error.message).toBe(
      "The Plex server rejected the access token (HTTP 401). Check the token in PLEX_TOKEN or the accessToken " +
        "option, or mint a new transient token if this one expired or the server restarted.",
    );
  });

  it("reports a missing token on 401", async () => {
    const server = await startTestServer(reply(401, PMS_401_HTML, HTML_TYPE));

    const error = (await callToken(server.url, new PlexAPI({ serverURL: server.url }))) as PlexUnauthorizedError;

    expect(error).toBeInstanceOf(PlexUnauthorizedError);
    expect(error.code).toBe("ERR_PLEX_UNAUTHORIZED");
    expect(error.message).toBe(
      "The Plex server requires an access token (HTTP 401), and the request had none. " +
        "Set the accessToken option, for example from PLEX_TOKEN.",
    );
  });

  it("reads the server message from a JSON errors body", async () => {
    const body = JSON.stringify({ errors: [{ code: 1001, message: "User could not be authenticated", status: 401 }] });
    const server = await startTestServer(reply(401, body, JSON_TYPE));

    const error = (await callToken(server.url)) as PlexUnauthorizedError;

    expect(error.code).toBe("ERR_PLEX_UNAUTHORIZED");
    expect(error.serverMessage).toBe("User could not be authenticated");
  });

  it("reads the server message from an XML errors body", async () => {
    const body = '<?xml version="1.0"?><Errors><Error code="1000" message="type must be delegation" status="400"/></Errors>';
    const server = await startTestServer(reply(400, body, XML_TYPE));

    const error = (await callToken(server.url)) as PlexBadRequestError;

    expect(error).toBeInstanceOf(PlexBadRequestError);
    expect(error.name).toBe("PlexBadRequestError");
    expect(error.code).toBe("ERR_PLEX_BAD_REQUEST");
    expect(error.status).toBe(400);
    expect(error.serverMessage).toBe("type must be delegation");
    expect(error.message).toBe(
      "The Plex server rejected the request as invalid (HTTP 400). " +
        "Check the request parameters, and serverMessage for the server's reason when it sent one.",
    );
  });

  it("maps 403 to PlexForbiddenError", async () => {
    const server = await startTestServer(reply(403, "Forbidden", { "Content-Type": "text/plain" }));

    const error = (await callToken(server.url)) as PlexForbiddenError;

    expect(error).toBeInstanceOf(PlexForbiddenError);
    expect(error.name).toBe("PlexForbiddenError");
    expect(error.code).toBe("ERR_PLEX_FORBIDDEN");
    expect(error.status).toBe(403);
    expect(error.bodyExcerpt).toBe("Forbidden");
    expect(error.message).toBe(
      "The Plex server accepted the access token but denied this request (HTTP 403). " +
        "Use the server owner's token, or a transient token minted from it.",
    );
  });

  it("maps 404 to PlexNotFoundError", async () => {
    const server = await startTestServer(reply(404, "", HTML_TYPE));

    const error = await createTestClient(server.url)
      .security.getSourceConnectionInformation("server://unknown")
      .catch((caught: unknown) => caught as PlexNotFoundError);

    expect(error).toBeInstanceOf(PlexNotFoundError);
    expect(error.name).toBe("PlexNotFoundError");
    expect(error.code).toBe("ERR_PLEX_NOT_FOUND");
    expect(error.status).toBe(404);
    expect(error.bodyExcerpt).toBeUndefined();
    expect(error.message).toBe(
      "The Plex server returned HTTP 404 Not Found. Check serverURL, and for " +
        "getSourceConnectionInformation check that the server knows the source.",
    );
  });

  it.each([
    [500, "The Plex server failed to handle the request (HTTP 500). Retry later, and check the server's log if it persists."],
    [429, "The Plex server is rate limiting this client (HTTP 429 Too Many Requests). Wait, then retry."],
    [405, "The Plex server returned HTTP 405, which the security API does not use. Check that serverURL points at a Plex Media Server."],
    [
      302,
      "The Plex server redirected the request (HTTP 302), and the client does not follow redirects so that the token " +
        "is never sent to another address. Set serverURL to the final address.",
    ],
  ])("maps %i to PlexHTTPStatusError", async (status, message) => {
    const server = await startTestServer(reply(status, "", { Location: "/elsewhere" }));

    const error = (await callToken(server.url, createTestClient(server.url, { retries: 0 }))) as PlexHTTPStatusError;

    expect(error).toBeInstanceOf(PlexHTTPStatusError);
    expect(error.name).toBe("PlexHTTPStatusError");
    expect(error.code).toBe("ERR_PLEX_HTTP_STATUS");
    expect(error.status).toBe(status);
    expect(error.message).toBe(message);
    expect(server.requests).toHaveLength(1);
  });

  it("maps a browser opaque redirect", async () => {
    // Node's fetch never returns this response type, so a stand-in plays the browser's.
    const opaqueRedirect = { type: "opaqueredirect", status: 0, headers: new Headers(), body: null } as unknown as Response;
    const plex = new PlexAPI({ serverURL: "http://127.0.0.1:32400", fetch: async () => opaqueRedirect, retries: 0 });

    const error = (await callToken("", plex)) as PlexHTTPStatusError;

    expect(error).toBeInstanceOf(PlexHTTPStatusError);
    expect(error.code).toBe("ERR_PLEX_HTTP_STATUS");
    expect(error.status).toBe(0);
    expect(error.message).toBe(
      "The Plex server redirected the request, and the client does not follow redirects so that the token " +
        "is never sent to another address. Set serverURL to the final address.",
    );
  });

  it("cuts the body excerpt to 200 characters", async () => {
    const server = await startTestServer(reply(500, "x".repeat(5000), { "Content-Type": "text/plain" }));

    const error = (await callToken(server.url, createTestClient(server.url, { retries: 0 }))) as PlexHTTPStatusError;

    expect(error.bodyExcerpt).toBe("x".repeat(200));
  });
});
