import { afterEach, describe, expect, it } from "vitest";

import { PlexAPI, QueryParamType, Scope } from "../../src/index.js";
import { createTestClient } from "../helpers/client.js";
import { ACCOUNT_TOKEN, TOKEN_JSON, TOKEN_XML, TRANSIENT_TOKEN } from "../helpers/fixtures.js";
import { closeTestServers, JSON_TYPE, reply, startTestServer, XML_TYPE } from "../helpers/test-server.js";

afterEach(closeTestServers);

describe("getTransientToken", () => {
  it("reads the token from the JSON example", async () => {
    const server = await startTestServer(reply(200, TOKEN_JSON, JSON_TYPE));

    const result = await createTestClient(server.url).security.getTransientToken(QueryParamType.Delegation, Scope.All);

    expect(result.token).toBe(TRANSIENT_TOKEN);
    expect(result.statusCode).toBe(200);
    expect(result.contentType).toBe("application/json");
    expect(result.headers["content-type"]).toEqual(["application/json"]);
    expect(result.rawResponse).toBeInstanceOf(Response);
  });

  it("reads the token from the XML example", async () => {
    const server = await startTestServer(reply(200, TOKEN_XML, XML_TYPE));

    const result = await createTestClient(server.url).security.getTransientToken(QueryParamType.Delegation, Scope.All);

    expect(result.token).toBe(TRANSIENT_TOKEN);
    expect(result.contentType).toBe("text/xml;charset=utf-8");
  });

  it("sends exact query, token in header", async () => {
    const server = await startTestServer(reply(200, TOKEN_JSON, JSON_TYPE));

    await createTestClient(server.url).security.getTransientToken("delegation", "all");

    const [request] = server.requests;
    expect(server.requests).toHaveLength(1);
    expect(request!.method).toBe("GET");
    expect(request!.target).toBe("/security/token?type=delegation&scope=all");
    expect(request!.target).not.toContain(ACCOUNT_TOKEN);
    expect(request!.headers["x-plex-token"]).toBe(ACCOUNT_TOKEN);
    expect(request!.headers.accept).toBe("application/json");
  });

  it("sends the X-Plex identification headers", async () => {
    const server = await startTestServer(reply(200, TOKEN_JSON, JSON_TYPE));
    const plex = createTestClient(server.url, {
      product: "Test App",
      version: "2.5.0",
      platform: "Node.js",
      platformVersion: "20",
      device: "Linux",
      model: "x86_64",
      deviceVendor: "Acme",
      deviceName: "Büro laptop",
      marketplace: "none",
    });

    await plex.security.getTransientToken(QueryParamType.Delegation, Scope.All);

    const headers = server.requests[0]!.headers;
    expect(headers["x-plex-client-identifier"]).toBe("test-client-1");
    expect(headers["x-plex-product"]).toBe("Test App");
    expect(headers["x-plex-version"]).toBe("2.5.0");
    expect(headers["x-plex-platform"]).toBe("Node.js");
    expect(headers["x-plex-platform-version"]).toBe("20");
    expect(headers["x-plex-device"]).toBe("Linux");
    expect(headers["x-plex-model"]).toBe("x86_64");
    expect(headers["x-plex-device-vendor"]).toBe("Acme");
    expect(headers["x-plex-device-name"]).toBe("Büro laptop");
    expect(headers["x-plex-marketplace"]).toBe("none");
  });

  it("keeps a path prefix of serverURL", async () => {
    const server = await startTestServer(reply(200, TOKEN_JSON, JSON_TYPE));

    await createTestClient(`${server.url}/plex`).security.getTransientToken(QueryParamType.Delegation, Scope.All);

    expect(server.requests[0]!.target).toBe("/plex/security/token?type=delegation&scope=all");
  });

  it("asks an access token function for each request", async () => {
    const server = await startTestServer(reply(200, TOKEN_JSON, JSON_TYPE));
    const issued = ["first-token-aaaa", "second-token-bbbb"];
    const plex = new PlexAPI({ serverURL: server.url, accessToken: async () => issued.shift() });

    await plex.security.getTransientToken(QueryParamType.Delegation, Scope.All);
    await plex.security.getTransientToken(QueryParamType.Delegation, Scope.All);

    expect(server.requests.map((request) => request.headers["x-plex-token"])).toEqual([
      "first-token-aaaa",
      "second-token-bbbb",
    ]);
  });

  it("sends no token header without a token", async () => {
    const server = await startTestServer(reply(200, TOKEN_JSON, JSON_TYPE));
    const plex = new PlexAPI({ serverURL: server.url });

    await plex.security.getTransientToken(QueryParamType.Delegation, Scope.All);

    expect(server.requests[0]!.headers["x-plex-token"]).toBeUndefined();
    expect(server.requests[0]!.headers["x-plex-client-identifier"]).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ["type", "session", "all", RangeError, /Invalid type "session": accepted values are "delegation" \(QueryParamType.Delegation\)/],
    ["scope", "delegation", "everything", RangeError, /Invalid scope "everything": accepted values are "all" \(Scope.All\)/],
    ["type", undefined, "all", TypeError, /Invalid type: expected a string, got undefined/],
    ["scope", "delegation", null, TypeError, /Invalid scope: expected a string, got null/],
  ])("rejects an invalid %s before sending", async (_name, type, scope, errorClass, message) => {
    const server = await startTestServer(reply(200, TOKEN_JSON, JSON_TYPE));
    const call = createTestClient(server.url).security.getTransientToken(type as QueryParamType, scope as Scope);

    await expect(call).rejects.toThrow(errorClass);
    await expect(call).rejects.toThrow(message);
    expect(server.requests).toHaveLength(0);
  });
});
