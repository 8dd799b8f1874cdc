import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { cliEnv, startServe, type ServeProcess } from "../helpers/cli.js";
import { ADMIN_TOKEN, ALICE_TOKEN, call, MACHINE_ID } from "../helpers/test-server.js";

const BOB_TOKEN = "bob-token-0123456789abcdef";
const CONFIG = {
  server: { host: "127.0.0.1", port: 0, machineIdentifier: MACHINE_ID },
  adminToken: ADMIN_TOKEN,
  sharedUsers: [{ id: "alice", token: ALICE_TOKEN }],
};
const WAIT_LIMIT_MS = 5000;

async function mint(url: string, token: string): Promise<string> {
  const response = await call(url, "/security/token?type=delegation&scope=all", { token, json: true });
  if (response.status !== 200) throw new Error(`minting failed with ${response.status}`);

  return JSON.parse(response.body).MediaContainer.token as string;
}

async function status(url: string, token: string): Promise<number> {
  return (await call(url, "/", { token })).status;
}

/** Waits until the server's stdout contains `event` a `count`th time. */
async function waitForEvent(server: ServeProcess, event: string, count = 1): Promise<void> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while (server.stdout().split(`"event":"${event}"`).length - 1 < count) {
    if (Date.now() > deadline) throw new Error(`no ${event} log line within ${WAIT_LIMIT_MS} ms; stdout: ${server.stdout()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("serve on SIGHUP", () => {
  let home: string;
  let configFile: string;
  let server: ServeProcess;

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), "plex-security-reload-"));
    configFile = join(home, "server.json");
    await writeFile(configFile, JSON.stringify(CONFIG), { mode: 0o600 });
    server = await startServe(["--config", configFile], cliEnv(home));
  });
  afterEach(async () => {
    await server.stop("SIGKILL");
    await rm(home, { recursive: true, force: true });
  });

  async function reloadWith(text: string, event: string): Promise<void> {
    await writeFile(configFile, text, { mode: 0o600 });
    server.child.kill("SIGHUP");
    await waitForEvent(server, event);
  }

  it("keeps the configuration on an invalid file", async () => {
    const alice = await mint(server.url, ALICE_TOKEN);
    const invalid = { ...CONFIG, server: { ...CONFIG.server, port: "x" }, sharedUsers: [], transientTokenTtlSeconds: -1 };

    await reloadWith(JSON.stringify(invalid), "config.reload_failed");

    const [line] = server.stdout().split("\n").filter((text) => text.includes('"event":"config.reload_failed"'));
    expect(line).toContain("server.port: ");
    expect(line).toContain("transientTokenTtlSeconds: ");
    expect(await status(server.url, ALICE_TOKEN)).toBe(200);
    expect(await status(server.url, alice)).toBe(200);
    expect(server.stdout()).not.toContain('"event":"config.reloaded"');
    for (const secret of [ADMIN_TOKEN, ALICE_TOKEN, alice]) {
      expect(server.stdout()).not.toContain(secret);
      expect(server.stderr()).not.toContain(secret);
    }
  });

  it("keeps the configuration on a file that is not JSON", async () => {
    await reloadWith(`{"adminToken": "${BOB_TOKEN}",`, "config.reload_failed");

    expect(server.stdout()).toContain("(file): not valid JSON");
    expect(await status(server.url, ADMIN_TOKEN)).toBe(200);
    expect(await status(server.url, BOB_TOKEN)).toBe(401);
    expect(server.stdout()).not.toContain(BOB_TOKEN);
  });

  it("applies a valid file", async () => {
    const alice = await mint(server.url, ALICE_TOKEN);
    const admin = await mint(server.url, ADMIN_TOKEN);
    const next = { ...CONFIG, server: { ...CONFIG.server, friendlyName: "Reloaded" }, sharedUsers: [{ id: "bob", token: BOB_TOKEN }] };

    await reloadWith(JSON.stringify(next), "config.reloaded");

    expect(await status(server.url, BOB_TOKEN)).toBe(200);
    expect(await status(server.url, ALICE_TOKEN)).toBe(401);
    expect(await status(server.url, alice)).toBe(401);
    expect(await status(server.url, admin)).toBe(200);
    const root = await call(server.url, "/", { token: ADMIN_TOKEN, json: true });
    expect(JSON.parse(root.body).MediaContainer.friendlyName).toBe("Reloaded");
    expect(server.stdout()).toContain('"event":"tokens.revoked","reason":"principal removed","principal":"alice","count":1');
    for (const secret of [ADMIN_TOKEN, ALICE_TOKEN, BOB_TOKEN, alice, admin]) {
      expect(server.stdout()).not.toContain(secret);
      expect(server.stderr()).not.toContain(secret);
    }
  });

  it("warns on a new port and keeps listening", async () => {
    await reloadWith(JSON.stringify({ ...CONFIG, server: { ...CONFIG.server, port: 1 } }), "config.reloaded");

    expect(server.stdout()).toContain('"event":"config.restart_required","keys":["server.port"]');
    expect(await status(server.url, ADMIN_TOKEN)).toBe(200);
  });

  it("stops on SIGTERM after a reload", async () => {
    await reloadWith(JSON.stringify(CONFIG), "config.reloaded");

    expect(await server.stop("SIGTERM")).toBe(0);
  });
});
