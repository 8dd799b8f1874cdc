import { describe, expect, it } from "vitest";

import { digestToken } from "../../src/server/index.js";
import { digestStaticTokens } from "../../src/server/static-token-digests.js";
import { ADMIN_TOKEN, ALICE_TOKEN, testConfig } from "../helpers/test-server.js";

describe("digestStaticTokens", () => {
  const source = { source: "server://b", name: "B", token: "source-credential", connections: [{ uri: "http://127.0.0.1:1" }] };

  it("keeps digests in place of configured tokens", () => {
    const digested = digestStaticTokens(testConfig({ sources: [source] }));

    expect(digested.adminToken).toBe(digestToken(ADMIN_TOKEN));
    expect(digested.sharedUsers).toEqual([{ id: "alice", token: digestToken(ALICE_TOKEN) }]);
    expect(JSON.stringify(digested)).not.toContain(ADMIN_TOKEN);
    expect(JSON.stringify(digested)).not.toContain(ALICE_TOKEN);
  });

  it("keeps source credentials, which are sent upstream", () => {
    expect(digestStaticTokens(testConfig({ sources: [source] })).sources[0]?.token).toBe("source-credential");
  });

  it("leaves its input unchanged", () => {
    const config = testConfig();
    digestStaticTokens(config);

    expect(config.adminToken).toBe(ADMIN_TOKEN);
    expect(config.sharedUsers[0]?.token).toBe(ALICE_TOKEN);
  });
});
