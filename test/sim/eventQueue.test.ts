import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { EventQueue } from "../../src/sim/eventQueue.js";

interface Ev {
  time: number;
  seq: number;
  label: number;
}

const ev = (time: number, label = 0): Ev => ({ time, seq: -1, label });

function drain(q: EventQueue<Ev>): Ev[] {
  const out: Ev[] = [];
  for (let e = q.pop(); e !== undefined; e = q.pop()) out.push(e);
  return out;
}

describe("EventQueue", () => {
  test("an empty queue has size 0 and pops and peeks undefined", () => {
    const q = new EventQueue<Ev>();
    expect(q.size).toBe(0);
    expect(q.peek()).toBeUndefined();
    expect(q.pop()).toBeUndefined();
    expect(q.pushed).toBe(0);
  });

  test("push stamps seq with the insertion counter", () => {
    const q = new EventQueue<Ev>();
    const a = ev(5);
    const b = ev(1);
    q.push(a);
    q.push(b);
    expect([a.seq, b.seq]).toEqual([0, 1]);
    expect(q.pushed).toBe(2);
    expect(q.size).toBe(2);
  });

  test("pops by time, earliest first", () => {
    const q = new EventQueue<Ev>();
    for (const t of [30, 10, 20, 0, 50, 40]) q.push(ev(t));
    expect(drain(q).map((e) => e.time)).toEqual([0, 10, 20, 30, 40, 50]);
  });

  test("events at the same time pop in insertion order", () => {
    const q = new EventQueue<Ev>();
    for (let i = 0; i < 20; i++) q.push(ev(7, i));
    q.push(ev(3, 100));
    expect(drain(q).map((e) => e.label)).toEqual([100, ...Array.from({ length: 20 }, (_, i) => i)]);
  });

  test("peek shows the next pop without removing it", () => {
    const q = new EventQueue<Ev>();
    q.push(ev(9, 1));
    q.push(ev(2, 2));
    expect(q.peek()?.label).toBe(2);
    expect(q.size).toBe(2);
    expect(q.pop()?.label).toBe(2);
    expect(q.peek()?.label).toBe(1);
  });

  test("seq keeps counting across pops, so a re-pushed event goes behind its equals", () => {
    const q = new EventQueue<Ev>();
    const a = ev(1, 1);
    q.push(a);
    q.push(ev(1, 2));
    const first = q.pop()!;
    expect(first.label).toBe(1);
    q.push(first); // same time, now newest
    expect(drain(q).map((e) => e.label)).toEqual([2, 1]);
    expect(q.pushed).toBe(3);
  });

  test("interleaved pushes and pops keep (time, seq) order", () => {
    const q = new EventQueue<Ev>();
    q.push(ev(10, 1));
    q.push(ev(5, 2));
    expect(q.pop()?.label).toBe(2);
    q.push(ev(10, 3));
    q.push(ev(1, 4));
    expect(drain(q).map((e) => e.label)).toEqual([4, 1, 3]);
  });

  test("property (500 runs): pushing any times then draining gives them sorted by (time, insertion order)", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1_000 }), { maxLength: 300 }), (times) => {
        const q = new EventQueue<Ev>();
        times.forEach((t, i) => q.push(ev(t, i)));
        const want = times.map((t, i) => ({ t, i })).sort((x, y) => x.t - y.t || x.i - y.i);
        expect(drain(q).map((e) => [e.time, e.label])).toEqual(want.map((w) => [w.t, w.i]));
      }),
      { numRuns: 500 },
    );
  });

  // Property: whatever the insertion order, pops come out as a stable sort by time would give.
  test("property (500 runs): pops equal the (time, seq) sort for any insertion order, with interleaved pops", () => {
    const op = fc.oneof(
      { weight: 4, arbitrary: fc.record({ push: fc.integer({ min: 0, max: 50 }) }) },
      { weight: 1, arbitrary: fc.constant({ pop: true as const }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const q = new EventQueue<Ev>();
        const model: Ev[] = [];
        const popped: Ev[] = [];
        const expected: Ev[] = [];
        let label = 0;
        const byTimeSeq = (x: Ev, y: Ev) => x.time - y.time || x.seq - y.seq;
        for (const o of ops) {
          if ("push" in o) {
            const e = ev(o.push, label++);
            q.push(e);
            model.push(e);
          } else {
            model.sort(byTimeSeq);
            const m = model.shift();
            const e = q.pop();
            expect(e).toBe(m);
            if (e !== undefined) popped.push(e);
            if (m !== undefined) expected.push(m);
          }
          expect(q.size).toBe(model.length);
        }
        model.sort(byTimeSeq);
        expect(drain(q)).toEqual(model);
        expect(popped).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });
});
