import { decodeErrors, decodeTransientToken, isTransientToken } from "@plex-security/client/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { ADMIN_TOKEN, ALICE_TOKEN, call, startTestServer, type TestServer } from "../helpers/test-server.js";

const MINT = "/security/token?type=delegation&scope=all";

describe("/security/token", () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it("mints a token in JSON", async () => {
    const response = await call(server.url, MINT, { token: ADMIN_TOKEN, json: true });

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json/);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = JSON.parse(response.body);
    expect(body.MediaContainer.size).toBe(0);
    expect(isTransientToken(body.MediaContainer.token)).toBe(true);
  });

  it("mints a token in XML by default", async () => {
    const response = await call(server.url, MINT, { token: ADMIN_TOKEN });

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^text\/xml/);
    expect(response.body).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\n<MediaContainer size="0" token="transient-/);
    expect(isTransientToken(decodeTransientToken(response.body, "text/xml").token)).toBe(true);
  });

  it.each(["GET", "POST", "PUT", "DELETE", "PATCH"])("mints on %s", async (method) => {
    const response = await call(server.url, MINT, { method, token: ADMIN_TOKEN, json: true });

    expect(response.status).toBe(200);
    expect(isTransientToken(JSON.parse(response.body).MediaContainer.token)).toBe(true);
  });

  it("accepts the token it minted", async () => {
    const first = decodeTransientToken((await call(server.url, MINT, { token: ADMIN_TOKEN, json: true })).body, "application/json");
    const second = await call(server.url, MINT, { token: first.token, json: true });

    expect(second.status).toBe(200);
    expect(JSON.parse(second.body).MediaContainer.token).not.toBe(first.token);
  });

  it("mints for a shared user", async () => {
    const response = await call(server.url, MINT, { token: ALICE_TOKEN, json: true });

    expect(response.status).toBe(200);
  });

  describe.each([
    ["JSON", true],
    ["XML", false],
  ])("errors in %s", (_format, json) => {
    const cases = [
      ["/security/token?scope=all", 400, 'Missing query parameter "type"'],
      ["/security/token?type=other&scope=all", 400, 'Invalid query parameter "type"'],
      ["/security/token?type=delegation", 400, 'Missing query parameter "scope"'],
      ["/security/token?type=delegation&scope=some", 400, 'Invalid query parameter "scope"'],
    ] as const;

    it.each(cases)("%s is %i", async (path, status, message) => {
      const response = await call(server.url, path, { token: ADMIN_TOKEN, json });

      expect(response.status).toBe(status);
      expectErrorBody(response, json, status, message);
    });

    it("rejects a request without a token", async () => {
      const response = await call(server.url, MINT, { json });

      expect(response.status).toBe(401);
      expectErrorBody(response, json, 401, "User could not be authenticated");
    });

    it("rejects an unknown token", async () => {
      const response = await call(server.url, MINT, { token: "transient-00000000-0000-4000-8000-000000000000", json });

      expect(response.status).toBe(401);
      expectErrorBody(response, json, 401, "User could not be authenticated");
    });
  });
});

function expectErrorBody(
  response: { headers: Headers; body: string },
  json: boolean,
  status: number,
  message: string,
): void {
  const contentType = response.headers.get("content-type") ?? "";
  expect(contentType).toMatch(json ? /^application\/json/ : /^text\/xml/);
  if (json) expect(JSON.parse(response.body)).toHaveProperty("errors");

  const [entry] = decodeErrors(response.body, contentType);
  expect(entry?.status).toBe(status);
  expect(entry?.message).toContain(message);
}
