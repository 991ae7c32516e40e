/**
 * The trace: a structured record of everything that happens in a run, in the order the
 * kernel does it. Records are typed; their canonical JSON lines are the run's bytes, and the
 * SHA-256 of those lines is the run's identity (`traceHash`). Three modes: `off` (nothing,
 * for speed), `hash` (each line hashed as it is made, nothing kept; a long run's lines written
 * and hashed on a helper thread, `hashStream.ts`) and `full` (records kept for checkers; lines and hash made
 * on demand).
 */
import { Name, Pid, Ref } from "./pid.js";
import { LineHash } from "./hashStream.js";
import { canonicalJson, pidJson } from "./term.js";
import { copyTerm, MAX_TERM_DEPTH } from "./termCopy.js";
import type { Micros } from "./time.js";

/** Why a message or signal never reached a mailbox. */
export type DropReason =
  /** the link lost it (loss probability) */
  | "loss"
  /** a partition stood between the nodes, at send time or while it was in flight */
  | "partition"
  /** no process with that pid is alive */
  | "noproc"
  /** `{Name, Node}` with no process registered as Name on Node */
  | "unregistered"
  /** the pid belongs to an earlier incarnation of a restarted node */
  | "old-incarnation"
  /** the destination node was down, or went down while it was in flight */
  | "node-down"
  /** a `DOWN` for a monitor that was removed with `demonitor` first */
  | "demonitored"
  /** an exit signal for a link that no longer exists */
  | "unlinked";

/** Which signal a `signal` record carries. */
export type SignalKind = "exit" | "down" | "link" | "monitor" | "alive";

/** Where a message was addressed. */
export type Address = Pid | Name;

/** One thing that happened. `t` is virtual time in microseconds. */
export type TraceRecord =
  | { t: Micros; k: "send"; id: number; from: Pid | null; to: Address; msg: unknown }
  | { t: Micros; k: "signal"; id: number; sig: SignalKind; from: Pid | null; to: Address; reason: unknown; ref: Ref | null }
  | { t: Micros; k: "deliver"; id: number; to: Pid }
  | { t: Micros; k: "drop"; id: number; reason: DropReason }
  | { t: Micros; k: "receive"; id: number; pid: Pid }
  | { t: Micros; k: "timeout"; pid: Pid }
  | { t: Micros; k: "spawn"; pid: Pid; parent: Pid | null; label: string }
  | { t: Micros; k: "exit"; pid: Pid; reason: unknown }
  | { t: Micros; k: "register"; name: string; pid: Pid }
  | { t: Micros; k: "unregister"; name: string; pid: Pid }
  | { t: Micros; k: "log"; pid: Pid; text: string }
  | { t: Micros; k: "connection"; a: string; b: string; up: boolean; reason: DropReason | null }
  | { t: Micros; k: "fault"; op: string; detail: unknown }
  /** What a process reports seeing (`Proc.observe`): a client's screen line, a server's list. */
  | ObserveRecord;

/** An observation (`Proc.observe`): `pid` reports `event` about `subject` (e.g. `screen:John`). */
export interface ObserveRecord {
  t: Micros;
  k: "observe";
  pid: Pid;
  subject: string;
  event: unknown;
}

/** The trace kinds, for exhaustive handling. */
export type TraceKind = TraceRecord["k"];

/** How much of the trace to make. */
export type TraceMode = "off" | "hash" | "full";

/** Collects records, or only their hash, or nothing. */
export class Trace {
  /** Records kept (mode `full` only). */
  readonly records: TraceRecord[] = [];
  /**
   * The observation records, kept in every mode (also `off`): checks and screens are read
   * from them, and a run without a trace is still judged.
   */
  readonly observations: ObserveRecord[] = [];
  /** True unless the mode is `off`: callers skip building records when false. */
  readonly on: boolean;
  /** Whether the mode is `full` (every record kept). */
  private readonly full: boolean;
  /** The canonical lines and their SHA-256, written here or on the hash thread (`hashStream.ts`). */
  private readonly writer: LineHash | null;
  /**
   * The last message written and its JSON, kept until `newStep`: a broadcast sends one message
   * to every peer in one step, and it is written once instead of once per peer. A frozen term
   * is shared, and known again by identity; any other gives each peer its own copy
   * (`termCopy.ts`), known again by its content (`sameAs`, against the keys of the last one).
   */
  private lastMsg: object | null = null;
  private lastMsgJson = "";
  /** `Object.keys(lastMsg)` when it is a plain object (else null): a copy is compared against them (`sameAs`). */
  private lastKeys: string[] | null = null;
  /**
   * Mode `full`: the trace's own copy of the last message recorded, shared by the records of
   * one broadcast until `newStep`. The records never hold a receiver's copy, which it may change.
   */
  private lastKept: object | null = null;
  private count = 0;
  /** Records of `records` already written to the hash (mode `full`). */
  private hashed = 0;
  /** The digest as of `digestAt` records: a run may go on after `hash()`, so it is recomputed when stale. */
  private digest: string | null = null;
  private digestAt = -1;

