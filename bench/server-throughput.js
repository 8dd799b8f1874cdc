/**
 * Server throughput: `POST /security/token?type=delegation&scope=all`
 * (mint) and `GET /` with a transient token (check), against
 * `plex-security serve` with request logging on, and a bare node:http
 * server with a fixed 60-byte body as the ceiling. Each figure is a rate
 * divided by the ceiling's rate in the same round.
 *
 * The servers run on CPU 0 and the load generator on CPU 1, where taskset
 * exists. The server's log goes to a file, which is counted to show that
 * logging was on, then deleted. The server's CPU time per request is
 * recorded too: unlike the rate, it does not depend on whether the load
 * generator kept the server busy.
 */
import { randomBytes } from "node:crypto";
import { closeSync, openSync } from "node:fs";
import { readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { cpuSeconds } from "./lib/cpu-time.js";
import { loadShape, loadTool, runLoad } from "./lib/load.js";
import { TMP_DIR } from "./lib/paths.js";
import { startServer } from "./lib/processes.js";
import { saveResults } from "./lib/results.js";
import { rotate, summarize } from "./lib/stats.js";

const SERVER_CPU = 0;
const LOAD_CPU = 1;
const ROUNDS = 3;
const SECONDS = 10;
const WARMUP_SECONDS = 2;

const CLI = fileURLToPath(new URL("../packages/server/bin/plex-security.js", import.meta.url));
const CEILING_SERVER = fileURLToPath(new URL("servers/fixed-response.js", import.meta.url));
const CONFIG_PATH = join(TMP_DIR, "server-config.json");
const LOG_PATH = join(TMP_DIR, "server.log");

/**
 * Writes a configuration with random tokens, in mode 0600 because the server
 * warns when others can read it. The check token comes from a shared user,
 * because the admin mints far more than the default cap of 1,000 live
 * tokens per principal during the mint runs, and each mint over the cap
 * revokes the admin's oldest token.
 */
async function writeConfig() {
  const adminToken = `bench-admin-${randomBytes(16).toString("hex")}`;
  const checkUserToken = `bench-check-${randomBytes(16).toString("hex")}`;
  const config = {
    server: { machineIdentifier: randomBytes(20).toString("hex") },
    adminToken,
    sharedUsers: [{ id: "bench-check", token: checkUserToken }],
  };
  await writeFile(CONFIG_PATH, JSON.stringify(config), { mode: 0o600 });

  return { adminToken, checkUserToken };
}

/** Mints one transient token through the server, for the check requests. */
async function mintTransientToken(serverURL, token) {
  const response = await globalThis.fetch(new URL("security/token?type=delegation&scope=all", serverURL), {
    method: "POST",
    headers: { Accept: "application/json", "X-Plex-Token": token },
  });
  if (response.status !== 200) throw new Error(`minting the check token failed with status ${response.status}`);

  return (await response.json()).MediaContainer.token;
}

/** Summarises the server's CPU time per request and its busy share of one core, where /proc gave them. */
function cpuFigures(list) {
  if (list.some((run) => run.serverCpuSeconds === undefined)) return {};

  return {
    serverCpuUsPerRequest: summarize(list.map((run) => (run.serverCpuSeconds * 1e6) / run.requests)),
    serverBusyShare: summarize(list.map((run) => run.serverCpuSeconds / SECONDS)),
  };
}

async function main() {
  await mkdir(TMP_DIR, { recursive: true });
  const { adminToken, checkUserToken } = await writeConfig();
  const logFd = openSync(LOG_PATH, "w");
  const ceiling = await startServer({ command: process.execPath, args: [CEILING_SERVER, "ceiling"], cpu: SERVER_CPU });
  const server = await startServer({
    command: process.execPath,
    args: [CLI, "serve", "--config", CONFIG_PATH, "--port", "0"],
    cpu: SERVER_CPU,
    stdout: logFd,
  });

  try {
    const transientToken = await mintTransientToken(server.url, checkUserToken);
    const targets = [
      { name: "ceiling: node:http, 60-byte body", pid: ceiling.pid, url: new URL("/", ceiling.url).href, baseline: true },
      {
        name: "mint: POST /security/token",
        pid: server.pid,
        url: new URL("security/token?type=delegation&scope=all", server.url).href,
        method: "POST",
        token: adminToken,
      },
      { name: "check: GET / with a transient token", pid: server.pid, url: new URL("/", server.url).href, token: transientToken },
    ];

    for (const target of targets) await runLoad({ ...target, seconds: WARMUP_SECONDS, cpu: LOAD_CPU });

    const runs = new Map(targets.map((target) => [target.name, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const roundRuns = new Map();
      for (const target of rotate(targets, round)) {
        const cpuBefore = cpuSeconds(target.pid);
        const run = await runLoad({ ...target, seconds: SECONDS, cpu: LOAD_CPU });
        const serverCpuSeconds = cpuBefore === undefined ? undefined : cpuSeconds(target.pid) - cpuBefore;
        roundRuns.set(target.name, { ...run, serverCpuSeconds });
      }
      const ceilingRate = roundRuns.get(targets[0].name).requestsPerSecond;
      for (const [name, run] of roundRuns) runs.get(name).push({ ...run, ratio: run.requestsPerSecond / ceilingRate });
    }
    for (const [name, list] of runs) {
      const failed = list.reduce((sum, run) => sum + run.non2xx + run.socketErrors, 0);
      if (failed > 0) throw new Error(`${failed} requests of "${name}" failed: the figures would be meaningless.`);
    }

    await server.stop();
    const logLines = (await readFile(LOG_PATH, "utf8")).split("\n").filter((line) => line !== "").length;
    const totalServerRequests = [...runs].filter(([name]) => name !== targets[0].name)
      .flatMap(([, list]) => list).reduce((sum, run) => sum + run.requests, 0);

    await saveResults("server-throughput", {
      tool: loadTool,
      ...loadShape,
      seconds: SECONDS,
      rounds: ROUNDS,
      logLines,
      measuredServerRequests: totalServerRequests,
      targets: targets.map(({ name, baseline }) => {
        const list = runs.get(name);
        return {
          name,
          baseline: baseline === true,
          requestsPerSecond: summarize(list.map((run) => run.requestsPerSecond)),
          ratio: summarize(list.map((run) => run.ratio)),
          p50Ms: summarize(list.map((run) => run.p50Ms)),
          p99Ms: summarize(list.map((run) => run.p99Ms)),
          ...cpuFigures(list),
        };
      }),
    });
  } finally {
    await server.stop();
    await ceiling.stop();
    closeSync(logFd);
    await rm(LOG_PATH, { force: true });
  }
}

await main();
