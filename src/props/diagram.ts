/**
 * A run as a text sequence diagram: one lane per process, time going down, one row per
 * message taken out of a mailbox (the arrow goes from its sender's lane to its receiver's,
 * at the time it was taken; the label says when it was sent), per message dropped (arrow
 * ending in `x`), per process exit and per fault. Rows that show a verdict's violating
 * delivery are marked `!!` at the left and `<== violation` at the right.
 *
 * ```
 *     time  server1  A      A.bg   B      B.bg
 *   1.04ms  |<-------o      |      |      |       {send,"A","A1"} (sent 1ms)
 * !!1.05ms  o---------------------------->|       {message,"A","A1"} (sent 1.04ms)  <== violation
 * ```
 */
import { HANDOUT_CODEC, type ChatClient, type Verdict } from "../check/index.js";
import { formatReason, formatTerm, formatTime, Name, type Micros, type Pid, type TraceRecord } from "../sim/index.js";

/** A lane: one process. */
interface Lane {
  readonly key: string;
  readonly label: string;
}

/** What a row draws. */
type Row =
  | { readonly kind: "arrow"; readonly t: number; readonly from: number | null; readonly to: number; readonly end: ">" | "x"; readonly label: string; readonly mark: boolean }
  | { readonly kind: "point"; readonly t: number; readonly at: number; readonly glyph: string; readonly label: string }
  | { readonly kind: "banner"; readonly t: number; readonly label: string };

/** A client as the diagram needs it: its name and processes (main task first, then background). */
export type DiagramClient = ChatClient;

/** What to mark, and the verdict to print under the diagram. */
export interface DiagramOpts {
  readonly marks?: readonly Mark[];
  readonly verdict?: Verdict;
  /** Leave out the lanes of processes that no row touches (a focused excerpt of a big run). */
  readonly usedLanesOnly?: boolean;
}

/**
 * Draws the run whose trace is `records`. `clients` name the client lanes (`A` for the main
 * task, `A.bg` for the background task); servers are named after their node. The
 * deliveries in `marks` are marked; a violated `verdict` is printed underneath.
 */
export function sequenceDiagram(records: readonly TraceRecord[], clients: readonly DiagramClient[], opts: DiagramOpts = {}): string {
  const clientLabel = new Map<string, string>();
  for (const c of clients) c.pids.forEach((p, i) => clientLabel.set(p.key(), i === 0 ? c.name : `${c.name}.bg`));
  const lanes: Lane[] = [];
  const laneOf = new Map<string, number>();
  const addLane = (pid: Pid, label: string): void => {
    if (laneOf.has(pid.key())) return;
    laneOf.set(pid.key(), lanes.length);
    lanes.push({ key: pid.key(), label: clientLabel.get(pid.key()) ?? label });
  };
  for (const r of records) if (r.k === "spawn") addLane(r.pid, `${r.pid.node.split("@")[0]}${r.label.startsWith("server") ? "" : `:${r.label}`}`);

  const marks = marked(records, clients, opts.marks ?? []);
  const sent = new Map<number, { from: Pid | null; to: Pid | Name; label: string }>();
  const rows: Row[] = [];
  const laneFor = (to: Pid | Name): number | undefined => (to instanceof Name ? undefined : laneOf.get(to.key()));
  for (const r of records) {
    switch (r.k) {
      case "send":
        // A message prints as its receiver's node would print it (`<0.X.0>` for its own pids).
        sent.set(r.id, { from: r.from, to: r.to, label: `${formatTerm(r.msg, r.to.node)} (sent ${formatTime(r.t)})` });
        break;
      case "signal":
        if (r.sig === "down" || r.sig === "exit") sent.set(r.id, { from: r.from, to: r.to, label: `${r.sig === "down" ? "DOWN" : "EXIT"} ${formatReason(r.reason, r.to.node)} (sent ${formatTime(r.t)})` });
        break;
      case "receive": {
        const s = sent.get(r.id);
        const to = laneOf.get(r.pid.key());
        if (s === undefined || to === undefined) break;
        const from = s.from === null ? null : (laneOf.get(s.from.key()) ?? null);
        rows.push({ kind: "arrow", t: r.t, from, to, end: ">", label: s.label, mark: marks.has(r.id) });
        break;
      }
      case "drop": {
        const s = sent.get(r.id);
        if (s === undefined) break;
        const from = s.from === null ? null : (laneOf.get(s.from.key()) ?? null);
        const to = laneFor(s.to) ?? from;
        if (to === null || to === undefined) break;
        const where = s.to instanceof Name ? ` to ${s.to.toString()}` : "";
        rows.push({ kind: "arrow", t: r.t, from: to === from ? null : from, to, end: "x", label: `${s.label}${where} dropped: ${r.reason}`, mark: false });
        break;
      }
      case "exit": {
        const at = laneOf.get(r.pid.key());
        if (at !== undefined) rows.push({ kind: "point", t: r.t, at, glyph: "#", label: `${lanes[at]!.label} exits: ${formatReason(r.reason, r.pid.node)}` });
        break;
      }
      case "fault":
        if (r.op !== "spawn") rows.push({ kind: "banner", t: r.t, label: `fault: ${r.op} ${formatTerm(r.detail)}` });
        break;
      default:
        break;
    }
  }
  return opts.usedLanesOnly === true ? renderUsed(lanes, rows, opts.verdict) : render(lanes, rows, opts.verdict);
}