  /** A trace in the given mode. */
  constructor(readonly mode: TraceMode) {
    this.on = mode !== "off";
    this.full = mode === "full";
    this.writer = mode === "off" ? null : new LineHash();
  }

  /** Bytes of canonical lines written so far (0 in mode `off`; in mode `full`, those hashed so far). */
  get bytes(): number {
    return this.writer?.bytes ?? 0;
  }

  /** Whether the lines are hashed on the hash thread (`hashStream.ts`: a run that has written many). */
  get hashOffloaded(): boolean {
    return this.writer?.offloaded ?? false;
  }

  /** Records held in memory: every record in mode `full`; else the observations, kept in every mode. */
  get held(): number {
    return this.full ? this.records.length : this.observations.length;
  }

  /** Number of records made (in any mode but `off`). */
  get length(): number {
    return this.count;
  }

  /** The kernel calls this when a process step begins: a cached message JSON is not reused across steps. */
  newStep(): void {
    this.lastMsg = null;
    this.lastKept = null;
  }

  /** Adds a `deliver` record (the kernel's hot path: in mode `hash` no record object is made). */
  deliver(t: Micros, id: number, to: Pid): void {
    if (this.full) this.add({ t, k: "deliver", id, to });
    else if (this.writer !== null) {
      this.count++;
      this.writer.deliver(t, id, to);
    }
  }

  /** Adds a `receive` record (hot path, as `deliver`). */
  receive(t: Micros, id: number, pid: Pid): void {
    if (this.full) this.add({ t, k: "receive", id, pid });
    else if (this.writer !== null) {
      this.count++;
      this.writer.receive(t, id, pid);
    }
  }

  /** Adds a `send` record (hot path, as `deliver`). */
  send(t: Micros, id: number, from: Pid | null, to: Address, msg: unknown): void {
    if (this.full) this.add({ t, k: "send", id, from, to, msg: this.kept(msg) });
    else if (this.writer !== null) {
      this.count++;
      this.writer.send(t, id, from, to, this.msgJson(msg));
    }
  }

  /** A message's canonical JSON, made once per step for the copies of one message. */
  private msgJson(msg: unknown): string {
    if (typeof msg !== "object" || msg === null) return canonicalJson(msg);
    const last = this.lastMsg;
    if (msg === last) return this.lastMsgJson;
    if (last !== null && (this.lastKeys !== null ? sameAs(msg, last, this.lastKeys) : sameTerm(msg, last))) {
      this.lastMsg = msg;
      return this.lastMsgJson;
    }
    this.lastMsgJson = canonicalJson(msg);
    this.lastKeys = Object.getPrototypeOf(msg) === Object.prototype ? Object.keys(msg) : null;
    this.lastMsg = msg;
    return this.lastMsgJson;
  }

  /** Adds an observation: kept whatever the mode, and a record like any other unless the mode is `off`. */
  observe(r: ObserveRecord): void {
    this.observations.push(r);
    if (this.on) this.add(r);
  }

  /** The message as a `full` trace keeps it: its own copy, one per step for the copies of one message. */
  private kept(msg: unknown): unknown {
    if (typeof msg !== "object" || msg === null) return msg;
    if (this.lastKept === null || !sameTerm(msg, this.lastKept)) this.lastKept = copyTerm(msg) as object;
    return this.lastKept;
  }

  /** Adds a record. */
  add(r: TraceRecord): void {
    this.count++;
    if (this.full) {
      this.records.push(r);
    } else if (this.writer !== null) {
      this.writer.write(r, r.k === "send" ? this.msgJson(r.msg) : undefined);
    }
  }

  /**
   * SHA-256 (hex) of the canonical lines so far; null when the mode is `off`. It may be
   * called at any time and again after more records: the running hash is never finalised
   * (a copy is), so a simulation can run on after reporting a hash.
   */
  hash(): string | null {
    const w = this.writer;
    if (w === null) return null;
    if (this.digestAt === this.count) return this.digest;
    if (this.full) {
      const rs = this.records;
      // A broadcast's records share one message object (`kept`): its JSON is made once.
      let lastMsg: unknown = undefined;
      let lastJson = "";
      for (let i = this.hashed; i < rs.length; i++) {
        const r = rs[i]!;
        if (r.k === "send" && typeof r.msg === "object" && r.msg !== null) {
          if (r.msg !== lastMsg && !sameTerm(r.msg, lastMsg)) {
            lastMsg = r.msg;
            lastJson = canonicalJson(r.msg);
          }
          w.write(r, lastJson);
        } else {
          w.write(r);
        }
      }
      this.hashed = rs.length;
    }
    this.digest = w.digest();
    this.digestAt = this.count;
    return this.digest;
  }

  /** The canonical JSON lines (mode `full` only), each ending in a newline. */
  *lines(): Generator<string> {
    for (const r of this.records) yield recordJson(r);
  }
}

/**
 * A record's canonical JSON line (with its newline): byte for byte `canonicalJson(r) + "\n"`,
 * written field by field in sorted key order for each kind, so that the hot path neither
 * lists nor sorts the record's keys. It relies on records having exactly their kind's fields,
 * as the kernel's always do; `test/sim/recordJson.test.ts` compares the two on every kind.
 */
