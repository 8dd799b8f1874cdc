/**
 * Redaction of credentials in text that leaves the client: error messages,
 * URLs, body excerpts and stack traces.
 */
import { TRANSIENT_TOKEN_PREFIX } from "./protocol/transient-token.js";

/** The text that replaces every credential found by {@link redact}. */
export const REDACTED = "REDACTED";

/** A percent sign, also as it reads after one or more rounds of percent-encoding (`%25`, `%2525`). */
const PERCENT = "%(?:25)*";

/**
 * `transient-` and at least 8 hexadecimal digits. A full token is
 * `transient-<uuid>`, and a shorter match also covers a token that an excerpt
 * cut in the middle.
 */
const TRANSIENT_TOKEN = new RegExp(`${TRANSIENT_TOKEN_PREFIX}[0-9a-f]{8}[0-9a-f-]*`, "gi");

/**
 * A query parameter whose name ends in `token` (`X-Plex-Token`, `token`,
 * `accessToken`), raw or percent-encoded inside a nested URL: the separator
 * (`?`, `&`, `;`) and the `=` may be encoded, and the value ends at the next
 * separator, raw or encoded.
 */
const TOKEN_QUERY_PARAMETER = new RegExp(
  `((?:^|[?&;]|${PERCENT}(?:3f|26|3b))(?:[\\w.~-]|${PERCENT}2d)*token(?:=|${PERCENT}3d))` +
    `(?:(?!${PERCENT}(?:26|23|3b))[^&#;\\s"'<>])+`,
  "gi",
);

/** The `X-Plex-Token` header as `X-Plex-Token: value`, also in JSON or a JavaScript object. */
const TOKEN_HEADER = /(x-plex-token["']?\s*:\s*["']?)[^\s"',;}\]]+/gi;

/** A JSON property or XML attribute whose name ends in `token`: `"token":"…"`, `accessToken="…"`. */
const TOKEN_PROPERTY = /((?:["'\s<{,]|^)[\w-]*token["']?\s*[:=]\s*(["']))(?:(?!\2).)+/gi;

/**
 * Replaces credentials in a text with `REDACTED`. It covers query parameters
 * whose name ends in `token`, such as `X-Plex-Token`, also percent-encoded and
 * also in a URL nested in a percent-encoded parameter value. It also covers
 * the `X-Plex-Token` header, JSON properties and XML attributes whose name
 * ends in `token`, and anything shaped like `transient-<uuid>` in any letter
 * case. Each of `secrets` is replaced wherever it appears, raw or
 * percent-encoded once or twice.
 *
 * NOTE: a secret in another encoding, such as base64 or XML character
 * references, is not recognised unless one of the patterns above covers it.
 *
 * @example
 * redact("GET /security/resources?X-Plex-Token=abc&source=server%3A%2F%2Fx")
 * // "GET /security/resources?X-Plex-Token=REDACTED&source=server%3A%2F%2Fx"
 */
export function redact(text: string, secrets: Iterable<string> = []): string {
  let result = String(text);

  for (const secret of secretVariants(secrets)) {
    result = result.split(secret).join(REDACTED);
  }

  result = result.replace(TRANSIENT_TOKEN, REDACTED);
  result = result.replace(TOKEN_QUERY_PARAMETER, `$1${REDACTED}`);
  result = result.replace(TOKEN_HEADER, `$1${REDACTED}`);
  result = result.replace(TOKEN_PROPERTY, `$1${REDACTED}`);

  return result;
}

/**
 * Builds a redaction function bound to a list of secrets, such as the
 * account token of one client.
 */
export function createRedactor(secrets: Iterable<string>): (text: string) => string {
  const list = [...secrets];

  return (text) => redact(text, list);
}

/** Lists each non-empty secret in its raw, once-encoded and twice-encoded forms, longest first. */
function secretVariants(secrets: Iterable<string>): string[] {
  const variants = new Set<string>();
  for (const secret of secrets) {
    if (typeof secret !== "string" || secret === "") continue;

    const encodedOnce = encodeURIComponent(secret);
    variants.add(secret);
    variants.add(encodedOnce);
    variants.add(encodeURIComponent(encodedOnce));
  }

  return [...variants].sort((a, b) => b.length - a.length);
}
