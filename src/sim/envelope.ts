/**
 * What travels between processes: a message or one of Erlang's signals, as one tagged
 * union. Every envelope has a sender (`from`, null for the runtime or the outside world) and
 * a destination (`to`, a pid or `{Name, Node}`), so a send is one call whatever it carries,
 * and every place that handles one switches over `kind` exhaustively.
 */
import type { Name, Pid, Ref } from "./pid.js";
import type { SignalKind } from "./trace.js";

/** `Dest ! Msg`, or a message the runtime generates (`{nodedown, Node}`). */
export interface MsgEnvelope {
  readonly kind: "msg";
  readonly from: Pid | null;
  readonly to: Pid | Name;
  readonly msg: unknown;
}

/** An exit signal sent because a linked process ended (or its link broke: `noconnection`, `noproc`). */
export interface LinkExitEnvelope {
  readonly kind: "link-exit";
  readonly from: Pid | null;
  readonly to: Pid | Name;
  readonly reason: unknown;
}

/** An exit signal sent with `exit(Pid, Reason)` (or the `kill` fault). */
export interface ExitEnvelope {
  readonly kind: "exit";
  readonly from: Pid | null;
  readonly to: Pid | Name;
  readonly reason: unknown;
}

/** A monitor fired: becomes `{'DOWN', Ref, process, Item, Reason}` at the watcher. */
export interface DownEnvelope {
  readonly kind: "down";
  /** The monitored process (null when it was monitored by a name nobody had, or by the runtime). */
  readonly from: Pid | null;
  readonly to: Pid | Name;
  readonly ref: Ref;
  readonly reason: unknown;
}

/** A link request (`link/1` to another node's process). */
export interface LinkEnvelope {
  readonly kind: "link";
  readonly from: Pid;
  readonly to: Pid | Name;
}

/** A monitor request (`monitor(process, Item)`). */
export interface MonitorEnvelope {
  readonly kind: "monitor";
  readonly from: Pid;
  readonly to: Pid | Name;
  readonly ref: Ref;
}

/** `is_process_alive(Pid)`'s question: answered when it reaches Pid, after every signal its sender sent before. */
export interface AliveEnvelope {
  readonly kind: "alive";
  readonly from: Pid;
  readonly to: Pid | Name;
  readonly ref: Ref;
}

/** Anything a process, the runtime or the outside world sends. */
export type Envelope = MsgEnvelope | LinkExitEnvelope | ExitEnvelope | DownEnvelope | LinkEnvelope | MonitorEnvelope | AliveEnvelope;

/** The signals (everything but a message). */
export type SignalEnvelope = Exclude<Envelope, MsgEnvelope>;

/** The name a signal has in the trace. */
export function signalKind(e: SignalEnvelope): SignalKind {
  switch (e.kind) {
    case "link-exit":
    case "exit":
      return "exit";
    case "down":
      return "down";
    case "link":
      return "link";
    case "monitor":
      return "monitor";
    case "alive":
      return "alive";
  }
}

/** A signal's exit reason, as the trace records it (null for requests). */
export function signalReason(e: SignalEnvelope): unknown {
  switch (e.kind) {
    case "link-exit":
    case "exit":
    case "down":
      return e.reason;
    case "link":
    case "monitor":
    case "alive":
      return null;
  }
}

/** A signal's reference (a monitor's, or an `is_process_alive` question's), as the trace records it (null for exits and links). */
export function signalRef(e: SignalEnvelope): Ref | null {
  switch (e.kind) {
    case "down":
    case "monitor":
    case "alive":
      return e.ref;
    case "link-exit":
    case "exit":
    case "link":
      return null;
  }
}
