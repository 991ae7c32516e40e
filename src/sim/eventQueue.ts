/**
 * The event queue: a binary min-heap ordered by `(time, seq)`. `seq` is a global insertion
 * counter, so two events at the same virtual time pop in the order they were pushed and no
 * tie ever depends on a comparator's whims or on object identity.
 */
import type { Micros } from "./time.js";

/** What the queue needs of an event: its time; `seq` is assigned on push. */
export interface Timed {
  time: Micros;
  seq: number;
}

/** A `(time, seq)` min-heap. Push and pop are O(log n); no allocation per operation. */
export class EventQueue<E extends Timed> {
  private heap: E[] = [];
  private nextSeq = 0;

  /** Number of events waiting. */
  get size(): number {
    return this.heap.length;
  }

  /** The number of pushes so far (the next `seq`). */
  get pushed(): number {
    return this.nextSeq;
  }

  /** Adds an event; stamps it with the next sequence number. */
  push(e: E): void {
    e.seq = this.nextSeq++;
    this.insert(e);
  }

  /**
   * Adds an event that already carries its `seq` (stamped by an owner that merges this
   * queue with another, like the kernel's `TimeWheel`); the counter is not touched.
   */
  insert(e: E): void {
    const h = this.heap;
    let i = h.length;
    h.push(e);
    // Sift up.
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent]!;
      if (p.time < e.time || (p.time === e.time && p.seq < e.seq)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = e;
  }

  /** The earliest event without removing it. */
  peek(): E | undefined {
    return this.heap[0];
  }

  /** Removes and returns the earliest event (smallest time, then smallest seq). */
  pop(): E | undefined {
    const h = this.heap;
    const n = h.length;
    if (n === 0) return undefined;
    const top = h[0]!;
    const last = h.pop()!;
    if (n > 1) {
      // Sift the last element down from the root.
      const size = n - 1;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) break;
        const r = l + 1;
        let c = l;
        let ce = h[l]!;
        if (r < size) {
          const re = h[r]!;
          if (re.time < ce.time || (re.time === ce.time && re.seq < ce.seq)) {
            c = r;
            ce = re;
          }
        }
        if (last.time < ce.time || (last.time === ce.time && last.seq < ce.seq)) break;
        h[i] = ce;
        i = c;
      }
      h[i] = last;
    }
    return top;
  }
}
