import { describe, expect, it } from "vitest";

import {
  formatSource,
  formatTransientToken,
  InvalidSourceError,
  isSource,
  isTransientToken,
  MAX_SOURCE_ID_LENGTH,
  parseSource,
  providerSource,
  serverSource,
} from "../../src/protocol/index.js";
import { TRANSIENT_TOKEN } from "../helpers/fixtures.js";

describe("source identifiers", () => {
  it("parses server and provider sources", () => {
    expect(parseSource("server://abc123")).toEqual({ kind: "server", id: "abc123" });
    expect(parseSource("provider://tv.plex.provider.vod")).toEqual({ kind: "provider", id: "tv.plex.provider.vod" });
  });

  it.each([
    ["a number", 42, 'Invalid source: expected a string such as "server://<clientIdentifier>", got number.'],
    ["another prefix", "client://abc", 'Invalid source "client://abc": expected "server://<clientIdentifier>" or "provider://<providerIdentifier>".'],
    ["a space", "server://a b", 'Invalid server source "server://a b": the identifier may contain only letters, digits, ".", "_", "~" and "-".'],
    ["a slash", "provider://a/b", /^Invalid provider source "provider:\/\/a\/b"/],
  ])("rejects %s", (_case, value, message) => {
    expect(() => parseSource(value)).toThrow(InvalidSourceError);
    expect(() => parseSource(value)).toThrow(message);
  });

  it("limits the identifier length", () => {
    expect(isSource(`server://${"a".repeat(MAX_SOURCE_ID_LENGTH)}`)).toBe(true);
    expect(isSource(`server://${"a".repeat(MAX_SOURCE_ID_LENGTH + 1)}`)).toBe(false);
  });

  it("formats sources and validates the identifier", () => {
    expect(formatSource("server", "abc")).toBe("server://abc");
    expect(serverSource("abc")).toBe("server://abc");
    expect(providerSource("p.q")).toBe("provider://p.q");
    expect(() => serverSource("")).toThrow('Invalid server source: the identifier after "server://" is missing.');
  });
});

describe("transient token format", () => {
  it("recognises transient tokens", () => {
    expect(isTransientToken(TRANSIENT_TOKEN)).toBe(true);
    expect(isTransientToken(TRANSIENT_TOKEN.toUpperCase())).toBe(false);
    expect(isTransientToken("transient-123")).toBe(false);
  });

  it("formats a token from a UUID in lower case", () => {
    expect(formatTransientToken("90904684-F91A-4391-8BF7-E0DFA7240285")).toBe(TRANSIENT_TOKEN);
    expect(() => formatTransientToken("not-a-uuid")).toThrow(TypeError);
  });
});
