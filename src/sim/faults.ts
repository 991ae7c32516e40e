/**
 * Faults: named operations on a running simulation, scriptable on a timeline with
 * `sim.at(time, fault)`. Each is plain data, so a scenario's timeline can be printed,
 * traced and stored.
 */
import type { Latency } from "./latency.js";
import type { Name, Pid } from "./pid.js";
import type { Body } from "./process.js";

/** One fault or scripted action. */
export type Fault =
  /** The VM dies: every process ends, connections to it drop, in-flight messages are lost. */
  | { readonly op: "crash"; readonly node: string }
  /** A crashed node starts again: new incarnation, its boot script runs. */
  | { readonly op: "restart"; readonly node: string }
  /** `exit(Pid, Reason)` from outside (reason `kill` by default). */
  | { readonly op: "kill"; readonly target: Pid | Name; readonly reason?: unknown }
  /** The node's schedulers stop; messages still arrive. */
  | { readonly op: "pause"; readonly node: string }
  /** The node's schedulers run again. */
  | { readonly op: "resume"; readonly node: string }
  /**
   * Cut the links between every node of `a` and every node of `b`. Symmetric: connections
   * drop (in-flight lost, `noconnection`) and cannot be made again until healed. One-way:
   * only messages from `a` to `b` are dropped; the connection stays up.
   */
  | { readonly op: "partition"; readonly a: readonly string[]; readonly b: readonly string[]; readonly oneWay?: boolean }
  /** Undo partitions between `a` and `b` (both directions), or every partition when omitted. */
  | { readonly op: "heal"; readonly a?: readonly string[]; readonly b?: readonly string[] }
  /** Set the loss probability of the directed links from `from` to `to` (all when omitted). */
  | { readonly op: "set-loss"; readonly from?: readonly string[]; readonly to?: readonly string[]; readonly p: number }
  /** Set the latency of the directed links from `from` to `to` (all when omitted). */
  | { readonly op: "set-latency"; readonly from?: readonly string[]; readonly to?: readonly string[]; readonly latency: Latency }
  /** Put a message straight into a process's mailbox (garbage, a shell command, …). */
  | { readonly op: "inject"; readonly to: Pid | Name; readonly msg: unknown }
  /** Spawn a process on a node, as a shell command would (`server2:start(Boot)` at 5 s). */
  | { readonly op: "spawn"; readonly node: string; readonly body: Body; readonly register?: string; readonly label?: string };

/** The fault operations. */
export type FaultOp = Fault["op"];
