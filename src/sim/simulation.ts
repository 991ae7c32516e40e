/**
 * The simulation: one seed, a set of nodes, a network and an event queue, run on a virtual
 * clock. It carries messages and signals between processes with Erlang's rules, runs
 * process steps on each node's schedulers, applies faults from the timeline, and records
 * everything in the trace. It knows nothing about chat.
 *
 * The rules of exit signals, links and monitors follow the Erlang Reference Manual,
 * "Processes" (sections on links, error handling, monitors) and the `erlang` module
 * documentation of `link/1`, `exit/2`, `monitor/2` and `monitor_node/2`.
 */
import { ConfigError, ErlangError, ExitException, SimulatorError } from "./errors.js";
import { TimeWheel } from "./timeWheel.js";
import {
  DELIVER,
  DOWN,
  Delivery,
  EXIT_LINK,
  EXIT_SIG,
  FAULT,
  FaultEv,
  LINK,
  MONITOR,
  MSG,
  STEP_DONE,
  type SimEvent,
  StepDone,
  TIMER,
  TimerEv,
} from "./events.js";
import type { Choice, Explorer } from "./explore.js";
import type { Fault } from "./faults.js";
import { type NetworkConfig, Network, validateNetwork, type Connection } from "./network.js";
import { type NodeConfig, type NodeHandle, VmNode, validateNode, type PrintedLine } from "./node.js";
import { Name, Pid, Ref } from "./pid.js";
import { type Body, EXITED, Proc, READY, RECEIVE, RUNNING, type SpawnOpts, TIMEOUT, WAITING, type Dest } from "./process.js";
import { validateLatency } from "./latency.js";
import { Rng, type Seed } from "./rng.js";
import { KILL, KILLED, NOCONNECTION, NOPROC, NORMAL, type DownMsg, type ExitMsg, type NodeDownMsg } from "./signals.js";
import { validateLimits, type Limits } from "./limits.js";
import { formatTerm } from "./term.js";
import { BadTerm, badTermReason, copyTerm } from "./termCopy.js";
import { formatTime, type Micros } from "./time.js";
import { type DropReason, type SignalKind, Trace, type TraceMode } from "./trace.js";

export { DEFAULT_LIMITS, type Limits } from "./limits.js";

/** How a simulation is built. */
export interface SimConfig {
  readonly seed: Seed;
  readonly network?: Partial<NetworkConfig>;
  readonly trace?: TraceMode;
  readonly limits?: Partial<Limits>;
  /**
   * Hold back step ends that nothing observes (default true): a speed-up only, the run is
   * the same event for event; off, every step end goes through the queue (the reference
   * the tests compare with).
   */
  readonly holdStepEnds?: boolean;
}

/** How a run ended. */
export type Outcome =
  /** Nothing left to happen. */
  | { readonly kind: "quiescent" }
  /** Stopped at the requested time with events still pending. */
  | { readonly kind: "until" }
  /** A guard stopped it. */
  | { readonly kind: "runaway"; readonly limit: "events" | "time" | "step-work" | "trace-records" | "mailbox"; readonly message: string };

/** Counters kept in every mode, trace or not. */
export interface Stats {
  /** Messages and signals sent. */
  sent: number;
  /** Messages and signals that arrived at a live process. */
  delivered: number;
  /** Messages taken out of a mailbox by a receive. */
  received: number;
  /** Messages and signals dropped, by reason. */
  dropped: Record<DropReason, number>;
  /** Process steps run. */
  steps: number;
  /** Processes spawned. */
  spawned: number;
}

/** What `run` returns. */
export interface RunResult {
  readonly outcome: Outcome;
  /** Virtual time when it stopped. */
  readonly endTime: Micros;
  /** Events processed in this simulation so far. */
  readonly events: number;
  /** SHA-256 of the canonical trace (null with trace `off`). */
  readonly traceHash: string | null;
  readonly stats: Readonly<Stats>;
}

/** Thrown through node code when a guard trips; ends the run, never a process. */
class Runaway extends Error {
  constructor(readonly outcome: Outcome & { kind: "runaway" }) {
    super(outcome.message);
  }
}

const newStats = (): Stats => ({
  sent: 0,
  delivered: 0,
  received: 0,
  dropped: { loss: 0, partition: 0, noproc: 0, unregistered: 0, "old-incarnation": 0, "node-down": 0, demonitored: 0, unlinked: 0 },
  steps: 0,
  spawned: 0,
});

/** A deterministic simulation of Erlang nodes. */
export class Simulation {
  /** The run's randomness. */
  readonly rng: Rng;
  /** Links and connections. */
  readonly network: Network;
  /** The record of the run. */
  readonly trace: Trace;
  /** The guards in force. */
  readonly limits: Limits;
  /** Counters. */
  readonly stats: Stats = newStats();
  /** Virtual time of the event being handled. */
  now: Micros = 0;
  /** Virtual time inside the running step (now + the cost spent so far). */
  clock: Micros = 0;
  /** The process whose step is running, if any. */
  current: Proc | null = null;
  /** Step ends settled without going through the queue (see `mayHold`): a diagnostic. */
  stepEndsSettled = 0;

  private readonly nodes = new Map<string, VmNode>();
  /** The nodes by their index (`VmNode.index`, from 1), so a send to a pid finds its node without hashing a name. */
  private readonly byIndex: VmNode[] = [];
  private readonly queue = new TimeWheel<SimEvent>();
  /** Nodes with ready processes, `dirty[0..dirtyCount)`; the array is reused, never shrunk. */
  private readonly dirty: VmNode[] = [];
  private dirtyCount = 0;
  private nextId = 0;
  private nextRef = 0;
  private events = 0;
  private stepWork = 0;
  /** The step-work guard's trip, kept so that node code catching it cannot undo it. */
  private tripped: Runaway | null = null;
  /** Time a message takes between two processes of one node (0 in explore mode). */
  private local: Micros;
  /** Explore mode's state; null (the default) in a timed run. */
  private explored: ExploreState | null = null;
  /** Whether step ends may be held back (`SimConfig.holdStepEnds`). */
  private readonly holding: boolean;
  /** Step ends held back, over all nodes (see `mayHold`). */
  private heldSteps = 0;
  /** The place in `(time, seq)` order of the event being handled: held step ends before it are due. */
  private posTime: Micros = 0;
  private posSeq = -1;

  /** A simulation; validates the configuration (throws `ConfigError`). */
  constructor(config: SimConfig) {
    if (!Number.isSafeInteger(config.seed) || config.seed < 0) throw new ConfigError(`seed must be a non-negative integer, got ${config.seed}`);
    this.rng = new Rng(config.seed);
    this.network = new Network(validateNetwork(config.network), this.rng);
    this.trace = new Trace(config.trace ?? "full");
    this.limits = validateLimits(config.limits);
    this.local = this.network.config.local;
    this.holding = config.holdStepEnds ?? true;
  }

