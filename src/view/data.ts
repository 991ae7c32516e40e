/**
 * The viewer's data: a run's trace records, read as the canonical JSON lines give them
 * (pids as their keys `<node.id.creation>`), turned into lanes, events and checks that the
 * page embeds as JSON. Pure functions of the trace; the page and the tests compute the state
 * at a step with the same code (`state.ts`).
 */
import { formatAtom } from "../sim/term.js";

/** A trace record as its canonical JSON line parses (pids and names are strings). */
export type JsonRecord = { readonly t: number; readonly k: string } & Readonly<Record<string, unknown>>;

/** One process: a lane of the diagram. */
export interface Lane {
  readonly pid: string;
  readonly node: string;
  /** The spawn label (`server`, `client:John:bg`), or the pid when it was never spawned in the trace. */
  readonly label: string;
}

/** One trace record, as the page shows it. */
export interface ViewEvent {
  readonly t: number;
  readonly k: string;
  /** The process it happened at (the sender for sends and signals), or -1. */
  readonly lane: number;
  /** Message id (send, signal, deliver, drop, receive). */
  readonly id?: number;
  /** What it says, one line: the message, the exit reason, the log line, the fault. */
  readonly text: string;
  /** For sends and signals: the message's kind (its tag, or `signal:exit`…), for the filter. */
  readonly kind?: string;
  /** For sends: where it was addressed, as written. */
  readonly to?: string;
}

/** A piece of evidence and the events that make it (indexes into `events`). */
export interface ViewEvidence {
  readonly text: string;
  readonly events: readonly number[];
}

/** A check's verdict as the page shows it. */
export interface ViewCheck {
  readonly check: string;
  readonly status: string;
  readonly summary: string;
  readonly evidence: readonly ViewEvidence[];
}

/** A user's terminal: its name and the lanes of its processes. */
export interface ViewClient {
  readonly name: string;
  readonly lanes: readonly number[];
}

/** Everything the page shows. */
export interface ViewData {
  readonly title: string;
  /** The command that reproduces the run (empty for a trace file with nothing known about it). */
  readonly replay: string;
  readonly nodes: readonly string[];
  readonly lanes: readonly Lane[];
  readonly events: readonly ViewEvent[];
  readonly clients: readonly ViewClient[];
  readonly checks: readonly ViewCheck[];
}

/** What a run adds to its trace: a title, its replay command, its clients and verdicts. */
export interface RunMeta {
  readonly title: string;
  readonly replay: string;
  /** Clients by name and pid keys; when absent, read from spawn labels `client:Name…`. */
  readonly clients?: readonly { readonly name: string; readonly pids: readonly string[] }[];
  /** Verdicts, each piece of evidence with the trace positions it points at. */
  readonly checks?: readonly { readonly check: string; readonly status: string; readonly summary: string; readonly evidence: readonly { readonly text: string; readonly records: readonly number[] }[] }[];
}

/** The node part of a pid key `<node.id.creation>`. */
export function pidNode(pid: string): string {
  const inner = pid.slice(1, -1);
  const b = inner.lastIndexOf(".", inner.lastIndexOf(".") - 1);
  return b < 0 ? inner : inner.slice(0, b);
}

const isPidKey = (x: unknown): x is string => typeof x === "string" && x.startsWith("<") && x.endsWith(">");

