/**
 * The kernel's events: what sits in the event queue. Each kind is a small class with fixed
 * fields, so the hot path (send → queue → deliver) allocates one record per message and no
 * closures.
 */
import type { SignalEnvelope } from "./envelope.js";
import type { Fault } from "./faults.js";
import type { Connection } from "./network.js";
import type { VmNode } from "./node.js";
import type { Proc } from "./process.js";
import type { Micros } from "./time.js";
import { type Name, Pid } from "./pid.js";

/** A message or signal arriving at a node. */
export const DELIVER = 0;
/** A step that took virtual time is over: its scheduler is free. */
export const STEP_DONE = 1;
/** A receive's `after` expired. */
export const TIMER = 2;
/** A scripted fault. */
export const FAULT = 3;

/**
 * A message or signal in flight to a node. A message travels as the delivery itself (`from`,
 * `to`, `msg`), so that a process's send allocates one object (128 bytes, where a delivery
 * pointing to an envelope made 160 in two objects: the broadcast takes 0.94–0.97× the wall
 * time, `bench ab`); a signal also carries its envelope (`sig`).
 */
export class Delivery {
  readonly kind = DELIVER;
  seq = 0;
  /**
   * The destination pid's number and incarnation (-1 and 0 for a registered name), copied from
   * it at send time: the kernel finds the receiver without touching its pid, which with many
   * receivers is a cache miss a delivery (`bench ab --workload scale`).
   */
  readonly toId: number;
  readonly toCreation: number;
  /**
   * @param time arrival time
   * @param id trace id of the send
   * @param from the sending process (null: the runtime or the outside world)
   * @param to the destination
   * @param msg the message (undefined for a signal)
   * @param sig the signal (null for a message)
   * @param node destination node
   * @param conn the connection it travels on (null between processes of one node)
   * @param epoch the connection's epoch at send time
   */
  constructor(
    public time: Micros,
    readonly id: number,
    readonly from: Pid | null,
    readonly to: Pid | Name,
    readonly msg: unknown,
    readonly sig: SignalEnvelope | null,
    readonly node: VmNode,
    readonly conn: Connection | null,
    readonly epoch: number,
  ) {
    if (to instanceof Pid) {
      this.toId = to.id;
      this.toCreation = to.creation;
    } else {
      this.toId = -1;
      this.toCreation = 0;
    }
  }
}

/** End of a costly step. */
export class StepDone {
  readonly kind = STEP_DONE;
  seq = 0;
  /** @param creation the node's incarnation when the step began */
  constructor(
    public time: Micros,
    readonly proc: Proc,
    public creation: number,
  ) {}
}

/** A receive timeout. */
export class TimerEv {
  readonly kind = TIMER;
  seq = 0;
  /** @param gen the wait it belongs to */
  constructor(
    public time: Micros,
    readonly proc: Proc,
    readonly gen: number,
  ) {}
}

/** A fault on the timeline. */
export class FaultEv {
  readonly kind = FAULT;
  seq = 0;
  /** Called off before its time (a partition's tick timeout once the cut heals): skipped, as if never scheduled. */
  cancelled = false;
  constructor(
    public time: Micros,
    readonly fault: Fault,
  ) {}
}

/** Anything in the queue. */
export type SimEvent = Delivery | StepDone | TimerEv | FaultEv;

/**
 * The next event that is not called off, the cancelled ones before it taken out of the
 * queue: what the drivers look at, so that a cancelled event neither runs nor keeps a run
 * from being quiescent.
 */
export function livePeek(queue: { peek(): SimEvent | undefined; pop(): SimEvent | undefined }): SimEvent | undefined {
  for (;;) {
    const ev = queue.peek();
    if (ev === undefined || ev.kind !== FAULT || !ev.cancelled) return ev;
    queue.pop();
  }
}
