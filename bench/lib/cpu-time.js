/**
 * CPU time of another process, from /proc on Linux: user plus system time
 * of all its threads, so it includes the garbage collector's threads and
 * the kernel's work on its sockets. Elsewhere it returns undefined.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";

let ticksPerSecond;

function clockTicksPerSecond() {
  ticksPerSecond ??= Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());

  return ticksPerSecond;
}

/** Returns the CPU seconds that process `pid` has used so far, or undefined where /proc is missing. */
export function cpuSeconds(pid) {
  let stat;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  } catch {
    return undefined;
  }

  // The command name in field 2 may contain spaces, so count fields from the last ")".
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const userTicks = Number(fields[11]);
  const systemTicks = Number(fields[12]);

  return (userTicks + systemTicks) / clockTicksPerSecond();
}
