/**
 * Writes BENCHMARKS.md and bench/ratios.svg from the results that the last
 * `npm run bench` saved under .bench-tmp/results, without running anything.
 *
 * Usage: node bench/report.js
 */
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

import { ROOT } from "./lib/paths.js";
import { loadResults } from "./lib/results.js";
import { renderChart } from "./report/chart.js";
import { renderMarkdown } from "./report/markdown.js";
import { renderSoakSection } from "./soak/report.mjs";
import { chartRows, evaluateTargets } from "./report/targets.js";

const NAMES = ["client-calls", "client-import", "client-bundle", "client-install", "server-throughput", "token-store"];
const FINDINGS = fileURLToPath(new URL("report/findings.md", import.meta.url));
const SOAK_RESULTS = fileURLToPath(new URL("soak/results.json", import.meta.url));

/** Reads the saved results and writes the report files. */
export async function writeReport() {
  const results = {};
  for (const name of NAMES) results[name] = await loadResults(name);
  const run = { ...(await loadResults("run")), results };

  const targets = evaluateTargets(results);
  const findings = await readFile(FINDINGS, "utf8");
  let page = renderMarkdown(run, targets, findings);
  // `npm run soak` takes ten minutes, so it runs apart; its last results are kept in the repository.
  const soak = await readFile(SOAK_RESULTS, "utf8").catch(() => undefined);
  if (soak !== undefined) page = renderSoakSection(page, JSON.parse(soak));
  await writeFile(join(ROOT, "BENCHMARKS.md"), page);
  await writeFile(join(ROOT, "bench", "ratios.svg"), renderChart(chartRows(results), `plex-security benchmarks, ${run.date}`));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await writeReport();
