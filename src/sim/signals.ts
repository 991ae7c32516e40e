/**
 * The messages the runtime itself puts in mailboxes: `{'EXIT', From, Reason}` for a trapped
 * exit signal, `{'DOWN', Ref, process, Pid, Reason}` for a monitor and `{nodedown, Node}`
 * for `monitor_node`. Written as tagged objects like every other message. And what the
 * kernel does with signals: links, monitors, exits and `DOWN`, sent and arriving.
 */
import type { AliveEnvelope, Envelope, ExitEnvelope, LinkExitEnvelope, SignalEnvelope } from "./envelope.js";
import { ErlangError } from "./errors.js";
import type { Delivery } from "./events.js";
import type { Kernel } from "./kernel.js";
import { connect } from "./network.js";
import type { VmNode } from "./node.js";
import { type Name, Pid, type Ref } from "./pid.js";
import { EXITED, type Proc, RUNNING } from "./process.js";
import type { Micros } from "./time.js";

/** `{'EXIT', From, Reason}`: an exit signal turned into a message by `trap_exit`. */
export interface ExitMsg {
  readonly tag: "EXIT";
  /** The process the signal came from (null when sent from outside the simulation). */
  readonly from: Pid | null;
  readonly reason: unknown;
}

/** `{'DOWN', Ref, process, Pid, Reason}`: a monitored process is gone (or never was). */
export interface DownMsg {
  readonly tag: "DOWN";
  readonly ref: Ref;
  readonly type: "process";
  /** The monitored item: a pid, or `{Name, Node}` when monitored by name. */
  readonly pid: Pid | Name;
  readonly reason: unknown;
}

/** `{nodedown, Node}`: a node monitored with `monitor_node(Node, true)` is unreachable. */
export interface NodeDownMsg {
  readonly tag: "nodedown";
  readonly node: string;
}

/**
 * The answer to an `is_process_alive` question, taken by `Proc.isProcessAlive` at once (BEAM
 * answers with a signal the caller waits for, never seen by its receives).
 */
export interface AliveReplyMsg {
  readonly tag: "is_process_alive";
  readonly ref: Ref;
  readonly alive: boolean;
}

/** Any message the runtime generates. */
export type SystemMsg = ExitMsg | DownMsg | NodeDownMsg | AliveReplyMsg;

/** Guard for `{'EXIT', _, _}`. */
export const isExit = (m: unknown): m is ExitMsg => (m as ExitMsg | null)?.tag === "EXIT";
/** Guard for `{'DOWN', _, process, _, _}`. */
export const isDown = (m: unknown): m is DownMsg => (m as DownMsg | null)?.tag === "DOWN";
/** Guard for `{nodedown, _}`. */
export const isNodeDown = (m: unknown): m is NodeDownMsg => (m as NodeDownMsg | null)?.tag === "nodedown";
/** Guard for the answer to the `is_process_alive` question `ref`. */
export const isAliveReply =
  (ref: Ref) =>
  (m: unknown): m is AliveReplyMsg =>
    (m as AliveReplyMsg | null)?.tag === "is_process_alive" && (m as AliveReplyMsg).ref === ref;

/** Exit reasons with a meaning of their own in the rules of exit signals. */
export const NORMAL = "normal";
/** `exit(Pid, kill)`: cannot be trapped; the target dies with reason `killed`. */
export const KILL = "kill";
/** The reason a process killed by `kill` dies with. */
export const KILLED = "killed";
/** Reason given when a monitored or linked process does not exist. */
export const NOPROC = "noproc";
/** Reason given when the connection to the other process's node goes down. */
export const NOCONNECTION = "noconnection";

// ---------------------------------------------------------------- the kernel's side
//
// The rules of exit signals, links and monitors follow the Erlang Reference Manual,
// "Processes" (sections on links, error handling, monitors) and the `erlang` module
// documentation of `link/1`, `exit/2`, `monitor/2` and `monitor_node/2`.

/**
 * A signal arrives at a live process. One that an exit signal ends when its step does
 * (`exitBySignal`) takes a request that comes after that signal as a process already gone:
 * once the step has ended it (`endExiting`), a link or monitor request gets noproc and an
 * `is_process_alive` question false. So does BEAM, which handles a process's signals in
 * order and answers those after its exit for the dead process (checked against OTP 25:
 * monitor/2 and link/1 after exit(P, kill), P waiting or busy in a loop, get noproc).
 */
