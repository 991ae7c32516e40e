/**
 * Processes. A process is a generator function that receives its `Proc` handle and speaks
 * to the world only through it, the way Erlang code speaks through BIFs:
 *
 * ```ts
 * function* echo(p: Proc): Body {
 *   for (;;) {
 *     const m = yield* p.receive(isPing);          // selective receive, arrival order
 *     p.send(m.from, { tag: "pong" });
 *   }
 * }
 * ```
 *
 * Only `receive` (and `sleep`, a receive that matches nothing, and `isProcessAlive`, which
 * waits for its answer) suspends; everything else happens at once. A body that returns ends
 * with reason `normal`; one that raises and does not catch crashes with the reason of its
 * exception's class (`p.exit(T)`: `T`; `p.error(R)` or a BIF's error: `{R, Stack}`;
 * `p.throw(T)`: `{{nocatch, T}, Stack}`; a JS exception: see `crash.ts`), and the simulation
 * goes on.
 */
import type { AliveEnvelope, LinkEnvelope, MonitorEnvelope } from "./envelope.js";
import { ErlangError, ExitException, SimulatorError, ThrowException } from "./errors.js";
import { StepDone } from "./events.js";
import type { ProcHost } from "./host.js";
import { Mailbox } from "./mailbox.js";
import type { VmNode } from "./node.js";
import { Name, Pid, type Ref } from "./pid.js";
import { RECEIVE_OP, type ReceiveRequest } from "./receiveIter.js";
import { isAliveReply } from "./signals.js";
import { BadTerm, badTermReason, copyTerm } from "./termCopy.js";
import type { Micros } from "./time.js";

/** The marker a receiving body yields (defined beside the iterator that yields it). */
export { RECEIVE, type ReceiveRequest } from "./receiveIter.js";

/**
 * A process body: a generator function that yields only through `yield* p.receive(...)`, or
 * a `receiveLoop` (`receiveLoop.ts`). The kernel only ever calls the iterator's `next`.
 */
export type Body = (p: Proc) => IterableIterator<ReceiveRequest, unknown, unknown>;

/** Returned by a receive whose `after` expired. */
export const TIMEOUT: unique symbol = Symbol("timeout");
/** The type of `TIMEOUT`. */
export type Timeout = typeof TIMEOUT;

/** A receive pattern: a type guard, or any predicate. */
export type Matcher<T> = ((m: unknown) => m is T) | ((m: unknown) => boolean);

/** What `yield*` takes from `p.receive(...)`: yields one request, returns the message. */
export interface ReceiveOp<T> extends Iterable<ReceiveRequest, T, unknown> {}

/** Where a message may be sent: a pid, a registered name on a node, or a local name. */
export type Dest = Pid | Name | string;

/** Options for spawn. */
export interface SpawnOpts {
  /** Spawn on this node instead of the caller's (`spawn(Node, Fun)`). */
  readonly node?: string;
  /** A name for diagrams and traces (defaults to the body's function name). */
  readonly label?: string;
}


/** Ready to run: in its node's run queue. */
export const READY = 0;
/** Running a step (possibly busy in virtual time until the step's cost is paid). */
export const RUNNING = 1;
/** Blocked in receive. */
export const WAITING = 2;
/** Gone. */
export const EXITED = 3;

/**
 * A process and its handle. Methods are the process's BIFs and may only be called from its
 * own body while it runs; fields are the kernel's bookkeeping.
 */
