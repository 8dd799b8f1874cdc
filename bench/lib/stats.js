/** Summary statistics for repeated measurements. */

/** Returns the median of a non-empty list of numbers. */
export function median(values) {
  if (values.length === 0) throw new RangeError("median of an empty list");

  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);

  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Summarises repeated measurements as their median and their spread, the
 * minimum and maximum. With three to seven runs the full range is the
 * honest spread, because quartiles of so few values mean little.
 */
export function summarize(values) {
  return {
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
    runs: values.length,
  };
}

/** Rotates a list by `offset` places, so that each contender takes each position in turn across rounds. */
export function rotate(list, offset) {
  const shift = offset % list.length;

  return [...list.slice(shift), ...list.slice(0, shift)];
}
