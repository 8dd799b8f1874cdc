import { execFile } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { ADMIN_TOKEN, MACHINE_ID, startTestServer, type TestServer } from "../helpers/test-server.js";

/** Returns the path of the curl binary on PATH, or undefined. */
function findCurl(): string | undefined {
  for (const directory of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(directory, "curl");
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }

  return undefined;
}

const CURL = findCurl();

/** Runs curl and returns the status code it printed last and the body before it. */
function curl(args: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    execFile(CURL as string, ["--silent", "--show-error", "--max-time", "10", "--write-out", "\n%{http_code}", ...args], (error, stdout) => {
      if (error) return reject(error);
      const cut = stdout.lastIndexOf("\n");
      resolve({ status: Number(stdout.slice(cut + 1)), body: stdout.slice(0, cut) });
    });
  });
}

describe.skipIf(CURL === undefined)(`curl ${CURL === undefined ? "(skipped: no curl binary on PATH)" : "binary"}`, () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("mints a token in XML by GET with the header", async () => {
    const result = await curl(["-H", `X-Plex-Token: ${ADMIN_TOKEN}`, `${server.url}/security/token?type=delegation&scope=all`]);

    expect(result.status).toBe(200);
    expect(result.body).toMatch(/<MediaContainer size="0" token="transient-[0-9a-f-]{36}"/);
  });

  it("mints a token in JSON by POST with the query token", async () => {
    const result = await curl([
      "-X",
      "POST",
      "-H",
      "Accept: application/json",
      `${server.url}/security/token?type=delegation&scope=all&X-Plex-Token=${ADMIN_TOKEN}`,
    ]);

    expect(result.status).toBe(200);
    expect(JSON.parse(result.body).MediaContainer.token).toMatch(/^transient-/);
  });

  it("gets resources with a source curl encodes", async () => {
    const result = await curl([
      "-G",
      "-H",
      `X-Plex-Token: ${ADMIN_TOKEN}`,
      "-H",
      "Accept: application/json",
      "--data-urlencode",
      `source=server://${MACHINE_ID}`,
      `${server.url}/security/resources`,
    ]);

    expect(result.status).toBe(200);
    expect(JSON.parse(result.body).MediaContainer.Device.clientIdentifier).toBe(MACHINE_ID);
  });

  it("lists and revokes tokens", async () => {
    const list = await curl(["-H", `X-Plex-Token: ${ADMIN_TOKEN}`, `${server.url}/security/tokens`]);
    expect(list.status).toBe(200);
    expect(list.body).toContain("<Token ");

    const revoke = await curl(["-X", "DELETE", "-H", `X-Plex-Token: ${ADMIN_TOKEN}`, `${server.url}/security/tokens`]);
    expect(revoke.status).toBe(200);
    expect(revoke.body).toMatch(/revoked="\d+"/);
  });

  it("gets 401 in XML without a token", async () => {
    const result = await curl([`${server.url}/security/token?type=delegation&scope=all`]);

    expect(result.status).toBe(401);
    expect(result.body).toContain('<Error code="1001"');
  });
});
