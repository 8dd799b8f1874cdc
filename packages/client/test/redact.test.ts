import { describe, expect, it } from "vitest";

import { createRedactor, redact, REDACTED } from "../src/index.js";

const SECRET = "s3cr3t/Tok+en=";

describe("redact", () => {
  it.each([
    ["X-Plex-Token query parameter", "http://h:32400/library?X-Plex-Token=abc123&x=1", "http://h:32400/library?X-Plex-Token=REDACTED&x=1"],
    ["token query parameter", "http://h/a?b=2&token=abc123", "http://h/a?b=2&token=REDACTED"],
    ["lowercase name and fragment", "/p?x-plex-token=abc#top", "/p?x-plex-token=REDACTED#top"],
    ["a bare query string", "X-Plex-Token=abc&type=delegation", "X-Plex-Token=REDACTED&type=delegation"],
    ["a parameter ending in token", "/cb?accessToken=abc&x=1", "/cb?accessToken=REDACTED&x=1"],
    [
      "a percent-encoded nested URL",
      "/photo?url=http%3A%2F%2Fh%2Fthumb%3FX-Plex-Token%3Dabc123%26w%3D10&h=5",
      "/photo?url=http%3A%2F%2Fh%2Fthumb%3FX-Plex-Token%3DREDACTED%26w%3D10&h=5",
    ],
    [
      "a twice-encoded nested URL",
      "/a?u=http%253A%252F%252Fh%253Fx%253D1%2526token%253Dabc%2526y%253D2",
      "/a?u=http%253A%252F%252Fh%253Fx%253D1%2526token%253DREDACTED%2526y%253D2",
    ],
    ["the header line", "X-Plex-Token: abc123\r\nAccept: */*", "X-Plex-Token: REDACTED\r\nAccept: */*"],
    ["the header in JSON", '{"X-Plex-Token":"abc123","Accept":"application/json"}', '{"X-Plex-Token":"REDACTED","Accept":"application/json"}'],
    ["a JSON token property", '{"MediaContainer":{"size":0,"token":"abc123"}}', '{"MediaContainer":{"size":0,"token":"REDACTED"}}'],
    ["an XML accessToken attribute", '<Device name="N" accessToken="abc123"/>', '<Device name="N" accessToken="REDACTED"/>'],
    [
      "a transient token in any case",
      "a transient-90904684-f91a-4391-8bf7-e0dfa7240285 b TRANSIENT-90904684-F91A-4391-8BF7-E0DFA7240285",
      "a REDACTED b REDACTED",
    ],
    ["a transient token cut short", "x transient-90904684-f91a-43", "x REDACTED"],
  ])("replaces %s", (_case, input, expected) => {
    expect(redact(input)).toBe(expected);
  });

  it.each([
    ["prose about tokens", "The Plex server rejected the access token (HTTP 401)."],
    ["other query parameters", "/security/resources?source=server%3A%2F%2Fabc123&refresh=1"],
    ["the security/token path", "http://127.0.0.1:32400/security/token?type=delegation&scope=all"],
    ["a field path", "Invalid response: MediaContainer.token is missing."],
    ["the word transient", "mint a new transient token"],
  ])("keeps %s", (_case, input) => {
    expect(redact(input)).toBe(input);
  });

  it("replaces raw and encoded secrets", () => {
    const once = encodeURIComponent(SECRET);
    const twice = encodeURIComponent(once);

    const result = redact(`a ${SECRET} b ${once} c ${twice} d`, [SECRET]);

    expect(result).toBe(`a ${REDACTED} b ${REDACTED} c ${REDACTED} d`);
  });

  it("ignores empty secrets", () => {
    expect(redact("abc", ["", "b"])).toBe(`a${REDACTED}c`);
  });

  it("binds secrets with createRedactor", () => {
    const redactSecret = createRedactor([SECRET]);

    expect(redactSecret(`key ${SECRET}`)).toBe(`key ${REDACTED}`);
  });
});
