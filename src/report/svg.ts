/**
 * A space-time diagram as SVG: one vertical lane per process, time going down, one arrow
 * per message from its send to its receipt (a dropped one ends in a cross). Drawn: the
 * messages that carry the chosen chat lines, and, around them, what the marked receivers'
 * processes exchanged with their servers (a leave request, the server's `exit`), which is
 * often what causes the effect. So that a figure stays readable: at most `MAX_ARROWS`
 * arrows and `MAX_LANES` lanes (the marked receivers, the senders and the servers first),
 * one label per line and sending lane (a broadcast's copies share it), labels placed where
 * they overlap no other, and the violating receipts drawn in red.
 */
import { HANDOUT_CODEC, type ChatClient, type LineCodec } from "../check/index.js";
import { formatTerm, formatTime, type Micros, type TraceRecord } from "../sim/index.js";

/** Arrows drawn at most. */
export const MAX_ARROWS = 60;
/** Lanes drawn at most. */
export const MAX_LANES = 12;

/** What to draw. */
export interface FigureSpec {
  readonly title: string;
  /** Lines (sender, text) whose messages are drawn. */
  readonly lines: readonly { readonly sender: string; readonly text: string }[];
  /** Receipts to draw in red: receiver client and line. */
  readonly marks: readonly { readonly receiver: string; readonly sender: string; readonly text: string }[];
  readonly codec?: LineCodec;
}

type Kind = "line" | "red" | "context";

