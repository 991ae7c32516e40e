/**
 * Faults: named operations on a running simulation, scriptable on a timeline with
 * `sim.at(time, fault)`. Each is plain data, so a scenario's timeline can be printed,
 * traced and stored; `applyFault` is what each does to a run.
 */
import { ConfigError } from "./errors.js";
import type { Kernel } from "./kernel.js";
import { type Latency, validateLatency } from "./latency.js";
import { connectionDown, halfDown, heal, linksBetween, partition, tickTimeout } from "./network.js";
import type { VmNode } from "./node.js";
import { Name, Pid } from "./pid.js";
import { type Body, EXITED } from "./process.js";
import { KILL } from "./signals.js";
import type { Micros } from "./time.js";

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
   * Cut the links between every node of `a` and every node of `b`. Symmetric: nothing
   * crosses and no connection can be made until healed; a connection that is up holds what
   * reaches the cut and goes down (held and in-flight lost, `noconnection`) only when a
   * node's tick time runs out first (`partition` in `network.ts`). One-way: only messages
   * from `a` to `b` are dropped; the connection stays up.
   */
  | { readonly op: "partition"; readonly a: readonly string[]; readonly b: readonly string[]; readonly oneWay?: boolean }
  /** Undo partitions between `a` and `b` (both directions), or every partition when omitted: what a cut held arrives. */
  | { readonly op: "heal"; readonly a?: readonly string[]; readonly b?: readonly string[] }
  /**
   * Not scripted: scheduled by a symmetric partition for when the first node's ticker would
   * notice the cut. Traced only if it takes the connection down (the cut may have healed).
   */
  | { readonly op: "tick-timeout"; readonly a: string; readonly b: string }
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

/** Checks a fault scheduled at `t` (throws `ConfigError`). */
export function validateFault(k: Kernel, t: Micros, fault: Fault): void {
  if (!Number.isInteger(t) || t < k.now) throw new ConfigError(`fault ${fault.op} at ${t}: time must be an integer not before now (${k.now})`);
  if (fault.op === "set-latency") validateLatency(fault.latency, `fault set-latency at ${t}`);
  if (fault.op === "set-loss" && !(typeof fault.p === "number" && fault.p >= 0 && fault.p <= 1)) {
    throw new ConfigError(`fault set-loss at ${t}: p must be a probability in [0, 1], got ${JSON.stringify(fault.p)}`);
  }
  if ((fault.op === "crash" || fault.op === "restart" || fault.op === "pause" || fault.op === "resume" || fault.op === "spawn") && !k.nodes.has(fault.node)) {
    throw new ConfigError(`fault ${fault.op} at ${t}: no node ${fault.node}`);
  }
}

/** Applies a fault now. */
export function applyFault(k: Kernel, f: Fault): void {
  if (f.op === "tick-timeout") return tickTimeout(k, f.a, f.b);
  if (k.trace.on) k.trace.add({ t: k.now, k: "fault", op: f.op, detail: f });
  switch (f.op) {
    case "crash":
      return crash(k, k.node(f.node));
    case "restart": {
      const n = k.node(f.node);
      crash(k, n);
      n.creation++;
      n.nextId = 1;
      n.up = true;
      k.boot(n);
      return;
    }
    case "kill":
      k.transmit({ kind: "exit", from: null, to: address(f.target), reason: f.reason ?? KILL }, k.now, null, null);
      return;
    case "pause":
      k.node(f.node).paused = true;
      return;
    case "resume": {
      const n = k.node(f.node);
      n.paused = false;
      k.sched.markDirty(n);
      return;
    }
    case "partition":
      return partition(k, f.a, f.b, f.oneWay === true);
    case "heal":
      return heal(k, f.a, f.b);
    case "set-loss":
      for (const l of linksBetween(k, f.from, f.to)) l.config = { ...l.config, loss: f.p };
      return;
    case "set-latency":
      for (const l of linksBetween(k, f.from, f.to)) l.config = { ...l.config, latency: f.latency };
      return;
    case "inject":
      k.transmit({ kind: "msg", from: null, to: address(f.to), msg: f.msg }, k.now, null, null);
      return;
    case "spawn": {
      // As typed at the node's shell: on a dead node nothing happens; a taken name fails
      // `register/2` with badarg in the shell after the process was already spawned (so
      // it runs, unregistered), and the shell prints the exception.
      const n = k.node(f.node);
      if (!n.up) return;
      const p = k.createProc(n, f.body, null, f.label ?? f.body.name);
      if (f.register === undefined) return;
      if (n.registry.has(f.register)) {
        k.print(p, k.now, `** exception error: bad argument in function register/2 (${f.register} is taken)`);
        return;
      }
      k.registerOn(n, f.register, p.pid);
      return;
    }
  }
}

/**
 * The node dies: its processes vanish without signals among themselves; its peers see
 * `noconnection`, at once, or, across a cut, once they notice (`halfDown`).
 */
function crash(k: Kernel, n: VmNode): void {
  if (!n.up) return;
  for (const p of n.procs.values()) {
    p.state = EXITED;
    p.gen = null;
    if (k.trace.on) k.trace.add({ t: k.now, k: "exit", pid: p.pid, reason: "node-down" });
  }
  n.wipe();
  n.up = false;
  n.paused = false;
  for (const conn of k.network.connectionsOf(n.name)) {
    // A connection this node's earlier incarnation left half down is not this one's.
    if (conn.gone === n.name) continue;
    if (conn.cut && conn.gone === null) halfDown(k, conn, n.name);
    else connectionDown(k, conn, "node-down");
  }
}

/** A destination as the kernel carries it: a pid, or a `Name` (a scenario may give a plain `{name, node}`). */
export function address(to: Pid | Name): Pid | Name {
  return to instanceof Pid ? to : new Name(to.name, to.node);
}
