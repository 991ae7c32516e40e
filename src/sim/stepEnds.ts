/**
 * What becomes of the end of a step that took virtual time. Its `STEP_DONE` event frees the
 * scheduler and puts the process back to waiting. Queued at once (`QueuedStepEnds`), it is
 * simply an event; held back (`HeldStepEnds`), it costs nothing until something could tell
 * whether it was handled, which in a busy run is most of the time. Both give the same run,
 * event for event (the tests compare them); holding is a speed-up only.
 */
import { FAULT, DELIVER, type SimEvent, type StepDone } from "./events.js";
import type { Kernel } from "./kernel.js";
import type { VmNode } from "./node.js";
import { type Proc, RUNNING, WAITING } from "./process.js";
import type { Micros } from "./time.js";

/** The policy for step ends; the kernel calls it at the points where a held end may matter. */
export interface StepEnds {
  /** Step ends held now, over all nodes. */
  readonly held: number;
  /** Step ends settled without going through the queue: a diagnostic. */
  readonly settled: number;
  /** The end (`ev`, its time set) of `p`'s step on `n`; `done` if the process ended in it. */
  end(ev: StepDone, p: Proc, n: VmNode, done: boolean): void;
  /** A run starts at the current time. */
  start(): void;
  /** The run is about to handle `ev`: held ends it could observe are settled first. */
  reach(ev: SimEvent): void;
  /** A process on `n` became ready: `n`'s held ends matter now. */
  touch(n: VmNode): void;
  /** Settles every held end due before `(t, seq)` and queues the others. */
  settle(t: Micros, seq: number): void;
  /** `settle` at the place of the event being handled (a run ends by an exception). */
  settleHere(): void;
}

/** Every step end goes through the queue: the reference behaviour, and explore mode's. */
export class QueuedStepEnds implements StepEnds {
  readonly held = 0;
  readonly settled = 0;

  constructor(private readonly k: Kernel) {}

  end(ev: StepDone): void {
    this.k.queue.push(ev);
  }

  start(): void {}
  reach(): void {}
  touch(): void {}
  settle(): void {}
  settleHere(): void {}
}

/**
 * Holds back step ends that nothing observes. A step end may be held when its event would
 * free the scheduler and put the process back to waiting, and nothing else: no message to
 * take, no timeout to start, no other process ready on the node. Until something on the node
 * happens (`touch`, `reach`), nobody can tell whether it was handled, so it is settled then,
 * or queued with its reserved `seq` if it is not yet due: the run is event for event the one
 * where it was queued at once (`bench broadcast` reports how many were settled; in its run,
 * most of them). Not near the guards.
 */
export class HeldStepEnds implements StepEnds {
  held = 0;
  settled = 0;
  /** The place in `(time, seq)` order of the event being handled: held step ends before it are due. */
  private posTime: Micros = 0;
  private posSeq = -1;

  constructor(private readonly k: Kernel) {}

  end(ev: StepDone, p: Proc, n: VmNode, done: boolean): void {
    const k = this.k;
    if (
      n.runHead === n.runTail &&
      (done || (p.after < 0 && p.mailbox.length === 0)) &&
      ev.time <= k.limits.maxTime &&
      k.events + this.held + 2 < k.limits.maxEvents
    ) {
      ev.seq = k.queue.reserve();
      n.held[n.heldCount++] = ev;
      this.held++;
    } else {
      k.queue.push(ev);
    }
  }

  start(): void {
    this.posTime = this.k.now;
    this.posSeq = -1;
  }

  reach(ev: SimEvent): void {
    this.posTime = ev.time;
    this.posSeq = ev.seq;
    if (this.held === 0) return;
    // Near the events guard, every held step end is settled or queued, so that the guard
    // trips exactly where it would with none held.
    if (ev.kind === FAULT || this.k.events + this.held + 1 >= this.k.limits.maxEvents) this.settle(ev.time, ev.seq);
    else {
      const n = ev.kind === DELIVER ? ev.node : ev.proc.node;
      if (n.heldCount > 0) this.catchUp(n, ev.time, ev.seq);
    }
  }

  touch(n: VmNode): void {
    this.catchUp(n, this.posTime, this.posSeq);
  }

  settle(t: Micros, seq: number): void {
    if (this.held === 0) return;
    for (const n of this.k.allNodes()) if (n.heldCount > 0) this.catchUp(n, t, seq);
  }

  settleHere(): void {
    this.settle(this.posTime, this.posSeq);
  }

  /** Settles `n`'s held step ends that are due before `(t, seq)` and queues the others. */
  private catchUp(n: VmNode, t: Micros, seq: number): void {
    const k = this.k;
    const held = n.held;
    const count = n.heldCount;
    for (let i = 0; i < count; i++) {
      const d = held[i]!;
      held[i] = null; // not kept reachable from the node
      if (d.time < t || (d.time === t && d.seq < seq)) {
        // What handling the STEP_DONE event would do, given why it was held. The clock moves
        // only when a run ends on it (quiescent, or a guard trips): anything else due after
        // it sets the clock itself.
        if (d.time > k.now) k.now = k.clock = d.time;
        k.events++;
        this.settled++;
        n.busy--;
        const p = d.proc;
        if (p.state === RUNNING) {
          p.state = WAITING;
          p.waitGen++;
        }
      } else {
        k.queue.pushReserved(d);
      }
    }
    this.held -= count;
    n.heldCount = 0;
  }
}
