/** A description of the machine and tools of a benchmark run, for the report. */
import { execFileSync } from "node:child_process";
import { availableParallelism, cpus, loadavg, release, totalmem, type } from "node:os";

import { hasCommand } from "../lib/processes.js";

/** Returns the first line a command prints for its version, or undefined when it is missing or fails. */
function toolVersion(command, args) {
  if (!hasCommand(command)) return undefined;
  try {
    const output = execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    return firstLine(output);
  } catch (error) {
    // wrk prints its version and exits 1 when given -v.
    const text = `${error.stdout ?? ""}${error.stderr ?? ""}`;
    return firstLine(text) || undefined;
  }
}

/** Returns the first line of a version message, without a copyright notice. */
function firstLine(text) {
  return text.split("\n")[0].replace(/\s*Copyright.*$/, "").trim();
}

/** Describes the machine: CPU model, cores, memory, OS, Node.js, tools and the load average now. */
export function describeMachine() {
  return {
    cpuModel: cpus()[0]?.model ?? "unknown",
    cores: availableParallelism(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()}`,
    node: process.version,
    wrk: toolVersion("wrk", ["-v"]),
    hyperfine: toolVersion("hyperfine", ["--version"]),
    taskset: hasCommand("taskset"),
    loadAverage: loadavg().map((value) => Math.round(value * 100) / 100),
  };
}
