import { afterEach, describe, expect, it } from "vitest";

import { ADMIN_TOKEN, ALICE_TOKEN, call, MACHINE_ID, startTestServer, type TestServer } from "../helpers/test-server.js";

describe("request logs", () => {
  let server: TestServer;

  afterEach(async () => {
    await server.close();
  });

  it("write one line per request and never a token", async () => {
    server = await startTestServer();
    const issued: string[] = [];
    for (const token of [ADMIN_TOKEN, ALICE_TOKEN]) {
      const response = await call(server.url, "/security/token?type=delegation&scope=all", { token, json: true });
      issued.push(JSON.parse(response.body).MediaContainer.token);
    }
    const resources = await call(server.url, `/security/resources?source=server://${MACHINE_ID}&X-Plex-Token=${ADMIN_TOKEN}`, {
      json: true,
    });
    issued.push(JSON.parse(resources.body).MediaContainer.Device.accessToken);
    await call(server.url, `/${issued[0]}?X-Plex-Token=${issued[1]}`);
    await call(server.url, "/", { token: "wrong-token-0123456789" });

    const lines = server.logs.map((line) => JSON.parse(line));
    const requests = lines.filter((line) => line.msg === "request completed");
    expect(requests).toHaveLength(5);
    expect(requests[0]).toMatchObject({ method: "GET", path: "/security/token", status: 200, principal: "admin" });
    expect(requests[2]).toMatchObject({ path: "/security/resources", status: 200, principal: "admin" });
    expect(requests[3]).toMatchObject({ path: "/REDACTED", status: 404 });
    expect(lines.filter((line) => line.event === "token.minted")).toHaveLength(3);

    const text = server.logs.join("");
    for (const secret of [ADMIN_TOKEN, ALICE_TOKEN, "wrong-token-0123456789", ...issued]) {
      expect(text).not.toContain(secret);
    }
  });
});
