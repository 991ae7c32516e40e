/**
 * How a run advances. A driver owns the run loop and decides what becomes of a delivery
 * between nodes; the kernel does everything else the same way in every mode. The timed
 * driver (the default) samples each delivery's latency, loss and duplication from its link
 * and runs the event queue in time order; explore mode's driver (`explore.ts`) lets an
 * explorer choose instead.
 */
import { Delivery, livePeek } from "./events.js";
import type { Kernel } from "./kernel.js";
import { type Link, orderTarget } from "./network.js";
import type { VmNode } from "./node.js";
import { type Outcome, Runaway } from "./outcome.js";
import type { Proc } from "./process.js";
import type { Micros } from "./time.js";
import type { DropReason } from "./trace.js";

/** A way of running the kernel. */
export interface Driver {
  /** Runs until nothing is left to do, or until virtual time `until`. */
  run(until: Micros | undefined): Outcome;
  /**
   * `d` (sent at `d.time`) leaves `fromNode` on `link`, by `sender` if a process sent it.
   * Returns null if it is on its way, or the reason it was dropped at once.
   */
  remote(d: Delivery, link: Link, sender: Proc | null, fromNode: VmNode): DropReason | null;
}

/** Timed runs: latency, loss and duplication sampled from the links, events in time order. */
export class TimedDriver implements Driver {
  constructor(private readonly k: Kernel) {}

  run(until: Micros | undefined): Outcome {
    const k = this.k;
    const ends = k.ends;
    ends.start();
    try {
      k.sched.flush();
      for (;;) {
        const ev = livePeek(k.queue);
        if (ev === undefined) {
          if (ends.held > 0 && until !== undefined) {
            // Held step ends past `until` go back in the queue, and the run stops at `until`.
            ends.settle(until, Infinity);
            continue;
          }
          ends.settle(Infinity, 0);
          return { kind: "quiescent" };
        }
        if (until !== undefined && ev.time > until) {
          ends.settle(until, Infinity);
          k.now = k.clock = until;
          return { kind: "until" };
        }
        k.handleNext(ev);
      }
    } catch (e) {
      // Whatever ends the run, nothing stays held between runs.
      ends.settleHere();
      if (!(e instanceof Runaway)) throw e;
      k.current = null;
      k.tripped = null;
      return e.outcome;
    }
  }

  remote(d: Delivery, link: Link, sender: Proc | null): DropReason | null {
    const k = this.k;
    let copies = 1;
    // A link that neither loses nor duplicates asks neither (`Link.lossy`).
    if (link.lossy) {
      const isMsg = d.sig === null;
      if (link.loses(isMsg)) return k.drop(d.id, d.time, "loss");
      copies = link.copies(isMsg);
    }
    const t = d.time;
    const to = orderTarget(d.to, d.node);
    d.time = link.arrive(t, sender, to);
    k.queue.push(d);
    if (copies === 2) k.queue.push(new Delivery(link.arrive(t, sender, to), d.id, d.from, d.to, d.msg, d.sig, d.node, d.conn, d.epoch));
    return null;
  }
}
