import { afterEach, describe, expect, it } from "vitest";

import { InvalidSourceError, providerSource, serverSource } from "../../src/index.js";
import { createTestClient } from "../helpers/client.js";
import {
  ACCOUNT_TOKEN,
  CLIENT_ID,
  EXAMPLE_CONNECTIONS,
  RESOURCES_JSON,
  RESOURCES_XML,
  SOURCE_TOKEN,
} from "../helpers/fixtures.js";
import { closeTestServers, JSON_TYPE, reply, startTestServer, XML_TYPE } from "../helpers/test-server.js";

afterEach(closeTestServers);

describe("getSourceConnectionInformation", () => {
  it("reads the device from the XML example", async () => {
    const server = await startTestServer(reply(200, RESOURCES_XML, XML_TYPE));

    const result = await createTestClient(server.url).security.getSourceConnectionInformation(serverSource(CLIENT_ID));

    expect(result.statusCode).toBe(200);
    expect(result.device).toEqual({
      name: "Office (office-nas)",
      clientIdentifier: CLIENT_ID,
      accessToken: SOURCE_TOKEN,
      connections: EXAMPLE_CONNECTIONS,
    });
  });

  it("reads the device from the JSON example", async () => {
    const server = await startTestServer(reply(200, RESOURCES_JSON, JSON_TYPE));

    const result = await createTestClient(server.url).security.getSourceConnectionInformation(`server://${CLIENT_ID}`);

    expect(result.device).toEqual({
      name: "Office (office-nas)",
      clientIdentifier: CLIENT_ID,
      accessToken: SOURCE_TOKEN,
      connections: [EXAMPLE_CONNECTIONS[0]],
    });
  });

  it("sends source without refresh by default", async () => {
    const server = await startTestServer(reply(200, RESOURCES_JSON, JSON_TYPE));

    await createTestClient(server.url).security.getSourceConnectionInformation("server://abc123");

    expect(server.requests[0]!.target).toBe("/security/resources?source=server%3A%2F%2Fabc123");
    expect(server.requests[0]!.headers["x-plex-token"]).toBe(ACCOUNT_TOKEN);
  });

  it("sends refresh=1 only when refresh is true", async () => {
    const server = await startTestServer(reply(200, RESOURCES_JSON, JSON_TYPE));
    const { security } = createTestClient(server.url);

    await security.getSourceConnectionInformation("provider://tv.plex.provider.vod", { refresh: true });
    await security.getSourceConnectionInformation("provider://tv.plex.provider.vod", { refresh: false });
    await security.getSourceConnectionInformation("provider://tv.plex.provider.vod", { refresh: undefined });
    await security.getSourceConnectionInformation("provider://tv.plex.provider.vod", {});

    expect(server.requests.map((request) => request.target)).toEqual([
      "/security/resources?source=provider%3A%2F%2Ftv.plex.provider.vod&refresh=1",
      "/security/resources?source=provider%3A%2F%2Ftv.plex.provider.vod",
      "/security/resources?source=provider%3A%2F%2Ftv.plex.provider.vod",
      "/security/resources?source=provider%3A%2F%2Ftv.plex.provider.vod",
    ]);
    for (const request of server.requests) {
      expect(request.target).not.toMatch(/undefined|null|X-Plex-Token/i);
    }
  });

  it("builds sources with serverSource and providerSource", () => {
    expect(serverSource("abc123")).toBe("server://abc123");
    expect(providerSource("tv.plex.provider.vod")).toBe("provider://tv.plex.provider.vod");
  });

  it.each([
    ["an empty string", ""],
    ["a missing prefix", "abc123"],
    ["another scheme", "http://abc123"],
    ["a missing identifier", "server://"],
    ["a path", "server://abc/../x"],
    ["null", null],
    ["undefined", undefined],
  ])("rejects %s as source before sending", async (_case, source) => {
    const server = await startTestServer(reply(200, RESOURCES_JSON, JSON_TYPE));
    const call = createTestClient(server.url).security.getSourceConnectionInformation(source as string);

    await expect(call).rejects.toThrow(InvalidSourceError);
    await expect(call).rejects.toThrow(TypeError);
    await expect(call).rejects.toThrow(/^Invalid (server |provider )?source/);
    expect(server.requests).toHaveLength(0);
  });

  it.each([
    ["a string refresh", { refresh: "1" }, /Invalid refresh: expected true, false or undefined, got string/],
    ["a null refresh", { refresh: null }, /Invalid refresh: expected true, false or undefined, got object/],
    ["an unknown parameter", { force: true }, /Unknown parameter "force": the only parameter is refresh/],
  ])("rejects %s before sending", async (_case, params, message) => {
    const server = await startTestServer(reply(200, RESOURCES_JSON, JSON_TYPE));
    const call = createTestClient(server.url).security.getSourceConnectionInformation(
      "server://abc123",
      params as { refresh?: boolean },
    );

    await expect(call).rejects.toThrow(TypeError);
    await expect(call).rejects.toThrow(message);
    expect(server.requests).toHaveLength(0);
  });

  it("parses a device without accessToken or connections", async () => {
    const body = '<MediaContainer size="1"><Device name="Bare" clientIdentifier="bare-1"/></MediaContainer>';
    const server = await startTestServer(reply(200, body, XML_TYPE));

    const result = await createTestClient(server.url).security.getSourceConnectionInformation("server://bare-1");

    expect(result.device).toEqual({ name: "Bare", clientIdentifier: "bare-1", connections: [] });
    expect("accessToken" in result.device).toBe(false);
  });
});
