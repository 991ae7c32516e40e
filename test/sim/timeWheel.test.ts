import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { SimulatorError } from "../../src/sim/errors.js";
import { EventQueue } from "../../src/sim/eventQueue.js";
import { DEFAULT_WHEEL, TimeWheel, type WheelShape } from "../../src/sim/timeWheel.js";

const WHEEL_SIZE = 1 << DEFAULT_WHEEL.bits;

interface Ev {
  time: number;
  seq: number;
  label: number;
}

const ev = (time: number, label = 0): Ev => ({ time, seq: -1, label });

function drain(q: TimeWheel<Ev>): Ev[] {
  const out: Ev[] = [];
  for (let e = q.pop(); e !== undefined; e = q.pop()) out.push(e);
  return out;
}

/** Pops both queues, expects the same event, and returns the new time. */
function popBoth(wheel: TimeWheel<Ev>, heap: EventQueue<Ev>, now: number): number {
  const a = wheel.pop();
  expect(a?.label).toBe(heap.pop()?.label);
  return a === undefined ? now : a.time;
}

/** Expects the same size and the same next event. */
function expectSameHead(wheel: TimeWheel<Ev>, heap: EventQueue<Ev>): void {
  expect(wheel.size).toBe(heap.size);
  expect(wheel.peek()?.label).toBe(heap.peek()?.label);
}

/** Drains both and expects the same events in the same order. */
function expectSameRest(wheel: TimeWheel<Ev>, heap: EventQueue<Ev>): void {
  const want: number[] = [];
  for (let e = heap.pop(); e !== undefined; e = heap.pop()) want.push(e.label);
  expect(drain(wheel).map((e) => e.label)).toEqual(want);
}

