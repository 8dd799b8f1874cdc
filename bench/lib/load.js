/**
 * One load run against a URL: wrk where it is installed, otherwise
 * autocannon from the project's dev dependencies. Both use 2 threads and
 * 32 connections, and report requests per second, p50 and p99 latency.
 */
import { fileURLToPath } from "node:url";

import { hasCommand, runCommand } from "./processes.js";

const THREADS = 2;
const CONNECTIONS = 32;
const WRK_SCRIPT = fileURLToPath(new URL("../wrk/request.lua", import.meta.url));
const AUTOCANNON = fileURLToPath(new URL("../../node_modules/autocannon/autocannon.js", import.meta.url));

/** The load generator this machine has: "wrk" or "autocannon". */
export const loadTool = hasCommand("wrk") ? "wrk" : "autocannon";

/** Describes the load for the report. */
export const loadShape = { threads: THREADS, connections: CONNECTIONS };

/**
 * Runs load for `seconds` with `method` and an optional `X-Plex-Token`, on
 * `cpu` when pinning is available. Resolves with { requestsPerSecond,
 * p50Ms, p99Ms, requests, non2xx, socketErrors }.
 */
export async function runLoad({ url, method = "GET", token, seconds, cpu }) {
  const timeoutMs = (seconds + 30) * 1000;

  if (loadTool === "wrk") {
    const env = { ...process.env, BENCH_METHOD: method, BENCH_TOKEN: token ?? "" };
    const args = [`-t${THREADS}`, `-c${CONNECTIONS}`, `-d${seconds}s`, "-s", WRK_SCRIPT, url];
    const output = await runCommand("wrk", args, { cpu, env, timeoutMs });
    const figures = JSON.parse(output.trim().split("\n").at(-1));

    return {
      requestsPerSecond: figures.requests / (figures.durationUs / 1e6),
      p50Ms: figures.p50Us / 1000,
      p99Ms: figures.p99Us / 1000,
      requests: figures.requests,
      non2xx: figures.non2xx,
      socketErrors: figures.socketErrors,
    };
  }

  const headers = ["-H", "Accept=application/json", ...(token ? ["-H", `X-Plex-Token=${token}`] : [])];
  const args = [AUTOCANNON, "--json", "-w", String(THREADS), "-c", String(CONNECTIONS), "-d", String(seconds), "-m", method, ...headers, url];
  const result = JSON.parse(await runCommand(process.execPath, args, { cpu, timeoutMs }));

  // autocannon reports `duration` in seconds and latencies in whole milliseconds.
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    socketErrors: result.errors + result.timeouts,
  };
}
