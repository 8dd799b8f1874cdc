/**
 * Starting and stopping the processes a benchmark needs. Every child is
 * stopped by its own process id, and every wait has a time limit.
 */
import { execFileSync, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { clearTimeout, setTimeout } from "node:timers";

const STARTUP_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

/** Reports whether `command` is on the PATH. */
export function hasCommand(command) {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

const canPin = hasCommand("taskset");

/**
 * Prefixes a command with `taskset -c CPU` so that it runs on one core, or
 * returns it unchanged where taskset is missing. taskset replaces itself
 * with the command, so the child's process id is the command's.
 */
export function pinned(cpu, command, args) {
  if (!canPin || cpu === undefined) return { command, args };

  return { command: "taskset", args: ["-c", String(cpu), command, ...args] };
}

/** Reports whether processes are pinned to cores in this run. */
export function pinningAvailable() {
  return canPin;
}

/**
 * Starts a server process and resolves once it prints `Listening on URL`
 * on stderr, as `plex-security serve` and the bench servers do. `stdout`
 * is a file descriptor or "ignore" for the server's log.
 */
export async function startServer({ command, args, cpu, stdout = "ignore", env = process.env }) {
  const launch = pinned(cpu, command, args);
  const child = spawn(launch.command, launch.args, { stdio: ["ignore", stdout, "pipe"], env });
  const lines = createInterface({ input: child.stderr });
  const stderr = [];

  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} did not print "Listening on" within ${STARTUP_TIMEOUT_MS} ms`)), STARTUP_TIMEOUT_MS);
    lines.on("line", (line) => {
      stderr.push(line);
      const match = /Listening on (\S+)/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with ${code} before listening:\n${stderr.join("\n")}`));
    });
  });

  return { url, pid: child.pid, stop: () => stopProcess(child) };
}

/** Sends SIGTERM to the child by its process id, then SIGKILL if it has not exited in time. */
export async function stopProcess(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;

  const exited = new Promise((resolve) => child.once("exit", resolve));
  process.kill(child.pid, "SIGTERM");
  const timer = setTimeout(() => {
    if (child.exitCode === null && child.signalCode === null) process.kill(child.pid, "SIGKILL");
  }, STOP_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}

/**
 * Runs a command to completion and resolves with its stdout. Rejects on a
 * non-zero exit, and kills the command by its process id after `timeoutMs`.
 */
export function runCommand(command, args, { cpu, timeoutMs = 120_000, cwd, env = process.env } = {}) {
  const launch = pinned(cpu, command, args);

  return new Promise((resolve, reject) => {
    const child = spawn(launch.command, launch.args, { stdio: ["ignore", "pipe", "pipe"], cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));

    const timer = setTimeout(() => process.kill(child.pid, "SIGKILL"), timeoutMs);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(stdout);
      else reject(new Error(`${command} ${args.join(" ")} failed (${signal ?? `exit ${code}`}):\n${stderr.slice(-2000)}`));
    });
  });
}
