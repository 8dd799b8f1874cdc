/**
 * Bundles the client's JavaScript into one ES module per export entry:
 * `dist/protocol/index.js` and `dist/index.js`, which imports the protocol
 * from the first so that both entries share its classes (`instanceof`
 * works across them). `tsc --build` writes only the declarations. One file
 * per entry loads much faster than 30 modules in Node's ES module loader.
 */
import { rm } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const protocolDirectory = join(root, "src", "protocol");

/** Resolves imports of src/protocol/* from outside it to the protocol bundle. */
const shareProtocol = {
  name: "share-protocol",
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /protocol\// }, (args) => {
      const target = resolve(args.resolveDir, args.path);
      const outside = relative(protocolDirectory, args.resolveDir).startsWith("..");
      if (!outside || !target.startsWith(protocolDirectory)) return undefined;

      return { path: "./protocol/index.js", external: true };
    });
  },
};

const common = {
  bundle: true,
  format: "esm",
  platform: "neutral",
  target: "es2022",
  // The package ships no source maps, so the bundles reference none.
  sourcemap: false,
  logLevel: "warning",
};

await rm(join(root, "dist", "index.js"), { force: true });
await build({ ...common, entryPoints: [join(root, "src", "protocol", "index.ts")], outfile: join(root, "dist", "protocol", "index.js") });
await build({ ...common, entryPoints: [join(root, "src", "index.ts")], outfile: join(root, "dist", "index.js"), plugins: [shareProtocol] });