  /**
   * Switches to explore mode (see `explore.ts`): from now on `explorer` orders deliveries
   * between nodes and the advance of time. Call it after building, before `run`.
   */
  explore(explorer: Explorer, opts?: { readonly losses?: number; readonly crashes?: number }): void {
    if (this.explored !== null) throw new ConfigError("explore mode is already on");
    const losses = opts?.losses ?? 0;
    const crashes = opts?.crashes ?? 0;
    for (const [what, v] of [["losses", losses], ["crashes", crashes]] as const) {
      if (!Number.isSafeInteger(v) || v < 0) throw new ConfigError(`${what} must be a non-negative integer, got ${v}`);
    }
    this.explored = new ExploreState(explorer, losses, crashes);
    this.local = 0;
    for (const n of this.nodes.values()) {
      // Steps take no time in explore mode: the explorer, not costs, orders what happens.
      (n as { config: VmNode["config"] }).config = Object.freeze({ ...n.config, receiveCost: 0, sendCost: 0 });
      this.explored.history.set(n.name, []);
    }
  }

  /**
   * In explore mode, a key of the current state: for each node, the deliveries from other
   * nodes that reached it, in order, with the advances of time among them. Node code is
   * deterministic, so this determines every process's state, every mailbox, what is pending
   * and what is scheduled (links between nodes aside: connection state is not in it).
   */
  exploreState(): string {
    const x = this.explored;
    if (x === null) throw new ConfigError("not in explore mode");
    let out = "";
    for (const [n, h] of x.history) out += `${n}:${h.join(",")};`;
    return out;
  }

  // ---------------------------------------------------------------- building

  /** Adds a node and runs its boot script (its processes start when the run does). */
  addNode(config: Partial<NodeConfig> & { name: string }): VmNode {
    const c = validateNode(config);
    if (this.nodes.has(c.name)) throw new ConfigError(`node ${c.name} is defined twice`);
    const n = new VmNode(c, this.nodes.size + 1);
    this.nodes.set(c.name, n);
    this.byIndex[n.index] = n;
    this.boot(n);
    return n;
  }

  /** The node called `name` (throws `ConfigError` if there is none). */
  node(name: string): VmNode {
    const n = this.nodes.get(name);
    if (n === undefined) throw new ConfigError(`unknown node ${name}`);
    return n;
  }

  /** All nodes, in the order they were added. */
  allNodes(): VmNode[] {
    return [...this.nodes.values()];
  }

  /** Spawns a process on a node from outside, as the node's shell would. */
  spawn(node: string, body: Body, opts?: { register?: string; label?: string }): Pid {
    const n = this.node(node);
    if (!n.up) throw new ConfigError(`cannot spawn on ${node}: the node is down`);
    const p = this.createProc(n, body, null, opts?.label ?? body.name);
    if (opts?.register !== undefined) this.register(n, opts.register, p.pid);
    return p.pid;
  }

  /** Sends a message from outside (the shell, a test) to a pid or `{Name, Node}`, now. */
  send(to: Pid | Name, msg: unknown): void {
    if (this.trace.on) this.trace.newStep();
    this.inject(to, msg, this.now);
  }

  /** Schedules a fault at virtual time `t` (not before now). */
  at(t: Micros, fault: Fault): void {
    if (!Number.isInteger(t) || t < this.now) throw new ConfigError(`fault ${fault.op} at ${t}: time must be an integer not before now (${this.now})`);
    if (fault.op === "set-latency") validateLatency(fault.latency, `fault set-latency at ${t}`);
    if (fault.op === "set-loss" && !(typeof fault.p === "number" && fault.p >= 0 && fault.p <= 1)) {
      throw new ConfigError(`fault set-loss at ${t}: p must be a probability in [0, 1], got ${JSON.stringify(fault.p)}`);
    }
    if ((fault.op === "crash" || fault.op === "restart" || fault.op === "pause" || fault.op === "resume" || fault.op === "spawn") && !this.nodes.has(fault.node)) {
      throw new ConfigError(`fault ${fault.op} at ${t}: no node ${fault.node}`);
    }
    this.queue.push(new FaultEv(t, fault));
  }

  /** The live process with this pid, if any. */
  lookup(pid: Pid): Proc | undefined {
    const n = this.nodes.get(pid.node);
    if (n === undefined || !n.up || n.creation !== pid.creation) return undefined;
    return n.byId[pid.id];
  }

  /** The pid registered as `name` on `node`, if any. */
  whereis(name: string, node: string): Pid | undefined {
    return this.nodes.get(node)?.registry.get(name)?.pid;
  }

  /** Everything printed on a node, across its incarnations. */
  printed(node: string): readonly PrintedLine[] {
    return this.node(node).printed;
  }

  // ---------------------------------------------------------------- running

  /** Runs until nothing is left to do, or until virtual time `until`. May be called again to go on. */
  run(opts?: { readonly until?: Micros }): RunResult {
    const until = opts?.until;
    if (this.explored !== null) return this.runExplored(this.explored, until);
    let outcome: Outcome;
    this.posTime = this.now;
    this.posSeq = -1;
    try {
      this.flush();
      for (;;) {
        const ev = this.queue.peek();
        if (ev === undefined) {
          if (this.heldSteps > 0 && until !== undefined) {
            // Held step ends past `until` go back in the queue, and the run stops at `until`.
            this.catchUpAll(until, Infinity);
            continue;
          }
          this.catchUpAll(Infinity, 0);
          outcome = { kind: "quiescent" };
          break;
        }
        if (until !== undefined && ev.time > until) {
          this.catchUpAll(until, Infinity);
          this.now = this.clock = until;
          outcome = { kind: "until" };
          break;
        }
        this.handleNext(ev);
      }
    } catch (e) {
      // Whatever ends the run, nothing stays held between runs.
      this.catchUpAll(this.posTime, this.posSeq);
      if (!(e instanceof Runaway)) throw e;
      this.current = null;
      this.tripped = null;
      outcome = e.outcome;
    }
    return {
      outcome,
      endTime: this.now,
      events: this.events,
      traceHash: this.trace.hash(),
      stats: this.stats,
    };
  }

