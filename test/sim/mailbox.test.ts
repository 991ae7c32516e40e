import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { type Envelope, Mailbox } from "../../src/sim/mailbox.js";

const env = (id: number, msg: unknown = id): Envelope => ({ msg, id });
const ids = (m: Mailbox) => m.toArray().map((e) => e.id);

describe("Mailbox", () => {
  test("starts empty", () => {
    const m = new Mailbox();
    expect(m.length).toBe(0);
    expect(m.take(undefined)).toBeUndefined();
    expect(m.toArray()).toEqual([]);
  });

  test("take without a pattern takes the oldest message", () => {
    const m = new Mailbox();
    for (let i = 1; i <= 3; i++) m.push(env(i));
    expect(m.take(undefined)?.id).toBe(1);
    expect(m.take(undefined)?.id).toBe(2);
    expect(m.length).toBe(1);
    expect(ids(m)).toEqual([3]);
  });

  test("selective take: the first matching message in arrival order; the rest stay in place", () => {
    const m = new Mailbox();
    m.push(env(1, "a"));
    m.push(env(2, 5));
    m.push(env(3, "b"));
    m.push(env(4, 6));
    const isNum = (x: unknown) => typeof x === "number";
    expect(m.take(isNum)?.id).toBe(2);
    expect(ids(m)).toEqual([1, 3, 4]);
    expect(m.take(isNum)?.id).toBe(4);
    expect(m.take(isNum)).toBeUndefined();
    expect(ids(m)).toEqual([1, 3]);
    expect(m.take(undefined)?.id).toBe(1);
  });

  test("no match leaves the mailbox as it was", () => {
    const m = new Mailbox();
    m.push(env(1));
    m.push(env(2));
    expect(m.take(() => false)).toBeUndefined();
    expect(ids(m)).toEqual([1, 2]);
  });

  test("a pattern whose guard throws does not match, as in Erlang", () => {
    const m = new Mailbox();
    m.push(env(1, null));
    m.push(env(2, { tag: "x" }));
    const guard = (x: unknown) => (x as { tag: string }).tag === "x";
    expect(m.take(guard)?.id).toBe(2);
    expect(ids(m)).toEqual([1]);
  });

  test("take(match, from) starts looking at position `from`", () => {
    const m = new Mailbox();
    for (let i = 1; i <= 4; i++) m.push(env(i));
    expect(m.take(undefined, 2)?.id).toBe(3);
    expect(ids(m)).toEqual([1, 2, 4]);
    expect(m.take(undefined, 3)).toBeUndefined();
    m.take(undefined); // move the head, so `from` is relative to it
    expect(m.take(undefined, 1)?.id).toBe(4);
    expect(ids(m)).toEqual([2]);
  });

  test("the pattern sees messages in arrival order and stops at the first match", () => {
    const m = new Mailbox();
    for (let i = 1; i <= 5; i++) m.push(env(i));
    const seen: unknown[] = [];
    m.take((x) => {
      seen.push(x);
      return x === 3;
    });
    expect(seen).toEqual([1, 2, 3]);
  });

  test("clear empties it", () => {
    const m = new Mailbox();
    m.push(env(1));
    m.take(undefined);
    m.push(env(2));
    m.clear();
    expect(m.length).toBe(0);
    expect(m.take(undefined)).toBeUndefined();
    m.push(env(3));
    expect(ids(m)).toEqual([3]);
  });

  test("a long queue drained from the head and refilled keeps FIFO order across compaction", () => {
    const m = new Mailbox();
    let next = 0;
    let expectNext = 0;
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 1500; i++) m.push(env(next++));
      for (let i = 0; i < 1200; i++) expect(m.take(undefined)?.id).toBe(expectNext++);
      expect(m.length).toBe(next - expectNext);
    }
    expect(ids(m)).toEqual(Array.from({ length: next - expectNext }, (_, i) => expectNext + i));
    // A selective take after compaction still finds the right one.
    expect(m.take((x) => x === next - 1)?.id).toBe(next - 1);
    expect(m.take(undefined)?.id).toBe(expectNext);
  });

  test("toArray is a copy", () => {
    const m = new Mailbox();
    m.push(env(1));
    m.toArray().pop();
    expect(m.length).toBe(1);
  });

  test("length is the number of waiting messages after any pushes, takes (selective or not) and clears", () => {
    const op = fc.oneof(
      fc.record({ push: fc.integer({ min: 0, max: 9 }) }),
      fc.record({ take: fc.option(fc.integer({ min: 0, max: 9 }), { nil: undefined }) }),
      fc.constant({ clear: true }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        const m = new Mailbox();
        let id = 0;
        for (const o of ops) {
          if ("push" in o) m.push(env(id++, o.push));
          else if ("take" in o) m.take(o.take === undefined ? undefined : (x) => x === o.take);
          else m.clear();
          expect(m.length).toBe(m.toArray().length);
        }
      }),
      { numRuns: 50 },
    );
  });
});
