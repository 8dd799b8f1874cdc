import { decodeErrors } from "@plex-security/client/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import {
  ADMIN_TOKEN,
  ALICE_TOKEN,
  call,
  MACHINE_ID,
  mintToken,
  startTestServer,
  type TestServer,
} from "../helpers/test-server.js";

interface Endpoint {
  name: string;
  method: string;
  path: string;
  adminOnly: boolean;
  /** The status a valid admin request gets. */
  ok: number;
}

const ENDPOINTS: Endpoint[] = [
  { name: "mint", method: "GET", path: "/security/token?type=delegation&scope=all", adminOnly: false, ok: 200 },
  { name: "mint by POST", method: "POST", path: "/security/token?type=delegation&scope=all", adminOnly: false, ok: 200 },
  { name: "resources", method: "GET", path: `/security/resources?source=server://${MACHINE_ID}`, adminOnly: true, ok: 200 },
  { name: "list tokens", method: "GET", path: "/security/tokens", adminOnly: true, ok: 200 },
  { name: "revoke one", method: "DELETE", path: "/security/tokens/0123abcd", adminOnly: true, ok: 404 },
  { name: "revoke a principal's", method: "DELETE", path: "/security/tokens?principal=alice", adminOnly: true, ok: 200 },
  { name: "server root", method: "GET", path: "/", adminOnly: false, ok: 200 },
];

function withQuery(path: string, parameter: string): string {
  return `${path}${path.includes("?") ? "&" : "?"}${parameter}`;
}

