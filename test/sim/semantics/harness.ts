/**
 * Shared helpers for the Erlang-semantics suite: a simulation with a predictable network
 * (constant latency, full trace) and small readers over its trace records, so each test can
 * assert what happened (messages received, exit reasons, drop reasons, times) in a line.
 */
import {
  latency,
  type Limits,
  type LinkConfig,
  type NetworkConfig,
  type Pid,
  Simulation,
  stackOf,
  type TraceRecord,
} from "../../../src/sim/index.js";

/** One-way latency between nodes in `sim()` unless overridden: 100 µs exactly. */
export const HOP = 100;
/** Delay between processes of one node (the default `network.local`), also taken by runtime-generated signals. */
export const LOCAL = 1;

/** Options for `sim()`. */
export interface SimOpts {
  readonly seed?: number;
  /** Overrides of the default link (constant HOP µs, no loss, process-pair FIFO). */
  readonly link?: Partial<LinkConfig>;
  readonly network?: Partial<NetworkConfig>;
  readonly limits?: Partial<Limits>;
  /** Node names to add with zero processing costs and one scheduler. */
  readonly nodes?: readonly string[];
  /** Their `netTicktime` (Erlang's 60 s by default). */
  readonly netTicktime?: number;
}

/**
 * A simulation in trace mode `full` whose default link is constant `HOP` µs, so arrival
 * times are exact. Nodes listed in `nodes` are added with zero costs (times depend only on
 * the network); add costly nodes with `sim.addNode` directly.
 */
export function sim(o: SimOpts = {}): Simulation {
  const s = new Simulation({
    seed: o.seed ?? 1,
    trace: "full",
    network: { default: { latency: latency.constant(HOP), loss: 0, duplicate: 0, ordering: "process-pair", ...o.link }, ...o.network },
    limits: o.limits,
  });
  for (const n of o.nodes ?? []) s.addNode({ name: n, receiveCost: 0, sendCost: 0, ...(o.netTicktime === undefined ? {} : { netTicktime: o.netTicktime }) });
  return s;
}

/** The trace records of kind `k`. */
export function recs<K extends TraceRecord["k"]>(s: Simulation, k: K): Extract<TraceRecord, { k: K }>[] {
  return s.trace.records.filter((r): r is Extract<TraceRecord, { k: K }> => r.k === k);
}

/** The exit reason the trace records for `pid` (undefined if it has not exited). */
export function exitReason(s: Simulation, pid: Pid): unknown {
  return recs(s, "exit").find((r) => r.pid === pid)?.reason;
}

/** Whether `pid` has an exit record. */
export function exited(s: Simulation, pid: Pid): boolean {
  return recs(s, "exit").some((r) => r.pid === pid);
}

/** The drop reasons of the sends whose message satisfies `pred`, in trace order. */
export function dropsOf(s: Simulation, pred: (msg: unknown) => boolean): string[] {
  const ids = new Set(recs(s, "send").filter((r) => pred(r.msg)).map((r) => r.id));
  return recs(s, "drop").filter((r) => ids.has(r.id)).map((r) => r.reason);
}

/** The delivery times of the sends whose message satisfies `pred`, in trace order. */
export function deliveryTimes(s: Simulation, pred: (msg: unknown) => boolean): number[] {
  const ids = new Set(recs(s, "send").filter((r) => pred(r.msg)).map((r) => r.id));
  return recs(s, "deliver").filter((r) => ids.has(r.id)).map((r) => r.t);
}

/** A message predicate: an object whose `tag` is `tag`. */
export const tagged =
  (tag: string) =>
  (m: unknown): boolean =>
    (m as { tag?: unknown } | null)?.tag === tag;

/** Whether `m` is a tagged object `{tag, ...}`; for receive patterns. */
export function isTag<T extends string>(tag: T): (m: unknown) => m is { tag: T } & Record<string, unknown> {
  return (m: unknown): m is { tag: T } & Record<string, unknown> => (m as { tag?: unknown } | null)?.tag === tag;
}

/** The exit reason of an uncaught error `reason` in a process labelled `label`: `{Reason, Stack}` with the stand-in stack (`crash.ts`). */
export function errorExit(reason: unknown, label = "anonymous"): unknown {
  return { tag: reason, stack: stackOf(label) };
}