export function arrives(k: Kernel, d: Delivery, env: SignalEnvelope, p: Proc): void {
  switch (env.kind) {
    case "link-exit":
    case "exit":
      return exitArrives(k, d, env, p);
    case "down": {
      // The item is what the watcher monitored: a pid, or {Name, Node}.
      const item = p.monitorMap?.get(env.ref);
      if (item === undefined) {
        k.drop(d.id, k.now, "demonitored");
        return;
      }
      p.monitors.delete(env.ref);
      k.delivered(d, p);
      k.sched.arrive(p, { tag: "DOWN", ref: env.ref, type: "process", pid: item, reason: env.reason } satisfies DownMsg, d.id);
      return;
    }
    case "link": {
      // In Erlang an unlink signal follows the link signal in order; an unlink issued while
      // the request was in flight (the requester is alive and no longer linked) cancels it.
      const src = k.lookup(env.from);
      if (src !== undefined && src.linkSet?.has(p.pid) !== true) {
        k.drop(d.id, k.now, "unlinked");
        return;
      }
      k.delivered(d, p);
      if (p.exiting !== null) p.exiting.after.push(env);
      else p.links.add(env.from);
      return;
    }
    case "monitor":
      k.delivered(d, p);
      if (p.exiting !== null) p.exiting.after.push(env);
      else p.watchers.set(env.ref, env.from);
      return;
    case "alive":
      k.delivered(d, p);
      if (p.exiting !== null) p.exiting.after.push(env);
      else answerAlive(k, env, p.node, true);
      return;
  }
}

/** Answers an `is_process_alive` question that reached its target's node (from the runtime: no process sends it). */
function answerAlive(k: Kernel, env: AliveEnvelope, n: VmNode, alive: boolean): void {
  k.transmit({ kind: "msg", from: null, to: env.from, msg: { tag: "is_process_alive", ref: env.ref, alive } satisfies AliveReplyMsg }, k.now, n, null);
}

/**
 * An exit signal arrives (Reference Manual, "Receiving Exit Signals"): `kill` sent with
 * `exit/2` cannot be trapped and ends the process with `killed`; a trapping process gets
 * `{'EXIT', From, Reason}`; otherwise `normal` is ignored (unless a process sent it to
 * itself) and any other reason ends the process with that reason.
 */
function exitArrives(k: Kernel, d: Delivery, env: LinkExitEnvelope | ExitEnvelope, p: Proc): void {
  const from = env.from;
  if (env.kind === "link-exit") {
    // A link removed by unlink/1 no longer carries exit signals.
    if (from === null || p.linkSet?.delete(from) !== true) {
      k.drop(d.id, k.now, "unlinked");
      return;
    }
  }
  k.delivered(d, p);
  const reason = env.reason;
  if (env.kind === "exit" && reason === KILL) exitBySignal(k, p, KILLED);
  else if (p.trapping) k.sched.arrive(p, { tag: "EXIT", from, reason } satisfies ExitMsg, d.id);
  else if (reason !== NORMAL) exitBySignal(k, p, reason);
  else if (env.kind === "exit" && from === p.pid) exitBySignal(k, p, NORMAL);
}

/**
 * `p` ends with an exit signal's `reason`: now, or, in the middle of a step that takes
 * virtual time, when that step ends. A step runs whole (its sends, prints and spawns have
 * happened, each at its own time within the step), so the process ends after it, and what it
 * sent in it reaches each receiver before the EXIT and DOWN that its end sends, as everything
 * one process sends another arrives in order (Reference Manual, "Processes", Signal
 * Delivery). Ending it at the signal's arrival would send those signals from a time before
 * its last sends: a receiver on its node would get the DOWN first. The first such signal
 * decides the reason, as the first one processed does on BEAM.
 */
function exitBySignal(k: Kernel, p: Proc, reason: unknown): void {
  if (p.state !== RUNNING) {
    exitProc(k, p, reason, k.now);
    return;
  }
  p.exiting ??= { reason, after: [] };
  // Its step end, if held back, is an event now: it ends the process.
  k.ends.touch(p.node);
}

/**
 * A request that finds no process (none, or an old incarnation's) answers at once: a link or
 * monitor with noproc, an `is_process_alive` question with false.
 */
export function answerNoproc(k: Kernel, env: Envelope, n: VmNode): void {
  const from = env.to instanceof Pid ? env.to : null;
  if (env.kind === "link") k.transmit({ kind: "link-exit", from, to: env.from, reason: NOPROC }, k.now, n, null);
  else if (env.kind === "monitor") k.transmit({ kind: "down", from, to: env.from, ref: env.ref, reason: NOPROC }, k.now, n, null);
  else if (env.kind === "alive") answerAlive(k, env, n, false);
}

/** The end of a step of `p` that an exit signal came in the middle of (`exitBySignal`): `p` ends, and the requests that came after the signal are answered as for a process gone. */
export function endExiting(k: Kernel, p: Proc): void {
  const e = p.exiting!;
  exitProc(k, p, e.reason, k.now);
  for (const env of e.after) answerNoproc(k, env, p.node);
}

/** Ends a process: unregisters it, sends exit signals to its links and `DOWN` to its monitors. */
export function exitProc(k: Kernel, p: Proc, reason: unknown, t: Micros): void {
  if (p.state === EXITED) return;
  p.state = EXITED;
  p.gen = null;
  const n = p.node;
  n.procs.delete(p.pid.id);
  n.byId[p.pid.id] = undefined;
  if (p.regName !== null) {
    n.registry.delete(p.regName);
    if (k.trace.on) k.trace.add({ t, k: "unregister", name: p.regName, pid: p.pid });
    p.regName = null;
  }
  if (k.trace.on) k.trace.add({ t, k: "exit", pid: p.pid, reason });
  p.mailbox.clear();
  if (p.linkSet !== null) {
    for (const other of p.linkSet) k.transmit({ kind: "link-exit", from: p.pid, to: other, reason }, t, n, p);
    p.linkSet.clear();
  }
  if (p.watcherMap !== null) {
    for (const [ref, w] of p.watcherMap) k.transmit({ kind: "down", from: p.pid, to: w, ref, reason }, t, n, p);
    p.watcherMap.clear();
  }
  if (p.monitorMap !== null) {
    for (const [ref, target] of p.monitorMap) k.resolve(target)?.watcherMap?.delete(ref);
    p.monitorMap.clear();
  }
}