  /** `run` in explore mode: the explorer chooses each delivery between nodes and each advance of time. */
  private runExplored(x: ExploreState, until: Micros | undefined): RunResult {
    let outcome: Outcome;
    const state = (): string => this.exploreState();
    try {
      this.flush();
      for (;;) {
        // What is scheduled now is deterministic: local deliveries, timers and faults due.
        for (let ev = this.queue.peek(); ev !== undefined && ev.time <= this.now; ev = this.queue.peek()) this.handleNext(ev);
        // Fresh arrays: the explorer may keep them.
        const choices: Choice[] = [];
        const picked: (PendingDelivery | null)[] = [];
        const lose: boolean[] = [];
        // The node a crash candidate crashes (null for every other candidate).
        const crashes: (VmNode | null)[] = [];
        const heads = new Set<string>();
        for (const p of x.pending) {
          if (heads.has(p.fifo)) continue;
          heads.add(p.fifo);
          choices.push({ id: p.ident, node: p.d.node.name });
          picked.push(p);
          lose.push(false);
          crashes.push(null);
        }
        // Losing a message (never a signal: those are lost only with their connection), while the budget lasts.
        if (x.lossesLeft > 0) {
          for (let j = 0, n = picked.length; j < n; j++) {
            const p = picked[j]!;
            if (p.d.sig !== MSG) continue;
            choices.push({ id: `${p.ident}!lost`, node: p.d.node.name, lost: true });
            picked.push(p);
            lose.push(true);
            crashes.push(null);
          }
        }
        // Crashing a node that is up, while the budget lasts: a crash point anywhere in the run.
        if (x.crashesLeft > 0) {
          for (const n of this.nodes.values()) {
            if (!n.up) continue;
            choices.push({ id: `crash ${n.name}`, node: null, crash: true });
            picked.push(null);
            lose.push(false);
            crashes.push(n);
          }
        }
        const next = this.queue.peek();
        if (next !== undefined && (until === undefined || next.time <= until)) {
          choices.push({ id: `@${next.time}`, node: null });
          picked.push(null);
          lose.push(false);
          crashes.push(null);
        }
        if (choices.length === 0) {
          outcome = next === undefined ? { kind: "quiescent" } : { kind: "until" };
          if (until !== undefined && next !== undefined) this.now = this.clock = until;
          break;
        }
        const i = x.explorer.choose(choices, state);
        const p = picked[i];
        if (p === undefined) throw new ConfigError(`explorer chose ${i} of ${choices.length} candidates`);
        const crash = crashes[i];
        if (crash !== null && crash !== undefined) {
          x.crashesLeft--;
          x.historyOf(crash.name).push("crash");
          this.applyFault({ op: "crash", node: crash.name });
          this.flush();
        } else if (p === null) {
          const t = next!.time;
          for (const h of x.history.values()) h.push(`@${t}`);
          for (let ev = this.queue.peek(); ev !== undefined && ev.time <= t; ev = this.queue.peek()) this.handleNext(ev);
        } else if (lose[i] === true) {
          x.pending.splice(x.pending.indexOf(p), 1);
          x.historyOf(p.d.node.name).push(`${p.ident}!lost`);
          x.lossesLeft--;
          this.drop(p.d.id, this.now, "loss");
        } else {
          x.pending.splice(x.pending.indexOf(p), 1);
          x.historyOf(p.d.node.name).push(p.ident);
          if (this.events >= this.limits.maxEvents) {
            throw new Runaway({ kind: "runaway", limit: "events", message: `runaway: ${this.events.toLocaleString("en-US")} events by t=${formatTime(this.now)}` });
          }
          this.events++;
          this.handle(p.d);
          this.flush();
          this.checkKept();
        }
      }
    } catch (e) {
      if (!(e instanceof Runaway)) throw e;
      this.current = null;
      this.tripped = null;
      outcome = e.outcome;
    }
    return { outcome, endTime: this.now, events: this.events, traceHash: this.trace.hash(), stats: this.stats };
  }

  /** Pops and handles `ev`, the next scheduled event (just peeked), with the run's guards. */
  private handleNext(ev: SimEvent): void {
    this.posTime = ev.time;
    this.posSeq = ev.seq;
    if (ev.time > this.limits.maxTime) {
      throw new Runaway({ kind: "runaway", limit: "time", message: `runaway: an event at t=${formatTime(ev.time)} is past the time limit of ${formatTime(this.limits.maxTime)}` });
    }
    if (this.heldSteps > 0) {
      // Near the events guard, every held step end is settled or queued, so that the guard
      // trips exactly where it would with none held.
      if (ev.kind === FAULT || this.events + this.heldSteps + 1 >= this.limits.maxEvents) this.catchUpAll(ev.time, ev.seq);
      else {
        const n = ev.kind === DELIVER ? ev.node : ev.proc.node;
        if (n.heldCount > 0) this.catchUp(n, ev.time, ev.seq);
      }
    }
    if (this.events >= this.limits.maxEvents) {
      throw new Runaway({ kind: "runaway", limit: "events", message: `runaway: ${this.events.toLocaleString("en-US")} events by t=${formatTime(this.now)}` });
    }
    this.queue.pop();
    this.events++;
    this.now = this.clock = ev.time;
    this.handle(ev);
    this.flush();
    this.checkKept();
  }

  /** The guard on memory kept by the trace: trace `full` keeps every record. */
  private checkKept(): void {
    if (this.trace.mode === "full" && this.trace.length >= this.limits.maxTraceRecords) {
      throw new Runaway({ kind: "runaway", limit: "trace-records", message: `runaway: ${this.trace.length.toLocaleString("en-US")} trace records kept by t=${formatTime(this.now)} (limit maxTraceRecords)` });
    }
  }

  /** Counts one process API call; trips the step-work guard. */
  work(): void {
    if (++this.stepWork > this.limits.maxWorkPerStep) {
      const p = this.current!;
      throw (this.tripped ??= new Runaway({
        kind: "runaway",
        limit: "step-work",
        message: `runaway: process ${p.pid.key()} (${p.label}) made ${this.limits.maxWorkPerStep.toLocaleString("en-US")} calls in one step at t=${formatTime(this.now)}`,
      }));
    }
  }

  private handle(ev: SimEvent): void {
    if (this.trace.on) this.trace.newStep();
    switch (ev.kind) {
      case DELIVER:
        return this.deliver(ev);
      case STEP_DONE: {
        const n = ev.proc.node;
        if (n.creation !== ev.creation || !n.up) return;
        n.busy--;
        if (ev.proc.state === RUNNING) this.await(ev.proc);
        this.markDirty(n);
        return;
      }
      case TIMER: {
        const p = ev.proc;
        if (p.state !== WAITING || p.waitGen !== ev.gen) return;
        if (this.trace.on) this.trace.add({ t: this.now, k: "timeout", pid: p.pid });
        this.resume(p, TIMEOUT, -1);
        return;
      }
      case FAULT:
        return this.applyFault(ev.fault);
    }
  }

  // ---------------------------------------------------------------- scheduling

  private markDirty(n: VmNode): void {
    if (!n.dispatching) {
      n.dispatching = true;
      this.dirty[this.dirtyCount++] = n;
    }
  }

