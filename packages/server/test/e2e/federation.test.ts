import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import {
  isTransientToken,
  PlexAPI,
  resolveConnection,
  serverSource,
  TransientTokenManager,
  type SourceConnectionInformation,
} from "@plex-security/client";
import { decodeErrors, decodeSourceConnectionInformation } from "@plex-security/client/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { closedPortURL } from "../helpers/ports.js";
import { cliEnv, startServe, type ServeProcess } from "../helpers/cli.js";

const A = { id: "a".repeat(40), admin: "a-admin-token-0123456789" };
const B = { id: "b".repeat(40), admin: "b-admin-token-0123456789" };

describe("federated /security/resources", () => {
  let home: string;
  const running: ServeProcess[] = [];

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), "plex-security-federation-"));
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((server) => server.stop("SIGKILL")));
    await rm(home, { recursive: true, force: true });
  });

  async function serve(name: string, config: object, port = 0): Promise<ServeProcess> {
    const file = join(home, `${name}.json`);
    await writeFile(file, JSON.stringify(config), { mode: 0o600 });
    const server = await startServe(["--config", file, "--port", String(port)], cliEnv(home));
    running.push(server);

    return server;
  }

  function serveB(port = 0): Promise<ServeProcess> {
    return serve("b", { server: { machineIdentifier: B.id, friendlyName: "B" }, adminToken: B.admin }, port);
  }

  function serveA(connections: object[], sourceOptions: object = {}): Promise<ServeProcess> {
    return serve("a", {
      server: { machineIdentifier: A.id, friendlyName: "A" },
      adminToken: A.admin,
      sources: [{ source: serverSource(B.id), name: "B", token: B.admin, connections, ...sourceOptions }],
    });
  }

  async function resources(server: ServeProcess, query = ""): Promise<SourceConnectionInformation> {
    const response = await fetch(`${server.url}/security/resources?source=${serverSource(B.id)}${query}`, {
      headers: { "X-Plex-Token": A.admin, Accept: "application/json" },
    });
    expect(response.status).toBe(200);

    return decodeSourceConnectionInformation(await response.text(), response.headers.get("content-type"));
  }

  async function worksOn(server: ServeProcess, token: string): Promise<number> {
    return (await fetch(`${server.url}/`, { headers: { "X-Plex-Token": token } })).status;
  }


  it("hands out a transient token of the source", async () => {
    const b = await serveB();
    const a = await serveA([{ uri: b.url, local: true }]);

    const info = await resources(a);

    expect(info.device.clientIdentifier).toBe(B.id);
    expect(info.device.name).toBe("B");
    expect(info.device.connections).toEqual([
      { protocol: "http", address: "127.0.0.1", port: Number(new URL(b.url).port), uri: b.url, local: true, relay: false },
    ]);
    const token = info.device.accessToken as string;
    expect(isTransientToken(token)).toBe(true);
    expect(token).not.toBe(B.admin);
    expect(await worksOn(b, token)).toBe(200);
    expect(await worksOn(a, token)).toBe(401);
    expect(a.stdout()).not.toContain(B.admin);
    expect(a.stdout()).not.toContain(token);
  });

  it("caches the token between calls", async () => {
    const b = await serveB();
    const a = await serveA([{ uri: b.url }]);

    const first = await resources(a);
    const second = await resources(a);

    expect(second.device.accessToken).toBe(first.device.accessToken);
    expect(await settledMintCount(b, 1)).toBe(1);
  });

  it("mints anew with refresh=1 after the source restarts", async () => {
    let b = await serveB();
    const port = Number(new URL(b.url).port);
    const a = await serveA([{ uri: b.url }]);
    const before = (await resources(a)).device.accessToken as string;

    await b.stop();
    b = await serveB(port);

    expect(await worksOn(b, before)).toBe(401);
    expect((await resources(a)).device.accessToken).toBe(before);
    const after = (await resources(a, "&refresh=1")).device.accessToken as string;
    expect(after).not.toBe(before);
    expect(await worksOn(b, after)).toBe(200);
  });

  it("mints anew after the source rejects the cached token", async () => {
    let b = await serveB();
    const port = Number(new URL(b.url).port);
    const a = await serveA([{ uri: b.url }], { checkIntervalSeconds: 0 });
    const before = (await resources(a)).device.accessToken as string;

    await b.stop();
    b = await serveB(port);

    const after = (await resources(a)).device.accessToken as string;
    expect(after).not.toBe(before);
    expect(await worksOn(b, after)).toBe(200);
    expect(a.stdout()).toContain('"event":"source.token_rejected"');
  });

  it("skips a closed local connection, and so does the resolver", async () => {
    const closed = await closedPortURL();
    const b = await serveB();
    const a = await serveA([
      { uri: closed, local: true },
      { uri: b.url, local: false },
    ]);

    const info = await resources(a);
    expect(await worksOn(b, info.device.accessToken as string)).toBe(200);

    const resolved = await resolveConnection(info.device);
    expect(resolved.uri).toBe(b.url);
    expect(resolved.candidates.map((candidate) => candidate.outcome)).toEqual(["failed", "chosen"]);
    const minted = await resolved.plex.security.getTransientToken("delegation", "all");
    expect(await worksOn(b, minted.token)).toBe(200);
  });

  it("shares one upstream mint between 50 concurrent calls", async () => {
    const b = await serveB();
    const a = await serveA([{ uri: b.url }]);

    const results = await Promise.all(Array.from({ length: 50 }, () => resources(a)));

    expect(new Set(results.map((info) => info.device.accessToken)).size).toBe(1);
    expect(await settledMintCount(b, 1)).toBe(1);
  });

  it("answers 502 naming the source when no connection can mint", async () => {
    const closed = await closedPortURL();
    const a = await serveA([{ uri: closed }], { timeoutMs: 500 });

    const response = await fetch(`${a.url}/security/resources?source=${serverSource(B.id)}`, {
      headers: { "X-Plex-Token": A.admin, Accept: "application/json" },
    });

    expect(response.status).toBe(502);
    const body = await response.text();
    expect(decodeErrors(body, "application/json")[0]?.message).toContain(serverSource(B.id));
    expect(body).not.toContain(B.admin);
    expect(a.stdout()).toContain('"event":"source.mint_failed"');
    expect(a.stdout()).not.toContain(B.admin);
  });

  it("answers 502 when the source rejects the credential", async () => {
    const b = await serveB();
    const a = await serve("a", {
      server: { machineIdentifier: A.id },
      adminToken: A.admin,
      sources: [{ source: serverSource(B.id), name: "B", token: "wrong-credential-0123", connections: [{ uri: b.url }] }],
    });

    const response = await fetch(`${a.url}/security/resources?source=${serverSource(B.id)}`, {
      headers: { "X-Plex-Token": A.admin },
    });

    expect(response.status).toBe(502);
    expect(a.stdout()).not.toContain("wrong-credential-0123");
  });
});