interface Arrow {
  from: string;
  to: string;
  t0: Micros;
  t1: Micros;
  label: string;
  /** Arrows of one group share one label (a line's copies from one lane). */
  group: string;
  dropped: boolean;
  kind: Kind;
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Character width of the monospace font at size 11, for placing labels. */
const CHAR_W = 6.6;
const LABEL_H = 12;

/** The SVG text of the figure. Deterministic: same records, same bytes. */
export function spaceTime(records: readonly TraceRecord[], clients: readonly ChatClient[], spec: FigureSpec): string {
  const codec = spec.codec ?? HANDOUT_CODEC;
  const want = new Set(spec.lines.map((l) => `${l.sender}\u0000${l.text}`));
  const red = new Set(spec.marks.map((m) => `${m.receiver}\u0000${m.sender}\u0000${m.text}`));
  const clientOf = new Map<string, string>();
  for (const c of clients) c.pids.forEach((p, i) => clientOf.set(p.key(), i === 0 ? c.name : `${c.name}.bg`));
  const nameOf = (key: string, node: string): string => clientOf.get(key) ?? node.split("@")[0]!;
  const baseName = (lane: string | undefined): string | null => (lane === undefined ? null : lane.replace(/\.bg$/, ""));
  const receivers = new Set(spec.marks.map((m) => m.receiver));
  const sent = new Map<number, { from: string; to: string; t: Micros; label: string; group: string; line: string | null; toClient: string | null }>();
  const all: Arrow[] = [];
  for (const r of records) {
    if (r.k === "send" && r.from !== null) {
      const toKey = r.to.key();
      const from = nameOf(r.from.key(), r.from.node);
      const to = nameOf(toKey, r.to.node);
      const toClient = baseName(clientOf.get(toKey));
      const l = codec.carried(r.msg);
      if (l !== null) {
        if (!want.has(`${l.sender}\u0000${l.text}`)) continue;
        const line = `${l.sender}\u0000${l.text}`;
        sent.set(r.id, { from, to, t: r.t, label: l.text, group: `${line}\u0000${from}`, line, toClient });
      } else if (receivers.has(baseName(clientOf.get(r.from.key())) ?? "") || receivers.has(toClient ?? "")) {
        // What a marked receiver exchanged with the system: its joins and leaves, the server's `exit`.
        const label = formatTerm(r.msg, r.to.node);
        sent.set(r.id, { from, to, t: r.t, label, group: `#${r.id}`, line: null, toClient });
      }
    } else if (r.k === "receive" || r.k === "drop") {
      const s = sent.get(r.id);
      if (s === undefined) continue;
      sent.delete(r.id);
      const isRed = r.k === "receive" && s.line !== null && s.toClient !== null && red.has(`${s.toClient}\u0000${s.line}`);
      all.push({ from: s.from, to: s.to, t0: s.t, t1: r.t, label: s.label, group: s.group, dropped: r.k === "drop", kind: s.line === null ? "context" : isRed ? "red" : "line" });
    }
  }
  // Context only while the lines are in the air: before or after, it is the chat's set-up.
  const lineArrows = all.filter((a) => a.kind !== "context");
  const w0 = Math.min(...lineArrows.map((a) => a.t0));
  const w1 = Math.max(...lineArrows.map((a) => a.t1));
  const inWindow = all.filter((a) => a.kind !== "context" || (a.t1 >= w0 && a.t0 <= w1));
  const lanes = chooseLanes(inWindow, spec, receivers);
  const arrows = inWindow.filter((a) => lanes.includes(a.from) && lanes.includes(a.to)).slice(0, MAX_ARROWS);
  if (arrows.length === 0) {
    return `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="40" font-family="monospace" font-size="11"><text x="10" y="24">${esc(spec.title)}: no message to draw</text></svg>\n`;
  }
  const shownLanes = lanes.filter((l) => arrows.some((a) => a.from === l || a.to === l));
  const hidden = new Set<string>();
  for (const a of inWindow) for (const n of [a.from, a.to]) if (!shownLanes.includes(n)) hidden.add(n);
  const t0 = Math.min(...arrows.map((a) => a.t0));
  const t1 = Math.max(...arrows.map((a) => a.t1));
  const W = 130;
  const H = 520;
  const top = 60;
  const left = 80;
  const x = (lane: string): number => left + shownLanes.indexOf(lane) * W;
  const y = (t: Micros): number => top + (t1 === t0 ? 0 : ((t - t0) / (t1 - t0)) * H);
  const width = left + Math.max(1, shownLanes.length) * W;
  const height = top + H + (hidden.size > 0 ? 56 : 40);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="monospace" font-size="11">`);
  out.push(
    `<defs><marker id="a" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#333"/></marker><marker id="r" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#c00"/></marker><marker id="c" markerWidth="8" markerHeight="8" refX="7" refY="4" orient="auto"><path d="M0,0 L8,4 L0,8 z" fill="#26c"/></marker></defs>`,
  );
  out.push(`<text x="10" y="18" font-size="13" font-weight="bold">${esc(spec.title)}</text>`);
  for (const l of shownLanes) {
    out.push(`<text x="${x(l)}" y="${top - 12}" text-anchor="middle" font-weight="bold">${esc(l)}</text>`);
    out.push(`<line x1="${x(l)}" y1="${top - 6}" x2="${x(l)}" y2="${top + H + 6}" stroke="#bbb"/>`);
  }
  out.push(`<text x="8" y="${top + 4}" fill="#666">${esc(formatTime(t0))}</text>`);
  out.push(`<text x="8" y="${top + H + 4}" fill="#666">${esc(formatTime(t1))}</text>`);
  const colour = (a: Arrow): string => (a.kind === "red" ? "#c00" : a.kind === "context" ? "#26c" : a.dropped ? "#999" : "#333");
  for (const a of arrows) {
    const [xa, ya, xb, yb] = [x(a.from), y(a.t0), x(a.to), y(a.t1)];
    const marker = a.kind === "red" ? "r" : a.kind === "context" ? "c" : "a";
    out.push(`<line x1="${xa}" y1="${ya.toFixed(1)}" x2="${xb}" y2="${yb.toFixed(1)}" stroke="${colour(a)}" stroke-width="${a.kind === "red" ? 2 : 1}"${a.dropped ? ' stroke-dasharray="4 3"' : ` marker-end="url(#${marker})"`}/>`);
    if (a.dropped) out.push(`<text x="${xb}" y="${(yb + 4).toFixed(1)}" text-anchor="middle" fill="#c00">✕</text>`);
  }
  for (const p of placeLabels(arrows, x, y, width)) out.push(`<text x="${p.x.toFixed(1)}" y="${p.y.toFixed(1)}" text-anchor="middle" fill="${colour(p.arrow)}">${esc(p.arrow.label)}</text>`);
  if (hidden.size > 0) out.push(`<text x="10" y="${top + H + 36}" fill="#666">${esc(`not drawn (${hidden.size} more lanes): ${[...hidden].slice(0, 8).join(", ")}${hidden.size > 8 ? ", …" : ""}`)}</text>`);
  out.push(`</svg>`);
  return out.join("\n") + "\n";
}