  /** Runs ready processes on every node that has some, until each is idle or out of schedulers. */
  private flush(): void {
    // Steps may mark more nodes dirty: dirtyCount is read on every round.
    for (let i = 0; i < this.dirtyCount; i++) {
      const n = this.dirty[i]!;
      n.dispatching = false;
      if (!n.up || n.paused) continue;
      while (n.busy < n.config.schedulers) {
        const p = n.dequeue();
        if (p === undefined) break;
        if (p.state === READY) this.step(p);
      }
    }
    this.dirtyCount = 0;
  }

  private makeReady(p: Proc): void {
    const n = p.node;
    // A ready process waits for a scheduler: a held step end on its node now matters.
    if (n.heldCount > 0) this.catchUp(n, this.posTime, this.posSeq);
    p.state = READY;
    n.enqueue(p);
    this.markDirty(n);
  }

  /**
   * Whether the end of `p`'s step, at `end`, may be held back rather than queued. Its event
   * would free the scheduler and put `p` back to waiting, and nothing else: no message to
   * take, no timeout to start, no other process ready on the node. Until something on the
   * node happens (`catchUp`), nobody can tell whether it was handled, so it is settled then,
   * or queued with its reserved `seq` if it is not yet due: the run is event for event the
   * one where it was queued at once (`bench broadcast` reports how many were settled; in its
   * run, most of them). Not in explore mode, and not near the guards.
   */
  private mayHold(p: Proc, n: VmNode, done: boolean, end: Micros): boolean {
    return (
      this.holding &&
      this.explored === null &&
      n.runHead === n.runTail &&
      (done || (p.after < 0 && p.mailbox.length === 0)) &&
      end <= this.limits.maxTime &&
      this.events + this.heldSteps + 2 < this.limits.maxEvents
    );
  }

  /** Settles `n`'s held step ends that are due before `(t, seq)` and queues the others. */
  private catchUp(n: VmNode, t: Micros, seq: number): void {
    const held = n.held;
    const count = n.heldCount;
    for (let i = 0; i < count; i++) {
      const d = held[i]!;
      held[i] = null; // not kept reachable from the node
      if (d.time < t || (d.time === t && d.seq < seq)) {
        // What handling the STEP_DONE event would do, given why it was held. The clock moves
        // only when a run ends on it (quiescent, or a guard trips): anything else due after
        // it sets the clock itself.
        if (d.time > this.now) this.now = this.clock = d.time;
        this.events++;
        this.stepEndsSettled++;
        n.busy--;
        const p = d.proc;
        if (p.state === RUNNING) {
          p.state = WAITING;
          p.waitGen++;
        }
      } else {
        this.queue.pushReserved(d);
      }
    }
    this.heldSteps -= count;
    n.heldCount = 0;
  }

  /** `catchUp` on every node. */
  private catchUpAll(t: Micros, seq: number): void {
    if (this.heldSteps === 0) return;
    for (const n of this.nodes.values()) if (n.heldCount > 0) this.catchUp(n, t, seq);
  }

  private resume(p: Proc, value: unknown, id: number): void {
    p.resumed = true;
    p.resumeValue = value;
    p.resumeId = id;
    this.makeReady(p);
  }

  /** Runs one step of `p`: from where it is to its next receive (or its end). */
  private step(p: Proc): void {
    const n = p.node;
    const start = this.now;
    if (this.trace.on) this.trace.newStep();
    this.clock = p.resumed ? start + n.config.receiveCost : start;
    if (p.resumeId >= 0) {
      this.stats.received++;
      if (this.trace.on) this.trace.receive(start, p.resumeId, p.pid);
    }
    const value = p.resumeValue;
    p.resumeValue = undefined;
    p.resumeId = -1;
    p.state = RUNNING;
    this.current = p;
    this.stepWork = 0;
    this.stats.steps++;
    let done = false;
    let reason: unknown = NORMAL;
    try {
      const r = p.gen!.next(value);
      if (r.done === true) done = true;
      else if (r.value !== RECEIVE) {
        done = true;
        reason = { tag: "bad_yield", value: r.value };
      }
    } catch (e) {
      if (this.tripped !== null) throw this.tripped;
      if (e instanceof Runaway || e instanceof SimulatorError) throw e;
      done = true;
      reason = this.reasonOf(p, e);
    } finally {
      this.current = null;
    }
    // Node code may have caught the guard's exception (a catch-all): the run still ends.
    if (this.tripped !== null) throw this.tripped;
    const end = this.clock;
    this.clock = this.now;
    if (done) this.exitProc(p, reason, end);
    if (end > start) {
      n.busy++;
      // A process has at most one step end in flight (it is RUNNING until it fires), so its
      // event object is reused rather than allocated per step.
      let ev = p.stepEnd;
      if (ev === null) ev = p.stepEnd = new StepDone(end, p, n.creation);
      else {
        ev.time = end;
        ev.creation = n.creation;
      }
      if (this.mayHold(p, n, done, end)) {
        ev.seq = this.queue.reserve();
        n.held[n.heldCount++] = ev;
        this.heldSteps++;
      } else {
        this.queue.push(ev);
      }
    } else if (!done) {
      this.await(p);
    }
  }

  /** After a step: take the first matching message, or time out, or wait. */
  private await(p: Proc): void {
    if (p.state === EXITED) return;
    const e = p.mailbox.take(p.match);
    if (e !== undefined) return this.resume(p, e.msg, e.id);
    if (p.after === 0) {
      if (this.trace.on) this.trace.add({ t: this.now, k: "timeout", pid: p.pid });
      return this.resume(p, TIMEOUT, -1);
    }
    p.state = WAITING;
    p.waitGen++;
    if (p.after > 0) this.queue.push(new TimerEv(this.now + p.after, p, p.waitGen));
  }

  /** A message reaches a live process's mailbox. */
  private arrive(p: Proc, msg: unknown, id: number): void {
    if (p.state === WAITING && matches(p.match, msg)) {
      p.waitGen++; // cancels the pending timer
      this.resume(p, msg, id);
    } else {
      p.mailbox.push({ msg, id });
      if (p.mailbox.length > this.limits.maxMailbox) {
        throw new Runaway({ kind: "runaway", limit: "mailbox", message: `runaway: process ${p.pid.key()} (${p.label}) has ${p.mailbox.length.toLocaleString("en-US")} messages waiting at t=${formatTime(this.now)} (limit maxMailbox)` });
      }
    }
  }

  /** Turns what a body threw into an exit reason (and logs runtime errors as BEAM's error logger does). */
  private reasonOf(p: Proc, e: unknown): unknown {
    const { reason, exit } = thrownReason(e);
    if (exit) return reason;
    this.print(p, this.clock, `Error in process ${p.pid.format()} on node ${p.node.name} with exit value: ${formatTerm(reason)}`);
    return reason;
  }

  // ---------------------------------------------------------------- processes