/**
 * `link/1`. A local pid that is not alive when called raises `noproc` unless trapping exits
 * (then `{'EXIT', Pid, noproc}` arrives). Otherwise the link is a signal, in order with the
 * caller's other signals to the target, local or not: after `exit(Q, kill)`, `link(Q)`
 * returns true and the answer is an exit signal `noproc`, not `killed` (the `erlang:link/1`
 * docs, and the Reference Manual, "Processes", Signal Delivery; checked against OTP 25).
 */
export function link(k: Kernel, p: Proc, pid: Pid): void {
  if (pid === p.pid || p.linkSet?.has(pid) === true) return;
  if (pid.node === p.node.name && k.lookup(pid) === undefined) {
    if (!p.trapping) throw new ErlangError(NOPROC);
    p.links.add(pid);
    signalLocal(k, { kind: "link-exit", from: pid, to: p.pid, reason: NOPROC });
    return;
  }
  p.links.add(pid);
  if (k.transmit({ kind: "link", from: p.pid, to: pid }, k.clock, p.node, p) !== null) {
    signalLocal(k, { kind: "link-exit", from: pid, to: p.pid, reason: NOCONNECTION });
  }
}

/** `unlink/1`: both ends forget the link at once. */
export function unlink(k: Kernel, p: Proc, pid: Pid): void {
  p.linkSet?.delete(pid);
  k.lookup(pid)?.linkSet?.delete(p.pid);
}

/** `monitor(process, Item)`. */
export function monitor(k: Kernel, p: Proc, target: Pid | Name): Ref {
  const ref = k.makeRef(p);
  p.monitors.set(ref, target);
  if (k.transmit({ kind: "monitor", from: p.pid, to: target, ref }, k.clock, p.node, p) !== null) {
    signalLocal(k, { kind: "down", from: null, to: p.pid, ref, reason: NOCONNECTION });
  }
  return ref;
}

/** `demonitor/1,2`: no `DOWN` for this ref arrives afterwards. */
export function demonitor(k: Kernel, p: Proc, ref: Ref, flush: boolean): void {
  const target = p.monitors.get(ref);
  if (target !== undefined) {
    p.monitors.delete(ref);
    k.resolve(target)?.watcherMap?.delete(ref);
  }
  // A delivered DOWN has already removed the monitor; flush must still remove that DOWN.
  if (flush) p.mailbox.take((m) => (m as DownMsg | null)?.tag === "DOWN" && (m as DownMsg).ref === ref);
}

/** `monitor_node/2`. */
export function monitorNode(k: Kernel, p: Proc, node: string, flag: boolean): void {
  if (!flag) {
    const list = p.nodeMonitorList;
    const i = list === null ? -1 : list.indexOf(node);
    if (i >= 0) list!.splice(i, 1);
    return;
  }
  if (node === p.node.name) return;
  if (!connect(k, p.node, node)) {
    signalLocal(k, { kind: "msg", from: null, to: p.pid, msg: { tag: "nodedown", node } satisfies NodeDownMsg });
    return;
  }
  p.nodeMonitors.push(node);
}

/** On node `name`, every link, monitor and node monitor towards node `other` fires. */
export function sever(k: Kernel, name: string, other: string): void {
  const n = k.nodes.get(name)!;
  if (!n.up) return;
  for (const p of n.procs.values()) {
    if (p.linkSet !== null) for (const l of p.linkSet) if (l.node === other) signalLocal(k, { kind: "link-exit", from: l, to: p.pid, reason: NOCONNECTION });
    if (p.monitorMap !== null) for (const [ref, target] of p.monitorMap) {
      if (target.node === other) signalLocal(k, { kind: "down", from: null, to: p.pid, ref, reason: NOCONNECTION });
    }
    if (p.watcherMap !== null) for (const [ref, w] of p.watcherMap) if (w.node === other) p.watcherMap.delete(ref);
    if (p.nodeMonitorList?.includes(other) === true) {
      for (const m of p.nodeMonitors) if (m === other) signalLocal(k, { kind: "msg", from: null, to: p.pid, msg: { tag: "nodedown", node: other } satisfies NodeDownMsg });
      const keep = p.nodeMonitors.filter((m) => m !== other);
      p.nodeMonitors.length = 0;
      p.nodeMonitors.push(...keep);
    }
  }
}

/** Something the runtime generates on its destination's own node (noconnection, noproc, nodedown), arriving now. */
export function signalLocal(k: Kernel, env: Envelope): void {
  k.transmit(env, k.now, null, null);
}
