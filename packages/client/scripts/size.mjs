/**
 * Prints the size of the client bundled for browsers by esbuild: the whole
 * entry point, and an application that imports only the operations, each
 * minified and then gzipped at the default level. Run `npm run build` first.
 */
import { Buffer } from "node:buffer";
import { gzipSync } from "node:zlib";

import { bundleForBrowser } from "./bundle-browser.mjs";

const OPERATIONS_ONLY = 'export { PlexAPI, QueryParamType, Scope, serverSource } from "./index.js";';

const kib = (bytes) => (bytes / 1024).toFixed(1);

async function report(label, options) {
  const minified = Buffer.from(await bundleForBrowser({ ...options, minify: true }));
  const gzipped = gzipSync(minified);

  console.log(`${label}`);
  console.log(`  minified: ${minified.byteLength} bytes (${kib(minified.byteLength)} KiB)`);
  console.log(`  gzipped:  ${gzipped.byteLength} bytes (${kib(gzipped.byteLength)} KiB)`);
}

console.log("@plex-security/client bundled for browsers:");
await report("whole entry point (dist/index.js)", {});
await report("PlexAPI, QueryParamType, Scope and serverSource only", { source: OPERATIONS_ONLY });