  private boot(n: VmNode): void {
    const boot = n.config.boot;
    if (boot === undefined) return;
    const handle: NodeHandle = {
      name: n.name,
      spawn: (body, opts) => {
        const p = this.createProc(n, body, null, opts?.label ?? body.name);
        if (opts?.register !== undefined) this.register(n, opts.register, p.pid);
        return p.pid;
      },
    };
    boot(handle);
  }

  private createProc(n: VmNode, body: Body, parent: Pid | null, label: string): Proc {
    if (this.alive() >= this.limits.maxProcesses) {
      // `spawn` with the process table full raises system_limit (erlang:spawn/1, "Failure").
      if (this.current !== null) throw new ErlangError("system_limit");
      throw new ConfigError(`cannot spawn ${label} on ${n.name}: ${this.limits.maxProcesses.toLocaleString("en-US")} processes alive (limit maxProcesses)`);
    }
    const pid = new Pid(n.name, n.index, n.nextId++, n.creation);
    const p = new Proc(this, n, pid, label || "anonymous");
    n.procs.set(pid.id, p);
    n.byId[pid.id] = p;
    this.stats.spawned++;
    if (this.trace.on) this.trace.add({ t: this.clock, k: "spawn", pid, parent, label: p.label });
    p.gen = body(p);
    this.makeReady(p);
    return p;
  }

  /** Processes alive, over all nodes. */
  private alive(): number {
    let k = 0;
    for (const n of this.byIndex) if (n !== undefined) k += n.procs.size;
    return k;
  }

  /** `spawn`/`spawn_link` from a running process. */
  spawnFrom(p: Proc, body: Body, link: boolean, opts?: SpawnOpts): Pid {
    const label = opts?.label ?? body.name;
    let n = p.node;
    if (opts?.node !== undefined && opts.node !== n.name) {
      const target = this.nodes.get(opts.node);
      if (target === undefined || !this.connect(n, opts.node)) {
        // Erlang returns a pid that never lived; a link to it breaks at once.
        const dead = new Pid(opts.node, target?.index ?? 0, 0, 0);
        if (link) {
          p.links.add(dead);
          this.signalLocal(EXIT_LINK, dead, p, NOCONNECTION, null);
        }
        return dead;
      }
      n = target;
    }
    const q = this.createProc(n, body, p.pid, label);
    if (link) {
      p.links.add(q.pid);
      q.links.add(p.pid);
    }
    return q.pid;
  }

  /** Ends a process: unregisters it, sends exit signals to its links and `DOWN` to its monitors. */
  private exitProc(p: Proc, reason: unknown, t: Micros): void {
    if (p.state === EXITED) return;
    p.state = EXITED;
    p.gen = null;
    const n = p.node;
    n.procs.delete(p.pid.id);
    n.byId[p.pid.id] = undefined;
    if (p.regName !== null) {
      n.registry.delete(p.regName);
      if (this.trace.on) this.trace.add({ t, k: "unregister", name: p.regName, pid: p.pid });
      p.regName = null;
    }
    if (this.trace.on) this.trace.add({ t, k: "exit", pid: p.pid, reason });
    p.mailbox.clear();
    if (p.linkSet !== null) {
      for (const other of p.linkSet) this.transmit(EXIT_LINK, p.pid, n, p, other.node, other, null, null, reason, null, t);
      p.linkSet.clear();
    }
    if (p.watcherMap !== null) {
      for (const [ref, w] of p.watcherMap) this.transmit(DOWN, p.pid, n, p, w.node, w, null, null, reason, ref, t);
      p.watcherMap.clear();
    }
    if (p.monitorMap !== null) {
      for (const [ref, target] of p.monitorMap) this.resolve(target)?.watcherMap?.delete(ref);
      p.monitorMap.clear();
    }
  }

  private resolve(target: Pid | Name): Proc | undefined {
    if (target instanceof Pid) return this.lookup(target);
    const n = this.nodes.get(target.node);
    return n?.up === true ? n.registry.get(target.name) : undefined;
  }

  /** `register/2` on node `n`. */
  register(n: VmNode, name: string, pid: Pid): void {
    if (name === "undefined" || n.registry.has(name)) throw new ErlangError("badarg");
    const q = pid.node === n.name ? this.lookup(pid) : undefined;
    if (q === undefined || q.regName !== null) throw new ErlangError("badarg");
    n.registry.set(name, q);
    q.regName = name;
    if (this.trace.on) this.trace.add({ t: this.clock, k: "register", name, pid });
  }

  /** `unregister/1` on node `n`. */
  unregister(n: VmNode, name: string): void {
    const q = n.registry.get(name);
    if (q === undefined) throw new ErlangError("badarg");
    n.registry.delete(name);
    q.regName = null;
    if (this.trace.on) this.trace.add({ t: this.clock, k: "unregister", name, pid: q.pid });
  }

  /** `is_process_alive/1`. */
  isAlive(p: Proc, pid: Pid): boolean {
    if (pid.node !== p.node.name) throw new ErlangError("badarg");
    return this.lookup(pid) !== undefined;
  }

  /** An `io:format` line. */
  log(p: Proc, text: string): void {
    this.print(p, this.clock, text);
  }

  private print(p: Proc, t: Micros, text: string): void {
    p.node.printed.push({ t, pid: p.pid, text });
    if (this.trace.on) this.trace.add({ t, k: "log", pid: p.pid, text });
  }

  /** `make_ref/0`. */
  makeRef(node: string): Ref {
    return new Ref(node, ++this.nextRef);
  }

  /** The exception `exit/1` throws. */
  exitException(reason: unknown): ExitException {
    return new ExitException(reason);
  }

  // ---------------------------------------------------------------- links and monitors

  /** `link/1`. A local pid that is not alive raises `noproc` unless trapping exits. */
  link(p: Proc, pid: Pid): void {
    if (pid === p.pid || p.linkSet?.has(pid) === true) return;
    if (pid.node === p.node.name) {
      const q = this.lookup(pid);
      if (q === undefined) {
        if (!p.trapping) throw new ErlangError(NOPROC);
        p.links.add(pid);
        this.signalLocal(EXIT_LINK, pid, p, NOPROC, null);
        return;
      }
      p.links.add(pid);
      q.links.add(p.pid);
      return;
    }
    p.links.add(pid);
    if (this.transmit(LINK, p.pid, p.node, p, pid.node, pid, null, null, null, null, this.clock) !== null) {
      this.signalLocal(EXIT_LINK, pid, p, NOCONNECTION, null);
    }
  }

  /** `unlink/1`: both ends forget the link at once. */
  unlink(p: Proc, pid: Pid): void {
    p.linkSet?.delete(pid);
    this.lookup(pid)?.linkSet?.delete(p.pid);
  }

