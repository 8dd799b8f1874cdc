/** Number formatting shared by the report's tables and chart. */

/** Formats a ratio with two decimals, or three below 0.1, such as `0.81×` or `0.012×`. */
export function formatRatio(value) {
  const digits = value < 0.1 ? 3 : 2;

  return `${value.toFixed(digits)}×`;
}

/** Formats a summary's spread, minimum to maximum, with `format`. */
export function formatSpread(summary, format) {
  return `${format(summary.min)}–${format(summary.max)}`;
}

/** Formats a number with thousands separators and `digits` decimals. */
export function formatNumber(value, digits = 0) {
  return value.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Formats a size in bytes as KiB with one decimal, or MiB with two. */
export function formatBytes(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/** Formats milliseconds with two decimals below 10 and one above. */
export function formatMs(ms) {
  return `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
}
