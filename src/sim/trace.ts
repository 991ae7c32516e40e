/**
 * The trace: a structured record of everything that happens in a run, in the order the
 * kernel does it. Records are typed; their canonical JSON lines are the run's bytes, and the
 * SHA-256 of those lines is the run's identity (`traceHash`). Three modes: `off` (nothing,
 * for speed), `hash` (each line hashed as it is made, nothing kept) and `full` (records
 * kept for checkers; lines and hash made on demand).
 */
import { createHash, type Hash } from "node:crypto";
import type { Pid, Name, Ref } from "./pid.js";
import { canonicalJson } from "./term.js";
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
export type SignalKind = "exit" | "down" | "link" | "monitor";

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
  | { t: Micros; k: "fault"; op: string; detail: unknown };

/** The trace kinds, for exhaustive handling. */
export type TraceKind = TraceRecord["k"];

/** How much of the trace to make. */
export type TraceMode = "off" | "hash" | "full";

/** Collects records, or only their hash, or nothing. */
export class Trace {
  /** Records kept (mode `full` only). */
  readonly records: TraceRecord[] = [];
  /** True unless the mode is `off`: callers skip building records when false. */
  readonly on: boolean;
  private readonly hasher: Hash | null;
  private pending = "";
  private count = 0;
  /** Records of `records` already fed to the hasher (mode `full`). */
  private hashed = 0;
  /** The digest as of `digestAt` records: a run may go on after `hash()`, so it is recomputed when stale. */
  private digest: string | null = null;
  private digestAt = -1;

  /** A trace in the given mode. */
  constructor(readonly mode: TraceMode) {
    this.on = mode !== "off";
    this.hasher = mode === "off" ? null : createHash("sha256");
  }

  /** Number of records made (in any mode but `off`). */
  get length(): number {
    return this.count;
  }

  /** Adds a record. */
  add(r: TraceRecord): void {
    this.count++;
    if (this.mode === "full") {
      this.records.push(r);
    } else if (this.hasher !== null) {
      this.pending += canonicalJson(r) + "\n";
      // Hash in chunks: one crossing into native code per ~64 KB, not per record.
      if (this.pending.length > 65536) {
        this.hasher.update(this.pending);
        this.pending = "";
      }
    }
  }

  /**
   * SHA-256 (hex) of the canonical lines so far; null when the mode is `off`. It may be
   * called at any time and again after more records: the running hash is never finalised
   * (a copy is), so a simulation can run on after reporting a hash.
   */
  hash(): string | null {
    const h = this.hasher;
    if (h === null) return null;
    if (this.digestAt === this.count) return this.digest;
    if (this.mode === "full") {
      const rs = this.records;
      for (let i = this.hashed; i < rs.length; i++) {
        this.pending += canonicalJson(rs[i]) + "\n";
        if (this.pending.length > 65536) {
          h.update(this.pending);
          this.pending = "";
        }
      }
      this.hashed = rs.length;
    }
    h.update(this.pending);
    this.pending = "";
    this.digest = h.copy().digest("hex");
    this.digestAt = this.count;
    return this.digest;
  }

  /** The canonical JSON lines (mode `full` only), each ending in a newline. */
  *lines(): Generator<string> {
    for (const r of this.records) yield canonicalJson(r) + "\n";
  }
}