export class Proc {
  /** One of READY, RUNNING, WAITING, EXITED. */
  state = READY;
  /** The suspended body. */
  gen: IterableIterator<ReceiveRequest, unknown, unknown> | null = null;
  /**
   * The body's `next`, read once when it is spawned. Every body's generator has its own
   * prototype (one per generator function), so reading `gen.next` on every step was a
   * megamorphic load; the function found is the same for all of them.
   */
  next: ((value: unknown) => IteratorResult<ReceiveRequest, unknown>) | null = null;
  /** Arrived, not yet received. */
  readonly mailbox = new Mailbox();
  /** Pattern of the pending receive (undefined: anything). */
  match: ((m: unknown) => boolean) | undefined = undefined;
  /** Timeout of the pending receive in µs (-1: none). */
  after: Micros = -1;
  /** Bumped on each wait, so a stale timer is recognised. */
  waitGen = 0;
  /** Whether the next step starts from a receive (and pays the receive cost). */
  resumed = false;
  /** Value handed to the body when it runs next. */
  resumeValue: unknown = undefined;
  /** Trace id of the message being received (-1 for none). */
  resumeId = -1;
  /** `process_flag(trap_exit, ...)`. */
  trapping = false;
  // Links, monitors, node monitors, the FIFO clamps and the dictionary are made on first use:
  // most processes never need some of them, and a million idle processes should not carry six
  // empty tables each. The `…Set`, `…Map` and `…List` fields are the kernel's view (null: never used).
  /** Linked processes. */
  get links(): Set<Pid> {
    return (this.linkSet ??= new Set());
  }
  /** Monitors this process holds: ref -> target. */
  get monitors(): Map<Ref, Pid | Name> {
    return (this.monitorMap ??= new Map());
  }
  /** Monitors held on this process: ref -> watcher. */
  get watchers(): Map<Ref, Pid> {
    return (this.watcherMap ??= new Map());
  }
  /** Latest arrival per destination, for `process-pair` FIFO (but the one in a destination pid's own slot, `Pid.fifoFrom`). */
  get fifo(): Map<Pid | string, Micros> {
    return (this.fifoMap ??= new Map());
  }
  /** The process dictionary (`put/2`, `get/1`); readable from outside, as `process_info(Pid, dictionary)`. */
  get dictionary(): Map<string, unknown> {
    return (this.dictMap ??= new Map());
  }
  /** `links`, or null if it was never used. */
  linkSet: Set<Pid> | null = null;
  /** `monitors`, or null if it was never used. */
  monitorMap: Map<Ref, Pid | Name> | null = null;
  /** `watchers`, or null if it was never used. */
  watcherMap: Map<Ref, Pid> | null = null;
  /** `fifo`, or null if it was never used. */
  fifoMap: Map<Pid | string, Micros> | null = null;
  /** `dictionary`, or null if it was never used. */
  dictMap: Map<string, unknown> | null = null;
  /** Nodes monitored with `monitor_node`, once per call. */
  get nodeMonitors(): string[] {
    return (this.nodeMonitorList ??= []);
  }
  /** `nodeMonitors`, or null if it was never used. */
  nodeMonitorList: string[] | null = null;
  /** Registered name, if any. */
  regName: string | null = null;
  /**
   * The reason this process is ending with, set by an exit signal it sent itself that it
   * cannot survive (`exit(self(), R)` not trapping, or `kill`): no catch can undo it, so
   * every later API call throws again and the step ends the process whatever the body does.
   */
  doomed: { readonly reason: unknown } | null = null;
  /**
   * An exit signal that reached this process during a step that takes virtual time: the
   * process ends with it when the step does (`signals.exitBySignal`), and then answers the
   * requests that came after it (`after`: `is_process_alive` questions, monitor and link
   * requests) as a process that is gone does. Null: none.
   */
  exiting: { readonly reason: unknown; readonly after: (AliveEnvelope | MonitorEnvelope | LinkEnvelope)[] } | null = null;
  /**
   * The kernel's step-end event for this process, reused from step to step. Made with the
   * process rather than at its first costly step, so that it lies beside it in memory: with
   * many receivers, one cache miss a step fewer (`bench ab --workload scale`), for 64 bytes
   * more only in a process that never takes a costly step.
   */
  readonly stepEnd: StepDone = new StepDone(0, this, 0);

  /**
   * @param host the kernel, as a process sees it
   * @param node the node it lives on
   * @param pid its pid
   * @param label name for traces and diagrams
   */
  constructor(
    private readonly host: ProcHost,
    readonly node: VmNode,
    readonly pid: Pid,
    readonly label: string,
  ) {}

  private guard(): void {
    if (this.host.current !== this) {
      throw new SimulatorError(`process ${this.pid.key()} (${this.label}) used its API outside its own step`);
    }
    if (this.doomed !== null) throw new ExitException(this.doomed.reason);
    this.host.work();
  }

  /**
   * `put(Key, Value)`: stores in the process dictionary and returns the old value. Node code
   * keeps its state there where observers need it after a run (`sys:get_state` in spirit).
   */
  put(key: string, value: unknown): unknown {
    this.guard();
    const old = this.dictionary.get(key);
    this.dictionary.set(key, value);
    return old;
  }

  /** `get(Key)`: the value in the process dictionary, or undefined. */
  get(key: string): unknown {
    this.guard();
    return this.dictionary.get(key);
  }

  /** `process_info(self(), message_queue_len)`: messages arrived and not yet received. */
  messageQueueLen(): number {
    this.guard();
    return this.mailbox.length;
  }

  /** Counts a call toward the step's work limit; unlike `guard`, also callable from this process's receive pattern, outside its step. */
  private count(): void {
    if (this.host.current !== this && this.host.matching !== this) return;
    // After exit(self(), R) nothing more of the body runs (rule 1), whichever call it makes.
    if (this.doomed !== null) throw new ExitException(this.doomed.reason);
    this.host.work();
  }

