import { afterEach, describe, expect, it } from "vitest";

import { PlexResponseError } from "../src/index.js";
import { createTestClient } from "./helpers/client.js";
import { closeTestServers, JSON_TYPE, reply, startTestServer, XML_TYPE } from "./helpers/test-server.js";

afterEach(closeTestServers);

describe("getServerIdentity", () => {
  it("reads the XML example without sending the token", async () => {
    const body = '<MediaContainer size="0" claimed="1" machineIdentifier="abc123" version="1.41.0.0000-abcdef"/>';
    const server = await startTestServer(reply(200, body, XML_TYPE));

    const result = await createTestClient(server.url).server.getServerIdentity();

    expect(result.identity).toEqual({ machineIdentifier: "abc123", version: "1.41.0.0000-abcdef", claimed: true });
    expect(result.statusCode).toBe(200);
    expect(server.requests[0]!.target).toBe("/identity");
    expect(server.requests[0]!.headers["x-plex-token"]).toBeUndefined();
    expect(server.requests[0]!.headers["x-plex-client-identifier"]).toBe("test-client-1");
  });

  it("reads JSON with claimed as false", async () => {
    const body = JSON.stringify({ MediaContainer: { size: 0, claimed: false, machineIdentifier: "abc123", version: "1.0" } });
    const server = await startTestServer(reply(200, body, JSON_TYPE));

    const { identity } = await createTestClient(server.url).server.getServerIdentity();

    expect(identity.claimed).toBe(false);
  });

  it("names a missing machineIdentifier", async () => {
    const server = await startTestServer(reply(200, '<MediaContainer size="0"/>', XML_TYPE));

    const error = await createTestClient(server.url)
      .server.getServerIdentity()
      .catch((caught: unknown) => caught as PlexResponseError);

    expect(error).toBeInstanceOf(PlexResponseError);
    expect(error.code).toBe("ERR_PLEX_INVALID_RESPONSE");
    expect(error.field).toBe("MediaContainer.machineIdentifier");
  });
});
