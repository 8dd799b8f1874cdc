import { describe, expect, it } from "vitest";

import { rankConnections, type Connection } from "../../src/index.js";

function connection(uri: string, local: boolean, relay = false): Connection {
  const url = new URL(uri);

  return {
    protocol: url.protocol === "https:" ? "https" : "http",
    address: url.hostname,
    port: Number(url.port),
    uri,
    local,
    relay,
  };
}

describe("rankConnections", () => {
  it("orders local, remote, relay, and https before http", () => {
    const relayHttps = connection("https://relay.example.test:8443", false, true);
    const remoteHttp = connection("http://203.0.113.7:32400", false);
    const localHttp = connection("http://10.0.0.2:32400", true);
    const remoteHttps = connection("https://203.0.113.7:32443", false);
    const localHttps = connection("https://10.0.0.2:32443", true);
    const relayHttp = connection("http://relay.example.test:8080", false, true);

    const ranked = rankConnections([relayHttps, remoteHttp, localHttp, remoteHttps, localHttps, relayHttp]);

    expect(ranked.map((entry) => entry.uri)).toEqual([
      localHttps.uri,
      localHttp.uri,
      remoteHttps.uri,
      remoteHttp.uri,
      relayHttps.uri,
      relayHttp.uri,
    ]);
  });

  it("ranks by the scheme of uri, not protocol", () => {
    const mislabelled = { ...connection("http://10.0.0.2:32400", true), protocol: "https" as const };
    const https = connection("https://10.0.0.2:32443", true);

    expect(rankConnections([mislabelled, https])).toEqual([https, mislabelled]);
  });

  it("keeps the server's order among equals and copies the list", () => {
    const first = connection("http://10.0.0.2:1", true);
    const second = connection("http://10.0.0.3:1", true);
    const input = [first, second];

    const ranked = rankConnections(input);

    expect(ranked).toEqual([first, second]);
    expect(ranked).not.toBe(input);
  });
});
