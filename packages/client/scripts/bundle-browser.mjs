/**
 * Bundles the built client for browsers with esbuild, and fails on any
 * import of a Node built-in module, with or without the `node:` prefix.
 */
import { builtinModules } from "node:module";
import { fileURLToPath } from "node:url";

import { build } from "esbuild";

/** The built entry point of the package. */
export const DIST_ENTRY = fileURLToPath(new URL("../dist/index.js", import.meta.url));

const NODE_BUILTINS = new Set(builtinModules.flatMap((name) => [name, `node:${name}`]));

/** An esbuild plugin that turns every import of a Node built-in into a build error. */
const rejectNodeBuiltins = {
  name: "reject-node-builtins",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /.*/ }, (args) => {
      const root = args.path.startsWith("node:") ? args.path : args.path.split("/")[0];
      if (!NODE_BUILTINS.has(root) && !NODE_BUILTINS.has(args.path)) return undefined;

      return { errors: [{ text: `Node built-in "${args.path}" imported by ${args.importer}; the client must run in browsers.` }] };
    });
  },
};

/**
 * Bundles `entry` for the browser in memory and returns the bundle's text.
 * With `source`, bundles that module text instead, resolved from `dist/`, to
 * measure what an application that imports only some exports ships.
 * Rejects with esbuild's error when the bundle imports a Node built-in.
 */
export async function bundleForBrowser({ entry = DIST_ENTRY, source, minify = false } = {}) {
  const input =
    source === undefined
      ? { entryPoints: [entry] }
      : { stdin: { contents: source, resolveDir: fileURLToPath(new URL("../dist/", import.meta.url)) } };
  const result = await build({
    ...input,
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify,
    write: false,
    logLevel: "silent",
    plugins: [rejectNodeBuiltins],
  });

  return result.outputFiles[0].text;
}
