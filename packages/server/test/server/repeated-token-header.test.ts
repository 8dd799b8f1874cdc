import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { rawRequest } from "../helpers/raw-request.js";
import { ADMIN_TOKEN, ALICE_TOKEN, startTestServer, type TestServer } from "../helpers/test-server.js";

describe("a repeated X-Plex-Token header", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it.each([
    ["the same token twice", [ADMIN_TOKEN, ADMIN_TOKEN]],
    ["two different tokens", [ADMIN_TOKEN, ALICE_TOKEN]],
  ])("is rejected with 400 for %s", async (_case, tokens) => {
    const response = await rawRequest(server.url, "GET", "/security/token?type=delegation&scope=all", {
      "X-Plex-Token": tokens,
      Accept: "application/json",
    });

    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).errors[0].message).toBe("The X-Plex-Token header is repeated: send it once.");
    expect(response.body).not.toContain(ADMIN_TOKEN);
  });
});