  /** `monitor(process, Item)`. */
  monitor(p: Proc, target: Pid | Name): Ref {
    const ref = this.makeRef(p.node.name);
    p.monitors.set(ref, target);
    const [node, pid, name] = target instanceof Pid ? [target.node, target, null] : [target.node, null, target.name];
    if (this.transmit(MONITOR, p.pid, p.node, p, node, pid, name, target, null, ref, this.clock) !== null) {
      this.signalLocal(DOWN, null, p, NOCONNECTION, ref);
    }
    return ref;
  }

  /** `demonitor/1,2`: no `DOWN` for this ref arrives afterwards. */
  demonitor(p: Proc, ref: Ref, flush: boolean): void {
    const target = p.monitors.get(ref);
    if (target !== undefined) {
      p.monitors.delete(ref);
      this.resolve(target)?.watcherMap?.delete(ref);
    }
    // A delivered DOWN has already removed the monitor; flush must still remove that DOWN.
    if (flush) p.mailbox.take((m) => (m as DownMsg | null)?.tag === "DOWN" && (m as DownMsg).ref === ref);
  }

  /** `monitor_node/2`. */
  monitorNode(p: Proc, node: string, flag: boolean): void {
    if (!flag) {
      const i = p.nodeMonitors.indexOf(node);
      if (i >= 0) p.nodeMonitors.splice(i, 1);
      return;
    }
    if (node === p.node.name) return;
    if (!this.connect(p.node, node)) {
      this.arriveLocal(p, { tag: "nodedown", node } satisfies NodeDownMsg);
      return;
    }
    p.nodeMonitors.push(node);
  }

  /** `exit(Pid, Reason)`. */
  exitSignal(p: Proc, pid: Pid, reason: unknown): void {
    this.transmit(EXIT_SIG, p.pid, p.node, p, pid.node, pid, null, null, reason, null, this.clock);
  }

  /** A signal generated by the runtime on `p`'s own node (noconnection, noproc), arriving now. */
  private signalLocal(sig: number, from: Pid | null, p: Proc, reason: unknown, ref: Ref | null): void {
    this.transmit(sig, from, null, null, p.node.name, p.pid, null, null, reason, ref, this.now);
  }

  /** A runtime message (nodedown) put in `p`'s mailbox, arriving now. */
  private arriveLocal(p: Proc, msg: unknown): void {
    this.transmit(MSG, null, null, null, p.node.name, p.pid, null, msg, null, null, this.now);
  }

  // ---------------------------------------------------------------- messages

  /** `Dest ! Msg` from a running process. */
  sendFrom(p: Proc, dest: Dest, msg: unknown): void {
    const t = (this.clock += p.node.config.sendCost);
    if (typeof dest === "string") {
      const q = p.node.registry.get(dest);
      if (q === undefined) throw new ErlangError("badarg");
      this.transmit(MSG, p.pid, p.node, p, p.node.name, q.pid, null, msg, null, null, t);
    } else if (dest instanceof Pid) {
      this.transmit(MSG, p.pid, p.node, p, dest.node, dest, null, msg, null, null, t);
    } else {
      this.transmit(MSG, p.pid, p.node, p, dest.node, null, dest.name, msg, null, null, t);
    }
  }

  private inject(to: Pid | Name, msg: unknown, t: Micros): void {
    const [node, pid, name] = to instanceof Pid ? [to.node, to, null] : [to.node, null, to.name];
    this.transmit(MSG, null, null, null, node, pid, name, msg, null, null, t);
  }

  /**
   * Sends a message or signal at time `t` from `fromNode` (null: generated on the destination
   * node itself). Returns null if it is on its way, or the reason it was dropped at once.
   * Loss and duplication apply to messages only: signals travel with the connection and are
   * lost only with it (which its ends then see as `noconnection`).
   */
  private transmit(
    sig: number,
    from: Pid | null,
    fromNode: VmNode | null,
    sender: Proc | null,
    toNode: string,
    pid: Pid | null,
    name: string | null,
    msg: unknown,
    reason: unknown,
    ref: Ref | null,
    t: Micros,
  ): DropReason | null {
    const id = this.nextId++;
    this.stats.sent++;
    if (this.trace.on) {
      const to = pid ?? new Name(name!, toNode);
      if (sig === MSG) this.trace.send(t, id, from, to, msg);
      else this.trace.add({ t, k: "signal", id, sig: SIG_NAMES[sig]!, from, to, reason, ref });
    }
    const byPid = pid === null ? undefined : this.byIndex[pid.nodeIndex];
    // A pid made outside the kernel may carry any index: its node's name decides.
    const dst = byPid !== undefined && byPid.name === toNode ? byPid : this.nodes.get(toNode);
    if (dst === undefined || !dst.up) return this.drop(id, t, "node-down");
    if (fromNode === null || fromNode === dst) {
      this.queue.push(new Delivery(t + this.local, id, sig, dst, pid, name, msg, from, reason, ref, null, 0));
      return null;
    }
    const link = fromNode.linkTo[dst.index] ?? (fromNode.linkTo[dst.index] = this.network.link(fromNode.name, toNode));
    const conn = link.conn;
    if (link.blocked || (!conn.up && !this.connect(fromNode, toNode))) return this.drop(id, t, "partition");
    if (this.explored !== null) {
      this.explored.pend(new Delivery(t, id, sig, dst, pid, name, msg, from, reason, ref, conn, conn.epoch), sender, fromNode, link.config.ordering);
      return null;
    }
    const cfg = link.config;
    if (sig === MSG && link.stream.chance(cfg.loss)) return this.drop(id, t, "loss");
    const copies = sig === MSG && link.stream.chance(cfg.duplicate) ? 2 : 1;
    for (let c = 0; c < copies; c++) {
      let a = link.arrival(t);
      if (cfg.ordering === "process-pair") {
        if (sender !== null) {
          const key: Pid | string = pid ?? `${name}\u0000${toNode}`;
          const last = sender.fifo.get(key);
          if (last !== undefined && a < last) a = last;
          sender.fifo.set(key, a);
        }
      } else if (cfg.ordering === "node-pair") {
        if (a < link.lastArrival) a = link.lastArrival;
        link.lastArrival = a;
      }
      this.queue.push(new Delivery(a, id, sig, dst, pid, name, msg, from, reason, ref, conn, conn.epoch));
    }
    return null;
  }

  private drop(id: number, t: Micros, reason: DropReason): DropReason {
    this.stats.dropped[reason]++;
    if (this.trace.on) this.trace.add({ t, k: "drop", id, reason });
    return reason;
  }

