/**
 * The project's performance targets, each judged on the median of its
 * runs, and the ratios the chart shows.
 */
import { formatBytes, formatMs, formatNumber, formatRatio, formatSpread } from "./format.js";

const CLIENT = "@plex-security/client";
const PLEXJS = ["plexjs 0.23.5", "plexjs 0.43.0"];

function find(list, name) {
  const entry = list.find((item) => item.name === name);
  if (entry === undefined) throw new Error(`missing result "${name}"`);

  return entry;
}

/** A minimum target: the figure must be at least `threshold`. */
function atLeast(summary, threshold) {
  return { met: summary.median >= threshold, spreadCrosses: summary.min < threshold && summary.max >= threshold };
}

/** A maximum target: the figure must be at most `threshold`. */
function atMost(summary, threshold) {
  return { met: summary.median <= threshold, spreadCrosses: summary.min <= threshold && summary.max > threshold };
}

function installRatio(installs, plexjsName) {
  return find(installs, CLIENT).bytes / find(installs, plexjsName).bytes;
}

/**
 * Lists each target with its figure, spread and verdict. `spreadCrosses`
 * marks a verdict that some runs did not share.
 */
export function evaluateTargets(results) {
  const calls = results["client-calls"].levels;
  const imports = results["client-import"].commands;
  const bundle = find(results["client-bundle"].bundles, CLIENT);
  const installs = results["client-install"].installs;
  const mint = results["server-throughput"].targets.find((target) => target.name.startsWith("mint"));
  const store = results["token-store"];
  const largest = store.sizes.at(-1);
  const worstBytes = store.sizes.reduce((worst, size) => (size.bytesPerToken.median > worst.bytesPerToken.median ? size : worst));
  const single = (value) => ({ median: value, min: value, max: value });
  const targets = [];

  for (const concurrency of ["1", "16"]) {
    const ratio = find(calls[concurrency], CLIENT).ratio;
    const label = concurrency === "1" ? "sequential" : "16 in flight";
    targets.push({
      name: `Client calls, ${label}: ≥ 0.9× bare fetch`,
      figure: formatRatio(ratio.median),
      spread: formatSpread(ratio, formatRatio),
      ...atLeast(ratio, 0.9),
    });
  }
  for (const plexjs of PLEXJS) {
    const ratio = find(imports, plexjs).clientOverheadRatio;
    targets.push({
      name: `Cold import overhead: ≤ 1/10 of ${plexjs}'s`,
      figure: formatRatio(ratio.median),
      spread: formatSpread(ratio, formatRatio),
      ...atMost(ratio, 0.1),
    });
  }
  targets.push({
    name: "Browser bundle, two calls: < 15 KiB gzipped",
    figure: formatBytes(bundle.gzipBytes),
    spread: "one build",
    ...atMost(single(bundle.gzipBytes), 15 * 1024 - 1),
  });
  for (const plexjs of PLEXJS) {
    const ratio = installRatio(installs, plexjs);
    targets.push({
      name: `Installed size: ≤ 1/20 of ${plexjs}'s`,
      figure: formatRatio(ratio),
      spread: "one install",
      ...atMost(single(ratio), 0.05),
    });
  }
  targets.push({
    name: "Mint: ≥ 0.6× the node:http ceiling, logging on",
    figure: formatRatio(mint.ratio.median),
    spread: formatSpread(mint.ratio, formatRatio),
    ...atLeast(mint.ratio, 0.6),
  });
  targets.push({
    name: `Check at ${formatNumber(largest.size)} live tokens: ≤ 1.5× its time at ${formatNumber(store.sizes[0].size)}`,
    figure: formatRatio(largest.checkRatio.median),
    spread: formatSpread(largest.checkRatio, formatRatio),
    ...atMost(largest.checkRatio, 1.5),
  });
  targets.push({
    name: `Memory per live token (heap and array buffers): ≤ 350 bytes, at the worst size (${formatNumber(worstBytes.size)} tokens)`,
    figure: `${worstBytes.bytesPerToken.median.toFixed(0)} B`,
    spread: formatSpread(worstBytes.bytesPerToken, (value) => `${value.toFixed(0)} B`),
    ...atMost(worstBytes.bytesPerToken, 350),
  });
  targets.push({
    name: `Longest event-loop stall while ${formatNumber(store.expiry.size)} tokens expire: < 10 ms`,
    figure: formatMs(store.expiry.maxStallMs.median),
    spread: formatSpread(store.expiry.maxStallMs, formatMs),
    ...atMost(store.expiry.maxStallMs, 10),
  });

  return targets;
}

/**
 * Lists the ratios for the chart, grouped, each with its target where it
 * has one. Sizes and times without a baseline stay in the tables.
 */
export function chartRows(results) {
  const rows = [];
  const calls = results["client-calls"].levels;
  for (const [concurrency, label] of [["1", "sequential"], ["16", "16 in flight"]]) {
    for (const entry of calls[concurrency].filter((item) => !item.baseline)) {
      const target = entry.name === CLIENT ? { value: 0.9, atLeast: true } : undefined;
      rows.push({ group: `Client calls per second, ${label} (bare fetch = 1)`, label: entry.name, summary: entry.ratio, target });
    }
  }

  for (const plexjs of PLEXJS) {
    const summary = find(results["client-import"].commands, plexjs).clientOverheadRatio;
    rows.push({ group: "Client weight: ours divided by plexjs's", label: `import overhead / ${plexjs}`, summary, target: { value: 0.1 } });
  }
  for (const plexjs of PLEXJS) {
    const ratio = installRatio(results["client-install"].installs, plexjs);
    rows.push({ group: "Client weight: ours divided by plexjs's", label: `installed bytes / ${plexjs}`, summary: { median: ratio, min: ratio, max: ratio }, target: { value: 0.05 } });
  }
  const bundles = results["client-bundle"].bundles;
  const bundleRatio = find(bundles, CLIENT).gzipBytes / find(bundles, "plexjs 0.43.0").gzipBytes;
  rows.push({ group: "Client weight: ours divided by plexjs's", label: "browser bundle gzip / plexjs 0.43.0", summary: { median: bundleRatio, min: bundleRatio, max: bundleRatio } });

  for (const target of results["server-throughput"].targets.filter((item) => !item.baseline)) {
    rows.push({
      group: "Server requests per second (node:http ceiling = 1)",
      label: target.name.split(":")[0],
      summary: target.ratio,
      target: target.name.startsWith("mint") ? { value: 0.6, atLeast: true } : undefined,
    });
  }

  const store = results["token-store"];
  for (const size of store.sizes.slice(1)) {
    const atLargest = size === store.sizes.at(-1);
    rows.push({ group: `Token store: time at N live tokens / at ${formatNumber(store.sizes[0].size)}`, label: `check, N = ${formatNumber(size.size)}`, summary: size.checkRatio, target: atLargest ? { value: 1.5 } : undefined });
    rows.push({ group: `Token store: time at N live tokens / at ${formatNumber(store.sizes[0].size)}`, label: `mint, N = ${formatNumber(size.size)}`, summary: size.mintRatio });
  }

  return rows;
}
