import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { isTransientToken } from "@plex-security/client/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { closedPortURL } from "../helpers/ports.js";
import { cliEnv, runCli, startServe, type ServeProcess } from "../helpers/cli.js";
import { ADMIN_TOKEN, ALICE_TOKEN, MACHINE_ID } from "../helpers/test-server.js";

const CONFIG = {
  server: { host: "127.0.0.1", port: 0, machineIdentifier: MACHINE_ID },
  adminToken: ADMIN_TOKEN,
  sharedUsers: [{ id: "alice", token: ALICE_TOKEN }],
};

describe("plex-security command", () => {
  let home: string;
  let configFile: string;
  const running: ServeProcess[] = [];

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), "plex-security-cli-"));
    configFile = join(home, "server.json");
    await writeFile(configFile, JSON.stringify(CONFIG), { mode: 0o600 });
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.stop("SIGKILL")));
    await rm(home, { recursive: true, force: true });
  });

  async function serve(args: string[]): Promise<ServeProcess> {
    const server = await startServe(args, cliEnv(home));
    running.push(server);

    return server;
  }

  it("mints a token that the running server accepts", async () => {
    const server = await serve(["--config", configFile]);
    const result = await runCli(["token", "--url", server.url], cliEnv(home, { PLEX_TOKEN: ADMIN_TOKEN }));

    expect(result.code).toBe(0);
    const token = result.stdout.trim();
    expect(isTransientToken(token)).toBe(true);
    const check = await fetch(`${server.url}/`, { headers: { "X-Plex-Token": token } });
    expect(check.status).toBe(200);
  });

  it("prints one JSON document with --json", async () => {
    const server = await serve(["--config", configFile]);
    const result = await runCli(["token", "--json"], cliEnv(home, { PLEX_TOKEN: ALICE_TOKEN, PLEX_URL: server.url }));

    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(isTransientToken(document.token)).toBe(true);
    expect(document.url).toBe(server.url);
  });

  it("exits 1 with one line when the token is rejected", async () => {
    const server = await serve(["--config", configFile]);
    const wrong = "wrong-token-0123456789abcdef";
    const result = await runCli(["token", "--url", server.url], cliEnv(home, { PLEX_TOKEN: wrong }));

    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain("401");
    expect(result.stderr).not.toContain(wrong);
  });

  it("exits 1 when nothing listens at the URL", async () => {
    const url = await closedPortURL();
    const result = await runCli(["token", "--url", url], cliEnv(home, { PLEX_TOKEN: ADMIN_TOKEN }));

    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`plex-security: GET /security/token failed: cannot reach ${url}: ECONNREFUSED.\n`);
    expect(result.stderr).not.toContain(ADMIN_TOKEN);
  });

  it("never sends the local admin token to another server", async () => {
    const seen: (string | undefined)[] = [];
    const other = createServer((request, response) => {
      seen.push(request.headers["x-plex-token"] as string | undefined);
      response.writeHead(200, { "Content-Type": "application/json" });
      response.end(JSON.stringify({ MediaContainer: { size: 0, claimed: true, machineIdentifier: "f".repeat(40) } }));
    });
    await new Promise<void>((resolve) => other.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;

    try {
      const result = await runCli(["token", "--config", configFile, "--url", url], cliEnv(home));

      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`it is not the server of ${configFile}`);
      expect(seen).toEqual([undefined]);
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it("exits 2 for a --config file that does not exist", async () => {
    const missing = join(home, "missing.json");
    const result = await runCli(["token", "--config", missing], cliEnv(home));

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`plex-security: Configuration file ${missing} does not exist: check --config.\n`);
  });

  it.each([["help"], ["help", "serve"], ["--help"], ["--version"]])("exits 0 for %s", async (...args) => {
    const result = await runCli(args, cliEnv(home));

    expect(result.code).toBe(0);
  });

  it.each([
    ["an unknown option", ["token", "--bogus"]],
    ["an unknown command", ["mint"]],
    ["a bad port", ["serve", "--port", "http"]],
    ["a bad URL", ["token", "--url", "ftp://x"]],
  ])("exits 2 on %s", async (_case, args) => {
    const result = await runCli(args, cliEnv(home, { PLEX_TOKEN: ADMIN_TOKEN }));

    expect(result.code).toBe(2);
    expect(result.stderr).not.toBe("");
  });

  it("exits 2 when no token is available", async () => {
    const result = await runCli(["token", "--url", "http://127.0.0.1:9"], cliEnv(home));

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("PLEX_TOKEN");
  });

  it("exits 2 and names the key path of a bad configuration", async () => {
    await writeFile(configFile, JSON.stringify({ ...CONFIG, adminToken: 42 }));
    const result = await runCli(["serve", "--config", configFile], cliEnv(home));

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("adminToken");
    expect(result.stderr).not.toContain(ALICE_TOKEN);
  });

  it("creates the default configuration and finds it for token", async () => {
    const server = await serve(["--port", "0"]);
    const path = join(home, "plex-security", "config.json");
    expect(server.stderr()).toContain(path);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    const created = JSON.parse(await readFile(path, "utf8"));
    expect(server.stderr()).not.toContain(created.adminToken);
    expect(server.stdout()).not.toContain(created.adminToken);

    const result = await runCli(["token", "--url", server.url], cliEnv(home));
    expect(result.code).toBe(0);
    expect(isTransientToken(result.stdout.trim())).toBe(true);
  });

  it("refuses tokens minted before a restart and keeps configured ones", async () => {
    const first = await serve(["--config", configFile]);
    const minted = await runCli(["token", "--url", first.url], cliEnv(home, { PLEX_TOKEN: ADMIN_TOKEN }));
    const token = minted.stdout.trim();
    expect(await first.stop()).toBe(0);

    const second = await serve(["--config", configFile]);
    const reuse = await runCli(["token", "--url", second.url], cliEnv(home, { PLEX_TOKEN: token }));
    expect(reuse.code).toBe(1);
    const fresh = await runCli(["token", "--url", second.url], cliEnv(home, { PLEX_TOKEN: ALICE_TOKEN }));
    expect(fresh.code).toBe(0);
  });
});
