import { describe, expect, it } from "vitest";

import { PlexAPI, QueryParamType, Scope, type PlexAPIOptions } from "../src/index.js";

const BASE = { serverURL: "http://127.0.0.1:32400" };

function construct(options: Record<string, unknown>): () => PlexAPI {
  return () => new PlexAPI(options as unknown as PlexAPIOptions);
}

describe("PlexAPI options", () => {
  it("normalises serverURL with a trailing slash", () => {
    expect(new PlexAPI(BASE).serverURL).toBe("http://127.0.0.1:32400/");
    expect(new PlexAPI({ serverURL: new URL("https://plex.example.test/plex") }).serverURL).toBe("https://plex.example.test/plex/");
  });

  it.each([
    ["a missing serverURL", {}, TypeError, /^Invalid serverURL option: expected a URL string/],
    ["a relative serverURL", { serverURL: "/plex" }, TypeError, /^Invalid serverURL option "\/plex": expected an absolute URL/],
    ["another scheme", { serverURL: "ftp://h" }, RangeError, /^Invalid serverURL option: the scheme is "ftp:"/],
    ["credentials in serverURL", { serverURL: "http://u:p@h" }, RangeError, /contains a user name or password/],
    ["a query in serverURL", { serverURL: "http://h/?X-Plex-Token=abc" }, RangeError, /contains a query string or fragment/],
    ["a number accessToken", { ...BASE, accessToken: 42 }, TypeError, /^Invalid accessToken option: expected a string or a function, got number/],
    ["an empty accessToken", { ...BASE, accessToken: "" }, RangeError, /^Invalid accessToken option: the token is empty/],
    ["a token with a newline", { ...BASE, accessToken: "abc\ndef" }, RangeError, /^Invalid accessToken option: the token contains spaces/],
    ["a string timeoutMs", { ...BASE, timeoutMs: "5000" }, TypeError, /^Invalid timeoutMs option: expected a number, got string/],
    ["an infinite timeoutMs", { ...BASE, timeoutMs: Infinity }, RangeError, /^Invalid timeoutMs option Infinity: expected an integer from 1 to/],
    ["a zero timeoutMs", { ...BASE, timeoutMs: 0 }, RangeError, /^Invalid timeoutMs option 0/],
    ["negative retries", { ...BASE, retries: -1 }, RangeError, /^Invalid retries option -1: expected an integer from 0 to 10/],
    ["too many retries", { ...BASE, retries: 11 }, RangeError, /^Invalid retries option 11/],
    ["fractional retries", { ...BASE, retries: 1.5 }, RangeError, /^Invalid retries option 1.5/],
    ["a zero maxResponseBytes", { ...BASE, maxResponseBytes: 0 }, RangeError, /^Invalid maxResponseBytes option 0/],
    ["a non-function fetch", { ...BASE, fetch: "fetch" }, TypeError, /^Invalid fetch option: expected a function/],
    ["a non-function sleep", { ...BASE, sleep: 1 }, TypeError, /^Invalid sleep option: expected a function, got number/],
    ["a number clientIdentifier", { ...BASE, clientIdentifier: 7 }, TypeError, /^Invalid clientIdentifier option: expected a string, got number/],
    ["an empty product", { ...BASE, product: " " }, RangeError, /^Invalid product option: the value is empty/],
    ["a deviceName with a newline", { ...BASE, deviceName: "a\r\nX-Evil: 1" }, RangeError, /^Invalid deviceName option .*Latin-1/],
    ["a deviceName beyond Latin-1", { ...BASE, deviceName: "オフィス" }, RangeError, /^Invalid deviceName option/],
    ["an unknown option", { ...BASE, timeout: 5000 }, TypeError, /^Unknown option "timeout" in PlexAPI options: accepted options are serverURL/],
  ])("rejects %s", (_case, options, errorClass, message) => {
    expect(construct(options)).toThrow(errorClass);
    expect(construct(options)).toThrow(message);
  });

  it("never quotes the token in a message", () => {
    const token = "abc def-secret-value";

    expect(construct({ ...BASE, accessToken: token })).toThrow(RangeError);
    expect(construct({ ...BASE, accessToken: token })).not.toThrow(/secret-value/);
  });

  it("redacts a token in a rejected serverURL", () => {
    expect(construct({ serverURL: "plex?X-Plex-Token=abc123" })).toThrow(/X-Plex-Token=REDACTED/);
  });

  it.each([
    ["a negative timeoutMs", { timeoutMs: -1 }, RangeError, /^Invalid timeoutMs option -1/],
    ["a string retries", { retries: "2" }, TypeError, /^Invalid retries option: expected a number/],
    ["a signal that is not an AbortSignal", { signal: {} }, TypeError, /^Invalid signal option: expected an AbortSignal/],
    ["an unknown call option", { retry: 1 }, TypeError, /^Unknown option "retry" in call options/],
  ])("rejects %s in call options", async (_case, options, errorClass, message) => {
    const plex = new PlexAPI({ ...BASE, fetch: () => Promise.reject(new Error("no request expected")) });
    const call = plex.security.getTransientToken(QueryParamType.Delegation, Scope.All, options as never);

    await expect(call).rejects.toThrow(errorClass);
    await expect(call).rejects.toThrow(message);
  });

  it("rejects a bad value from the accessToken function", async () => {
    const plex = new PlexAPI({ ...BASE, accessToken: () => 42 as unknown as string });

    await expect(plex.security.getTransientToken(QueryParamType.Delegation, Scope.All)).rejects.toThrow(
      "Invalid accessToken: the function returned number, expected a string or undefined.",
    );
  });
});
