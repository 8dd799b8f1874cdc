// Arithmetic and Markdown for the soak results.

/** Returns the least-squares slope of `key` over `seconds`, in units per second. */
export function linearSlope(samples, key) {
  const count = samples.length;
  if (count < 2) return 0;

  const meanX = samples.reduce((sum, entry) => sum + entry.seconds, 0) / count;
  const meanY = samples.reduce((sum, entry) => sum + entry[key], 0) / count;
  let covariance = 0;
  let variance = 0;
  for (const entry of samples) {
    covariance += (entry.seconds - meanX) * (entry[key] - meanY);
    variance += (entry.seconds - meanX) ** 2;
  }

  return variance === 0 ? 0 : covariance / variance;
}

const START = "<!-- soak:start -->";
const END = "<!-- soak:end -->";

/** Replaces the soak section of BENCHMARKS.md (between its markers), or appends one. */
export function renderSoakSection(page, result) {
  const mib = (bytes) => (bytes / 1048576).toFixed(1);
  const kib = (bytes) => (bytes / 1024).toFixed(1);
  const steady = result.samples.filter((entry) => entry.seconds >= 60);
  const heaps = steady.map((entry) => entry.heapUsed);
  const rows = result.samples.map((entry) => `| ${entry.seconds} | ${mib(entry.heapUsed)} | ${mib(entry.rss)} | ${mib(entry.arrayBuffers)} |`);
  const { mints = 0, uses = 0, resources = 0, failures = 0 } = result.counts ?? {};

  const section = [
    START,
    "## Soak",
    "",
    `\`npm run soak\` on ${result.date.slice(0, 10)}: the server in one process, a load generator in another minting and using`,
    `transient tokens for ${result.durationS / 60} minutes at about ${result.ratePerSecond} mints per second (each token used twice), with a`,
    `${result.ttlSeconds}-second TTL so that tokens keep expiring, and request logging on (to a file). Heap and RSS are sampled every`,
    "10 s after a forced GC; slopes are least-squares fits from the first minute on, after the warm-up in which live",
    "tokens grow to their steady number.",
    "",
    "| | |",
    "| --- | --- |",
    `| Requests | ${mints} mints, ${uses} uses, ${resources} resources, ${failures} failures |`,
    `| Heap after warm-up | ${mib(Math.min(...heaps))}–${mib(Math.max(...heaps))} MiB |`,
    `| Heap slope | ${kib(result.heapSlopeBytesPerMinute)} KiB per minute |`,
    `| RSS slope | ${kib(result.rssSlopeBytesPerMinute)} KiB per minute |`,
    "",
    "<details><summary>Samples</summary>",
    "",
    "| Seconds | Heap MiB | RSS MiB | Array buffers MiB |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
    "</details>",
    END,
  ].join("\n");

  const start = page.indexOf(START);
  const end = page.indexOf(END);
  if (start !== -1 && end > start) return `${page.slice(0, start)}${section}${page.slice(end + END.length)}`;

  return `${page.trimEnd()}\n\n${section}\n`;
}
