import { decodeErrors, decodeSourceConnectionInformation, isTransientToken } from "@plex-security/client/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { ADMIN_TOKEN, ALICE_TOKEN, call, MACHINE_ID, startTestServer, type TestServer } from "../helpers/test-server.js";

const OWN_SOURCE = `server://${MACHINE_ID}`;
const RESOURCES = `/security/resources?source=${encodeURIComponent(OWN_SOURCE)}`;

async function mint(server: TestServer, token: string): Promise<string> {
  const response = await call(server.url, "/security/token?type=delegation&scope=all", { token, json: true });

  return JSON.parse(response.body).MediaContainer.token;
}

describe("/security/resources", () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it("returns the server's own source to the admin in JSON", async () => {
    const response = await call(server.url, RESOURCES, { token: ADMIN_TOKEN, json: true });

    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = JSON.parse(response.body);
    expect(Array.isArray(body.MediaContainer.Device)).toBe(false);
    expect(body.MediaContainer.Device.clientIdentifier).toBe(MACHINE_ID);
    expect(body.MediaContainer.Device.name).toBe("Test server");
    expect(isTransientToken(body.MediaContainer.Device.accessToken)).toBe(true);
    expect(body.MediaContainer.Device.Connection).toEqual([
      { protocol: "http", address: "127.0.0.1", port: Number(new URL(server.url).port), uri: server.url, local: true, relay: false },
    ]);
  });

  it("returns the server's own source in XML", async () => {
    const response = await call(server.url, RESOURCES, { token: ADMIN_TOKEN });

    expect(response.status).toBe(200);
    expect(response.body).toContain('local="1"');
    expect(response.body).not.toContain("relay=");
    const info = decodeSourceConnectionInformation(response.body, response.headers.get("content-type"));
    expect(info.device.clientIdentifier).toBe(MACHINE_ID);
    expect(info.device.connections[0]?.uri).toBe(server.url);
  });

  it("accepts the source without percent-encoding", async () => {
    const response = await call(server.url, `/security/resources?source=${OWN_SOURCE}`, { token: ADMIN_TOKEN, json: true });

    expect(response.status).toBe(200);
  });

  it("hands out a token that works on this server", async () => {
    const response = await call(server.url, RESOURCES, { token: ADMIN_TOKEN, json: true });
    const token = JSON.parse(response.body).MediaContainer.Device.accessToken;

    expect((await call(server.url, RESOURCES, { token, json: true })).status).toBe(200);
  });

  it("accepts an admin's transient token", async () => {
    const transient = await mint(server, ADMIN_TOKEN);

    expect((await call(server.url, RESOURCES, { token: transient, json: true })).status).toBe(200);
  });

  it("rejects a shared user's transient token with 403", async () => {
    const transient = await mint(server, ALICE_TOKEN);
    const response = await call(server.url, RESOURCES, { token: transient, json: true });

    expect(response.status).toBe(403);
    expect(decodeErrors(response.body, "application/json")[0]?.message).toContain("requires the admin token");
  });

  it("answers 403 before looking up the source", async () => {
    const response = await call(server.url, "/security/resources?source=server://unknown", { token: ALICE_TOKEN });

    expect(response.status).toBe(403);
  });

  describe.each([
    ["JSON", true],
    ["XML", false],
  ])("errors in %s", (_format, json) => {
    it.each([
      ["/security/resources", 400, 'Missing query parameter "source"'],
      ["/security/resources?source=", 400, 'Missing query parameter "source"'],
      ["/security/resources?source=abc", 400, "Invalid source"],
      ["/security/resources?source=server://", 400, "Invalid source"],
      ["/security/resources?source=file://x", 400, "Invalid source"],
      [`${RESOURCES}&refresh=yes`, 400, 'Invalid query parameter "refresh"'],
      ["/security/resources?source=server://unknown", 404, 'Unknown source "server://unknown"'],
      ["/security/resources?source=provider://tv.plex.provider.vod", 404, "Unknown source"],
    ])("%s is %i", async (path, status, message) => {
      const response = await call(server.url, path, { token: ADMIN_TOKEN, json });

      expect(response.status).toBe(status);
      const [entry] = decodeErrors(response.body, response.headers.get("content-type"));
      expect(entry?.status).toBe(status);
      expect(entry?.message).toContain(message);
    });

    it("rejects a request without a token", async () => {
      expect((await call(server.url, RESOURCES, { json })).status).toBe(401);
    });
  });
});
