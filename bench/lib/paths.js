/** Paths shared by the benchmark scripts. */
import { fileURLToPath } from "node:url";

/** The repository root. */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Scratch space for configuration files, logs and installs; ignored by git. */
export const TMP_DIR = fileURLToPath(new URL("../../.bench-tmp/", import.meta.url));

/** Where each benchmark writes its JSON results for the report. */
export const RESULTS_DIR = fileURLToPath(new URL("../../.bench-tmp/results/", import.meta.url));
