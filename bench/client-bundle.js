/**
 * Browser bundle size. esbuild bundles an entry that makes the two calls,
 * `getTransientToken` and `getSourceConnectionInformation`, for the browser
 * and minifies it, and the figure is the gzip size at level 9. The same two
 * calls with plexjs 0.43.0 are bundled for comparison. Bundling is
 * deterministic, so each figure is one measurement.
 */
import { gzipSync } from "node:zlib";

import { build } from "esbuild";

import { ROOT } from "./lib/paths.js";
import { saveResults } from "./lib/results.js";

/** Gzip size target for our client: 15 KiB. */
const TARGET_GZIP_BYTES = 15 * 1024;

const ENTRIES = {
  "@plex-security/client": `
    import { PlexAPI, QueryParamType, Scope } from "@plex-security/client";
    export async function connect(serverURL, accessToken, source) {
      const plex = new PlexAPI({ serverURL, accessToken });
      const { token } = await plex.security.getTransientToken(QueryParamType.Delegation, Scope.All);
      const { device } = await plex.security.getSourceConnectionInformation(source);
      return { token, device };
    }`,
  "plexjs 0.43.0": `
    import { PlexAPI } from "plexjs-0.43.0";
    export async function connect(serverURL, token, source) {
      const sdk = new PlexAPI({ serverURL, token });
      const minted = await sdk.general.getTransientToken({ type: "delegation", scope: "all" });
      const resources = await sdk.general.getSourceConnectionInformation({ source });
      return { token: minted.object.mediaContainer.token, device: resources.object.mediaContainer.device };
    }`,
};

/** Bundles one entry, and returns its minified and gzipped sizes and its three largest input packages. */
async function measure(name, contents) {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: "js", sourcefile: "entry.js" },
    bundle: true,
    minify: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    write: false,
    metafile: true,
    logLevel: "error",
  });
  const code = result.outputFiles[0].contents;

  return {
    name,
    minifiedBytes: code.byteLength,
    gzipBytes: gzipSync(code, { level: 9 }).byteLength,
    largestInputs: largestPackages(result.metafile),
  };
}

/** Sums the bytes each package contributes to the output, from esbuild's metafile. */
function largestPackages(metafile) {
  const totals = new Map();
  for (const output of Object.values(metafile.outputs)) {
    for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
      const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
      const owner = match ? match[1] : path.startsWith("packages/client") ? "@plex-security/client" : path;
      totals.set(owner, (totals.get(owner) ?? 0) + bytesInOutput);
    }
  }

  return [...totals]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([packageName, bytes]) => ({ package: packageName, minifiedBytes: bytes }));
}

async function main() {
  const bundles = [];
  for (const [name, contents] of Object.entries(ENTRIES)) bundles.push(await measure(name, contents));

  await saveResults("client-bundle", { targetGzipBytes: TARGET_GZIP_BYTES, bundles });
}

await main();
