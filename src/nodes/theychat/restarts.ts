/**
 * A supervisor's restart pacing. The first restart of a child happens at once; another
 * within `minGap` of the last waits until `minGap` has passed. Erlang's supervisors bound
 * restarts the same way in spirit (`intensity`/`period`); here the point is that a child
 * that cannot start (its node is down: the link breaks at once with `noconnection`) is
 * retried every `minGap` of virtual time instead of in a loop that never lets time pass.
 */
import type { Micros } from "../../sim/index.js";

/** Restart bookkeeping for the children of one supervisor, keyed by `K`. */
export class Restarts<K> {
  private readonly last = new Map<K, Micros>();
  private readonly due = new Map<K, Micros>();

  /** @param minGap least virtual time between two restarts of one child */
  constructor(readonly minGap: Micros) {}

  /** Child `k` died at `now`: true if it may restart at once (recorded), else it is scheduled. */
  request(k: K, now: Micros): boolean {
    const l = this.last.get(k);
    if (l === undefined || now - l >= this.minGap) {
      this.last.set(k, now);
      this.due.delete(k);
      return true;
    }
    this.due.set(k, l + this.minGap);
    return false;
  }

  /** The `after` for the supervisor's receive: time until the next scheduled restart, or undefined. */
  timeout(now: Micros): Micros | undefined {
    let first: Micros | undefined;
    for (const t of this.due.values()) if (first === undefined || t < first) first = t;
    return first === undefined ? undefined : Math.max(0, first - now);
  }

  /** The children whose scheduled restart is due at `now`, in the order they died; recorded as restarted. */
  takeDue(now: Micros): K[] {
    const out: K[] = [];
    for (const [k, t] of this.due) if (t <= now) out.push(k);
    for (const k of out) {
      this.due.delete(k);
      this.last.set(k, now);
    }
    return out;
  }
}