describe("TimeWheel", () => {
  test("an empty wheel has size 0 and pops and peeks undefined", () => {
    const q = new TimeWheel<Ev>();
    expect(q.size).toBe(0);
    expect(q.peek()).toBeUndefined();
    expect(q.pop()).toBeUndefined();
    expect(q.pushed).toBe(0);
  });

  test("push stamps seq with the insertion counter, in the wheel and beyond it", () => {
    const q = new TimeWheel<Ev>();
    const a = ev(5);
    const b = ev(WHEEL_SIZE * 3);
    const c = ev(2.5);
    q.push(a);
    q.push(b);
    q.push(c);
    expect([a.seq, b.seq, c.seq]).toEqual([0, 1, 2]);
    expect(q.size).toBe(3);
    expect(drain(q)).toEqual([c, a, b]);
  });

  test("events at the same time pop in insertion order, whether they were pushed into the wheel or beyond it", () => {
    const q = new TimeWheel<Ev>();
    const far = WHEEL_SIZE + 10;
    q.push(ev(far, 1)); // beyond the window: the heap
    q.push(ev(20, 2));
    expect(q.pop()?.label).toBe(2); // the window now starts at 20: `far` is inside it
    q.push(ev(far, 3)); // the wheel
    q.push(ev(far, 4));
    expect(drain(q).map((e) => e.label)).toEqual([1, 3, 4]);
  });

  test("peek shows the next pop without removing it, and a later push of an earlier event is seen", () => {
    const q = new TimeWheel<Ev>();
    q.push(ev(900, 1));
    expect(q.peek()?.label).toBe(1);
    q.push(ev(100, 2));
    expect(q.peek()?.label).toBe(2);
    expect(q.size).toBe(2);
    expect(q.pop()?.label).toBe(2);
    expect(q.peek()?.label).toBe(1);
  });

  test("times past 2^31 and sparse gaps longer than the window keep their order", () => {
    const q = new TimeWheel<Ev>();
    const big = 2 ** 33 + 7;
    q.push(ev(big + 1, 1));
    q.push(ev(big, 2));
    q.push(ev(3, 3));
    expect(q.pop()?.label).toBe(3);
    expect(q.pop()?.label).toBe(2);
    q.push(ev(big, 4)); // in the window again, behind nothing earlier
    expect(drain(q).map((e) => e.label)).toEqual([4, 1]);
  });

  test("pushing an event earlier than the last pop is a simulator bug and throws", () => {
    const q = new TimeWheel<Ev>();
    q.push(ev(10));
    q.pop();
    expect(() => q.push(ev(9))).toThrow(SimulatorError);
    q.push(ev(10)); // the same time is allowed
    expect(q.size).toBe(1);
  });

  test("many events just past the window make it grow, and they keep their order against later pushes", () => {
    const shape: WheelShape = { bits: 4, maxBits: 8, growAfter: 3 };
    const q = new TimeWheel<Ev>(shape);
    expect(q.window).toBe(16);
    for (let i = 0; i < 5; i++) q.push(ev(40 + i, i)); // beyond the 16 µs window: the heap, then growth
    expect(q.window).toBe(64);
    q.push(ev(40, 10)); // same time as label 0, pushed later
    q.push(ev(300, 11)); // beyond even the largest window: stays in the heap
    expect(drain(q).map((e) => e.label)).toEqual([0, 10, 1, 2, 3, 4, 11]);
  });

  // Property: with any interleaving of pops and pushes that never go back in time, the wheel
  // pops exactly what the reference heap pops.
  test.each<[string, WheelShape]>([
    ["default", DEFAULT_WHEEL],
    ["tiny, growing", { bits: 3, maxBits: 9, growAfter: 4 }],
  ])("property (300 runs, %s wheel): the same pops as EventQueue for monotone pushes, near and far, integer and fractional", (_name, shape) => {
    const delta = fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 300 }) },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 3 << shape.bits }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 << shape.maxBits }) },
      { weight: 1, arbitrary: fc.double({ min: 0, max: 50, noNaN: true }) },
    );
    const op = fc.oneof({ weight: 3, arbitrary: fc.record({ push: delta }) }, { weight: 2, arbitrary: fc.constant({ pop: true as const }) });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const wheel = new TimeWheel<Ev>(shape);
        const heap = new EventQueue<Ev>();
        let now = 0;
        let label = 0;
        for (const o of ops) {
          if ("push" in o) {
            const t = now + o.push;
            wheel.push(ev(t, label));
            heap.push(ev(t, label));
            label++;
          } else {
            now = popBoth(wheel, heap, now);
          }
          expectSameHead(wheel, heap);
        }
        expectSameRest(wheel, heap);
      }),
      { numRuns: 300 },
    );
  });

  // Property: events held back with a reserved seq and pushed later (as the kernel does with
  // step ends) pop in their `(time, seq)` place, in the wheel, beyond it and across growth.
  test.each<[string, WheelShape]>([
    ["default", DEFAULT_WHEEL],
    ["tiny, growing", { bits: 3, maxBits: 9, growAfter: 4 }],
  ])("property (300 runs, %s wheel): reserved seqs pushed later pop as EventQueue pops them", (_name, shape) => {
    const delta = fc.oneof(
      { weight: 6, arbitrary: fc.integer({ min: 0, max: 20 }) },
      { weight: 2, arbitrary: fc.integer({ min: 0, max: 3 << shape.bits }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 2 << shape.maxBits }) },
    );
    const op = fc.oneof(
      { weight: 3, arbitrary: fc.record({ push: delta }) },
      { weight: 2, arbitrary: fc.record({ hold: delta }) },
      { weight: 2, arbitrary: fc.constant({ release: true as const }) },
      { weight: 2, arbitrary: fc.constant({ pop: true as const }) },
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 400 }), (ops) => {
        const wheel = new TimeWheel<Ev>(shape);
        const heap = new EventQueue<Ev>();
        const held: Ev[] = [];
        let now = 0;
        let label = 0;
        let reserved = 0;
        for (const o of ops) {
          if ("push" in o) {
            const t = now + o.push;
            wheel.push(ev(t, label));
            heap.insert({ time: t, seq: reserved++, label });
            label++;
          } else if ("hold" in o) {
            held.push({ time: now + o.hold, seq: wheel.reserve(), label: label++ });
            reserved++;
          } else if ("release" in o) {
            // Released as the kernel does: only while still due at or after the last pop.
            const i = held.findIndex((e) => e.time >= now);
            if (i < 0) continue;
            const [e] = held.splice(i, 1);
            wheel.pushReserved(e!);
            heap.insert({ ...e! });
          } else {
            now = popBoth(wheel, heap, now);
            // What is held and now in the past can no longer be released (the kernel settles it).
            for (let i = held.length - 1; i >= 0; i--) if (held[i]!.time < now) held.splice(i, 1);
          }
          expectSameHead(wheel, heap);
        }
        expectSameRest(wheel, heap);
      }),
      { numRuns: 300 },
    );
  });

  test("pushReserved refuses a seq that was never handed out", () => {
    const q = new TimeWheel<Ev>();
    q.push(ev(5));
    expect(() => q.pushReserved({ time: 6, seq: 7, label: 0 })).toThrow(SimulatorError);
  });
});