  /** `self()`. */
  self(): Pid {
    this.count();
    return this.pid;
  }

  /** `node()`: the name of this process's node. */
  nodeName(): string {
    this.count();
    return this.node.name;
  }

  /** The virtual time now, in µs, including the cost already spent in this step (`while (p.now() < t) {}` is work, and trips the limit). */
  now(): Micros {
    this.count();
    return this.host.clock;
  }

  /** `Dest ! Msg`. A bare name that is not registered here raises `badarg`; anything else never fails. */
  send(dest: Dest, msg: unknown): void {
    this.guard();
    if (!(dest instanceof Pid || dest instanceof Name || typeof dest === "string")) throw badarg();
    // Erlang copies a message at send: what the sender changes afterwards, nobody else sees.
    this.host.send(this, dest, termOrCrash(msg));
  }

  /**
   * `receive`: takes the oldest message that `match` accepts (any message when omitted),
   * leaving the others in place; with `after`, returns `TIMEOUT` if none arrives in time.
   * Use as `const m = yield* p.receive(...)`.
   */
  receive<T = unknown>(match?: Matcher<T>): ReceiveOp<T>;
  receive<T = unknown>(match: Matcher<T> | undefined, opts: { readonly after: Micros }): ReceiveOp<T | Timeout>;
  receive(match?: (m: unknown) => boolean, opts?: { readonly after: Micros }): ReceiveOp<unknown> {
    this.guard();
    // `receive after T` with T not a non-negative integer raises `timeout_value` in the
    // process (Erlang reference manual, Expressions, "Receive"; `erl`: `receive after -5 -> ok
    // end` gives error:timeout_value, as do 1.5 and non-numbers). No timeout is `infinity`.
    if (opts !== undefined && !(Number.isSafeInteger(opts.after) && opts.after >= 0)) throw new ErlangError("timeout_value");
    this.match = match;
    this.after = opts === undefined ? -1 : opts.after;
    return RECEIVE_OP.arm();
  }

  /**
   * A receive that gives up at virtual time `deadline` (µs), returning `TIMEOUT`; with no
   * deadline it waits as long as it takes. Erlang code writes `after max(0, Deadline - Now)`.
   */
  receiveBy<T = unknown>(match: Matcher<T> | undefined, deadline: Micros | undefined): ReceiveOp<T | Timeout> {
    return deadline === undefined ? this.receive(match) : this.receive(match, { after: Math.max(0, deadline - this.now()) });
  }

  /** `timer:sleep(T)`: a receive that matches nothing, with `after T`. */
  sleep(t: Micros): ReceiveOp<Timeout> {
    return this.receive(never, { after: t }) as ReceiveOp<Timeout>;
  }

  /** `spawn(Fun)` (or `spawn(Node, Fun)` with `opts.node`). */
  spawn(body: Body, opts?: SpawnOpts): Pid {
    this.guard();
    return this.host.spawn(this, body, false, opts);
  }

  /** `spawn_link(Fun)`: spawn and link atomically. */
  spawnLink(body: Body, opts?: SpawnOpts): Pid {
    this.guard();
    return this.host.spawn(this, body, true, opts);
  }

  /**
   * `spawn_monitor(Fun)` (or on another node with `opts.node`): spawn and monitor atomically,
   * so the DOWN carries the child's real reason even if it ends in its first step.
   */
  spawnMonitor(body: Body, opts?: SpawnOpts): [Pid, Ref] {
    this.guard();
    return this.host.spawnMonitor(this, body, opts);
  }

  /** `register(Name, Pid)`: `badarg` if the name is taken, the pid has a name or is not a live local process. */
  register(name: string, pid: Pid = this.pid): true {
    this.guard();
    this.host.register(this, name, pid);
    return true;
  }

  /** `unregister(Name)`: `badarg` if the name is not registered. */
  unregister(name: string): true {
    this.guard();
    this.host.unregister(this, name);
    return true;
  }

  /** `whereis(Name)`: the local process registered as `name`, or undefined. */
  whereis(name: string): Pid | undefined {
    this.guard();
    return this.node.registry.get(name)?.pid;
  }

  /** `link(Pid)`. */
  link(pid: Pid): true {
    this.guard();
    if (!(pid instanceof Pid)) throw badarg();
    this.host.link(this, pid);
    return true;
  }

  /** `unlink(Pid)`: after it returns, no exit signal from that link affects this process. */
  unlink(pid: Pid): true {
    this.guard();
    if (!(pid instanceof Pid)) throw badarg();
    this.host.unlink(this, pid);
    return true;
  }

