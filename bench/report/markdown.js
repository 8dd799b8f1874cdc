/** Writes BENCHMARKS.md from the results of one run. */
import { formatBytes, formatMs, formatNumber, formatRatio, formatSpread } from "./format.js";

function table(header, rows) {
  const line = (cells) => `| ${cells.join(" | ")} |`;

  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}

/** Formats a summary as `median (min–max)`. */
function withSpread(summary, format) {
  return `${format(summary.median)} (${formatSpread(summary, format)})`;
}

function verdictText(target) {
  if (target.met) return target.spreadCrosses ? "**met** (not in every run)" : "**met**";

  return target.spreadCrosses ? "**missed** (met in some runs)" : "**missed**";
}

function machineSection(run) {
  const { machine } = run;
  const sharing = machine.taskset
    ? "The servers run on CPU 0 and the load generator or client on CPU 1 (client calls: the client on CPU 0 and the fixed-response server on CPU 1), pinned with `taskset`. The token store and client weight benchmarks are one process at a time and are not pinned."
    : "`taskset` was missing, so the processes were not pinned: the operating system shared the two cores between server and load generator.";

  return [
    "## Machine",
    "",
    table(["", ""], [
      ["CPU", `${machine.cpuModel}, ${machine.cores} cores`],
      ["Memory", `${machine.memoryGiB} GiB`],
      ["OS", machine.os],
      ["Node.js", machine.node],
      ["Load generator", run.results["server-throughput"].tool === "wrk" ? machine.wrk : "autocannon (wrk was missing)"],
      ["Import timer", machine.hyperfine ?? "child processes timed by the script (hyperfine was missing)"],
      ["Date", run.date],
      ["Load average at start, 1/5/15 min", run.loadAverageAtStart.join(" / ")],
      ["`npm run bench` took", `${(run.durationSeconds / 60).toFixed(1)} min (build excluded)`],
    ]),
    "",
    sharing,
    "",
    "Other work shares this machine, as the load average above shows. Each ratio compares with a baseline measured in the same run, in alternation with it, so that slow spells fall on both.",
  ].join("\n");
}

function targetsSection(targets) {
  return [
    "## Targets",
    "",
    "Each verdict is taken on the median. The spread is the lowest and highest of the runs.",
    "",
    table(["Target", "Figure", "Spread", "Verdict"], targets.map((target) => [target.name, target.figure, target.spread, verdictText(target)])),
    "",
    "![Ratios of the run: medians, spreads and targets](bench/ratios.svg)",
  ].join("\n");
}

function clientCallsSection(calls) {
  const rows = Object.entries(calls.levels).flatMap(([concurrency, entries]) =>
    entries.map((entry) => [
      concurrency === "1" ? "sequential" : `${concurrency} in flight`,
      entry.name,
      withSpread(entry.callsPerSecond, (value) => formatNumber(value)),
      entry.baseline ? "baseline" : withSpread(entry.ratio, formatRatio),
    ]),
  );

  return [
    "## Client call cost",
    "",
    "`getTransientToken` against a node:http server on 127.0.0.1 that returns the same JSON token body to every request, so that the server costs the same for every client. Each client is created once and then called repeatedly. The baseline is `fetch()` with the same `Accept` and `X-Plex-Token` headers, then `JSON.parse` of the body. plexjs 0.23.5 discards the body, so its calls are checked by status only. The others are checked for the token.",
    "",
    `${calls.rounds} rounds. In each round every client makes ${calls.slicesPerRound} slices of calls (${calls.callsPerSlice[1]} sequential, ${calls.callsPerSlice[16]} with 16 in flight), alternating with the others, in an order that rotates from round to round. A ratio is the client's rate divided by the baseline's rate in the same round.`,
    "",
    table(["Concurrency", "Client", "Calls per second", "Ratio to bare fetch"], rows),
  ].join("\n");
}

function clientWeightSection(imports, bundle, install) {
  const importRows = imports.commands.map((command) => [
    command.name,
    withSpread(command.milliseconds, formatMs),
    command.baseline ? "baseline" : withSpread(command.overheadMs, formatMs),
    command.clientOverheadRatio ? withSpread(command.clientOverheadRatio, formatRatio) : "",
  ]);
  const bundleRows = bundle.bundles.map((entry) => [
    entry.name,
    formatBytes(entry.minifiedBytes),
    formatBytes(entry.gzipBytes),
    entry.largestInputs.map((input) => `${input.package} ${formatBytes(input.minifiedBytes)}`).join(", "),
  ]);
  const ours = install.installs[0];
  const installRows = install.installs.map((entry) => [
    entry.name,
    String(entry.packages),
    formatNumber(entry.files),
    `${formatBytes(entry.bytes)} (${formatNumber(entry.bytes)} B)`,
    entry === ours ? "" : formatRatio(ours.bytes / entry.bytes),
  ]);

  return [
    "## Client weight",
    "",
    `Cold import: \`node --input-type=module -e 'import "PACKAGE"'\` against \`node -e 0\`, timed by ${imports.tool} in ${imports.blocks} blocks of ${imports.runsPerBlock} runs of every command. A block's figure is the median of its runs. The overhead is the command's time minus \`node -e 0\`'s in the same block. "Empty ES module" shows the share of the ES module loader itself.`,
    "",
    table(["Command", "Time", "Overhead above node -e 0", "Our overhead / this one's"], importRows),
    "",
    "Browser bundle: esbuild, platform browser, ESM, minified, of an entry that creates a client and makes `getTransientToken` and `getSourceConnectionInformation`, then gzip level 9. The largest packages are measured in minified bytes in the output.",
    "",
    table(["Client", "Minified", "Gzipped", "Largest packages in the bundle"], bundleRows),
    "",
    "Installed size: `npm pack` of the client, then `npm install --omit=dev` of the tarball into an empty folder. Each plexjs version is installed from the registry the same way, with zod as its dependency or peer. The figures count every file in node_modules, as file lengths.",
    "",
    table(["Install", "Packages", "Files", "Size", "Ours / this"], installRows),
  ].join("\n");
}

