import { PlexAPI as PlexApi023 } from "plexjs-0.23.5";
import { GetTransientTokenUnauthorized } from "plexjs-0.23.5/sdk/models/errors/index.js";
import { GetTransientTokenQueryParamType, Scope } from "plexjs-0.23.5/sdk/models/operations/index.js";
import { PlexAPI as PlexApi043 } from "plexjs-0.43.0";
import { SDKError } from "plexjs-0.43.0/sdk/models/errors/index.js";
import { GetTransientTokenScope, GetTransientTokenType } from "plexjs-0.43.0/sdk/models/operations/index.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { ADMIN_TOKEN, logLines, MACHINE_ID, startTestServer, type TestServer } from "../helpers/test-server.js";

const OWN_SOURCE = `server://${MACHINE_ID}`;
const WRONG_TOKEN = "wrong-token-0123456789abcdef";

/** Requests the server logged, as `METHOD path status`. */
function requestsOf(server: TestServer): string[] {
  return logLines(server)
    .filter((line) => line.msg === "request completed")
    .map((line) => `${line.method} ${line.path} ${line.status}`);
}

describe("@lukehagar/plexjs against the server", () => {
  let server: TestServer;

  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  describe("0.23.5 (GET, token in the query, Authorization: Basic Og==)", () => {
    const sdk = (accessToken: string): PlexApi023 => new PlexApi023({ serverURL: server.url, accessToken });

    it("mints a token", async () => {
      const result = await sdk(ADMIN_TOKEN).authentication.getTransientToken(GetTransientTokenQueryParamType.Delegation, Scope.All);

      // This version reads and discards the body, so only the status and content type are visible.
      expect(result.statusCode).toBe(200);
      expect(result.contentType).toMatch(/^application\/json/);
      expect(requestsOf(server)).toEqual(["GET /security/token 200"]);
      expect(logLines(server).filter((line) => line.event === "token.minted")).toHaveLength(1);
    });

    it("gets the server's own source", async () => {
      const result = await sdk(ADMIN_TOKEN).authentication.getSourceConnectionInformation(OWN_SOURCE);

      expect(result.statusCode).toBe(200);
      expect(requestsOf(server)).toEqual(["GET /security/resources 200"]);
    });

    it("throws its typed 401 error for a wrong token", async () => {
      const call = sdk(WRONG_TOKEN).authentication.getTransientToken(GetTransientTokenQueryParamType.Delegation, Scope.All);

      await expect(call).rejects.toBeInstanceOf(GetTransientTokenUnauthorized);
      await expect(call).rejects.toMatchObject({ errors: [{ code: 1001, status: 401 }] });
      expect(server.logs.join("")).not.toContain(WRONG_TOKEN);
    });
  });

  describe("0.43.0 (POST, token in the header, JSON only)", () => {
    const sdk = (token: string): PlexApi043 => new PlexApi043({ serverURL: server.url, token, clientIdentifier: "plexjs-test" });

    it("mints a token that the server accepts", async () => {
      const result = await sdk(ADMIN_TOKEN).general.getTransientToken({
        type: GetTransientTokenType.Delegation,
        scope: GetTransientTokenScope.All,
      });

      const token = result.object?.mediaContainer?.token;
      expect(token).toMatch(/^transient-[0-9a-f-]{36}$/);
      expect(requestsOf(server)).toEqual(["POST /security/token 200"]);
      const again = await sdk(token as string).general.getTransientToken({ type: "delegation", scope: "all" });
      expect(again.object?.mediaContainer?.token).toMatch(/^transient-/);
    });

    it("gets the server's own source", async () => {
      const result = await sdk(ADMIN_TOKEN).general.getSourceConnectionInformation({ source: OWN_SOURCE });

      const device = result.object?.mediaContainer?.device;
      expect(device?.clientIdentifier).toBe(MACHINE_ID);
      expect(device?.accessToken).toMatch(/^transient-/);
      expect(device?.connection).toEqual([
        { protocol: "http", address: "127.0.0.1", port: Number(new URL(server.url).port), uri: server.url, local: true, relay: false },
      ]);
    });

    it("throws SDKError with status 401 for a wrong token", async () => {
      const call = sdk(WRONG_TOKEN).general.getTransientToken({ type: "delegation", scope: "all" });

      await expect(call).rejects.toBeInstanceOf(SDKError);
      await expect(call).rejects.toMatchObject({ statusCode: 401 });
    });

    it("throws SDKError with status 401 on resources for a wrong token", async () => {
      const call = sdk(WRONG_TOKEN).general.getSourceConnectionInformation({ source: OWN_SOURCE });

      await expect(call).rejects.toMatchObject({ statusCode: 401 });
    });
  });
});