/**
 * At most `MAX_LANES` lanes, in the order they first appear: the marked receivers' lanes
 * and the lanes of red arrows first, then the senders' and servers' (every lane a drawn
 * arrow leaves from), then the rest.
 */
function chooseLanes(arrows: readonly Arrow[], spec: FigureSpec, receivers: ReadonlySet<string>): string[] {
  const order: string[] = [];
  for (const a of arrows) for (const n of [a.from, a.to]) if (!order.includes(n)) order.push(n);
  if (order.length <= MAX_LANES) return order;
  const senders = new Set(spec.lines.map((l) => l.sender));
  const rank = (lane: string): number => {
    const base = lane.replace(/\.bg$/, "");
    if (receivers.has(base) || arrows.some((a) => a.kind === "red" && (a.from === lane || a.to === lane))) return 0;
    if (senders.has(base)) return 1;
    if (arrows.some((a) => a.from === lane)) return 2;
    return 3;
  };
  const keep = new Set([...order].sort((p, q) => rank(p) - rank(q) || order.indexOf(p) - order.indexOf(q)).slice(0, MAX_LANES));
  return order.filter((l) => keep.has(l));
}

interface Placed {
  readonly arrow: Arrow;
  readonly x: number;
  readonly y: number;
}

/**
 * One label per group (red ones first, each red arrow its own), at the first point along its
 * arrow, from the sending end, where its box overlaps no label placed before; a label with
 * no free place is left out (its group's other arrows carry the same text).
 */
function placeLabels(arrows: readonly Arrow[], x: (lane: string) => number, y: (t: Micros) => number, width: number): Placed[] {
  const placed: Placed[] = [];
  const boxes: { x0: number; x1: number; y0: number; y1: number }[] = [];
  const labelled = new Set<string>();
  const order = [...arrows].sort((a, b) => (a.kind === "red" ? 0 : 1) - (b.kind === "red" ? 0 : 1));
  for (const a of order) {
    const key = a.kind === "red" ? `red\u0000${a.group}\u0000${a.to}` : a.group;
    // A process's message to itself has no length to write along; its group's other copies carry the label.
    if (labelled.has(key) || (a.from === a.to && a.kind !== "red")) continue;
    const [xa, ya, xb, yb] = [x(a.from), y(a.t0), x(a.to), y(a.t1)];
    const w = a.label.length * CHAR_W;
    for (const f of [0.5, 0.3, 0.7, 0.15, 0.85, 0.05, 0.95]) {
      let px = xa + (xb - xa) * f;
      const py = ya + (yb - ya) * f - 3;
      px = Math.min(Math.max(px, w / 2 + 2), width - w / 2 - 2);
      const box = { x0: px - w / 2, x1: px + w / 2, y0: py - LABEL_H + 2, y1: py + 2 };
      if (boxes.some((b) => b.x0 < box.x1 && box.x0 < b.x1 && b.y0 < box.y1 && box.y0 < b.y1)) continue;
      boxes.push(box);
      placed.push({ arrow: a, x: px, y: py });
      labelled.add(key);
      break;
    }
  }
  return placed;
}
