import { describe, expect, it } from "vitest";

import {
  decodeErrors,
  decodeIdentity,
  decodeSourceConnectionInformation,
  decodeTransientToken,
  detectFormat,
  ProtocolError,
} from "../../src/protocol/index.js";
import { TRANSIENT_TOKEN } from "../helpers/fixtures.js";

const XML = "text/xml;charset=utf-8";
const JSON_TYPE = "application/json";

function connectionJSON(fields: Record<string, unknown>): string {
  return JSON.stringify({
    MediaContainer: { Device: { clientIdentifier: "a", Connection: [{ uri: "http://h:1", ...fields }] } },
  });
}

describe("decodeTransientToken", () => {
  it.each([
    ["a BOM before XML", `\uFEFF<?xml version="1.0"?><MediaContainer token="${TRANSIENT_TOKEN}"/>`, XML],
    ["a BOM before JSON", `\uFEFF{"MediaContainer":{"token":"${TRANSIENT_TOKEN}"}}`, JSON_TYPE],
    ["an XML comment", `<?xml version="1.0"?><!-- note --><MediaContainer token="${TRANSIENT_TOKEN}"/>`, XML],
    ["single-quoted attributes", `<MediaContainer token='${TRANSIENT_TOKEN}'/>`, XML],
    ["a media type in upper case", `{"MediaContainer":{"token":"${TRANSIENT_TOKEN}"}}`, "Application/JSON; charset=UTF-8"],
    ["whitespace inside the root", `<MediaContainer token="${TRANSIENT_TOKEN}">\n</MediaContainer>`, XML],
    ["a null size", `{"MediaContainer":{"size":null,"token":"${TRANSIENT_TOKEN}"}}`, JSON_TYPE],
  ])("accepts %s", (_case, body, contentType) => {
    expect(decodeTransientToken(body, contentType).token).toBe(TRANSIENT_TOKEN);
  });

  it.each([
    ["an empty token", '{"MediaContainer":{"token":""}}', JSON_TYPE, "MediaContainer.token"],
    ["no MediaContainer", `{"token":"${TRANSIENT_TOKEN}"}`, JSON_TYPE, "MediaContainer"],
    ["a token object", '{"MediaContainer":{"token":{}}}', JSON_TYPE, "MediaContainer.token"],
    ["a size that is not a number", `<MediaContainer size="many" token="${TRANSIENT_TOKEN}"/>`, XML, "MediaContainer.size"],
  ])("rejects %s and names the field", (_case, body, contentType, field) => {
    expect(() => decodeTransientToken(body, contentType)).toThrow(ProtocolError);
    try {
      decodeTransientToken(body, contentType);
    } catch (error) {
      expect((error as ProtocolError).field).toBe(field);
    }
  });

  it("rejects an HTML page by its content type", () => {
    expect(() => decodeTransientToken("<html></html>", "text/html")).toThrow(
      'Unexpected response content type "text/html": expected application/json or text/xml.',
    );
  });

  it("rejects an XML entity bomb with a ProtocolError", () => {
    const entity = "x".repeat(10_000);
    const body = `<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "${entity}">]><MediaContainer token="${"&a;".repeat(100)}"/>`;

    expect(() => decodeTransientToken(body, XML)).toThrow(ProtocolError);
    expect(() => decodeTransientToken(body, XML)).toThrow(
      "Invalid XML response: a DOCTYPE or other declaration, which is not supported (line 1).",
    );
  });
});

