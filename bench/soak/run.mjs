// `npm run soak` runs the server in this process under a steady load from a
// child process for 10 minutes (SOAK_DURATION_S changes it). It samples the
// server's heap and RSS every 10 s after a forced GC. The slopes go to
// bench/soak/results.json and to the "Soak" section of BENCHMARKS.md.
import { fork } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { buildApp, createLogger, parseConfig } from "@plex-security/server";

import { linearSlope, renderSoakSection } from "./report.mjs";

if (typeof global.gc !== "function") {
  console.error("Run with node --expose-gc (npm run soak does).");
  process.exit(2);
}

const durationS = Number(process.env.SOAK_DURATION_S ?? "600");
const sampleIntervalS = 10;
const ttlSeconds = 20;
const WARM_UP_SECONDS = 60;
const rate = Number(process.env.SOAK_RATE ?? "100");
const soakDirectory = fileURLToPath(new URL(".", import.meta.url));

const config = parseConfig({
  server: { host: "127.0.0.1", port: 0, machineIdentifier: "50a4".repeat(10) },
  adminToken: "soak-admin-token-0123456789",
  sharedUsers: [{ id: "soak-user", token: "soak-user-token-0123456789" }],
  transientTokenTtlSeconds: ttlSeconds,
});

// Request logging stays on, to a file, as in production.
const logFile = join(await mkdtemp(join(tmpdir(), "plex-security-soak-")), "server.log");
const { pino } = await import("pino");
const logger = createLogger("info", pino.destination({ dest: logFile, sync: false }));
const app = await buildApp({ config, logger });
await app.listen({ host: "127.0.0.1", port: 0 });
const { port } = app.server.address();

const child = fork(join(soakDirectory, "load.mjs"), {
  env: {
    ...process.env,
    SOAK_URL: `http://127.0.0.1:${port}`,
    SOAK_ADMIN_TOKEN: config.adminToken,
    SOAK_USER_TOKEN: config.sharedUsers[0].token,
    SOAK_MACHINE_ID: config.server.machineIdentifier,
    SOAK_RATE: String(rate),
    SOAK_DURATION_MS: String(durationS * 1000),
  },
});
const finished = new Promise((resolve) => child.on("message", (message) => resolve(message.counts)));
const exited = new Promise((resolve) => child.on("exit", resolve));

const samples = [];
const started = Date.now();
const sample = () => {
  global.gc();
  const { heapUsed, rss, arrayBuffers } = process.memoryUsage();
  const entry = { seconds: Math.round((Date.now() - started) / 1000), heapUsed, rss, arrayBuffers };
  samples.push(entry);
  console.log(`${String(entry.seconds).padStart(4)} s  heap ${(heapUsed / 1048576).toFixed(1)} MiB  rss ${(rss / 1048576).toFixed(1)} MiB`);
};
sample();
const timer = setInterval(sample, sampleIntervalS * 1000);

const counts = await Promise.race([finished, exited.then(() => undefined)]);
clearInterval(timer);
if (Math.round((Date.now() - started) / 1000) !== samples.at(-1).seconds) sample();
child.kill();
await app.close();

// The first minute is warm-up: tokens accumulate until minting and expiry balance at about rate × TTL.
const steady = samples.filter((entry) => entry.seconds >= WARM_UP_SECONDS);
if (steady.length < 2) {
  console.error(`The run is too short for a slope: it needs samples after the ${WARM_UP_SECONDS}-second warm-up. Nothing was written.`);
  process.exit(1);
}
const result = {
  date: new Date().toISOString(),
  durationS,
  ratePerSecond: rate,
  ttlSeconds,
  counts,
  samples,
  heapSlopeBytesPerMinute: linearSlope(steady, "heapUsed") * 60,
  rssSlopeBytesPerMinute: linearSlope(steady, "rss") * 60,
};
await writeFile(join(soakDirectory, "results.json"), `${JSON.stringify(result, null, 2)}\n`);

const benchmarksPath = join(soakDirectory, "..", "..", "BENCHMARKS.md");
const page = await readFile(benchmarksPath, "utf8").catch(() => "# Benchmarks\n");
await writeFile(benchmarksPath, renderSoakSection(page, result));
console.log(`heap slope ${(result.heapSlopeBytesPerMinute / 1024).toFixed(1)} KiB/min, rss slope ${(result.rssSlopeBytesPerMinute / 1024).toFixed(1)} KiB/min`);
