import { readFileSync } from "node:fs";

import { describe, expect, it } from "vitest";

import * as client from "@plex-security/client";
import * as protocol from "@plex-security/client/protocol";

const packageJSON = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
  version: string;
};

describe("documented import paths", () => {
  it("exports the client API from @plex-security/client", () => {
    for (const name of [
      "PlexAPI",
      "Security",
      "QueryParamType",
      "Scope",
      "serverSource",
      "providerSource",
      "redact",
      "PlexError",
      "PlexBadRequestError",
      "PlexUnauthorizedError",
      "PlexForbiddenError",
      "PlexNotFoundError",
      "PlexHTTPStatusError",
      "PlexNetworkError",
      "PlexTimeoutError",
      "PlexAbortError",
      "PlexResponseError",
      "decodeErrors",
      "parseSource",
    ]) {
      expect(client, name).toHaveProperty(name);
    }
  });

  it("shares the protocol's classes between both entries", () => {
    expect(client.InvalidSourceError).toBe(protocol.InvalidSourceError);
    expect(client.ProtocolError).toBe(protocol.ProtocolError);
    expect(() => client.parseSource("bad")).toThrow(protocol.InvalidSourceError);
  });

  it("exports the wire model from @plex-security/client/protocol", () => {
    expect(protocol.QueryParamType.Delegation).toBe("delegation");
    expect(protocol.Scope.All).toBe("all");
    expect(typeof protocol.decodeTransientToken).toBe("function");
    expect(typeof protocol.encodeSourceConnectionInformation).toBe("function");
    expect(protocol.serverSource("abc")).toBe("server://abc");
    expect(protocol).not.toHaveProperty("PlexAPI");
  });

  it("shares one protocol module between both paths", () => {
    expect(client.ProtocolError).toBe(protocol.ProtocolError);
    expect(client.parseSource).toBe(protocol.parseSource);
  });

  it("reports the package version", () => {
    expect(client.CLIENT_VERSION).toBe(packageJSON.version);
  });

  it("gives every error class its own name and code", () => {
    const cases: [new (context: never) => client.PlexError, string][] = [
      [client.PlexBadRequestError, "ERR_PLEX_BAD_REQUEST"],
      [client.PlexUnauthorizedError, "ERR_PLEX_UNAUTHORIZED"],
      [client.PlexForbiddenError, "ERR_PLEX_FORBIDDEN"],
      [client.PlexNotFoundError, "ERR_PLEX_NOT_FOUND"],
      [client.PlexHTTPStatusError, "ERR_PLEX_HTTP_STATUS"],
      [client.PlexNetworkError, "ERR_PLEX_NETWORK"],
      [client.PlexTimeoutError, "ERR_PLEX_TIMEOUT"],
      [client.PlexAbortError, "ERR_PLEX_ABORTED"],
      [client.PlexResponseError, "ERR_PLEX_INVALID_RESPONSE"],
    ];

    for (const [ErrorClass, code] of cases) {
      const error = new ErrorClass({ status: 500, tokenSent: true, timeoutMs: 1, reason: "Invalid response." } as never);

      expect(error).toBeInstanceOf(client.PlexError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe(ErrorClass.name);
      expect(error.code).toBe(code);
    }
  });
});
