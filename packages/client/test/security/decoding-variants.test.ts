import { afterEach, describe, expect, it } from "vitest";

import { QueryParamType, Scope } from "../../src/index.js";
import { createTestClient } from "../helpers/client.js";
import { TRANSIENT_TOKEN } from "../helpers/fixtures.js";
import { closeTestServers, JSON_TYPE, reply, startTestServer, XML_TYPE } from "../helpers/test-server.js";

afterEach(closeTestServers);

const PROLOG = '<?xml version="1.0" encoding="UTF-8"?>\n';
const URI = "https://10-0-2-123.plex.direct:32400";

describe("getTransientToken decoding variants", () => {
  it.each([
    ["JSON with size as a string", JSON_TYPE, `{"MediaContainer":{"size":"0","token":"${TRANSIENT_TOKEN}"}}`],
    ["JSON without size", JSON_TYPE, `{"MediaContainer":{"token":"${TRANSIENT_TOKEN}"}}`],
    ["JSON with unknown properties", JSON_TYPE, `{"MediaContainer":{"token":"${TRANSIENT_TOKEN}","expiresIn":172800,"x":{"y":1}}}`],
    ["XML without prolog", XML_TYPE, `<MediaContainer size="0" token="${TRANSIENT_TOKEN}"></MediaContainer>`],
    ["XML with prolog and self-closing root", XML_TYPE, `${PROLOG}<MediaContainer size="0" token="${TRANSIENT_TOKEN}"/>`],
    ["XML with attributes reversed", XML_TYPE, `<MediaContainer token="${TRANSIENT_TOKEN}" size="0"/>`],
    ["XML with unknown attributes", XML_TYPE, `<MediaContainer identifier="com.plexapp" size="0" token="${TRANSIENT_TOKEN}" x="1"/>`],
    ["XML without Content-Type", {}, `<MediaContainer size="0" token="${TRANSIENT_TOKEN}"/>`],
    ["JSON without Content-Type", {}, `{"MediaContainer":{"token":"${TRANSIENT_TOKEN}"}}`],
    ["XML as application/xml", { "Content-Type": "application/xml" }, `<MediaContainer token="${TRANSIENT_TOKEN}"/>`],
  ])("reads %s", async (_case, headers, body) => {
    const server = await startTestServer(reply(200, body, headers));

    const result = await createTestClient(server.url).security.getTransientToken(QueryParamType.Delegation, Scope.All);

    expect(result.token).toBe(TRANSIENT_TOKEN);
  });
});

const EXPECTED_CONNECTION = { protocol: "https", address: "10.0.2.123", port: 32400, uri: URI, local: true, relay: false };

describe("getSourceConnectionInformation decoding variants", () => {
  const jsonDevice = (connection: unknown, device: Record<string, unknown> = {}): string =>
    JSON.stringify({
      MediaContainer: { size: 1, Device: { name: "Office", clientIdentifier: "abc123", ...device, Connection: connection } },
    });
  const jsonConnection = (fields: Record<string, unknown>): Record<string, unknown> => ({
    protocol: "https",
    address: "10.0.2.123",
    port: 32400,
    uri: URI,
    ...fields,
  });

  it.each([
    ["booleans true/false", jsonDevice([jsonConnection({ local: true, relay: false })])],
    ["booleans 1/0", jsonDevice([jsonConnection({ local: 1, relay: 0 })])],
    ['booleans "1"/"0"', jsonDevice([jsonConnection({ local: "1", relay: "0" })])],
    ['booleans "true"/"false"', jsonDevice([jsonConnection({ local: "true", relay: "false" })])],
    ["relay absent", jsonDevice([jsonConnection({ local: true })])],
    ["port as a string", jsonDevice([jsonConnection({ port: "32400", local: true })])],
    ["one Connection as an object", jsonDevice(jsonConnection({ local: true }))],
    ["unknown properties", jsonDevice([jsonConnection({ local: true, IPv6: false, extra: "x" })], { provides: "server" })],
    [
      "Device as a one-element array",
      JSON.stringify({
        MediaContainer: {
          size: "1",
          Device: [{ name: "Office", clientIdentifier: "abc123", Connection: [jsonConnection({ local: 1 })] }],
        },
      }),
    ],
  ])("reads JSON with %s", async (_case, body) => {
    const server = await startTestServer(reply(200, body, JSON_TYPE));

    const { device } = await createTestClient(server.url).security.getSourceConnectionInformation("server://abc123");

    expect(device).toEqual({ name: "Office", clientIdentifier: "abc123", connections: [EXPECTED_CONNECTION] });
  });

  it.each([
    [
      "one Connection, prolog, attributes in any order",
      `${PROLOG}<MediaContainer size="1"><Device clientIdentifier="abc123" name="Office">` +
        `<Connection local="1" uri="${URI}" port="32400" address="10.0.2.123" protocol="https"/></Device></MediaContainer>`,
    ],
    [
      "booleans true/false and unknown attributes",
      `<MediaContainer size="1" identifier="x"><Device name="Office" clientIdentifier="abc123" product="PMS">` +
        `<Connection protocol="https" address="10.0.2.123" port="32400" uri="${URI}" local="true" relay="false" IPv6="0"/>` +
        "</Device></MediaContainer>",
    ],
    [
      "a Connection with a closing tag",
      `<MediaContainer size="1"><Device name="Office" clientIdentifier="abc123">` +
        `<Connection protocol="https" address="10.0.2.123" port="32400" uri="${URI}" local="1" relay="0"></Connection>` +
        "</Device></MediaContainer>",
    ],
  ])("reads XML with %s", async (_case, body) => {
    const server = await startTestServer(reply(200, body, XML_TYPE));

    const { device } = await createTestClient(server.url).security.getSourceConnectionInformation("server://abc123");

    expect(device).toEqual({ name: "Office", clientIdentifier: "abc123", connections: [EXPECTED_CONNECTION] });
  });

  it("decodes XML entities and numeric references in attributes", async () => {
    const body =
      '<MediaContainer size="1"><Device name="Tom &amp; Jerry&apos;s &quot;NAS&quot; &lt;1&gt; &#38; &#x263A;" ' +
      'clientIdentifier="abc123"/></MediaContainer>';
    const server = await startTestServer(reply(200, body, XML_TYPE));

    const { device } = await createTestClient(server.url).security.getSourceConnectionInformation("server://abc123");

    expect(device.name).toBe('Tom & Jerry\'s "NAS" <1> & ☺');
  });

  it("reads an empty Device element with connections as []", async () => {
    const body = '<MediaContainer size="1"><Device name="Bare" clientIdentifier="abc123"></Device></MediaContainer>';
    const server = await startTestServer(reply(200, body, XML_TYPE));

    const { device } = await createTestClient(server.url).security.getSourceConnectionInformation("server://abc123");

    expect(device).toEqual({ name: "Bare", clientIdentifier: "abc123", connections: [] });
  });

  it("reads a JSON device with accessToken and no Connection", async () => {
    const body = JSON.stringify({ MediaContainer: { Device: { name: "N", clientIdentifier: "abc123", accessToken: TRANSIENT_TOKEN } } });
    const server = await startTestServer(reply(200, body, JSON_TYPE));

    const { device } = await createTestClient(server.url).security.getSourceConnectionInformation("server://abc123");

    expect(device).toEqual({ name: "N", clientIdentifier: "abc123", accessToken: TRANSIENT_TOKEN, connections: [] });
  });
});
