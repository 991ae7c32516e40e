/**
 * The kernel: the state of a simulation and its hot path. It sends envelopes (messages and
 * signals) to nodes, delivers them to processes, runs process steps on each node's
 * schedulers and keeps the counters and the trace. How a run advances is its `driver`'s
 * (timed, or explore mode's); what travels between nodes is the network's; what signals do
 * when they arrive is `signals.ts`'s; faults are `faults.ts`'s. `Simulation` is its facade.
 */
import { ConfigError, ErlangError, ExitException } from "./errors.js";
import { DELIVER, Delivery, FAULT, STEP_DONE, type SimEvent, TIMER } from "./events.js";
import { type Envelope, type SignalEnvelope, signalKind, signalReason, signalRef } from "./envelope.js";
import { applyFault } from "./faults.js";
import type { ProcHost } from "./host.js";
import { connect, connectedNodes, crosses, halfUp, Network, validateNetwork } from "./network.js";
import { type NodeConfig, type NodeHandle, VmNode, validateNode } from "./node.js";
import { validateLimits, type Limits } from "./limits.js";
import { newStats, Runaway, type SimConfig, type Stats, tooManyEvents } from "./outcome.js";
import { Name, Pid, Ref } from "./pid.js";
import { type Body, Proc, RUNNING, type SpawnOpts, TIMEOUT, WAITING, type Dest } from "./process.js";
import { Rng } from "./rng.js";
import * as signals from "./signals.js";
import { spawnTied } from "./spawn.js";
import { Scheduler } from "./scheduler.js";
import { HeldStepEnds, QueuedStepEnds, type StepEnds } from "./stepEnds.js";
import { formatTerm } from "./term.js";
import { formatTime, type Micros } from "./time.js";
import { TimeWheel } from "./timeWheel.js";
import { TimedDriver, type Driver } from "./timedDriver.js";
import { type DropReason, Trace } from "./trace.js";

/** The state of a simulation and the operations on it; see the module comment. */
export class Kernel implements ProcHost {
  readonly rng: Rng;
  readonly network: Network;
  readonly trace: Trace;
  readonly limits: Limits;
  readonly stats: Stats = newStats();
  /** Virtual time of the event being handled. */
  now: Micros = 0;
  /** Virtual time inside the running step (now + the cost spent so far). */
  clock: Micros = 0;
  /** The process whose step is running, if any. */
  current: Proc | null = null;
  /** The process whose receive pattern the scheduler is applying, if any (`Scheduler.matching`). */
  matching: Proc | null = null;
  /** Events processed so far. */
  events = 0;
  /** The nodes by name, in the order they were added. */
  readonly nodes = new Map<string, VmNode>();
  /** What is scheduled. */
  readonly queue = new TimeWheel<SimEvent>();
  /** How the run advances: timed (the default) or explore mode's. */
  driver: Driver;
  /** What becomes of the ends of costly steps. */
  ends: StepEnds;
  /** Time a message takes between two processes of one node (0 in explore mode). */
  local: Micros;
  /** Whether steps pay their node's receive and send costs (not in explore mode). */
  costs = true;
  /** The run queues and steps. */
  readonly sched: Scheduler = new Scheduler(this);
  /** The step-work guard's trip, kept so that node code catching it cannot undo it. */
  tripped: Runaway | null = null;

  /** The nodes by their index (`VmNode.index`, from 1), so a send to a pid finds its node without hashing a name. */
  private readonly byIndex: VmNode[] = [];
  private nextId = 0;
  private nextRef = 0;
  /** Process API calls in the running step. */
  stepWork = 0;

  /** Validates the configuration (throws `ConfigError`). */
  constructor(config: SimConfig) {
    if (!Number.isSafeInteger(config.seed) || config.seed < 0) throw new ConfigError(`seed must be a non-negative integer, got ${config.seed}`);
    this.rng = new Rng(config.seed);
    this.network = new Network(validateNetwork(config.network), this.rng);
    this.trace = new Trace(config.trace ?? "full");
    this.limits = validateLimits(config.limits);
    this.local = this.network.config.local;
    this.ends = (config.holdStepEnds ?? true) ? new HeldStepEnds(this) : new QueuedStepEnds(this);
    this.driver = new TimedDriver(this);
  }

