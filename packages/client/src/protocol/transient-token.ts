/**
 * The transient token format: `transient-` followed by a lowercase UUID, for
 * example `transient-90904684-f91a-4391-8bf7-e0dfa7240285`.
 */

export const TRANSIENT_TOKEN_PREFIX = "transient-";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/** Matches a whole transient token. */
export const TRANSIENT_TOKEN_PATTERN = new RegExp(`^${TRANSIENT_TOKEN_PREFIX}${UUID}$`);

/** Matches transient tokens anywhere in a text, in either letter case; global. */
export const TRANSIENT_TOKEN_SEARCH_PATTERN = new RegExp(`${TRANSIENT_TOKEN_PREFIX}${UUID}`, "gi");

/** Reports whether a value has the transient token format. */
export function isTransientToken(value: unknown): value is string {
  return typeof value === "string" && TRANSIENT_TOKEN_PATTERN.test(value);
}

/** Formats a transient token from a UUID such as `crypto.randomUUID()` returns. */
export function formatTransientToken(uuid: string): string {
  const token = `${TRANSIENT_TOKEN_PREFIX}${uuid.toLowerCase()}`;
  if (!TRANSIENT_TOKEN_PATTERN.test(token)) {
    throw new TypeError("Invalid UUID for a transient token: expected 8-4-4-4-12 hexadecimal digits.");
  }

  return token;
}
