/**
 * The schedulers: which process runs when, one step at a time. A process made ready waits in
 * its node's run queue; each node runs as many steps at once as it has schedulers; a step
 * runs the body from one receive to the next and pays the node's costs in virtual time; after
 * it, the process takes its next message, times out or waits.
 */
import { types } from "node:util";
import { crashOf } from "./crash.js";
import { SimulatorError } from "./errors.js";
import { TimerEv } from "./events.js";
import type { Kernel } from "./kernel.js";
import type { VmNode } from "./node.js";
import { Runaway } from "./outcome.js";
import { EXITED, type Proc, READY, RECEIVE, RUNNING, TIMEOUT, WAITING } from "./process.js";
import { RECEIVE_OP } from "./receiveIter.js";
import * as signals from "./signals.js";
import { formatTerm } from "./term.js";
import { formatTime } from "./time.js";

/** The run queues of every node and the running of steps. */
export class Scheduler {
  /** Nodes with ready processes, `dirty[0..dirtyCount)`; the array is reused, never shrunk. */
  private readonly dirty: VmNode[] = [];
  private dirtyCount = 0;

  constructor(private readonly k: Kernel) {}

  /**
   * A message reaches a live process's mailbox. `direct`: nothing else is left to do in the event
   * being handled before the run queues are flushed.
   */
  arrive(p: Proc, msg: unknown, id: number, direct = false): void {
    if (p.state === WAITING && (p.match === undefined || this.matching(p, () => safeMatch(p.match!, msg)))) {
      p.waitGen++; // cancels the pending timer
      this.resume(p, msg, id, direct);
    } else {
      p.mailbox.push({ msg, id });
      const k = this.k;
      if (p.mailbox.length > k.limits.maxMailbox) {
        throw new Runaway({ kind: "runaway", limit: "mailbox", message: `runaway: process ${p.pid.key()} (${p.label}) has ${p.mailbox.length.toLocaleString("en-US")} messages waiting at t=${formatTime(k.now)} (limit maxMailbox)` });
      }
    }
  }

  /** `n` has processes that may be ready. */
  markDirty(n: VmNode): void {
    if (!n.dispatching) {
      n.dispatching = true;
      this.dirty[this.dirtyCount++] = n;
    }
  }

