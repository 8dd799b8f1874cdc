import { fileURLToPath } from "node:url";

import { describe, expect, it } from "vitest";

import { bundleForBrowser } from "../../scripts/bundle-browser.mjs";

describe("browser bundle", () => {
  it("bundles dist/index.js without Node built-ins", async () => {
    const bundle = await bundleForBrowser();

    expect(bundle).toContain("PlexUnauthorizedError");
    expect(bundle).not.toMatch(/from\s*["']node:/);
  });

  it("bundles dist/protocol/index.js without Node built-ins", async () => {
    const bundle = await bundleForBrowser({ entry: fileURLToPath(new URL("../../dist/protocol/index.js", import.meta.url)) });

    expect(bundle).toContain("decodeTransientToken");
  });

  it.each([
    ['import "node:fs"', 'import { readFileSync } from "node:fs"; export const read = readFileSync;'],
    ['import "fs"', 'import { readFileSync } from "fs"; export const read = readFileSync;'],
    ['import "node:util/types"', 'export * from "node:util/types";'],
  ])("fails on %s", async (_case, source) => {
    await expect(bundleForBrowser({ source })).rejects.toThrow(/Node built-in ".+" imported by/);
  });
});