  // ---------------------------------------------------------------- nodes and processes

  /** Adds a node and runs its boot script. */
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

  /** Runs `n`'s boot script (at start and after a restart). */
  boot(n: VmNode): void {
    n.tickerFrom = this.now;
    const boot = n.config.boot;
    if (boot === undefined) return;
    const handle: NodeHandle = { name: n.name, spawn: (body, opts) => this.spawnAt(n, body, opts) };
    boot(handle);
  }

  /** Spawns from a node's shell or boot script, optionally registering the process (badarg if the name is taken). */
  spawnAt(n: VmNode, body: Body, opts?: { register?: string; label?: string }): Pid {
    const p = this.createProc(n, body, null, opts?.label ?? body.name);
    if (opts?.register !== undefined) this.registerOn(n, opts.register, p.pid);
    return p.pid;
  }

  /** A new process on `n`, ready to run. */
  createProc(n: VmNode, body: Body, parent: Pid | null, label: string): Proc {
    if (this.alive() >= this.limits.maxProcesses) {
      // `spawn` with the process table full raises system_limit (erlang:spawn/1, "Failure").
      if (this.current !== null) throw new ErlangError("system_limit");
      throw new ConfigError(`cannot spawn ${label} on ${n.name}: ${this.limits.maxProcesses.toLocaleString("en-US")} processes alive (limit maxProcesses)`);
    }
    const pid = new Pid(n.name, n.index, n.nextId, n.creation);
    const p = new Proc(this, n, pid, label || "anonymous");
    // A generator function, or a receiveLoop, makes its iterator and runs nothing yet. Any
    // other function runs its code here, outside every step: its first call of the process
    // API throws, and the spawn fails as `spawn(NotAFun)` does, with badarg in the caller
    // (erlang:spawn/1), before anything of the process exists.
    let gen: ReturnType<Body> | undefined;
    try {
      gen = body(p);
    } catch {
      gen = undefined;
    }
    if (typeof gen?.next !== "function") {
      if (this.current !== null) throw new ErlangError("badarg");
      throw new ConfigError(`cannot spawn ${label || "anonymous"} on ${n.name}: its body is not a generator function (function*) or a receiveLoop`);
    }
    n.nextId++;
    n.procs.set(pid.id, p);
    n.byId[pid.id] = p;
    this.stats.spawned++;
    if (this.trace.on) this.trace.add({ t: this.clock, k: "spawn", pid, parent, label: p.label });
    p.gen = gen;
    p.next = gen.next;
    this.sched.makeReady(p);
    return p;
  }

  /** Processes alive, over all nodes. */
  private alive(): number {
    let k = 0;
    for (const n of this.nodes.values()) k += n.procs.size;
    return k;
  }

  /** The guard on memory kept by the trace: every record in trace `full`, the observations in any mode. Checked after every event. */
  checkKept(): void {
    const kept = this.trace.held;
    if (kept >= this.limits.maxTraceRecords) {
      throw new Runaway({ kind: "runaway", limit: "trace-records", message: `runaway: ${kept.toLocaleString("en-US")} trace records kept by t=${formatTime(this.now)} (limit maxTraceRecords)` });
    }
  }

  /** The live process with this pid, if any. */
  lookup(pid: Pid): Proc | undefined {
    const n = this.nodes.get(pid.node);
    if (n === undefined || !n.up || n.creation !== pid.creation) return undefined;
    return n.byId[pid.id];
  }

  /** The live process a pid or `{Name, Node}` stands for, if any. */
  resolve(target: Pid | Name): Proc | undefined {
    if (target instanceof Pid) return this.lookup(target);
    const n = this.nodes.get(target.node);
    return n?.up === true ? n.registry.get(target.name) : undefined;
  }

