import { decodeIdentity } from "@plex-security/client/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { ADMIN_TOKEN, ALICE_TOKEN, call, MACHINE_ID, startTestServer, type TestServer } from "../helpers/test-server.js";

describe("identity endpoints", () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it("answers /identity without a token", async () => {
    const response = await call(server.url, "/identity");

    expect(response.status).toBe(200);
    expect(response.body).toContain('claimed="1"');
    expect(decodeIdentity(response.body, response.headers.get("content-type")).machineIdentifier).toBe(MACHINE_ID);
  });

  it("answers / with a token in JSON", async () => {
    const response = await call(server.url, "/", { token: ALICE_TOKEN, json: true });

    expect(response.status).toBe(200);
    const container = JSON.parse(response.body).MediaContainer;
    expect(container.friendlyName).toBe("Test server");
    expect(container.machineIdentifier).toBe(MACHINE_ID);
    expect(container.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(typeof container.platform).toBe("string");
  });

  it("answers / with what Plex client libraries read", async () => {
    const json = JSON.parse((await call(server.url, "/", { token: ADMIN_TOKEN, json: true })).body).MediaContainer;
    expect(json).toMatchObject({
      size: 0,
      friendlyName: "Test server",
      machineIdentifier: MACHINE_ID,
      claimed: true,
      myPlex: false,
      transcoderActiveVideoSessions: 0,
    });
    for (const field of ["version", "platform", "platformVersion"]) expect(typeof json[field]).toBe("string");
    expect(Number.isInteger(json.updatedAt)).toBe(true);

    const xml = await call(server.url, "/", { token: ADMIN_TOKEN });
    expect(xml.headers.get("content-type")).toMatch(/^text\/xml/);
    expect(xml.body).toMatch(/<MediaContainer [^>]*friendlyName="Test server"/);
    expect(xml.body).toContain(`machineIdentifier="${MACHINE_ID}"`);
    expect(xml.body).toContain('myPlex="0"');
    expect(xml.body).toContain('claimed="1"');
  });

  it("rejects / without a token", async () => {
    expect((await call(server.url, "/")).status).toBe(401);
  });

  it("answers 404 for an unknown path", async () => {
    const response = await call(server.url, "/library/sections", { token: ADMIN_TOKEN, json: true });

    expect(response.status).toBe(404);
    expect(JSON.parse(response.body).errors[0].status).toBe(404);
  });

  it("answers 405 with Allow for a wrong method", async () => {
    const response = await call(server.url, "/identity", { method: "POST" });

    expect(response.status).toBe(405);
    expect(response.headers.get("allow")).toBe("GET, HEAD");
  });
});