function serverSection(server) {
  const cpu = (target) =>
    target.serverCpuUsPerRequest === undefined
      ? ["not measured", "not measured"]
      : [withSpread(target.serverCpuUsPerRequest, (value) => `${value.toFixed(1)} µs`), withSpread(target.serverBusyShare, (value) => `${Math.round(value * 100)}%`)];
  const rows = server.targets.map((target) => [
    target.name,
    withSpread(target.requestsPerSecond, (value) => formatNumber(value)),
    target.baseline ? "baseline" : withSpread(target.ratio, formatRatio),
    withSpread(target.p50Ms, formatMs),
    withSpread(target.p99Ms, formatMs),
    ...cpu(target),
  ]);

  return [
    "## Server throughput",
    "",
    `${server.tool}, ${server.threads} threads, ${server.connections} connections, ${server.seconds} s per run, ${server.rounds} rounds. Each round runs every target once, in an order that rotates from round to round, after a 2 s warm-up of each. \`plex-security serve --port 0\` runs with its default request logging, one JSON line per request and one per mint, into a file. The file had ${formatNumber(server.logLines)} lines for ${formatNumber(server.measuredServerRequests)} measured requests, which shows that logging was on. The mint requests use the admin token, so past 1,000 live tokens each mint also revokes the admin's oldest token, which is the default per-principal cap. The check requests carry a transient token minted from a shared user.`,
    "",
    table(["Target", "Requests per second", "Ratio to ceiling", "p50 latency", "p99 latency", "Server CPU per request", "Server busy"], rows),
    "",
    "Server CPU per request is the server process's user and system time (all threads, from /proc) divided by the requests of the run. Server busy is that CPU time as a share of one core over the run: below 100% the load generator, which shares its core with other work on this machine, did not keep the server saturated. That happens most with the ceiling, so the true ceiling is higher and the ratios above flatter the server. The p99 latencies of every target, the ceiling included, reflect the shared machine: other processes take the cores for milliseconds at a time.",
  ].join("\n");
}

function storeSection(store) {
  const rows = store.sizes.map((size) => [
    formatNumber(size.size),
    withSpread(size.mintUs, (value) => `${value.toFixed(2)} µs`),
    withSpread(size.checkUs, (value) => `${value.toFixed(2)} µs`),
    withSpread(size.checkRatio, formatRatio),
    withSpread(size.bytesPerToken, (value) => value.toFixed(0)),
  ]);
  const { expiry } = store;

  return [
    "## Token store at scale",
    "",
    `\`TokenIssuer.mint\` (with its log line, written to /dev/null) and \`Authenticator.authenticate\` over a \`MemoryTokenStore\` with a fake clock, as the HTTP routes call them, without HTTP. ${store.runs} runs, each in a fresh process. A run fills a store of each size with tokens of 1,000 shared users, timing the last 5,000 mints. It then times checks of 10,000 sampled live tokens in batches of 20,000, alternating between the sizes. Bytes per token are the growth of the V8 heap and of array buffers (where the store keeps its tokens) after garbage collection, divided by the number of tokens. Then the clock moves past the 48-hour lifetime and \`sweep()\` removes the largest store's tokens while \`monitorEventLoopDelay\` (1 ms resolution) records the event loop's delays.`,
    "",
    table(["Live tokens", "Per mint", "Per check", "Check time / at 10,000", "Bytes per token (heap and array buffers)"], rows),
    "",
    table(["Expiry of the largest store", "Median (spread)"], [
      ["Tokens removed", withSpread(expiry.removed, (value) => formatNumber(value))],
      ["Sweep duration", withSpread(expiry.sweepMs, formatMs)],
      ["Longest event-loop stall", withSpread(expiry.maxStallMs, formatMs)],
      ["p99 event-loop delay", withSpread(expiry.p99StallMs, formatMs)],
      ["Involuntary context switches during the sweep", withSpread(expiry.involuntaryContextSwitches, (value) => formatNumber(value))],
    ]),
  ].join("\n");
}

/** Returns the text of BENCHMARKS.md. */
export function renderMarkdown(run, targets, findings) {
  const { results } = run;

  return [
    "# Benchmarks",
    "",
    "`npm run bench` builds the packages, runs every script in `bench/` and writes this page and `bench/ratios.svg`. Do not edit this page by hand: the findings section comes from `bench/report/findings.md`.",
    "",
    "Every figure is the median of several runs with its spread, the lowest and highest run. Ratios compare with a baseline measured in the same run. No test asserts a duration.",
    "",
    machineSection(run),
    "",
    targetsSection(targets),
    "",
    clientCallsSection(results["client-calls"]),
    "",
    clientWeightSection(results["client-import"], results["client-bundle"], results["client-install"]),
    "",
    serverSection(results["server-throughput"]),
    "",
    storeSection(results["token-store"]),
    "",
    findings.trim(),
    "",
  ].join("\n");
}