describe("decodeSourceConnectionInformation", () => {
  it.each([
    ['"True"', "True", true],
    ['"FALSE"', "FALSE", false],
    ['" 1 "', " 1 ", true],
    ["null", null, false],
  ])("reads the boolean %s", (_case, local, expected) => {
    const { device } = decodeSourceConnectionInformation(connectionJSON({ local }), JSON_TYPE);

    expect(device.connections[0]!.local).toBe(expected);
  });

  it("rejects a boolean it cannot read", () => {
    expect(() => decodeSourceConnectionInformation(connectionJSON({ local: "yes" }), JSON_TYPE)).toThrow(
      'Invalid response: MediaContainer.Device.Connection[0].local is "yes", expected true, false, 1 or 0.',
    );
  });

  it("builds a missing uri from its parts", () => {
    const body =
      '<MediaContainer><Device clientIdentifier="a"><Connection protocol="http" address="::1" port="32400" local="1"/></Device></MediaContainer>';

    const { device } = decodeSourceConnectionInformation(body, XML);

    expect(device.connections[0]).toEqual({
      protocol: "http",
      address: "::1",
      port: 32400,
      uri: "http://[::1]:32400",
      local: true,
      relay: false,
    });
  });

  it("derives missing fields from the uri", () => {
    const { device } = decodeSourceConnectionInformation(connectionJSON({ uri: "https://nas.example.test" }), JSON_TYPE);

    expect(device.connections[0]).toMatchObject({ protocol: "https", address: "nas.example.test", port: 443 });
  });

  it("ignores unknown child elements", () => {
    const body =
      '<MediaContainer><Device clientIdentifier="a"><Foo x="1"/><Connection uri="http://h:1" local="1"/></Device></MediaContainer>';

    expect(decodeSourceConnectionInformation(body, XML).device.connections).toHaveLength(1);
  });

  it("reads the first of several devices", () => {
    const body = '<MediaContainer><Device clientIdentifier="a"/><Device clientIdentifier="b"/></MediaContainer>';

    const info = decodeSourceConnectionInformation(body, XML);

    expect(info.device.clientIdentifier).toBe("a");
    expect(info.size).toBe(2);
  });

  it.each([
    ["an empty Device array", '{"MediaContainer":{"Device":[]}}', "MediaContainer.Device"],
    ["a device without clientIdentifier", '{"MediaContainer":{"Device":{"name":"n"}}}', "MediaContainer.Device.clientIdentifier"],
    ["another protocol", connectionJSON({ uri: "ftp://h:1" }), "MediaContainer.Device.Connection[0].protocol"],
    ["a connection without any address", connectionJSON({ uri: "" }), "MediaContainer.Device.Connection[0].uri"],
  ])("rejects %s and names the field", (_case, body, field) => {
    try {
      decodeSourceConnectionInformation(body, JSON_TYPE);
      expect.fail("decoding succeeded");
    } catch (error) {
      expect(error).toBeInstanceOf(ProtocolError);
      expect((error as ProtocolError).field).toBe(field);
    }
  });
});

describe("decodeErrors", () => {
  it("reads an XML errors body with entities", () => {
    const body = '<Errors><Error code="1001" message="m &amp; n" status="401"/></Errors>';

    expect(decodeErrors(body, XML)).toEqual([{ code: 1001, message: "m & n", status: 401 }]);
  });

  it("reads a JSON errors entry given as one object", () => {
    expect(decodeErrors('{"errors":{"code":1,"message":"x","status":400}}', JSON_TYPE)).toEqual([
      { code: 1, message: "x", status: 400 },
    ]);
  });

  it.each([
    ["an HTML page", "<html><body>401 Unauthorized</body></html>", "text/html"],
    ["an HTML page without a content type", "<html><body>401 Unauthorized</body></html>", null],
    ["an empty body", "", null],
    ["malformed JSON", "{", JSON_TYPE],
  ])("returns no entries for %s", (_case, body, contentType) => {
    expect(decodeErrors(body, contentType)).toEqual([]);
  });
});

describe("decodeIdentity and detectFormat", () => {
  it("reads the identity example", () => {
    const body = '<MediaContainer size="0" claimed="1" machineIdentifier="abc" version="1.41.0.0000-abcdef"/>';

    expect(decodeIdentity(body, XML)).toEqual({ machineIdentifier: "abc", version: "1.41.0.0000-abcdef", claimed: true });
  });

  it("guesses the format without Content-Type", () => {
    expect(detectFormat(undefined, '  {"a":1}')).toBe("json");
    expect(detectFormat(null, " <a/>")).toBe("xml");
    expect(detectFormat("application/vnd.plex+json", "x")).toBe("json");
  });
});
