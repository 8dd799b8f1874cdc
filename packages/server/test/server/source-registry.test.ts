import { parseSource } from "@plex-security/client/protocol";
import { describe, expect, it } from "vitest";

import { createLogger, systemClock } from "../../src/server/index.js";
import { SourceRegistry } from "../../src/server/sources/source-registry.js";
import { MACHINE_ID, testConfig } from "../helpers/test-server.js";

const BASEMENT = { source: "server://basement", name: "Basement", token: "basement-token", connections: [{ uri: "http://127.0.0.1:1" }] };
const ATTIC = { source: "server://attic", name: "Attic", token: "attic-token", connections: [{ uri: "http://127.0.0.1:2" }] };

function registryFor(sources: object[]): SourceRegistry {
  return new SourceRegistry(testConfig({ sources }), systemClock, createLogger("silent"));
}

describe("SourceRegistry.reconfigure", () => {
  it("keeps an unchanged source and its cache", () => {
    const registry = registryFor([BASEMENT, ATTIC]);

    const next = registry.reconfigure(testConfig({ sources: [ATTIC, BASEMENT] }));

    expect(next.get(parseSource("server://basement"))).toBe(registry.get(parseSource("server://basement")));
    expect(next.get(parseSource("server://attic"))).toBe(registry.get(parseSource("server://attic")));
  });

  it("replaces a changed source and drops a removed one", () => {
    const registry = registryFor([BASEMENT, ATTIC]);

    const next = registry.reconfigure(testConfig({ sources: [{ ...BASEMENT, token: "rotated-token" }] }));

    expect(next.get(parseSource("server://basement"))).toBeDefined();
    expect(next.get(parseSource("server://basement"))).not.toBe(registry.get(parseSource("server://basement")));
    expect(next.get(parseSource("server://attic"))).toBeUndefined();
  });

  it("replaces every source when the machine identifier changes", () => {
    const registry = registryFor([BASEMENT]);
    const server = { ...testConfig().server, machineIdentifier: MACHINE_ID.replace(/^4/, "5") };

    const next = registry.reconfigure(testConfig({ server, sources: [BASEMENT] }));

    expect(next.get(parseSource("server://basement"))).not.toBe(registry.get(parseSource("server://basement")));
  });
});
