import { inspect } from "node:util";

import { afterEach, describe, expect, it } from "vitest";

import {
  PlexAbortError,
  PlexAPI,
  PlexForbiddenError,
  PlexHTTPStatusError,
  PlexUnauthorizedError,
  TransientTokenManager,
} from "../src/index.js";
import { createTestClient } from "./helpers/client.js";
import { createFakePMS } from "./helpers/fake-pms.js";
import { closeTestServers, startTestServer } from "./helpers/test-server.js";

afterEach(closeTestServers);

async function setUp(options: ConstructorParameters<typeof TransientTokenManager>[1] = {}) {
  const pms = createFakePMS();
  const server = await startTestServer(pms.handler);
  const manager = new TransientTokenManager(createTestClient(server.url), options);
  const resourcesWith = (token: string) =>
    new PlexAPI({ serverURL: server.url, accessToken: token, retries: 0 }).security.getSourceConnectionInformation("server://abc");

  return { pms, server, manager, resourcesWith };
}

const HOUR_MS = 60 * 60 * 1000;

describe("TransientTokenManager", () => {
  it("mints once and reuses the token", async () => {
    const { pms, manager } = await setUp();

    const first = await manager.getToken();
    const second = await manager.getToken();

    expect(first).toBe(second);
    expect(pms.minted).toEqual([first]);
  });

  it("shares one mint between concurrent callers", async () => {
    const { pms, manager } = await setUp();
    pms.mintDelayMs = 20;

    const tokens = await Promise.all([1, 2, 3, 4, 5].map(() => manager.getToken()));

    expect(new Set(tokens).size).toBe(1);
    expect(pms.minted).toHaveLength(1);
  });

  it("mints again once the token reaches maxAgeMs", async () => {
    let nowMs = 0;
    const { pms, manager } = await setUp({ now: () => nowMs });

    const first = await manager.getToken();
    nowMs = 47 * HOUR_MS - 1;
    const stillFirst = await manager.getToken();
    nowMs = 47 * HOUR_MS;
    const second = await manager.getToken();

    expect(stillFirst).toBe(first);
    expect(second).not.toBe(first);
    expect(pms.minted).toEqual([first, second]);
  });

  it("mints again once after a 401 from a restarted server", async () => {
    const { pms, manager, resourcesWith } = await setUp();
    await manager.getToken();
    pms.restart();
    const used: string[] = [];

    const result = await manager.withToken((token) => {
      used.push(token);
      return resourcesWith(token);
    });

    expect(result.device.clientIdentifier).toBe("243b471948ace337a8f92f129ec97d1902fcb1df");
    expect(used).toEqual(pms.minted);
    expect(pms.minted).toHaveLength(2);
  });

  it("gives up after a second 401", async () => {
    const { pms, manager, resourcesWith } = await setUp();
    let calls = 0;

    const error = await manager
      .withToken(() => {
        calls += 1;
        return resourcesWith("transient-00000000-0000-4000-8000-000000000000");
      })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PlexUnauthorizedError);
    expect(calls).toBe(2);
    expect(pms.minted).toHaveLength(2);
  });

  it("treats 403 as final", async () => {
    const { pms, manager } = await setUp();
    let calls = 0;

    const error = await manager
      .withToken(async () => {
        calls += 1;
        throw new PlexForbiddenError({ status: 403 });
      })
      .catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PlexForbiddenError);
    expect(calls).toBe(1);
    expect(pms.minted).toHaveLength(1);
  });

  it("rejects every waiter of a failed mint and mints on the next call", async () => {
    const { pms, manager } = await setUp({ retries: 0 });
    pms.mintStatus = 500;

    const failures = await Promise.all([manager.getToken(), manager.getToken()].map((call) => call.catch((error: unknown) => error)));
    pms.mintStatus = undefined;
    const token = await manager.getToken();

    expect(failures[0]).toBeInstanceOf(PlexHTTPStatusError);
    expect(failures[1]).toBe(failures[0]);
    expect(pms.minted).toEqual([token]);
  });

  it("lets the shared mint finish when one waiter aborts", async () => {
    const { pms, manager } = await setUp();
    pms.mintDelayMs = 50;
    const controller = new AbortController();

    const aborted = manager.getToken({ signal: controller.signal }).catch((error: unknown) => error);
    const patient = manager.getToken();
    controller.abort();

    expect(await aborted).toBeInstanceOf(PlexAbortError);
    expect(await patient).toBe(pms.minted[0]);
    expect(pms.minted).toHaveLength(1);
  });

  it("serves another client through accessToken", async () => {
    const { pms, server, manager } = await setUp();
    const delegate = new PlexAPI({ serverURL: server.url, accessToken: manager.accessToken });

    await delegate.security.getSourceConnectionInformation("server://abc");

    expect(server.requests.at(-1)!.headers["x-plex-token"]).toBe(pms.minted[0]);
  });

  it("keeps the token out of inspect output", async () => {
    const { manager } = await setUp();
    const token = await manager.getToken();

    expect(inspect(manager, { showHidden: true, depth: Infinity })).not.toContain(token);
    expect(JSON.stringify(manager)).not.toContain(token);
  });

  it.each([
    [{ maxAgeMs: 0 }, RangeError, /^Invalid maxAgeMs option 0/],
    [{ retries: "1" }, TypeError, /^Invalid retries option: expected a number, got string/],
    [{ now: 5 }, TypeError, /^Invalid now option: expected a function, got number/],
  ])("rejects the options %o", (options, errorClass, message) => {
    const plex = new PlexAPI({ serverURL: "http://127.0.0.1:32400" });

    expect(() => new TransientTokenManager(plex, options as never)).toThrow(errorClass);
    expect(() => new TransientTokenManager(plex, options as never)).toThrow(message);
  });
});