  /** Runs ready processes on every node that has some, until each is idle or out of schedulers. */
  flush(): void {
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

  /** `p` can run: it joins its node's run queue. */
  makeReady(p: Proc): void {
    const k = this.k;
    const n = p.node;
    // A ready process waits for a scheduler: a held step end on its node now matters.
    if (n.heldCount > 0) k.ends.touch(n);
    p.state = READY;
    n.enqueue(p);
    this.markDirty(n);
  }

  /**
   * `p` goes on from its receive with `value` (the message with trace id `id`, or `TIMEOUT` with
   * -1). `direct`: the run loop is handling an event of `p`'s node (up) and has nothing left to do
   * in it but flush, with no node marked dirty before, and its node's held step ends settled
   * (`Kernel.handle`). Then, if `p` would be the first step of that flush (a scheduler free,
   * nobody before it in the run queue), it runs at once, without the run queue: the same run,
   * step for step. In the broadcast, 0.96× the wall time (`bench ab`).
   */
  resume(p: Proc, value: unknown, id: number, direct = false): void {
    p.resumed = true;
    p.resumeValue = value;
    p.resumeId = id;
    const n = p.node;
    if (direct && n.runHead === n.runTail && n.busy < n.config.schedulers && !n.paused) this.step(p);
    else this.makeReady(p);
  }

  /** Runs one step of `p`: from where it is to its next receive (or its end). */
  step(p: Proc): void {
    const k = this.k;
    const n = p.node;
    const start = k.now;
    if (k.trace.on) k.trace.newStep();
    k.clock = p.resumed && k.costs ? start + n.config.receiveCost : start;
    if (p.resumeId >= 0) {
      k.stats.received++;
      if (k.trace.on) k.trace.receive(start, p.resumeId, p.pid);
    }
    const value = p.resumeValue;
    p.resumeValue = undefined;
    p.resumeId = -1;
    p.state = RUNNING;
    k.current = p;
    k.stepWork = 0;
    k.stats.steps++;
    let done = false;
    let reason: unknown = signals.NORMAL;
    try {
      RECEIVE_OP.disarm(); // whatever another body armed and did not yield through
      const r = p.next!.call(p.gen, value);
      if (r.done === true) done = true;
      else if (r.value !== RECEIVE) {
        done = true;
        reason = { tag: "bad_yield", value: r.value };
      }
    } catch (e) {
      if (k.tripped !== null) throw k.tripped;
      // The kernel's own errors end the run; `instanceof` on a Proxy would run its getPrototypeOf trap.
      if (!types.isProxy(e) && (e instanceof Runaway || e instanceof SimulatorError)) throw e;
      done = true;
      reason = this.reasonOf(p, e);
    } finally {
      k.current = null;
    }
    // Node code may have caught the guard's exception (a catch-all): the run still ends.
    if (k.tripped !== null) throw k.tripped;
    // A process that sent itself a fatal exit signal ends with it, whatever its body did after.
    if (p.doomed !== null) {
      done = true;
      reason = p.doomed.reason;
    }
    const end = k.clock;
    k.clock = k.now;
    if (done) signals.exitProc(k, p, reason, end);
    if (end > start) {
      n.busy++;
      // A process has at most one step end in flight (it is RUNNING until it fires), so its
      // event object is reused rather than allocated per step.
      const ev = p.stepEnd;
      ev.time = end;
      ev.creation = n.creation;
      k.ends.end(ev, p, n, done);
    } else if (!done) {
      this.await(p);
    }
  }

  /** After a step: take the first matching message, or time out, or wait (`direct`: as for `resume`). */
  await(p: Proc, direct = false): void {
    const k = this.k;
    if (p.state === EXITED) return;
    const e = p.match === undefined ? p.mailbox.take(undefined) : this.matching(p, () => p.mailbox.take(p.match));
    if (e !== undefined) return this.resume(p, e.msg, e.id, direct);
    if (p.after === 0) {
      if (k.trace.on) k.trace.add({ t: k.now, k: "timeout", pid: p.pid });
      return this.resume(p, TIMEOUT, -1, direct);
    }
    p.state = WAITING;
    p.waitGen++;
    if (p.after > 0) k.queue.push(new TimerEv(k.now + p.after, p, p.waitGen));
  }

  /**
   * Applies `p`'s receive pattern (in `apply`) outside its step: the pattern's `Proc` calls count
   * as `p`'s work, with a budget of one step's, so a pattern that spins on them trips the guard
   * instead of hanging the host (a pattern that catches the guard's exception still ends the run).
   */
  private matching<T>(p: Proc, apply: () => T): T {
    const k = this.k;
    const was = k.matching;
    const work = k.stepWork;
    k.matching = p;
    k.stepWork = 0;
    try {
      return apply();
    } finally {
      k.matching = was;
      k.stepWork = work;
      if (k.tripped !== null) throw k.tripped;
    }
  }

  /** Turns what a body threw into an exit reason (`crash.ts`), and logs an error or a throw as BEAM's error logger does. */
  reasonOf(p: Proc, e: unknown): unknown {
    const k = this.k;
    const crash = crashOf(e, p.label);
    if (crash.class === "exit") return crash.reason;
    k.print(p, k.clock, `Error in process ${p.pid.format(p.node.name)} on node ${p.node.name} with exit value: ${formatTerm(crash.reason, p.node.name)}`);
    return crash.reason;
  }
}

/** A receive pattern applied outside the body: a guard that throws does not match (as in Erlang). */
function safeMatch(match: (m: unknown) => boolean, msg: unknown): boolean {
  try {
    return match(msg);
  } catch {
    return false;
  }
}
