/**
 * Installed size: `@plex-security/client` packed with `npm pack` and
 * installed with its production dependencies into an empty folder, against
 * each plexjs version installed the same way from the npm registry (npm's
 * cache serves it after the first run). The figures count every file under
 * the folder's node_modules, npm's own lock file excepted; sizes are file
 * lengths in bytes, not disk blocks. Each figure is one measurement, since
 * an install of pinned versions gives the same files every time.
 */
import { mkdir, readdir, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";

import { ROOT, TMP_DIR } from "./lib/paths.js";
import { runCommand } from "./lib/processes.js";
import { saveResults } from "./lib/results.js";

const INSTALL_DIR = join(TMP_DIR, "install");
const NPM_FLAGS = ["--omit=dev", "--no-audit", "--no-fund", "--ignore-scripts", "--no-package-lock", "--prefer-offline", "--loglevel=error"];

/** Sums the lengths and counts the files under a folder. */
async function measureTree(directory) {
  let bytes = 0;
  let files = 0;
  for (const entry of await readdir(directory, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name === ".package-lock.json") continue;

    bytes += (await stat(join(entry.parentPath, entry.name))).size;
    files += 1;
  }

  return { bytes, files };
}

/** Installs `spec` into a fresh folder and measures its node_modules. */
async function installAndMeasure(name, spec) {
  const directory = join(INSTALL_DIR, name.replace(/[^\w.-]+/g, "_"));
  await rm(directory, { recursive: true, force: true });
  await mkdir(directory, { recursive: true });
  await writeFile(join(directory, "package.json"), '{ "private": true }\n');

  await runCommand("npm", ["install", ...NPM_FLAGS, spec], { cwd: directory, timeoutMs: 180_000 });
  // `npm ls --parseable` prints the folder itself, then one line per installed package.
  const listing = await runCommand("npm", ["ls", "--all", "--parseable", "--omit=dev"], { cwd: directory });
  const packages = listing.trim().split("\n").length - 1;

  return { name, spec, packages, ...(await measureTree(join(directory, "node_modules"))) };
}

async function main() {
  await rm(INSTALL_DIR, { recursive: true, force: true });
  await mkdir(INSTALL_DIR, { recursive: true });

  // The tarball is what a user installs: only the files the package.json `files` list allows.
  const packOutput = await runCommand("npm", ["pack", "--json", "--pack-destination", INSTALL_DIR, "--workspace", "packages/client"], {
    cwd: ROOT,
  });
  const [{ filename }] = JSON.parse(packOutput);

  const installs = [
    await installAndMeasure("@plex-security/client", join(INSTALL_DIR, filename)),
    await installAndMeasure("plexjs 0.23.5", "@lukehagar/plexjs@0.23.5"),
    await installAndMeasure("plexjs 0.43.0", "@lukehagar/plexjs@0.43.0"),
  ];
  await saveResults("client-install", { installs });
}

await main();