  /** A message or signal arrives at its node. */
  private deliver(d: Delivery): void {
    if (d.conn !== null && d.conn.epoch !== d.epoch) {
      this.drop(d.id, this.now, d.conn.endedBy[d.epoch]!);
      return;
    }
    const n = d.node;
    if (!n.up) {
      this.drop(d.id, this.now, "node-down");
      return;
    }
    let p: Proc | undefined;
    if (d.pid !== null) {
      if (d.pid.creation !== n.creation) {
        this.drop(d.id, this.now, "old-incarnation");
        // BEAM logs a local send to an old incarnation on the node (checked against OTP 25
        // by `npm run conformance`); a remote one is dropped silently.
        if (d.sig === MSG && d.from !== null && d.from.node === n.name && d.from.creation === n.creation) {
          const text = `Discarding message ${formatTerm(d.msg, n.name)} from ${d.from.format(n.name)} to ${d.pid.format(n.name)} in an old incarnation (${d.pid.creation}) of this node (${n.creation})`;
          n.printed.push({ t: this.now, pid: d.from, text });
          if (this.trace.on) this.trace.add({ t: this.now, k: "log", pid: d.from, text });
        }
        this.answerNoproc(d, n);
        return;
      }
      p = n.byId[d.pid.id];
    } else {
      p = n.registry.get(d.name!);
    }
    if (p === undefined) {
      this.drop(d.id, this.now, d.pid === null ? "unregistered" : "noproc");
      this.answerNoproc(d, n);
      return;
    }
    switch (d.sig) {
      case MSG:
        this.delivered(d, p);
        this.arrive(p, d.msg, d.id);
        return;
      case EXIT_LINK:
      case EXIT_SIG:
        return this.exitArrives(d, p);
      case DOWN: {
        // The item is what the watcher monitored: a pid, or {Name, Node}.
        const item = p.monitorMap?.get(d.ref!);
        if (item === undefined) {
          this.drop(d.id, this.now, "demonitored");
          return;
        }
        p.monitors.delete(d.ref!);
        this.delivered(d, p);
        this.arrive(p, { tag: "DOWN", ref: d.ref!, type: "process", pid: item, reason: d.reason } satisfies DownMsg, d.id);
        return;
      }
      case LINK: {
        // In Erlang an unlink signal follows the link signal in order; an unlink issued while
        // the request was in flight (the requester is alive and no longer linked) cancels it.
        const src = this.lookup(d.from!);
        if (src !== undefined && src.linkSet?.has(p.pid) !== true) {
          this.drop(d.id, this.now, "unlinked");
          return;
        }
        this.delivered(d, p);
        p.links.add(d.from!);
        return;
      }
      case MONITOR:
        this.delivered(d, p);
        p.watchers.set(d.ref!, d.from!);
        return;
    }
  }

  /** A link or monitor request that finds no process (none, or an old incarnation's) answers at once with noproc. */
  private answerNoproc(d: Delivery, n: VmNode): void {
    if (d.sig === LINK) this.transmit(EXIT_LINK, d.pid, n, null, d.from!.node, d.from, null, null, NOPROC, null, this.now);
    else if (d.sig === MONITOR) this.transmit(DOWN, d.pid, n, null, d.from!.node, d.from, null, null, NOPROC, d.ref, this.now);
  }

  private delivered(d: Delivery, p: Proc): void {
    this.stats.delivered++;
    if (this.trace.on) this.trace.deliver(this.now, d.id, p.pid);
  }

  /**
   * An exit signal arrives (Reference Manual, "Receiving Exit Signals"): `kill` sent with
   * `exit/2` cannot be trapped and ends the process with `killed`; a trapping process gets
   * `{'EXIT', From, Reason}`; otherwise `normal` is ignored (unless a process sent it to
   * itself) and any other reason ends the process with that reason.
   */
  private exitArrives(d: Delivery, p: Proc): void {
    const from = d.from;
    if (d.sig === EXIT_LINK) {
      // A link removed by unlink/1 no longer carries exit signals.
      if (from === null || p.linkSet?.delete(from) !== true) {
        this.drop(d.id, this.now, "unlinked");
        return;
      }
    }
    this.delivered(d, p);
    const reason = d.reason;
    if (d.sig === EXIT_SIG && reason === KILL) this.exitProc(p, KILLED, this.now);
    else if (p.trapping) this.arrive(p, { tag: "EXIT", from, reason } satisfies ExitMsg, d.id);
    else if (reason !== NORMAL) this.exitProc(p, reason, this.now);
    else if (d.sig === EXIT_SIG && from === p.pid) this.exitProc(p, NORMAL, this.now);
  }

  // ---------------------------------------------------------------- connections

  /** Makes sure `from` is connected to node `to` (auto-connect); false if it cannot be. */
  private connect(from: VmNode, to: string): boolean {
    const dst = this.nodes.get(to);
    if (dst === undefined || !dst.up || !from.up) return false;
    const conn = this.network.connection(from.name, to);
    if (conn.up) return true;
    if (this.network.link(from.name, to).blocked || this.network.link(to, from.name).blocked) return false;
    conn.up = true;
    if (this.trace.on) this.trace.add({ t: this.now, k: "connection", a: conn.a, b: conn.b, up: true, reason: null });
    return true;
  }

  /** The nodes `node` is connected to, sorted. */
  connectedNodes(node: string): string[] {
    return this.network
      .connectionsOf(node)
      .map((c) => (c.a === node ? c.b : c.a))
      .sort();
  }

  /** A connection goes down: what is in flight on it is lost, and both ends see `noconnection`. */
  private connectionDown(conn: Connection, reason: DropReason): void {
    conn.up = false;
    conn.endedBy[conn.epoch] = reason;
    conn.epoch++;
    if (this.trace.on) this.trace.add({ t: this.now, k: "connection", a: conn.a, b: conn.b, up: false, reason });
    this.sever(conn.a, conn.b);
    this.sever(conn.b, conn.a);
  }

  /** On node `name`, every link, monitor and node monitor towards node `other` fires. */
  private sever(name: string, other: string): void {
    const n = this.nodes.get(name)!;
    if (!n.up) return;
    for (const p of n.procs.values()) {
      if (p.linkSet !== null) for (const l of p.linkSet) if (l.node === other) this.signalLocal(EXIT_LINK, l, p, NOCONNECTION, null);
      if (p.monitorMap !== null) for (const [ref, target] of p.monitorMap) {
        if (target.node === other) this.signalLocal(DOWN, null, p, NOCONNECTION, ref);
      }
      if (p.watcherMap !== null) for (const [ref, w] of p.watcherMap) if (w.node === other) p.watcherMap.delete(ref);
      if (p.nodeMonitors.includes(other)) {
        for (const m of p.nodeMonitors) if (m === other) this.arriveLocal(p, { tag: "nodedown", node: other } satisfies NodeDownMsg);
        const keep = p.nodeMonitors.filter((m) => m !== other);
        p.nodeMonitors.length = 0;
        p.nodeMonitors.push(...keep);
      }
    }
  }

  // ---------------------------------------------------------------- faults

