/**
 * A space-time diagram as SVG: one vertical lane per process, time going down, one arrow
 * per message from its send to its receipt (a dropped one ends in a cross). Only the
 * messages that carry the chosen chat lines are drawn, and at most `MAX_ARROWS` of them,
 * so a figure stays readable; the violating receipts are drawn in red.
 */
import { HANDOUT_CODEC, type ChatClient, type LineCodec } from "../check/index.js";
import { formatTime, type Micros, type TraceRecord } from "../sim/index.js";

/** Arrows drawn at most. */
export const MAX_ARROWS = 60;

/** What to draw. */
export interface FigureSpec {
  readonly title: string;
  /** Lines (sender, text) whose messages are drawn. */
  readonly lines: readonly { readonly sender: string; readonly text: string }[];
  /** Receipts to draw in red: receiver client and line. */
  readonly marks: readonly { readonly receiver: string; readonly sender: string; readonly text: string }[];
  readonly codec?: LineCodec;
}

interface Arrow {
  from: string;
  to: string;
  t0: Micros;
  t1: Micros;
  label: string;
  dropped: boolean;
  red: boolean;
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The SVG text of the figure. Deterministic: same records, same bytes. */
export function spaceTime(records: readonly TraceRecord[], clients: readonly ChatClient[], spec: FigureSpec): string {
  const codec = spec.codec ?? HANDOUT_CODEC;
  const want = new Set(spec.lines.map((l) => `${l.sender}\u0000${l.text}`));
  const red = new Set(spec.marks.map((m) => `${m.receiver}\u0000${m.sender}\u0000${m.text}`));
  const clientOf = new Map<string, string>();
  for (const c of clients) c.pids.forEach((p, i) => clientOf.set(p.key(), i === 0 ? c.name : `${c.name}.bg`));
  const nameOf = (key: string, node: string): string => clientOf.get(key) ?? node.split("@")[0]!;
  const sent = new Map<number, { from: string; to: string; t: Micros; label: string; line: string; toClient: string | null }>();
  const arrows: Arrow[] = [];
  for (const r of records) {
    if (arrows.length >= MAX_ARROWS) break;
    if (r.k === "send" && r.from !== null) {
      const l = codec.carried(r.msg);
      if (l === null || !want.has(`${l.sender}\u0000${l.text}`)) continue;
      const toKey = r.to.key();
      const toClient = clientOf.get(toKey)?.replace(/\.bg$/, "") ?? null;
      sent.set(r.id, { from: nameOf(r.from.key(), r.from.node), to: nameOf(toKey, r.to.node), t: r.t, label: `${l.sender}: ${l.text}`, line: `${l.sender}\u0000${l.text}`, toClient });
    } else if (r.k === "receive" || r.k === "drop") {
      const s = sent.get(r.id);
      if (s === undefined) continue;
      arrows.push({ from: s.from, to: s.to, t0: s.t, t1: r.t, label: s.label, dropped: r.k === "drop", red: r.k === "receive" && s.toClient !== null && red.has(`${s.toClient}\u0000${s.line}`) });
    }
  }
  if (arrows.length === 0) {
    return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40" font-family="monospace" font-size="11"><text x="10" y="24">${esc(spec.title)}: no message to draw</text></svg>\n`;
  }
  const lanes: string[] = [];
  for (const a of arrows) for (const n of [a.from, a.to]) if (!lanes.includes(n)) lanes.push(n);
  const t0 = Math.min(...arrows.map((a) => a.t0));
  const t1 = Math.max(...arrows.map((a) => a.t1));
  const W = 130;
  const H = 520;
  const top = 60;
  const left = 80;
  const x = (lane: string): number => left + lanes.indexOf(lane) * W;
  const y = (t: Micros): number => top + (t1 === t0 ? 0 : ((t - t0) / (t1 - t0)) * H);
  const width = left + Math.max(1, lanes.length) * W;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${top + H + 40}" font-family="monospace" font-size="11">`);
  out.push(`<defs><marker id="a" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#333"/></marker><marker id="r" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#c00"/></marker></defs>`);
  out.push(`<text x="10" y="18" font-size="13" font-weight="bold">${esc(spec.title)}</text>`);
  for (const l of lanes) {
    out.push(`<text x="${x(l)}" y="${top - 12}" text-anchor="middle" font-weight="bold">${esc(l)}</text>`);
    out.push(`<line x1="${x(l)}" y1="${top - 6}" x2="${x(l)}" y2="${top + H + 6}" stroke="#bbb"/>`);
  }
  out.push(`<text x="8" y="${top + 4}" fill="#666">${esc(formatTime(t0))}</text>`);
  out.push(`<text x="8" y="${top + H + 4}" fill="#666">${esc(formatTime(t1))}</text>`);
  for (const a of arrows) {
    const colour = a.red ? "#c00" : a.dropped ? "#999" : "#333";
    const [xa, ya, xb, yb] = [x(a.from), y(a.t0), x(a.to), y(a.t1)];
    out.push(`<line x1="${xa}" y1="${ya.toFixed(1)}" x2="${xb}" y2="${yb.toFixed(1)}" stroke="${colour}" stroke-width="${a.red ? 2 : 1}"${a.dropped ? ' stroke-dasharray="4 3"' : ` marker-end="url(#${a.red ? "r" : "a"})"`}/>`);
    if (a.dropped) out.push(`<text x="${xb}" y="${(yb + 4).toFixed(1)}" text-anchor="middle" fill="#c00">✕</text>`);
    if (a.red || a.from !== a.to) out.push(`<text x="${((xa + xb) / 2).toFixed(1)}" y="${((ya + yb) / 2 - 3).toFixed(1)}" text-anchor="middle" fill="${colour}">${esc(a.label)}</text>`);
  }
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}
