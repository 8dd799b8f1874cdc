/** Paths shared by the benchmark scripts. */
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Scratch space for configuration files, logs and installs, which git ignores. */
export const TMP_DIR = fileURLToPath(new URL("../../.bench-tmp/", import.meta.url));

/** The folder of each benchmark's JSON results, which the report reads. */
export const RESULTS_DIR = fileURLToPath(new URL("../../.bench-tmp/results/", import.meta.url));