  /** `register/2` on node `n`. */
  registerOn(n: VmNode, name: string, pid: Pid): void {
    if (name === "undefined" || n.registry.has(name)) throw new ErlangError("badarg");
    const q = pid.node === n.name ? this.lookup(pid) : undefined;
    if (q === undefined || q.regName !== null) throw new ErlangError("badarg");
    n.registry.set(name, q);
    q.regName = name;
    if (this.trace.on) this.trace.add({ t: this.clock, k: "register", name, pid });
  }

  /** A line printed by `p` at `t`. */
  print(p: Proc, t: Micros, text: string): void {
    p.node.printed.push({ t, pid: p.pid, text });
    if (this.trace.on) this.trace.add({ t, k: "log", pid: p.pid, text });
  }

  // ---------------------------------------------------------------- sending and delivering

  /**
   * Sends an envelope at time `t` from `fromNode` (null: generated on the destination node
   * itself), by `sender` if a process sends it. Returns null if it is on its way, or the
   * reason it was dropped at once.
   */
  transmit(env: Envelope, t: Micros, fromNode: VmNode | null, sender: Proc | null): DropReason | null {
    return env.kind === "msg" ? this.post(env.from, env.to, env.msg, null, t, fromNode, sender) : this.post(env.from, env.to, undefined, env, t, fromNode, sender);
  }

  /** `transmit` of a message (`sig` null) or a signal, unpacked: a process's send makes no envelope. */
  private post(from: Pid | null, to: Pid | Name, msg: unknown, sig: SignalEnvelope | null, t: Micros, fromNode: VmNode | null, sender: Proc | null): DropReason | null {
    const id = this.nextId++;
    this.stats.sent++;
    if (this.trace.on) {
      if (sig === null) this.trace.send(t, id, from, to, msg);
      else this.trace.add({ t, k: "signal", id, sig: signalKind(sig), from, to, reason: signalReason(sig), ref: signalRef(sig) });
    }
    const byPid = to instanceof Pid ? this.byIndex[to.nodeIndex] : undefined;
    // A pid made outside the kernel may carry any index: its node's name decides.
    const dst = byPid !== undefined && byPid.name === to.node ? byPid : this.nodes.get(to.node);
    // A node that crashed behind a cut, seen from the other end: it sends on as if it were up (held at the cut).
    if (dst === undefined || (!dst.up && !halfUp(this.network, fromNode, dst))) return this.drop(id, t, "node-down");
    if (fromNode === null || fromNode === dst) {
      this.queue.push(new Delivery(t + this.local, id, from, to, msg, sig, dst, null, 0));
      return null;
    }
    const link = fromNode.linkTo[dst.index] ?? (fromNode.linkTo[dst.index] = this.network.link(fromNode.name, dst.name));
    // A connection half down (`halfDown`) is up for the end that did not crash only.
    if (link.blocked || ((!link.conn.up || link.conn.gone !== null) && !connect(this, fromNode, dst.name))) return this.drop(id, t, "partition");
    link.wrote(fromNode, t);
    return this.driver.remote(new Delivery(t, id, from, to, msg, sig, dst, link.conn, link.conn.epoch), link, sender, fromNode);
  }

  /** Counts and traces a message or signal that never arrives. */
  drop(id: number, t: Micros, reason: DropReason): DropReason {
    this.stats.dropped[reason]++;
    if (this.trace.on) this.trace.add({ t, k: "drop", id, reason });
    return reason;
  }

