import { describe, expect, it } from "vitest";

import { ConfigError, parseConfig } from "../../src/server/index.js";
import { ADMIN_TOKEN, ALICE_TOKEN, MACHINE_ID } from "../helpers/test-server.js";

const valid = {
  server: { machineIdentifier: MACHINE_ID },
  adminToken: ADMIN_TOKEN,
};

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return [...(error as ConfigError).issues];
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("fills in defaults", () => {
    const config = parseConfig(valid);

    expect(config.server.host).toBe("127.0.0.1");
    expect(config.server.port).toBe(32400);
    expect(config.transientTokenTtlSeconds).toBe(172800);
    expect(config.maxTransientTokensPerPrincipal).toBe(1000);
    expect(config.sharedUsers).toEqual([]);
    expect(config.sources).toEqual([]);
  });

  it("fills in connection and failure limits", () => {
    const config = parseConfig(valid);

    expect(config.server).toMatchObject({ requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5000, maxConnections: 512 });
    expect(config.authFailureLimit).toEqual({ enabled: true, maxFailures: 20, windowSeconds: 60, maxTrackedAddresses: 10_000 });
  });

  it.each([
    ["a missing adminToken", { server: valid.server }, "adminToken"],
    ["a short adminToken", { ...valid, adminToken: "short" }, "adminToken"],
    ["a numeric port", { ...valid, server: { ...valid.server, port: "32400" } }, "server.port"],
    ["a port out of range", { ...valid, server: { ...valid.server, port: 70000 } }, "server.port"],
    ["a missing machineIdentifier", { ...valid, server: {} }, "server.machineIdentifier"],
    ["an unknown key", { ...valid, adminTokn: "x" }, "adminTokn"],
    ["a shared user without id", { ...valid, sharedUsers: [{ token: ALICE_TOKEN }] }, "sharedUsers[0].id"],
    ["a TTL over 48 hours", { ...valid, transientTokenTtlSeconds: 172801 }, "transientTokenTtlSeconds"],
    [
      "a bad source prefix",
      { ...valid, sources: [{ source: "file://x", name: "x", token: "t", connections: [{ uri: "http://127.0.0.1:1" }] }] },
      "sources[0].source",
    ],
    [
      "a connection that is not http",
      { ...valid, sources: [{ source: "server://x", name: "x", token: "t", connections: [{ uri: "ftp://h" }] }] },
      "sources[0].connections[0].uri",
    ],
    ["a zero maxConnections", { ...valid, server: { ...valid.server, maxConnections: 0 } }, "server.maxConnections"],
    ["a fractional requestTimeoutMs", { ...valid, server: { ...valid.server, requestTimeoutMs: 1500.5 } }, "server.requestTimeoutMs"],
    [
      "a headers timeout over the request timeout",
      { ...valid, server: { ...valid.server, requestTimeoutMs: 5000, headersTimeoutMs: 6000 } },
      "server.headersTimeoutMs",
    ],
    ["a short keepAliveTimeoutMs", { ...valid, server: { ...valid.server, keepAliveTimeoutMs: 10 } }, "server.keepAliveTimeoutMs"],
    ["a zero maxFailures", { ...valid, authFailureLimit: { maxFailures: 0 } }, "authFailureLimit.maxFailures"],
    ["a string windowSeconds", { ...valid, authFailureLimit: { windowSeconds: "60" } }, "authFailureLimit.windowSeconds"],
    ["an unknown limit key", { ...valid, authFailureLimit: { max: 3 } }, "authFailureLimit.max"],
    ["a limit that is not an object", { ...valid, authFailureLimit: false }, "authFailureLimit"],
    [
      "a token that looks transient",
      { ...valid, adminToken: "transient-90904684-f91a-4391-8bf7-e0dfa7240285" },
      "adminToken",
    ],
  ])("rejects %s", (_case, input, path) => {
    expect(issuesOf(input).map((issue) => issue.path)).toContain(path);
  });

  it("rejects duplicate tokens and names the key path", () => {
    const issues = issuesOf({
      ...valid,
      sharedUsers: [
        { id: "alice", token: ALICE_TOKEN },
        { id: "bob", token: ADMIN_TOKEN },
      ],
    });

    expect(issues).toEqual([{ path: "sharedUsers[1].token", message: "duplicates the token of adminToken" }]);
  });

  it("rejects a source equal to the server's own", () => {
    const issues = issuesOf({
      ...valid,
      sources: [{ source: `server://${MACHINE_ID}`, name: "x", token: "t", connections: [{ uri: "http://127.0.0.1:1" }] }],
    });

    expect(issues).toEqual([{ path: "sources[0].source", message: "is this server's own source" }]);
  });

  it("never echoes a configured token", () => {
    try {
      parseConfig({ ...valid, sharedUsers: [{ id: "bad id", token: ALICE_TOKEN }, { id: "b", token: ALICE_TOKEN }] });
      expect.unreachable();
    } catch (error) {
      expect(String((error as Error).message)).not.toContain(ALICE_TOKEN);
      expect(JSON.stringify(error)).not.toContain(ALICE_TOKEN);
    }
  });
});
