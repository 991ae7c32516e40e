/**
 * A line plot as SVG, for the report's measured curves: log-scaled axes (the quantities span
 * decades), one polyline per series with its points marked, a legend, and tick labels at
 * powers of two. Deterministic: same series, same bytes.
 */

/** One curve: a name and its points (x, y > 0); a dashed one is a model's prediction. */
export interface Series {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
  readonly dashed?: boolean;
  /** Index into the palette (default: the series' own index), so a prediction can share its measurement's colour. */
  readonly colour?: number;
}

/** What to plot. */
export interface PlotSpec {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly series: readonly Series[];
  /** Tick labels from values. */
  readonly xTick?: (v: number) => string;
  readonly yTick?: (v: number) => string;
}

const W = 640;
const H = 400;
const LEFT = 70;
const RIGHT = 180;
const TOP = 40;
const BOTTOM = 50;
const COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b"];

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
const num = (v: number): string => (Math.round(v * 10) / 10).toString();

/** Powers of two from below `lo` to above `hi`. */
function ticks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log2(lo)); e <= Math.ceil(Math.log2(hi)); e++) out.push(2 ** e);
  return out;
}

/** The SVG text of the plot. */
export function linePlot(spec: PlotSpec): string {
  const all = spec.series.flatMap((s) => s.points);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const xt = ticks(Math.min(...xs), Math.max(...xs));
  const yt = ticks(Math.min(...ys), Math.max(...ys));
  const [x0, x1] = [Math.log2(xt[0]!), Math.log2(xt.at(-1)!)];
  const [y0, y1] = [Math.log2(yt[0]!), Math.log2(yt.at(-1)!)];
  const px = (v: number): number => LEFT + ((Math.log2(v) - x0) / Math.max(x1 - x0, 1e-9)) * (W - LEFT - RIGHT);
  const py = (v: number): number => H - BOTTOM - ((Math.log2(v) - y0) / Math.max(y1 - y0, 1e-9)) * (H - TOP - BOTTOM);
  const xTick = spec.xTick ?? String;
  const yTick = spec.yTick ?? String;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${W / 2}" y="20" text-anchor="middle" font-size="14">${esc(spec.title)}</text>`);
  for (const t of xt) out.push(`<line x1="${num(px(t))}" y1="${TOP}" x2="${num(px(t))}" y2="${H - BOTTOM}" stroke="#eee"/><text x="${num(px(t))}" y="${H - BOTTOM + 16}" text-anchor="middle">${esc(xTick(t))}</text>`);
  for (const t of yt) out.push(`<line x1="${LEFT}" y1="${num(py(t))}" x2="${W - RIGHT}" y2="${num(py(t))}" stroke="#eee"/><text x="${LEFT - 6}" y="${num(py(t) + 4)}" text-anchor="end">${esc(yTick(t))}</text>`);
  out.push(`<rect x="${LEFT}" y="${TOP}" width="${W - LEFT - RIGHT}" height="${H - TOP - BOTTOM}" fill="none" stroke="#333"/>`);
  out.push(`<text x="${(LEFT + W - RIGHT) / 2}" y="${H - 12}" text-anchor="middle">${esc(spec.xLabel)}</text>`);
  out.push(`<text x="16" y="${(TOP + H - BOTTOM) / 2}" text-anchor="middle" transform="rotate(-90 16 ${(TOP + H - BOTTOM) / 2})">${esc(spec.yLabel)}</text>`);
  spec.series.forEach((s, i) => {
    const c = COLOURS[(s.colour ?? i) % COLOURS.length]!;
    const pts = s.points.map(([x, y]) => `${num(px(x))},${num(py(y))}`).join(" ");
    out.push(`<polyline points="${pts}" fill="none" stroke="${c}" stroke-width="2"${s.dashed === true ? ' stroke-dasharray="6 4"' : ""}/>`);
    if (s.dashed !== true) for (const [x, y] of s.points) out.push(`<circle cx="${num(px(x))}" cy="${num(py(y))}" r="3" fill="${c}"/>`);
    const ly = TOP + 10 + i * 18;
    out.push(`<line x1="${W - RIGHT + 12}" y1="${ly}" x2="${W - RIGHT + 36}" y2="${ly}" stroke="${c}" stroke-width="2"${s.dashed === true ? ' stroke-dasharray="6 4"' : ""}/><text x="${W - RIGHT + 42}" y="${ly + 4}">${esc(s.name)}</text>`);
  });
  out.push("</svg>");
  return out.join("\n") + "\n";
}