describe("request rules", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  describe.each([
    ["JSON", true],
    ["XML", false],
  ])("in %s", (_format, json) => {
    async function expectError(
      endpoint: Endpoint,
      options: { path?: string; token?: string; headers?: Record<string, string> },
      status: number,
      message: string,
    ): Promise<void> {
      const response = await call(server.url, options.path ?? endpoint.path, {
        method: endpoint.method,
        token: options.token,
        headers: options.headers,
        json,
      });

      expect(response.status).toBe(status);
      expect(response.headers.get("cache-control")).toBe("no-store");
      const contentType = response.headers.get("content-type") ?? "";
      expect(contentType).toMatch(json ? /^application\/json/ : /^text\/xml/);
      const [entry] = decodeErrors(response.body, contentType);
      expect(entry?.status).toBe(status);
      expect(entry?.message).toContain(message);
    }

    describe.each(ENDPOINTS)("$name", (endpoint) => {
      it("answers a valid admin request", async () => {
        const response = await call(server.url, endpoint.path, { method: endpoint.method, token: ADMIN_TOKEN, json });

        expect(response.status).toBe(endpoint.ok);
      });

      it("rejects a missing token with 401", async () => {
        await expectError(endpoint, {}, 401, "User could not be authenticated");
      });

      it("rejects X-Plex-Token=None with 401", async () => {
        await expectError(endpoint, { path: withQuery(endpoint.path, "X-Plex-Token=None") }, 401, "could not be authenticated");
        await expectError(endpoint, { token: "None" }, 401, "could not be authenticated");
      });

      it("rejects an empty token with 401", async () => {
        await expectError(endpoint, { path: withQuery(endpoint.path, "X-Plex-Token=") }, 401, "could not be authenticated");
        await expectError(endpoint, { headers: { "X-Plex-Token": "" } }, 401, "could not be authenticated");
      });

      it("rejects an unknown token with 401", async () => {
        await expectError(endpoint, { token: "transient-00000000-0000-4000-8000-000000000000" }, 401, "could not be authenticated");
      });

      it("rejects differing header and query tokens with 400", async () => {
        const path = withQuery(endpoint.path, `X-Plex-Token=${ALICE_TOKEN}`);
        await expectError(endpoint, { path, token: ADMIN_TOKEN }, 400, "carry different tokens");
      });

      it("accepts the same token in header and query", async () => {
        const path = withQuery(endpoint.path, `X-Plex-Token=${ADMIN_TOKEN}`);
        const response = await call(server.url, path, { method: endpoint.method, token: ADMIN_TOKEN, json });

        expect(response.status).toBe(endpoint.ok);
      });

      it("rejects a repeated query token with 400", async () => {
        const path = withQuery(endpoint.path, `X-Plex-Token=${ADMIN_TOKEN}&X-Plex-Token=${ADMIN_TOKEN}`);
        await expectError(endpoint, { path }, 400, "X-Plex-Token query parameter is repeated");
      });
    });

    it.each(ENDPOINTS.filter((endpoint) => endpoint.adminOnly))("$name rejects a shared user with 403", async (endpoint) => {
      await expectError(endpoint, { token: ALICE_TOKEN }, 403, "requires the admin token");
      const aliceTransient = await mintToken(server, ALICE_TOKEN);
      await expectError(endpoint, { token: aliceTransient }, 403, "requires the admin token");
    });

    it.each([
      ["type", "/security/token?type=delegation&type=delegation&scope=all", "GET"],
      ["scope", "/security/token?type=delegation&scope=all&scope=all", "POST"],
      ["source", `/security/resources?source=server://${MACHINE_ID}&source=server://${MACHINE_ID}`, "GET"],
      ["principal", "/security/tokens?principal=alice&principal=alice", "GET"],
      ["principal", "/security/tokens?principal=alice&principal=admin", "DELETE"],
      ["X-Plex-Container-Size", "/security/tokens?X-Plex-Container-Size=1&X-Plex-Container-Size=2", "GET"],
    ])("rejects a repeated %s with 400", async (name, path, method) => {
      await expectError({ name, method, path, adminOnly: true, ok: 200 }, { token: ADMIN_TOKEN }, 400, `"${name}" is repeated`);
    });

    it.each([
      ["X-Plex-Container-Start=-1", "X-Plex-Container-Start"],
      ["X-Plex-Container-Size=0", "X-Plex-Container-Size"],
      ["X-Plex-Container-Size=10001", "X-Plex-Container-Size"],
      ["X-Plex-Container-Size=ten", "X-Plex-Container-Size"],
      ["principal=", 'Empty query parameter "principal"'],
    ])("rejects the listing parameter %s with 400", async (query, message) => {
      const endpoint = ENDPOINTS[3] as Endpoint;
      await expectError(endpoint, { path: `/security/tokens?${query}`, token: ADMIN_TOKEN }, 400, message);
    });

    it.each([
      ["/security/tokens/0123abc", "expected 8 to 64 hex digits"],
      ["/security/tokens/0123abcg", "expected 8 to 64 hex digits"],
      [`/security/tokens/${"a".repeat(65)}`, "expected 8 to 64 hex digits"],
      ["/security/tokens/0123abcd?principal=alice", 'Unknown query parameter "principal"'],
      ["/security/tokens?princpal=alice", 'Unknown query parameter "princpal"'],
      ["/security/tokens?principal=", 'Empty query parameter "principal"'],
    ])("rejects DELETE %s with 400", async (path, message) => {
      const endpoint = ENDPOINTS[4] as Endpoint;
      await expectError(endpoint, { path, token: ADMIN_TOKEN }, 400, message);
    });

    it.each([
      ["GET", "/security/tokens?principal=nobody"],
      ["DELETE", "/security/tokens?principal=nobody"],
      ["DELETE", "/security/tokens/0123abcd"],
    ])("answers %s %s with 404", async (method, path) => {
      await expectError({ name: path, method, path, adminOnly: true, ok: 200 }, { token: ADMIN_TOKEN }, 404, "");
    });

    it.each([
      ["GET", "/security/tokens?principal=nobody"],
      ["DELETE", "/security/tokens/0123abcd"],
      ["GET", "/security/resources?source=server://unknown"],
    ])("answers %s %s with 403 before 404", async (method, path) => {
      await expectError({ name: path, method, path, adminOnly: true, ok: 200 }, { token: ALICE_TOKEN }, 403, "requires the admin token");
    });

    it.each([
      ["POST", "/security/resources", "GET, HEAD"],
      ["PUT", "/security/tokens", "GET, HEAD, DELETE"],
      ["PATCH", "/security/tokens", "GET, HEAD, DELETE"],
      ["GET", "/security/tokens/0123abcd", "DELETE"],
      ["POST", "/security/tokens/0123abcd", "DELETE"],
      ["DELETE", "/identity", "GET, HEAD"],
      ["POST", "/", "GET, HEAD"],
    ])("answers %s %s with 405 and Allow", async (method, path, allow) => {
      const response = await call(server.url, path, { method, token: ADMIN_TOKEN, json });

      expect(response.status).toBe(405);
      expect(response.headers.get("allow")).toBe(allow);
      expect(decodeErrors(response.body, response.headers.get("content-type"))[0]?.message).toContain(`use ${allow}`);
    });

    it("answers an unknown path with 404", async () => {
      const endpoint = { name: "unknown", method: "GET", path: "/library/sections", adminOnly: false, ok: 404 };
      await expectError(endpoint, { token: ADMIN_TOKEN }, 404, "No endpoint at /library/sections");
    });
  });

  it.each([
    ["raw", `server://${MACHINE_ID}`],
    ["percent-encoded", encodeURIComponent(`server://${MACHINE_ID}`)],
    ["percent-encoded twice", encodeURIComponent(encodeURIComponent(`server://${MACHINE_ID}`))],
  ])("accepts a %s source", async (_case, source) => {
    const response = await call(server.url, `/security/resources?source=${source}`, { token: ADMIN_TOKEN, json: true });

    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
  });

  it.each([
    ["a malformed percent-encoding in the query", "GET", "/security/token?type=%E0%A4%A&scope=all", {}, 400],
    ["a malformed percent-encoding in the path", "GET", "/security/tokens/%zz", {}, 400],
    ["a NUL in the source", "GET", "/security/resources?source=server%3A%2F%2F%00", {}, 400],
    ["a very long source", "GET", `/security/resources?source=server://${"x".repeat(5000)}`, {}, 400],
    ["a JSON content type with a broken body", "POST", "/security/token?type=delegation&scope=all", { "content-type": "application/json" }, 200],
    ["a body over 16 KiB", "POST", "/security/token?type=delegation&scope=all", { "content-type": "text/plain" }, 413],
  ])("never answers 500 to %s", async (_case, method, path, headers, status) => {
    let body: string | undefined;
    if (method === "POST") body = _case.includes("16 KiB") ? "x".repeat(17 * 1024) : "{not json";
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: { "X-Plex-Token": ADMIN_TOKEN, Accept: "application/json", ...headers },
      body,
    });

    expect(response.status).toBe(status);
    expect((await call(server.url, "/identity")).status).toBe(200);
  });
});
