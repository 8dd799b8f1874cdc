import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { isTransientToken } from "@plex-security/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { closedPortURL } from "../helpers/ports.js";
import { cliEnv, runCli, startServe, type ServeProcess } from "../helpers/cli.js";

const A_ADMIN = "a-admin-token-0123456789";
const B_ADMIN = "b-admin-token-0123456789";
const B_SOURCE = `server://${"b".repeat(40)}`;

describe("resources and connect commands", () => {
  let home: string;
  let closedUri: string;
  let a: ServeProcess;
  let b: ServeProcess;

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "plex-security-sources-cli-"));
    closedUri = await closedPortURL();
    b = await serve("b", { server: { machineIdentifier: "b".repeat(40), friendlyName: "Basement" }, adminToken: B_ADMIN });
    a = await serve("a", {
      server: { machineIdentifier: "a".repeat(40), friendlyName: "Attic" },
      adminToken: A_ADMIN,
      sources: [
        {
          source: B_SOURCE,
          name: "Basement",
          token: B_ADMIN,
          connections: [{ uri: closedUri, local: true }, { uri: b.url }, { uri: closedUri.replace("http:", "https:"), relay: true }],
        },
      ],
    });
  });
  afterAll(async () => {
    await Promise.all([a?.stop("SIGKILL"), b?.stop("SIGKILL")]);
    await rm(home, { recursive: true, force: true });
  });

  async function serve(name: string, config: object): Promise<ServeProcess> {
    const file = join(home, `${name}.json`);
    await writeFile(file, JSON.stringify(config), { mode: 0o600 });

    return startServe(["--config", file, "--port", "0"], cliEnv(home));
  }

  function run(args: string[]) {
    return runCli(args, cliEnv(home, { PLEX_TOKEN: A_ADMIN, PLEX_URL: a.url }));
  }

  it("prints the device and a table of its connections", async () => {
    const result = await run(["resources", B_SOURCE]);

    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe(`Basement (${"b".repeat(40)})`);
    expect(lines[1]).toBe("access token: present (printed with --json)");
    expect(lines[3]).toMatch(/^KIND\s+URI\s+PROTOCOL\s+ADDRESS\s+PORT$/);
    expect(lines[4]).toMatch(new RegExp(`^local\\s+${closedUri}\\s+http\\s+127\\.0\\.0\\.1`));
    expect(lines[5]).toMatch(new RegExp(`^remote\\s+${b.url}\\s`));
    expect(lines[6]).toMatch(/^relay\s+https:/);
    expect(result.stdout).not.toMatch(/transient-/);
  });

  it("prints the device with its token as JSON", async () => {
    const result = await run(["resources", B_SOURCE, "--json", "--refresh"]);

    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.source).toBe(B_SOURCE);
    expect(isTransientToken(document.device.accessToken)).toBe(true);
    expect(document.device.connections).toHaveLength(3);
  });

  it("prints the chosen connection and why the others lost", async () => {
    const result = await run(["connect", B_SOURCE]);

    expect(result.code).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe(b.url);
    expect(lines[3]).toMatch(new RegExp(`^failed\\s+local\\s+${closedUri}\\s+request failed`));
    expect(lines[4]).toMatch(new RegExp(`^chosen\\s+remote\\s+${b.url}$`));
    expect(lines[5]).toMatch(/^(failed|cancelled)\s+relay\s+https:/);
  });

  it("prints the choice as JSON", async () => {
    const result = await run(["connect", B_SOURCE, "--json"]);

    expect(result.code).toBe(0);
    const document = JSON.parse(result.stdout);
    expect(document.uri).toBe(b.url);
    expect(document.candidates.map((candidate: { outcome: string }) => candidate.outcome)[1]).toBe("chosen");
    expect(result.stdout).not.toContain("transient-");
  });

  it("exits 1 for a source the server does not know", async () => {
    const result = await run(["resources", "server://unknown"]);

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("404");
  });

  it("exits 2 for a malformed source", async () => {
    const result = await run(["connect", "unknown"]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Invalid source "unknown"');
  });
});
