import {
  PlexAPI,
  PlexBadRequestError,
  PlexForbiddenError,
  PlexNotFoundError,
  PlexUnauthorizedError,
  QueryParamType,
  Scope,
  isTransientToken,
  serverSource,
} from "@plex-security/client";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { ADMIN_TOKEN, ALICE_TOKEN, MACHINE_ID, startTestServer, type TestServer } from "../helpers/test-server.js";

/** Fetches with `Accept: text/xml`, as a client without JSON support would. */
const xmlFetch: typeof fetch = (input, init) => {
  const headers = new Headers(init?.headers);
  headers.set("Accept", "text/xml");

  return fetch(input, { ...init, headers });
};

describe("client against the server", () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  function client(accessToken: string, format: "json" | "xml" = "json"): PlexAPI {
    return new PlexAPI({
      serverURL: server.url,
      accessToken,
      clientIdentifier: "client-server-test",
      retries: 0,
      ...(format === "xml" ? { fetch: xmlFetch } : {}),
    });
  }

  it.each(["json", "xml"] as const)("mints a token in %s", async (format) => {
    const result = await client(ADMIN_TOKEN, format).security.getTransientToken(QueryParamType.Delegation, Scope.All);

    expect(result.statusCode).toBe(200);
    expect(result.contentType).toMatch(format === "json" ? /^application\/json/ : /^text\/xml/);
    expect(isTransientToken(result.token)).toBe(true);
  });

  it("mints with a token the server minted", async () => {
    const { token } = await client(ADMIN_TOKEN).security.getTransientToken(QueryParamType.Delegation, Scope.All);
    const again = await client(token).security.getTransientToken(QueryParamType.Delegation, Scope.All);

    expect(isTransientToken(again.token)).toBe(true);
    expect(again.token).not.toBe(token);
  });

  it.each(["json", "xml"] as const)("gets the server's own source in %s", async (format) => {
    const { token } = await client(ADMIN_TOKEN).security.getTransientToken(QueryParamType.Delegation, Scope.All);
    const result = await client(token, format).security.getSourceConnectionInformation(serverSource(MACHINE_ID));

    expect(result.device.clientIdentifier).toBe(MACHINE_ID);
    expect(result.device.name).toBe("Test server");
    expect(isTransientToken(result.device.accessToken)).toBe(true);
    expect(result.device.connections).toEqual([
      { protocol: "http", address: "127.0.0.1", port: Number(new URL(server.url).port), uri: server.url, local: true, relay: false },
    ]);
  });

  it("is refused resources with a shared user's transient token", async () => {
    const { token } = await client(ALICE_TOKEN).security.getTransientToken(QueryParamType.Delegation, Scope.All);
    const call = client(token).security.getSourceConnectionInformation(serverSource(MACHINE_ID));

    await expect(call).rejects.toBeInstanceOf(PlexForbiddenError);
    await expect(call).rejects.toMatchObject({ code: "ERR_PLEX_FORBIDDEN", status: 403 });
  });

  it("gets 404 for a source the server does not know", async () => {
    const call = client(ADMIN_TOKEN).security.getSourceConnectionInformation(serverSource("unknown"));

    await expect(call).rejects.toBeInstanceOf(PlexNotFoundError);
  });

  it.each(["json", "xml"] as const)("gets 401 for an unknown token in %s", async (format) => {
    const call = client("unknown-token-0123456789", format).security.getTransientToken(QueryParamType.Delegation, Scope.All);

    await expect(call).rejects.toBeInstanceOf(PlexUnauthorizedError);
    await expect(call).rejects.toMatchObject({ code: "ERR_PLEX_UNAUTHORIZED", status: 401 });
  });

  it("gets 400 when a fetch sends another type", async () => {
    const rewrite: typeof fetch = (input, init) => fetch(String(input).replace("type=delegation", "type=shared"), init);
    const plex = new PlexAPI({ serverURL: server.url, accessToken: ADMIN_TOKEN, retries: 0, fetch: rewrite });
    const call = plex.security.getTransientToken(QueryParamType.Delegation, Scope.All);

    await expect(call).rejects.toBeInstanceOf(PlexBadRequestError);
    await expect(call).rejects.toMatchObject({ status: 400 });
  });
});
