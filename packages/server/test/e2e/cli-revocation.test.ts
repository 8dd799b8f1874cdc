import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { digestToken, publicId } from "../../src/server/index.js";
import { cliEnv, runCli, startServe, type ServeProcess } from "../helpers/cli.js";
import { ADMIN_TOKEN, ALICE_TOKEN, MACHINE_ID } from "../helpers/test-server.js";

const CONFIG = {
  server: { host: "127.0.0.1", port: 0, machineIdentifier: MACHINE_ID },
  adminToken: ADMIN_TOKEN,
  sharedUsers: [{ id: "alice", token: ALICE_TOKEN }],
};

describe("tokens and revoke commands", () => {
  let home: string;
  let server: ServeProcess;
  const minted: string[] = [];

  function env(token = ADMIN_TOKEN): NodeJS.ProcessEnv {
    return cliEnv(home, { PLEX_TOKEN: token, PLEX_URL: server.url });
  }

  async function mint(token: string): Promise<string> {
    const result = await runCli(["token"], env(token));
    expect(result.code).toBe(0);
    const fresh = result.stdout.trim();
    minted.push(fresh);

    return fresh;
  }

  function expectNoSecret(text: string): void {
    for (const secret of [ADMIN_TOKEN, ALICE_TOKEN, ...minted]) expect(text).not.toContain(secret);
  }

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "plex-security-revoke-"));
    const configFile = join(home, "server.json");
    await writeFile(configFile, JSON.stringify(CONFIG), { mode: 0o600 });
    server = await startServe(["--config", configFile], cliEnv(home));
  });
  afterAll(async () => {
    await server.stop();
    expectNoSecret(server.stdout() + server.stderr());
    await rm(home, { recursive: true, force: true });
  });

  it("lists tokens as a table and as JSON", async () => {
    const parent = await mint(ADMIN_TOKEN);
    const child = await mint(parent);

    const table = await runCli(["tokens"], env());
    expect(table.code).toBe(0);
    const [header, ...rows] = table.stdout.trim().split("\n");
    expect(header).toMatch(/^ID\s+PRINCIPAL\s+ISSUED\s+EXPIRES\s+PARENT$/);
    expect(rows.some((row) => row.startsWith(`${publicId(digestToken(child))}  admin`))).toBe(true);
    expect(rows.some((row) => row.endsWith(publicId(digestToken(parent))))).toBe(true);
    expectNoSecret(table.stdout + table.stderr);

    const json = await runCli(["tokens", "--json", "--principal", "admin"], env());
    expect(json.code).toBe(0);
    const document = JSON.parse(json.stdout);
    expect(document.total).toBe(document.tokens.length);
    expect(document.tokens).toContainEqual(expect.objectContaining({ id: publicId(digestToken(child)), parentId: publicId(digestToken(parent)) }));
  });

  it("revokes one token and its child", async () => {
    const parent = await mint(ALICE_TOKEN);
    await mint(parent);

    const result = await runCli(["revoke", publicId(digestToken(parent))], env());
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe("Revoked 2 transient tokens.");
    const again = await runCli(["token"], env(parent));
    expect(again.code).toBe(1);
    expectNoSecret(again.stderr);
  });

  it("revokes a principal's tokens and all tokens", async () => {
    await mint(ALICE_TOKEN);
    await mint(ALICE_TOKEN);

    const byPrincipal = await runCli(["revoke", "--principal", "alice", "--json"], env());
    expect(byPrincipal.code).toBe(0);
    expect(JSON.parse(byPrincipal.stdout)).toEqual({ revoked: 2 });

    await mint(ADMIN_TOKEN);
    const all = await runCli(["revoke", "--all"], env());
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^Revoked \d+ transient tokens?\.\n$/);
    const empty = await runCli(["tokens"], env());
    expect(empty.stdout.trim()).toBe("No live transient tokens.");
  });

  it.each([
    ["no target", ["revoke"]],
    ["two targets", ["revoke", "0123abcd", "--all"]],
    ["a malformed id", ["revoke", "not-an-id"]],
    ["a token pasted as the id", ["revoke", ADMIN_TOKEN]],
    ["an unknown option", ["tokens", "--bogus"]],
  ])("exits 2 on %s", async (_case, args) => {
    const result = await runCli(args, env());

    expect(result.code).toBe(2);
    expect(result.stderr).not.toBe("");
    expectNoSecret(result.stdout + result.stderr);
  });

  it.each([
    ["an unknown id", ["revoke", "0123abcd"], ADMIN_TOKEN, "404"],
    ["an unknown principal", ["revoke", "--principal", "nobody"], ADMIN_TOKEN, "404"],
    ["a shared user's listing", ["tokens"], ALICE_TOKEN, "403"],
    ["a shared user's revocation", ["revoke", "--all"], ALICE_TOKEN, "403"],
    ["a wrong token", ["tokens"], "wrong-token-0123456789abcdef", "401"],
  ])("exits 1 with one line on %s", async (_case, args, token, status) => {
    const result = await runCli(args, env(token));

    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain(status);
    expect(result.stderr).not.toContain(token);
    expectNoSecret(result.stderr);
  });
});