  /**
   * `monitor(process, PidOrName)`: a `DOWN` message arrives when it ends (or `noproc` if it
   * never was). A bare name is a local registered name, and the DOWN names `{Name, node()}`
   * (the `erlang:monitor/2` docs: "If the monitor was made by name, the object is {RegName, Node}").
   */
  monitor(target: Pid | Name | string): Ref {
    this.guard();
    if (typeof target === "string") target = new Name(target, this.node.name);
    if (!(target instanceof Pid || target instanceof Name)) throw badarg();
    return this.host.monitor(this, target);
  }

  /** `demonitor(Ref)` (with `flush`, also removes a `DOWN` already in the mailbox). */
  demonitor(ref: Ref, opts?: { readonly flush?: boolean }): true {
    this.guard();
    this.host.demonitor(this, ref, opts?.flush === true);
    return true;
  }

  /** `monitor_node(Node, Flag)`: `{nodedown, Node}` when the connection to it fails. */
  monitorNode(node: string, flag: boolean): true {
    this.guard();
    this.host.monitorNode(this, node, flag);
    return true;
  }

  /** `process_flag(trap_exit, Flag)`: returns the old value. */
  trapExit(flag: boolean): boolean {
    this.guard();
    const old = this.trapping;
    this.trapping = flag;
    return old;
  }

  /**
   * `exit(Reason)`: ends this process (throws; use as `throw p.exit(r)` or a plain call).
   * `exit(Pid, Reason)`: sends an exit signal and returns.
   */
  exit(reason: unknown): never;
  exit(pid: Pid, reason: unknown): true;
  exit(a: unknown, b?: unknown): true | never {
    this.guard();
    if (arguments.length >= 2) {
      this.host.exitSignal(this, a as Pid, termOrCrash(b));
      return true;
    }
    throw new ExitException(a);
  }

  /**
   * `error(Reason)`: raises an exception of class `error`; uncaught, the process ends with
   * `{Reason, Stack}` and an error report (see `crash.ts` for the classes and the stand-in stack).
   */
  error(reason: unknown): never {
    this.guard();
    throw new ErlangError(termOrCrash(reason));
  }

  /** `throw(Term)`: raises an exception of class `throw`; uncaught, the process ends with `{{nocatch, Term}, Stack}` and an error report. */
  throw(value: unknown): never {
    this.guard();
    throw new ThrowException(termOrCrash(value));
  }

  /** `io:format(...)` already formatted: one printed line on this node's terminal. */
  log(text: string): void {
    this.guard();
    this.host.log(this, text);
  }

  /**
   * Writes an observation into the trace: `event` (a term, copied) about `subject`, at the
   * step's time. Not an Erlang BIF: it stands for what a person or a tool watching the
   * system sees (a client's screen line, a server's list), so that screens and checks are
   * read from the trace alone. Kept in every trace mode.
   */
  observe(subject: string, event: unknown): void {
    this.guard();
    this.host.observe(this, String(subject), termOrCrash(event));
  }

  /** `make_ref()`. */
  makeRef(): Ref {
    this.guard();
    return this.host.makeRef(this);
  }

  /**
   * `is_process_alive(Pid)` for a local pid (`badarg` for a remote one, as in Erlang). Every
   * signal this process sent to `pid` is delivered first, so it is false right after
   * `exit(Pid, kill)` (the `erlang:is_process_alive/1` docs; BEAM sends the question as a
   * signal and waits for the answer, and so does this): it may wait, so use it as
   * `const alive = yield* p.isProcessAlive(pid)`.
   */
  *isProcessAlive(pid: Pid): Generator<ReceiveRequest, boolean, unknown> {
    this.guard();
    if (!(pid instanceof Pid)) throw badarg();
    const q = this.host.isAlive(this, pid);
    if (typeof q === "boolean") return q;
    return (yield* this.receive(isAliveReply(q))).alive;
  }

  /** `nodes()`: the nodes this node is connected to, sorted. */
  nodes(): string[] {
    this.guard();
    return this.host.connectedNodes(this);
  }
}

const never = (): boolean => false;

/** A copy of `v` (see `termCopy.ts`); a value that is no term raises `{bad_term, Why}` in the calling process. */
function termOrCrash(v: unknown): unknown {
  try {
    return copyTerm(v);
  } catch (e) {
    if (e instanceof BadTerm) throw new ErlangError(badTermReason(e));
    throw e;
  }
}

function badarg(): ErlangError {
  return new ErlangError("badarg");
}