  private applyFault(f: Fault): void {
    if (this.trace.on) this.trace.add({ t: this.now, k: "fault", op: f.op, detail: f });
    switch (f.op) {
      case "crash":
        return this.crash(this.node(f.node));
      case "restart": {
        const n = this.node(f.node);
        this.crash(n);
        n.creation++;
        n.nextId = 1;
        n.up = true;
        this.boot(n);
        return;
      }
      case "kill": {
        const [node, pid, name] = f.target instanceof Pid ? [f.target.node, f.target, null] : [f.target.node, null, f.target.name];
        this.transmit(EXIT_SIG, null, null, null, node, pid, name, null, f.reason ?? KILL, null, this.now);
        return;
      }
      case "pause":
        this.node(f.node).paused = true;
        return;
      case "resume": {
        const n = this.node(f.node);
        n.paused = false;
        this.markDirty(n);
        return;
      }
      case "partition":
        for (const a of f.a) {
          for (const b of f.b) {
            if (a === b) continue;
            this.network.link(a, b).blocked = true;
            if (f.oneWay === true) continue;
            this.network.link(b, a).blocked = true;
            const conn = this.network.connection(a, b);
            if (conn.up) this.connectionDown(conn, "partition");
          }
        }
        return;
      case "heal":
        for (const l of this.network.allLinks()) {
          if (f.a === undefined || f.b === undefined || (f.a.includes(l.from) && f.b.includes(l.to)) || (f.b.includes(l.from) && f.a.includes(l.to))) {
            l.blocked = false;
          }
        }
        return;
      case "set-loss":
        for (const l of this.linksBetween(f.from, f.to)) l.config = { ...l.config, loss: f.p };
        return;
      case "set-latency":
        for (const l of this.linksBetween(f.from, f.to)) l.config = { ...l.config, latency: f.latency };
        return;
      case "inject":
        return this.inject(f.to, f.msg, this.now);
      case "spawn": {
        // As typed at the node's shell: on a dead node nothing happens; a taken name fails
        // `register/2` with badarg in the shell after the process was already spawned (so
        // it runs, unregistered), and the shell prints the exception.
        const n = this.node(f.node);
        if (!n.up) return;
        const p = this.createProc(n, f.body, null, f.label ?? f.body.name);
        if (f.register === undefined) return;
        if (n.registry.has(f.register)) {
          this.print(p, this.now, `** exception error: bad argument in function register/2 (${f.register} is taken)`);
          return;
        }
        this.register(n, f.register, p.pid);
        return;
      }
    }
  }

  private linksBetween(from: readonly string[] | undefined, to: readonly string[] | undefined) {
    const names = [...this.nodes.keys()];
    const out = [];
    for (const a of from ?? names) for (const b of to ?? names) if (a !== b) out.push(this.network.link(a, b));
    return out;
  }

  /** The node dies: its processes vanish without signals among themselves; its peers see `noconnection`. */
  private crash(n: VmNode): void {
    if (!n.up) return;
    for (const p of n.procs.values()) {
      p.state = EXITED;
      p.gen = null;
      if (this.trace.on) this.trace.add({ t: this.now, k: "exit", pid: p.pid, reason: "node-down" });
    }
    n.wipe();
    n.up = false;
    n.paused = false;
    for (const conn of this.network.connectionsOf(n.name)) this.connectionDown(conn, "node-down");
  }
}

/** A delivery between nodes waiting for the explorer, with its FIFO queue and its identity. */
class PendingDelivery {
  constructor(
    readonly d: Delivery,
    /** Deliveries with the same key leave in send order. */
    readonly fifo: string,
    readonly ident: string,
  ) {}
}

/** Explore mode's bookkeeping. */
class ExploreState {
  /** Deliveries between nodes not yet chosen, in send order. */
  readonly pending: PendingDelivery[] = [];
  /** Per node: what reached it from other nodes, and the advances of time (`exploreState`). */
  readonly history = new Map<string, string[]>();
  /** Sends to other nodes so far, per sender. */
  private readonly sent = new Map<string, number>();

  /**
   * @param explorer chooses what happens next
   * @param lossesLeft messages the explorer may still choose to lose
   * @param crashesLeft nodes the explorer may still choose to crash
   */
  constructor(
    readonly explorer: Explorer,
    public lossesLeft: number,
    public crashesLeft: number,
  ) {}

  /** A node's history (a node added after `explore` starts with an empty one). */
  historyOf(node: string): string[] {
    let h = this.history.get(node);
    if (h === undefined) this.history.set(node, (h = []));
    return h;
  }

  /** Puts a delivery in the pending set. */
  pend(d: Delivery, sender: Proc | null, fromNode: VmNode, ordering: NetworkConfig["default"]["ordering"]): void {
    const who = sender !== null ? sender.pid.key() : `${d.from?.key() ?? "rt"}@${fromNode.name}`;
    const k = (this.sent.get(who) ?? 0) + 1;
    this.sent.set(who, k);
    const to = d.pid !== null ? d.pid.key() : `${d.name}@${d.node.name}`;
    // process-pair: per (sender, receiver); the runtime's signals (no sender process) go per node pair.
    const fifo = ordering === "none" ? `#${d.id}` : ordering === "node-pair" || sender === null ? `${fromNode.name}>${d.node.name}` : `${who}>${to}`;
    this.pending.push(new PendingDelivery(d, fifo, `${who}#${k}`));
  }
}

/** Trace names of the signal kinds, indexed by EXIT_LINK, EXIT_SIG, DOWN, LINK, MONITOR. */
const SIG_NAMES: readonly SignalKind[] = ["exit", "exit", "exit", "down", "link", "monitor"];

/** A receive pattern applied outside the body: a guard that throws does not match (as in Erlang). */
function matches(match: ((m: unknown) => boolean) | undefined, msg: unknown): boolean {
  if (match === undefined) return true;
  try {
    return match(msg);
  } catch {
    return false;
  }
}

/**
 * What a body threw, as an exit reason and whether it came from `exit/1` (not logged). The
 * reason is a copied term (see `termCopy.ts`): a value that is no term (thrown, or given to
 * `exit/1`) becomes `{bad_term, Why}`, so that it reaches neither the trace nor other processes.
 */
function thrownReason(e: unknown): { readonly reason: unknown; readonly exit: boolean } {
  try {
    if (e instanceof ExitException) return { reason: copyTerm(e.reason), exit: true };
    if (e instanceof ErlangError) return { reason: copyTerm(e.reason), exit: false };
    if (e instanceof Error) return { reason: `${e.name}: ${e.message}`, exit: false };
    return { reason: copyTerm(e), exit: false };
  } catch (x) {
    return { reason: badTermReason(x instanceof BadTerm ? x : new BadTerm("reading it threw")), exit: false };
  }
}