  /** A message or signal arrives at its node. */
  private deliver(d: Delivery, direct: boolean): void {
    if (d.conn !== null && !crosses(this, d)) return;
    const n = d.node;
    if (!n.up) {
      this.drop(d.id, this.now, "node-down");
      return;
    }
    const sig = d.sig;
    let p: Proc | undefined;
    // The destination is read from the delivery, not the pid: a receiver's pid is not touched here.
    if (d.toId >= 0) {
      if (d.toCreation !== n.creation) {
        this.drop(d.id, this.now, "old-incarnation");
        const to = d.to as Pid;
        const from = d.from;
        // BEAM logs a local send to an old incarnation on the node (checked against OTP 25
        // by `npm run conformance`); a remote one is dropped silently.
        if (sig === null && from !== null && from.node === n.name && from.creation === n.creation) {
          const text = `Discarding message ${formatTerm(d.msg, n.name)} from ${from.format(n.name)} to ${to.format(n.name)} in an old incarnation (${to.creation}) of this node (${n.creation})`;
          n.printed.push({ t: this.now, pid: from, text });
          if (this.trace.on) this.trace.add({ t: this.now, k: "log", pid: from, text });
        }
        if (sig !== null) signals.answerNoproc(this, sig, n);
        return;
      }
      p = n.byId[d.toId];
    } else {
      p = n.registry.get((d.to as Name).name);
    }
    if (p === undefined) {
      this.drop(d.id, this.now, d.toId >= 0 ? "noproc" : "unregistered");
      if (sig !== null) signals.answerNoproc(this, sig, n);
      return;
    }
    if (sig === null) {
      this.delivered(d, p);
      this.sched.arrive(p, d.msg, d.id, direct);
    } else {
      signals.arrives(this, d, sig, p);
    }
  }

  /** Counts and traces an arrival at a live process. */
  delivered(d: Delivery, p: Proc): void {
    this.stats.delivered++;
    if (this.trace.on) this.trace.deliver(this.now, d.id, p.pid);
  }

  // ---------------------------------------------------------------- events and steps

  /** Pops and handles `ev`, the next scheduled event (just peeked), with the run's guards. */
  handleNext(ev: SimEvent): void {
    this.ends.reach(ev);
    if (ev.time > this.limits.maxTime) {
      throw new Runaway({ kind: "runaway", limit: "time", message: `runaway: an event at t=${formatTime(ev.time)} is past the time limit of ${formatTime(this.limits.maxTime)}` });
    }
    if (this.events >= this.limits.maxEvents) throw tooManyEvents(this.events, this.now);
    this.queue.pop();
    this.events++;
    this.now = this.clock = ev.time;
    this.handle(ev, true);
    this.sched.flush();
    this.checkKept();
  }

  /**
   * Handles one event (popped, or chosen by the explorer). `direct`: the run loop handles it,
   * and flushes the run queues right after; at its start no node is dirty, and the event's
   * node has its held step ends settled (`StepEnds.reach`), so a process it resumes may run
   * at once (`Scheduler.resume`).
   */
  handle(ev: SimEvent, direct = false): void {
    if (this.trace.on) this.trace.newStep();
    switch (ev.kind) {
      case DELIVER:
        return this.deliver(ev, direct);
      case STEP_DONE: {
        const n = ev.proc.node;
        if (n.creation !== ev.creation || !n.up) return;
        n.busy--;
        const p = ev.proc;
        if (p.state === RUNNING) {
          // An exit signal that came during the step ends the process now (`signals.exitBySignal`).
          if (p.exiting !== null) signals.endExiting(this, p);
          else this.sched.await(p, direct);
        }
        this.sched.markDirty(n);
        return;
      }
      case TIMER: {
        const p = ev.proc;
        if (p.state !== WAITING || p.waitGen !== ev.gen) return;
        if (this.trace.on) this.trace.add({ t: this.now, k: "timeout", pid: p.pid });
        this.sched.resume(p, TIMEOUT, -1, direct);
        return;
      }
      case FAULT:
        return applyFault(this, ev.fault);
    }
  }

  // ---------------------------------------------------------------- the process API (ProcHost)

  work(): void {
    if (++this.stepWork > this.limits.maxWorkPerStep) {
      const p = (this.current ?? this.matching)!;
      throw (this.tripped ??= new Runaway({
        kind: "runaway",
        limit: "step-work",
        message: `runaway: process ${p.pid.key()} (${p.label}) made ${this.limits.maxWorkPerStep.toLocaleString("en-US")} calls ${this.current === null ? "in its receive pattern" : "in one step"} at t=${formatTime(this.now)}`,
      }));
    }
  }