describe("TransientTokenManager against a server process", () => {
  let home: string;
  let server: ServeProcess | undefined;

  beforeEach(async () => {
    home = await mkdtemp(join(tmpdir(), "plex-security-manager-"));
  });
  afterEach(async () => {
    await server?.stop("SIGKILL");
    await rm(home, { recursive: true, force: true });
  });

  it("mints once for 100 callers and once more after a restart", async () => {
    const file = join(home, "b.json");
    await writeFile(file, JSON.stringify({ server: { machineIdentifier: B.id }, adminToken: B.admin }), { mode: 0o600 });
    server = await startServe(["--config", file, "--port", "0"], cliEnv(home));
    const port = new URL(server.url).port;
    const plex = new PlexAPI({ serverURL: server.url, accessToken: B.admin, retries: 0 });
    const manager = new TransientTokenManager(plex);
    const useToken = (token: string) =>
      new PlexAPI({ serverURL: server?.url ?? "", accessToken: token, retries: 0 }).security.getSourceConnectionInformation(
        serverSource(B.id),
      );

    await Promise.all(Array.from({ length: 100 }, () => manager.withToken(useToken)));
    const mintsBefore = await settledMintCount(server, 101);

    await server.stop();
    server = await startServe(["--config", file, "--port", port], cliEnv(home));
    await Promise.all(Array.from({ length: 100 }, () => manager.withToken(useToken)));

    // One mint by the manager, plus the token each /security/resources call hands out for the server's own source.
    expect(mintsBefore).toBe(1 + 100);
    expect(await settledMintCount(server, 101)).toBe(1 + 100);
  });
});

/**
 * Counts the mints a server process logged. Log lines cross a pipe after the
 * response, so it waits up to 5 s for `expected`, then 200 ms more for any
 * surplus line, and returns the count.
 */
async function settledMintCount(server: ServeProcess, expected: number): Promise<number> {
  const count = () => server.stdout().split("\n").filter((line) => line.includes('"event":"token.minted"')).length;
  for (let waited = 0; count() < expected && waited < 5000; waited += 50) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 200));

  return count();
}
