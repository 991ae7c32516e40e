/**
 * A scenario is typed data plus a build function: the nodes and network, the processes on
 * them, the workload and the fault timeline, the parameters a user may override, and the
 * checks it evaluates. Building is deterministic in (seed, params); running and judging
 * live in `run.ts`.
 */
import type { ChatLog, LineCodec, ServerView, Status } from "../check/index.js";
import type { Terminal, Timed } from "../nodes/index.js";
import type { Micros, ObserveRecord, Pid, Simulation, TraceMode, TraceRecord } from "../sim/index.js";
import type { ChatWorld } from "./chat.js";
import type { IdleWorld } from "./idle.js";
import type { TheyChatWorld } from "./theychat.js";
import type { CustomSpec } from "./customChecks.js";
import type { ParamSpec, ParamValues } from "./params.js";

/** A world as data, by its system. */
export type World = ChatWorld | TheyChatWorld | IdleWorld;

/** Where a scenario belongs in the assignment (`file`: read from a scenario file). */
export type Group = "milestone" | "question" | "failure" | "theychat" | "idle" | "file";

/** A check a scenario asks for. The ordering and delivery checks read the chat log. */
export type CheckSpec =
  | { readonly kind: "fifo" | "issue-order" | "total-order" | "causal" | "reply-order" | "completeness" | "duplicates" }
  /** Question (f): a client joining or leaving mid-broadcast gets exactly what its server took while it was in. */
  | { readonly kind: "join-during-broadcast" | "leave-during-broadcast" }
  /** Every line sent from `from` on reaches every client in the chat (recovery). */
  | { readonly kind: "liveness"; readonly from: Micros }
  /** The live servers' lists agree at the end. */
  | { readonly kind: "membership" }
  /** A scenario's own claim about the screens or the trace, e.g. "clients were told"; `spec` is its data form (see customChecks.ts), when it has one. */
  | { readonly kind: "custom"; readonly name: string; readonly judge: (run: Judged) => CustomVerdict; readonly spec?: CustomSpec };

/**
 * What a custom check concludes: `holds`, `violated`, or `vacuous` when the run gave the
 * claim nothing to judge (a claim about replies when no reply was sent); a line, and one
 * fact per violation.
 */
export interface CustomVerdict {
  readonly status: Status;
  readonly detail: string;
  readonly evidence?: readonly string[];
}

/** A screen entry as the JSON output gives it. */
export interface JsonScreenEntry {
  readonly at: Micros;
  readonly event: "join" | "leave" | "message" | "exit" | "typed" | "other";
  readonly name?: string;
  readonly text?: string;
}

/**
 * A user's terminal, whatever the system: the handout's client, a TheyChat client or a
 * telnet session. Its `name` and `pids` make it a client for the chat log.
 */
export interface ClientView {
  readonly name: string;
  readonly node: string;
  readonly pids: readonly Pid[];
  readonly entries: readonly { readonly t: Micros; readonly kind: string }[];
  /** The line the terminal prints for an entry (null: nothing). */
  format(e: ClientView["entries"][number]): string | null;
  /** The entry in the JSON output's shape. */
  json(e: ClientView["entries"][number]): JsonScreenEntry;
}

/**
 * A terminal as a view, given how its events print. Events that are chat events
 * (`join`, `leave`, `message`, `exit` with `name`/`text`) and lines the user typed
 * (`typed`, with `text`: TheyChat's and the telnet users') keep their kind in the JSON
 * output; any other is `other`, with its printed line as text, unless `jsonOf` gives its
 * JSON entry (a telnet session's `closed` is the JSON output's `exit`).
 */
export function terminalView<E extends { readonly kind: string }>(s: Terminal<E>, format: (e: Timed<E>) => string | null, jsonOf?: (e: Timed<E>) => JsonScreenEntry | undefined): ClientView {
  const json = (e: Timed<E>): JsonScreenEntry => {
    const own = jsonOf?.(e);
    if (own !== undefined) return own;
    const x = e as Timed<E> & { readonly name?: string; readonly text?: string };
    switch (x.kind) {
      case "join":
      case "leave":
        return { at: x.t, event: x.kind, name: x.name! };
      case "message":
        return { at: x.t, event: "message", name: x.name!, text: x.text! };
      case "exit":
        return { at: x.t, event: "exit" };
      case "typed":
        return { at: x.t, event: "typed", text: x.text! };
      default:
        return { at: x.t, event: "other", text: format(e) ?? x.kind };
    }
  };
  // pids and entries are read when asked for: a screen may be read from the trace as the run goes on.
  return {
    name: s.name,
    node: s.node,
    get pids() {
      return s.pids;
    },
    get entries() {
      return s.entries;
    },
    format: (e) => format(e as Timed<E>),
    json: (e) => json(e as Timed<E>),
  };
}

/** The trace a check reads: its records (a run keeps them all) and its observations. */
export interface TraceView {
  readonly records: readonly TraceRecord[];
  readonly observations: readonly ObserveRecord[];
}

/** What a custom check may look at: the trace and what is read from it (the terminals, the chat log), never the Simulation. */
export interface Judged {
  readonly trace: TraceView;
  readonly clients: readonly ClientView[];
  readonly log: ChatLog;
}

/** How a scenario's views are read from a trace: functions of the trace alone, never of the Simulation. */
export interface Readers {
  /** The users' terminals, in a stable order (read as the trace grows). */
  clients(trace: TraceView): readonly ClientView[];
  /** The servers' lists at the trace's end, for `membership`. */
  servers?(trace: TraceView): ServerView[];
}

/** What `build` returns: a simulation ready to run and the handles to judge it. */
export interface Built {
  readonly sim: Simulation;
  /** Run until this virtual time, or quiescence if sooner. */
  readonly until: Micros;
  /** The users' terminals, in a stable order: `read.clients(sim.trace)`. */
  readonly clients: readonly ClientView[];
  /** What the checks judge, read from a trace (this run's, or any other's of the same build). */
  readonly read: Readers;
  /**
   * The protocol's chat lines (default: the handout's); null when its lines are free text no
   * message carries as a chat line (the idle chat's, over telnet): no line metrics are read.
   */
  readonly codec?: LineCodec | null;
  readonly checks: readonly CheckSpec[];
}

/** How a build is asked for. */
export interface BuildContext {
  readonly seed: number;
  readonly params: ParamValues;
  readonly trace: TraceMode;
}

/** A named scenario. */
export interface Scenario {
  /** The name users type: `ms1`, `q-d`, `theychat-router-crash`. */
  readonly name: string;
  readonly group: Group;
  /** One line, for `chatty-sim list`. */
  readonly title: string;
  /** What it shows and how, a few sentences, for run output and reports. */
  readonly about: string;
  readonly params: readonly ParamSpec[];
  build(ctx: BuildContext): Built;
  /** The scenario's world as data, before it is built: what `chatty-sim export` writes. */
  readonly world?: (ctx: BuildContext) => World;
}