/** `render` with only the lanes some row touches, renumbered. */
function renderUsed(lanes: readonly Lane[], rows: readonly Row[], verdict?: Verdict): string {
  const used = new Set<number>();
  for (const r of rows) {
    if (r.kind === "arrow") {
      used.add(r.to);
      if (r.from !== null) used.add(r.from);
    } else if (r.kind === "point") used.add(r.at);
  }
  const index = new Map<number, number>();
  const kept = lanes.filter((_l, i) => used.has(i) && index.set(i, index.size) !== undefined);
  const re = (i: number): number => index.get(i)!;
  const moved = rows.map((r): Row => (r.kind === "arrow" ? { ...r, to: re(r.to), from: r.from === null ? null : re(r.from) } : r.kind === "point" ? { ...r, at: re(r.at) } : r));
  return render(kept, moved, verdict);
}

/** A delivery to mark: `receiver` showing `[sender] text`, at time `at` when given (else every such showing). */
export interface Mark {
  readonly receiver: string;
  readonly sender: string;
  readonly text: string;
  readonly at?: Micros;
}

/** Receive ids of the marked deliveries. */
function marked(records: readonly TraceRecord[], clients: readonly DiagramClient[], marks: readonly Mark[]): Set<number> {
  const out = new Set<number>();
  if (marks.length === 0) return out;
  const client = new Map<string, string>();
  for (const c of clients) for (const p of c.pids) client.set(p.key(), c.name);
  const sentMsg = new Map<number, unknown>();
  for (const r of records) {
    if (r.k === "send") sentMsg.set(r.id, r.msg);
    if (r.k !== "receive") continue;
    const who = client.get(r.pid.key());
    const line = who === undefined ? null : HANDOUT_CODEC.shown(sentMsg.get(r.id));
    if (line === null) continue;
    if (marks.some((m) => m.receiver === who && m.sender === line.sender && m.text === line.text && (m.at === undefined || m.at === r.t))) out.add(r.id);
  }
  return out;
}

function render(lanes: readonly Lane[], rows: readonly Row[], verdict?: Verdict): string {
  const width = Math.max(8, ...lanes.map((l) => l.label.length + 2));
  const centre = (i: number): number => i * width;
  const total = lanes.length * width;
  const timeWidth = Math.max(6, ...rows.map((r) => formatTime(r.t).length));
  const blank = (): string[] => {
    const cs = Array.from({ length: total }, () => " ");
    for (let i = 0; i < lanes.length; i++) cs[centre(i)] = "|";
    return cs;
  };
  const out: string[] = [];
  out.push(`${" ".repeat(timeWidth + 2)}  ${lanes.map((l) => l.label.padEnd(width)).join("")}`.trimEnd());
  for (const r of rows) {
    let cs: string[];
    let label: string;
    let mark = false;
    switch (r.kind) {
      case "banner":
        cs = Array.from({ length: total }, () => "~");
        label = r.label;
        break;
      case "point":
        cs = blank();
        cs[centre(r.at)] = r.glyph;
        label = r.label;
        break;
      case "arrow": {
        cs = blank();
        const b = centre(r.to);
        if (r.from === null || r.from === r.to) {
          cs[b] = r.end === "x" ? "x" : "@";
          label = r.from === r.to ? `${r.label} (to itself)` : r.label;
        } else {
          const a = centre(r.from);
          const step = a < b ? 1 : -1;
          for (let x = a + step; x !== b; x += step) cs[x] = "-";
          cs[a] = "o";
          cs[b - step] = r.end === "x" ? "x" : step > 0 ? ">" : "<";
          label = r.label;
        }
        mark = r.mark;
        break;
      }
    }
    const line = `${mark ? "!!" : "  "}${formatTime(r.t).padStart(timeWidth)}  ${cs.join("")}  ${label}${mark ? "  <== violation" : ""}`;
    out.push(line.trimEnd());
  }
  if (verdict !== undefined && verdict.status === "violated") {
    out.push("", `${verdict.check}: ${verdict.summary}`, ...verdict.evidence.map((e) => `  ${e.text}`));
  }
  return out.join("\n");
}
