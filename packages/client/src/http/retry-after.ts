/**
 * Reads a `Retry-After` header: a number of seconds or an HTTP date.
 * Returns the wait in milliseconds from `nowMs`, never negative, or
 * `undefined` when the header is absent or invalid.
 */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;

  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;

  const dateMs = Date.parse(text);
  if (Number.isNaN(dateMs)) return undefined;

  return Math.max(0, dateMs - nowMs);
}
