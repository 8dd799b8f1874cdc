/**
 * Renders the report's ratios as an SVG dot plot on a logarithmic axis:
 * a dot at each median, a line across the spread of the runs, and a dashed
 * mark at the target where there is one. Ratios span from about 0.01 to
 * about 2, so a linear axis would squash the small ones against zero.
 */
import { formatRatio } from "./format.js";

const WIDTH = 900;
const LABEL_RIGHT = 300;
const PLOT_LEFT = 320;
const PLOT_RIGHT = 800;
const ROW_HEIGHT = 22;
const TOP = 46;
const COLORS = { met: "#1a7f37", missed: "#cf222e", none: "#57606a" };

function escapeXml(text) {
  return String(text).replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** Picks tick values of 1, 2 and 5 times powers of ten that cover [low, high]. */
function ticksFor(low, high) {
  const ticks = [];
  for (let exponent = Math.floor(Math.log10(low)); exponent <= Math.ceil(Math.log10(high)); exponent++) {
    for (const step of [1, 2, 5]) {
      const value = step * 10 ** exponent;
      if (value >= low && value <= high) ticks.push(value);
    }
  }

  return ticks;
}

function verdict(row) {
  if (row.target === undefined) return "none";
  const { value, atLeast } = row.target;

  return (atLeast ? row.summary.median >= value : row.summary.median <= value) ? "met" : "missed";
}

/** Returns the SVG document for `rows`, each { group, label, summary, target? }. */
export function renderChart(rows, title) {
  const values = rows.flatMap((row) => [row.summary.min, row.summary.max, row.target?.value ?? 1]);
  const low = 10 ** Math.floor(Math.log10(Math.min(...values)));
  const high = Math.max(2, ...values) * 1.1;
  const x = (value) => PLOT_LEFT + ((Math.log10(value) - Math.log10(low)) / (Math.log10(high) - Math.log10(low))) * (PLOT_RIGHT - PLOT_LEFT);

  const parts = [];
  let y = TOP;
  let group;
  for (const row of rows) {
    if (row.group !== group) {
      group = row.group;
      y += ROW_HEIGHT;
      parts.push(`<text x="10" y="${y}" font-weight="bold">${escapeXml(group)}</text>`);
    }
    y += ROW_HEIGHT;
    const color = COLORS[verdict(row)];
    parts.push(`<text x="${LABEL_RIGHT}" y="${y}" text-anchor="end">${escapeXml(row.label)}</text>`);
    parts.push(`<line x1="${x(row.summary.min).toFixed(1)}" x2="${x(row.summary.max).toFixed(1)}" y1="${y - 4}" y2="${y - 4}" stroke="${color}" stroke-width="2"/>`);
    parts.push(`<circle cx="${x(row.summary.median).toFixed(1)}" cy="${y - 4}" r="4.5" fill="${color}"/>`);
    parts.push(`<text x="${PLOT_RIGHT + 10}" y="${y}" fill="${color}">${escapeXml(formatRatio(row.summary.median))}</text>`);
    if (row.target !== undefined) {
      const tx = x(row.target.value).toFixed(1);
      parts.push(`<line x1="${tx}" x2="${tx}" y1="${y - 13}" y2="${y + 5}" stroke="#cf222e" stroke-dasharray="3,2"/>`);
    }
  }

  const height = y + 40;
  const grid = ticksFor(low, high).map((tick) => {
    const tx = x(tick).toFixed(1);
    const strong = tick === 1 ? ' stroke="#57606a"' : ' stroke="#d0d7de"';
    return `<line x1="${tx}" x2="${tx}" y1="${TOP}" y2="${y + 8}"${strong}/><text x="${tx}" y="${y + 24}" text-anchor="middle" fill="#57606a">${tick}</text>`;
  });
  const legend =
    `<text x="10" y="${TOP - 6}" fill="#57606a">Dot: median ratio; line: spread of the runs; dashed red: target. ` +
    `Green: target met; red: missed; grey: no target. Logarithmic axis.</text>`;

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="10" y="20" font-size="15" font-weight="bold">${escapeXml(title)}</text>`,
    legend,
    ...grid,
    ...parts,
    "</svg>",
    "",
  ].join("\n");
}
