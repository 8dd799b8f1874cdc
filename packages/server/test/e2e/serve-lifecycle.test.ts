import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { request, Agent, type ClientRequest, type IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { cliEnv, runCli, startServe, type ServeProcess } from "../helpers/cli.js";
import { ADMIN_TOKEN, ALICE_TOKEN, MACHINE_ID } from "../helpers/test-server.js";

const CONFIG = {
  server: { host: "127.0.0.1", port: 0, machineIdentifier: MACHINE_ID },
  adminToken: ADMIN_TOKEN,
  sharedUsers: [{ id: "alice", token: ALICE_TOKEN }],
};
const SOURCE = { source: "server://other", name: "Other", token: "source-token-0123456789", connections: [{ uri: "http://127.0.0.1:1" }] };

/** Starts a mint whose 10-byte body is only half sent, so the request stays in flight. */
function startHeldUpload(url: string, agent?: Agent): { request: ClientRequest; response: Promise<IncomingMessage & { body: string }> } {
  const held = request(`${url}/security/token?type=delegation&scope=all`, {
    method: "POST",
    agent,
    headers: { "X-Plex-Token": ADMIN_TOKEN, Accept: "application/json", "Content-Type": "text/plain", "Content-Length": "10" },
  });
  const response = new Promise<IncomingMessage & { body: string }>((resolve, reject) => {
    held.on("error", reject);
    held.on("response", (message) => {
      let body = "";
      message.on("data", (chunk) => (body += chunk));
      message.on("end", () => resolve(Object.assign(message, { body })));
    });
  });
  held.write("12345");

  return { request: held, response };
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

describe("serve", () => {
  let home: string;
  let configFile: string;
  const running: ServeProcess[] = [];

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), "plex-security-serve-"));
    configFile = join(home, "server.json");
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.stop("SIGKILL")));
    await rm(home, { recursive: true, force: true });
  });

  async function serve(config: object = CONFIG): Promise<ServeProcess> {
    await writeFile(configFile, JSON.stringify(config), { mode: 0o600 });
    const server = await startServe(["--config", configFile], cliEnv(home));
    running.push(server);

    return server;
  }

  it.each([
    ["a missing adminToken", { server: CONFIG.server }, "adminToken"],
    ["a numeric adminToken", { ...CONFIG, adminToken: 42 }, "adminToken"],
    ["a string port", { ...CONFIG, server: { ...CONFIG.server, port: "32400" } }, "server.port"],
    ["a list for sharedUsers[0]", { ...CONFIG, sharedUsers: [["alice"]] }, "sharedUsers[0]"],
    ["a string TTL", { ...CONFIG, transientTokenTtlSeconds: "60" }, "transientTokenTtlSeconds"],
    ["a zero cap", { ...CONFIG, maxTransientTokensPerPrincipal: 0 }, "maxTransientTokensPerPrincipal"],
    ["a bad source prefix", { ...CONFIG, sources: [{ ...SOURCE, source: "file://other" }] }, "sources[0].source"],
    [
      "a headers timeout over the request timeout",
      { ...CONFIG, server: { ...CONFIG.server, requestTimeoutMs: 2000, headersTimeoutMs: 3000 } },
      "server.headersTimeoutMs",
    ],
    ["a zero maxFailures", { ...CONFIG, authFailureLimit: { maxFailures: 0 } }, "authFailureLimit.maxFailures"],
    [
      "a duplicate token",
      { ...CONFIG, sharedUsers: [...CONFIG.sharedUsers, { id: "bob", token: ALICE_TOKEN }] },
      "sharedUsers[1].token",
    ],
  ])("exits 2 on %s and names the key path", async (_case, config, path) => {
    await writeFile(configFile, JSON.stringify(config), { mode: 0o600 });
    const result = await runCli(["serve", "--config", configFile], cliEnv(home));

    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`  ${path}: `);
    expect(result.stderr).not.toContain(ALICE_TOKEN);
    expect(result.stderr).not.toContain(ADMIN_TOKEN);
    expect(result.stdout).toBe("");
  });

  it("exits 2 on a file that is not JSON", async () => {
    await writeFile(configFile, `{"adminToken": "${ADMIN_TOKEN}",`, { mode: 0o600 });
    const result = await runCli(["serve", "--config", configFile], cliEnv(home));

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("not valid JSON");
    expect(result.stderr).not.toContain(ADMIN_TOKEN);
  });

  it("finishes a request in flight on SIGTERM and exits 0", async () => {
    const server = await serve();
    const agent = new Agent({ keepAlive: true });
    // An idle keep-alive connection must not keep the process alive.
    const idle = await fetch(`${server.url}/identity`);
    await idle.text();
    const upload = startHeldUpload(server.url, agent);
    await pause(300);

    const exited = server.stop("SIGTERM");
    await pause(300);
    upload.request.end("67890");
    const response = await upload.response;

    expect(response.statusCode).toBe(200);
    expect(response.headers.connection).toBe("close");
    expect(JSON.parse(response.body).MediaContainer.token).toMatch(/^transient-/);
    expect(await exited).toBe(0);
    expect(server.stdout()).toContain('"event":"server.stopping"');
    expect(server.stdout()).toContain('"event":"server.stopped","forced":false');
    agent.destroy();
  });

  it("stops on SIGINT and exits 0", async () => {
    const server = await serve();

    expect(await server.stop("SIGINT")).toBe(0);
  });

  it("forces the exit on a second signal", async () => {
    const server = await serve();
    const upload = startHeldUpload(server.url);
    upload.response.catch(() => undefined);
    await pause(300);

    const exited = server.stop("SIGTERM");
    await pause(300);
    server.child.kill("SIGTERM");

    expect(await exited).toBe(1);
    expect(server.stdout()).toContain('"event":"server.forced_stop"');
    await expect(upload.response).rejects.toThrow();
  });
});