export function recordJson(r: TraceRecord): string {
  const t = num(r.t);
  switch (r.k) {
    case "send":
      return sendJson(r, canonicalJson(r.msg));
    case "deliver":
      return `{"id":${num(r.id)},"k":"deliver","t":${t},"to":${pidJson(r.to)}}\n`;
    case "receive":
      return `{"id":${num(r.id)},"k":"receive","pid":${pidJson(r.pid)},"t":${t}}\n`;
    case "signal":
      return `{"from":${canonicalJson(r.from)},"id":${num(r.id)},"k":"signal","reason":${canonicalJson(r.reason)},"ref":${canonicalJson(r.ref)},"sig":${JSON.stringify(r.sig)},"t":${t},"to":${canonicalJson(r.to)}}\n`;
    case "drop":
      return `{"id":${num(r.id)},"k":"drop","reason":${JSON.stringify(r.reason)},"t":${t}}\n`;
    case "timeout":
      return `{"k":"timeout","pid":${pidJson(r.pid)},"t":${t}}\n`;
    case "spawn":
      return `{"k":"spawn","label":${canonicalJson(r.label)},"parent":${canonicalJson(r.parent)},"pid":${pidJson(r.pid)},"t":${t}}\n`;
    case "exit":
      return `{"k":"exit","pid":${pidJson(r.pid)},"reason":${canonicalJson(r.reason)},"t":${t}}\n`;
    case "register":
    case "unregister":
      return `{"k":${JSON.stringify(r.k)},"name":${canonicalJson(r.name)},"pid":${pidJson(r.pid)},"t":${t}}\n`;
    case "log":
      return `{"k":"log","pid":${pidJson(r.pid)},"t":${t},"text":${canonicalJson(r.text)}}\n`;
    case "connection":
      return `{"a":${canonicalJson(r.a)},"b":${canonicalJson(r.b)},"k":"connection","reason":${canonicalJson(r.reason)},"t":${t},"up":${canonicalJson(r.up)}}\n`;
    case "fault":
      return `{"detail":${canonicalJson(r.detail)},"k":"fault","op":${canonicalJson(r.op)},"t":${t}}\n`;
    case "observe":
      return `{"event":${canonicalJson(r.event)},"k":"observe","pid":${pidJson(r.pid)},"subject":${canonicalJson(r.subject)},"t":${t}}\n`;
  }
}

/** A send record's line, given its message's JSON. */
function sendJson(r: TraceRecord & { k: "send" }, msg: string): string {
  const to = r.to instanceof Pid ? pidJson(r.to) : canonicalJson(r.to);
  return `{"from":${r.from === null ? "null" : pidJson(r.from)},"id":${num(r.id)},"k":"send","msg":${msg},"t":${num(r.t)},"to":${to}}\n`;
}

/** A number as `canonicalJson` writes it. */
function num(n: number): string {
  return Number.isFinite(n) ? String(n) : JSON.stringify(String(n));
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * `sameTerm(a, b)` for a plain object `b` whose keys, `Object.keys(b)`, are already known: a
 * broadcast compares every receiver's copy with the previous one, and listing both objects'
 * keys each time costs more than the rest. `a`'s own enumerable keys are walked with `for…in`
 * (V8 checks `hasOwnProperty` from the enumeration cache), in order, against `bKeys`.
 */
function sameAs(a: object, b: object, bKeys: readonly string[]): boolean {
  if (Object.getPrototypeOf(a) !== Object.prototype) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  let i = 0;
  for (const k in x) {
    if (!hasOwn.call(x, k)) continue;
    if (i === bKeys.length || k !== bKeys[i]) return false;
    const v = x[k];
    const w = y[k];
    if (v !== w && !sameTerm(v, w, 1)) return false;
    i++;
  }
  return i === bKeys.length;
}

/**
 * Whether two copies made by `copyTerm` are the same term, key order and all, so that they
 * write the same canonical JSON. Meant for copies (plain data, no Proxy, no getter); it may
 * say "different" of equal terms it does not look into (Maps, Sets, Dates, typed arrays,
 * distinct pid objects), never "the same" of different ones.
 */
export function sameTerm(a: unknown, b: unknown, depth = 0): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null || depth >= MAX_TERM_DEPTH) return false;
  const proto = Object.getPrototypeOf(a) as object | null;
  if (proto !== Object.getPrototypeOf(b)) return false;
  if (proto === Array.prototype) {
    const x = a as unknown[];
    const y = b as unknown[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) {
      if (!sameTerm(x[i], y[i], depth + 1) || (x[i] === undefined && i in x !== i in y)) return false;
    }
    return true;
  }
  if (proto !== Object.prototype && (a instanceof Map || a instanceof Set || a instanceof Date || ArrayBuffer.isView(a) || a instanceof Pid || a instanceof Ref || a instanceof Name || a instanceof Error)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const x = a as Record<string, unknown>;
  const y = b as Record<string, unknown>;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i]!;
    if (k !== kb[i] || !sameTerm(x[k], y[k], depth + 1)) return false;
  }
  return true;
}