  send(p: Proc, dest: Dest, msg: unknown): void {
    const t = this.costs ? (this.clock += p.node.config.sendCost) : this.clock;
    let to: Pid | Name;
    if (typeof dest === "string") {
      const q = p.node.registry.get(dest);
      if (q === undefined) throw new ErlangError("badarg");
      to = q.pid;
    } else {
      to = dest;
    }
    if (to === p.pid || (to instanceof Name && to.node === p.node.name && p.node.registry.get(to.name) === p)) return this.sendToSelf(p, to, msg, t);
    this.post(p.pid, to, msg, null, t, p.node, p);
  }

  /**
   * A message a process sends itself is in its mailbox when `send` returns, as on BEAM. The
   * Reference Manual allows any delay for a message ("Message Passing": only the order of
   * the messages between two processes is promised); BEAM's is none, so the local delay
   * does not apply here.
   */
  private sendToSelf(p: Proc, to: Pid | Name, msg: unknown, t: Micros): void {
    const id = this.nextId++;
    this.stats.sent++;
    this.stats.delivered++;
    if (this.trace.on) {
      this.trace.send(t, id, p.pid, to, msg);
      this.trace.deliver(t, id, p.pid);
    }
    p.mailbox.push({ msg, id });
  }

  spawn(p: Proc, body: Body, link: boolean, opts?: SpawnOpts): Pid {
    return spawnTied(this, p, body, link ? "link" : "none", opts)[0];
  }

  spawnMonitor(p: Proc, body: Body, opts?: SpawnOpts): [Pid, Ref] {
    const [pid, ref] = spawnTied(this, p, body, "monitor", opts);
    return [pid, ref!];
  }

  register(p: Proc, name: string, pid: Pid): void {
    this.registerOn(p.node, name, pid);
  }

  unregister(p: Proc, name: string): void {
    const n = p.node;
    const q = n.registry.get(name);
    if (q === undefined) throw new ErlangError("badarg");
    n.registry.delete(name);
    q.regName = null;
    if (this.trace.on) this.trace.add({ t: this.clock, k: "unregister", name, pid: q.pid });
  }

  link(p: Proc, pid: Pid): void {
    signals.link(this, p, pid);
  }

  unlink(p: Proc, pid: Pid): void {
    signals.unlink(this, p, pid);
  }

  monitor(p: Proc, target: Pid | Name): Ref {
    return signals.monitor(this, p, target);
  }

  demonitor(p: Proc, ref: Ref, flush: boolean): void {
    signals.demonitor(this, p, ref, flush);
  }

  monitorNode(p: Proc, node: string, flag: boolean): void {
    signals.monitorNode(this, p, node, flag);
  }

  exitSignal(p: Proc, pid: Pid, reason: unknown): void {
    if (pid === p.pid && (reason === signals.KILL || !p.trapping)) {
      // A signal to oneself arrives at once, and these end the sender then and there:
      // `exit(self(), R)` is `exit(R)` that no catch can stop, and `kill` cannot be trapped
      // (Reference Manual, "Receiving Exit Signals"; checked against OTP 25).
      p.doomed = { reason: reason === signals.KILL ? signals.KILLED : reason };
      throw new ExitException(p.doomed.reason);
    }
    this.transmit({ kind: "exit", from: p.pid, to: pid, reason }, this.clock, p.node, p);
  }

  log(p: Proc, text: string): void {
    this.print(p, this.clock, text);
  }

  observe(p: Proc, subject: string, event: unknown): void {
    this.trace.observe({ t: this.clock, k: "observe", pid: p.pid, subject, event });
  }

  makeRef(p: Proc): Ref {
    return new Ref(p.node.name, ++this.nextRef);
  }

  isAlive(p: Proc, pid: Pid): boolean | Ref {
    if (pid.node !== p.node.name) throw new ErlangError("badarg");
    if (pid === p.pid) return true;
    // A process that is gone stays gone; one that lives is asked, behind p's earlier signals.
    if (this.lookup(pid) === undefined) return false;
    const ref = this.makeRef(p);
    this.transmit({ kind: "alive", from: p.pid, to: pid, ref }, this.clock, p.node, p);
    return ref;
  }

  connectedNodes(p: Proc): string[] {
    return connectedNodes(this.network, p.node.name);
  }
}