/** Pids, refs and `{Name,Node}` addresses, which are strings in the trace and print bare. */
const BARE = /^(<.*>|\{.*\}|#Ref<.*>)$/;

/** An exit reason: a string stands for an atom (`formatReason`), unless it is a pid, ref or address. */
function reasonText(v: unknown): string {
  return typeof v === "string" && !BARE.test(v) ? formatAtom(v) : termText(v);
}

/** A term, short and Erlang-like: `{join,"John"}`, `[a,b]`; objects with a `tag` as tuples. */
export function termText(v: unknown): string {
  if (v === null || v === undefined) return "null";
  // Pids, refs and `{Name,Node}` addresses are strings in the trace: print them bare.
  if (typeof v === "string") return BARE.test(v) ? v : JSON.stringify(v);
  if (typeof v !== "object") return String(v);
  if (Array.isArray(v)) return `[${v.map(termText).join(",")}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => k !== "tag");
  if (typeof o["tag"] === "string") return `{${[o["tag"], ...keys.map((k) => termText(o[k]))].join(",")}}`;
  return `#{${keys.map((k) => `${k}=>${termText(o[k])}`).join(",")}}`;
}

/** A message's kind for the filter: its tag, else its JSON type. */
export function messageKind(msg: unknown): string {
  if (typeof msg === "object" && msg !== null && !Array.isArray(msg) && typeof (msg as { tag?: unknown }).tag === "string") return (msg as { tag: string }).tag;
  return Array.isArray(msg) ? "list" : typeof msg === "string" && !isPidKey(msg) ? "atom" : typeof msg;
}

/** Longest text kept per event: a page stays small however big the messages are. */
const MAX_TEXT = 160;
const cut = (s: string): string => (s.length > MAX_TEXT ? `${s.slice(0, MAX_TEXT - 1)}…` : s);

/** The viewer's data for a trace and what is known about its run. */
export function viewData(records: readonly JsonRecord[], meta: RunMeta): ViewData {
  const lanes: Lane[] = [];
  const laneOf = new Map<string, number>();
  const lane = (pid: unknown, label?: string): number => {
    if (!isPidKey(pid)) return -1;
    let i = laneOf.get(pid);
    if (i === undefined) {
      i = lanes.length;
      laneOf.set(pid, i);
      lanes.push({ pid, node: pidNode(pid), label: label ?? pid });
    }
    return i;
  };
  const events: ViewEvent[] = records.map((r) => eventOf(r, lane));
  // Lanes grouped by node, nodes in order of first appearance, lanes in spawn order within each.
  const nodes: string[] = [];
  for (const l of lanes) if (!nodes.includes(l.node)) nodes.push(l.node);
  const order = lanes.map((_, i) => i).sort((a, b) => nodes.indexOf(lanes[a]!.node) - nodes.indexOf(lanes[b]!.node) || a - b);
  const renumber = new Map(order.map((old, i) => [old, i]));
  const re = (i: number): number => (i < 0 ? i : renumber.get(i)!);
  const sortedLanes = order.map((i) => lanes[i]!);
  const sortedEvents = events.map((e) => ({ ...e, lane: re(e.lane) }));
  const pidLane = (pid: string): number => re(laneOf.get(pid) ?? -1);
  return {
    title: meta.title,
    replay: meta.replay,
    nodes,
    lanes: sortedLanes,
    events: sortedEvents,
    clients: (meta.clients ?? clientsFromLabels(sortedLanes)).map((c) => ({ name: c.name, lanes: c.pids.map(pidLane).filter((i) => i >= 0) })),
    checks: (meta.checks ?? []).map((c) => ({ check: c.check, status: c.status, summary: c.summary, evidence: c.evidence.map((e) => ({ text: e.text, events: e.records })) })),
  };
}

/** Clients named by spawn labels `client:Name` and `client:Name:…` (the handout's client), for a trace file. */
function clientsFromLabels(lanes: readonly Lane[]): { name: string; pids: string[] }[] {
  const out: { name: string; pids: string[] }[] = [];
  for (const l of lanes) {
    const m = /^client:([^:]+)/.exec(l.label);
    if (m === null) continue;
    let c = out.find((x) => x.name === m[1]);
    if (c === undefined) out.push((c = { name: m[1]!, pids: [] }));
    c.pids.push(l.pid);
  }
  return out;
}

function eventOf(r: JsonRecord, lane: (pid: unknown, label?: string) => number): ViewEvent {
  const t = r.t;
  const id = r["id"] as number;
  switch (r.k) {
    case "send":
      return { t, k: r.k, lane: lane(r["from"]), id, text: cut(termText(r["msg"])), kind: messageKind(r["msg"]), to: String(r["to"]) };
    case "signal":
      return { t, k: r.k, lane: lane(r["from"]), id, text: cut(`${r["sig"]} signal: ${reasonText(r["reason"])}`), kind: `signal:${r["sig"]}`, to: String(r["to"]) };
    case "deliver":
      return { t, k: r.k, lane: lane(r["to"]), id, text: "" };
    case "drop":
      return { t, k: r.k, lane: -1, id, text: String(r["reason"]) };
    case "receive":
      return { t, k: r.k, lane: lane(r["pid"]), id, text: "" };
    case "timeout":
      return { t, k: r.k, lane: lane(r["pid"]), text: "receive timed out (after)" };
    case "spawn":
      return { t, k: r.k, lane: lane(r["pid"], String(r["label"])), text: `spawned ${r["label"]}` };
    case "exit":
      return { t, k: r.k, lane: lane(r["pid"]), text: cut(`exit: ${reasonText(r["reason"])}`) };
    case "register":
    case "unregister":
      return { t, k: r.k, lane: lane(r["pid"]), text: `${r.k} ${r["name"]}` };
    case "log":
      return { t, k: r.k, lane: lane(r["pid"]), text: cut(String(r["text"])) };
    case "connection":
      return { t, k: r.k, lane: -1, text: `${r["a"]} ↔ ${r["b"]} ${r["up"] === true ? "up" : `down (${r["reason"]})`}` };
    case "fault":
      return { t, k: r.k, lane: -1, text: cut(faultText(String(r["op"]), r["detail"])) };
    case "observe":
      return { t, k: r.k, lane: lane(r["pid"]), text: cut(`observes ${r["subject"]}: ${termText(r["event"])}`) };
    default:
      return { t, k: r.k, lane: -1, text: cut(JSON.stringify(r)) };
  }
}

/** A fault for people: `crash server2@10.0.0.2`, `partition {a,b}`; the op is not repeated from the detail, a spawn's body not shown. */
function faultText(op: string, detail: unknown): string {
  if (typeof detail !== "object" || detail === null || Array.isArray(detail)) return `${op} ${termText(detail)}`;
  const d = detail as Record<string, unknown>;
  const rest = Object.keys(d).filter((k) => k !== "op" && k !== "body");
  return [op, ...rest.map((k) => (k === "node" ? String(d[k]) : `${k}=${termText(d[k])}`))].join(" ");
}

/** Parses a trace file's JSON lines; a bad line throws with its number. */
export function parseTraceLines(text: string): JsonRecord[] {
  const out: JsonRecord[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.trim() === "") continue;
    let r: unknown;
    try {
      r = JSON.parse(l);
    } catch {
      throw new Error(`line ${i + 1} is not JSON`);
    }
    if (typeof r !== "object" || r === null || typeof (r as { k?: unknown }).k !== "string" || typeof (r as { t?: unknown }).t !== "number") throw new Error(`line ${i + 1} is not a trace record`);
    out.push(r as JsonRecord);
  }
  if (out.length === 0) throw new Error("no trace records");
  return out;
}
