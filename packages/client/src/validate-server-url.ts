import { redact } from "./redact.js";

/**
 * Parses and checks the `serverURL` option: an absolute `http:` or `https:`
 * URL without credentials, query or fragment. A path prefix, as behind a
 * reverse proxy, is kept, with one trailing slash.
 *
 * @throws {TypeError} when the value is not a string or URL, or does not parse.
 * @throws {RangeError} for another scheme, credentials, a query or a fragment.
 */
export function validateServerURL(value: unknown): URL {
  if (typeof value !== "string" && !(value instanceof URL)) {
    throw new TypeError(
      `Invalid serverURL option: expected a URL string such as "http://127.0.0.1:32400", got ${value === null ? "null" : typeof value}.`,
    );
  }

  let url: URL;
  try {
    url = new URL(String(value));
  } catch {
    throw new TypeError(
      `Invalid serverURL option ${JSON.stringify(redact(String(value)))}: expected an absolute URL such as "http://127.0.0.1:32400".`,
    );
  }

  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new RangeError(`Invalid serverURL option: the scheme is ${JSON.stringify(url.protocol)}, expected "http:" or "https:".`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new RangeError("Invalid serverURL option: it contains a user name or password. Pass the token as accessToken instead.");
  }
  if (url.search !== "" || url.hash !== "") {
    throw new RangeError(
      "Invalid serverURL option: it contains a query string or fragment. Remove it, and pass the token as accessToken.",
    );
  }

  if (!url.pathname.endsWith("/")) url.pathname += "/";

  return url;
}
