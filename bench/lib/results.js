/** Reading and writing each benchmark's results as JSON files under `.bench-tmp/results/`. */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { RESULTS_DIR } from "./paths.js";

/** Writes one benchmark's results, and prints them for a standalone run. */
export async function saveResults(name, results) {
  await mkdir(RESULTS_DIR, { recursive: true });
  const text = JSON.stringify(results, null, 2);
  await writeFile(join(RESULTS_DIR, `${name}.json`), `${text}\n`);
  process.stdout.write(`${text}\n`);
}

/** Reads one benchmark's results. */
export async function loadResults(name) {
  return JSON.parse(await readFile(join(RESULTS_DIR, `${name}.json`), "utf8"));
}
