/**
 * `copyTerm` and `sameTerm`: the copy writes the same canonical JSON as the original and shares
 * nothing mutable with it; `sameTerm` never calls two terms the same when their JSON differs.
 */
import { describe, expect, test } from "vitest";
import { Pid } from "../../src/sim/index.js";
import { canonicalJson } from "../../src/sim/term.js";
import { copyTerm } from "../../src/sim/termCopy.js";
import { sameTerm } from "../../src/sim/trace.js";

const pid = new Pid("a@h", 1, 3, 0);

describe("copyTerm", () => {
  test.each([
    [{ tag: "message", name: "n", text: "t" }],
    [{ tag: "join", from: pid, list: [1, [2, { x: null }], undefined] }],
    [{ b: 1, a: { d: [], c: {} } }],
    [new Map<unknown, unknown>([["k", { v: [1] }]])],
    [JSON.parse('{"__proto__": {"x": 1}, "y": 2}')],
  ])("%j: same JSON, no shared object, pids shared", (v) => {
    const c = copyTerm(v);
    expect(canonicalJson(c)).toBe(canonicalJson(v));
    expect(c).not.toBe(v);
    if (typeof v === "object" && v !== null && "from" in v) {
      expect((c as { from: Pid }).from).toBe(pid);
      expect((c as { list: unknown[] }).list).not.toBe((v as { list: unknown[] }).list);
    }
  });

  test("a hole in an array becomes undefined, which the trace writes as null", () => {
    // eslint-disable-next-line no-sparse-arrays
    expect(canonicalJson(copyTerm([1, , 3]))).toBe("[1,null,3]");
  });

  test("an own __proto__ key stays an own key (it does not set the copy's prototype)", () => {
    const c = copyTerm(JSON.parse('{"__proto__": {"x": 1}}')) as object;
    expect(Object.getPrototypeOf(c)).toBe(Object.prototype);
    expect(Object.keys(c)).toEqual(["__proto__"]);
  });
});

describe("copyTerm of a frozen term", () => {
  test.each([
    [Object.freeze({ tag: "message", name: "n", text: "t" })],
    [Object.freeze({ tag: "join", from: pid, list: Object.freeze([1, Object.freeze([2, Object.freeze({ x: null })]), undefined]) })],
    [Object.freeze([])],
  ])("%j, frozen all the way down, is shared", (v) => {
    expect(copyTerm(v)).toBe(v);
    expect(copyTerm(v)).toBe(v); // and again, from the cache
  });

  const getter = Object.freeze(Object.defineProperty({ a: 1 }, "b", { get: () => ({ fresh: true }), enumerable: true }));
  const hidden = Object.freeze(Object.defineProperty({ a: 1 }, "secret", { value: 2, enumerable: false }));
  // eslint-disable-next-line no-sparse-arrays
  const holey = Object.freeze([1, , 3]);
  // eslint-disable-next-line no-sparse-arrays
  const holeyWithExtra = Object.freeze(Object.assign([1, , 3], { x: 1 }));
  test.each([
    ["a mutable member", Object.freeze({ a: { b: 1 } }), '{"a":{"b":1}}'],
    ["a mutable array inside", Object.freeze({ a: Object.freeze([[1]]) }), '{"a":[[1]]}'],
    ["a getter", getter, '{"a":1,"b":{"fresh":true}}'],
    ["a property a copy leaves out", hidden, '{"a":1}'],
    ["a hole", holey, "[1,null,3]"],
    ["a hole and a property besides its indexes", holeyWithExtra, "[1,null,3]"],
    ["a Map (whose entries stay mutable)", Object.freeze(new Map([[1, 2]])), canonicalJson(new Map([[1, 2]]))],
    ["a symbol key", Object.freeze({ a: 1, [Symbol("s")]: 2 }), '{"a":1}'],
  ])("a frozen term with %s is copied", (_what, v, json) => {
    const c = copyTerm(v);
    expect(c).not.toBe(v);
    expect(canonicalJson(c)).toBe(json);
  });

  test("a Proxy inside a frozen term is caught, as in any term", () => {
    expect(() => copyTerm(Object.freeze({ a: new Proxy({}, {}) }))).toThrow(/a Proxy/);
    expect(() => copyTerm(new Proxy(Object.freeze({}), {}))).toThrow(/a Proxy/);
  });

  test("a frozen cycle is caught, as in any term", () => {
    const a: { self?: unknown } = {};
    a.self = Object.freeze({ a });
    Object.freeze(a);
    expect(() => copyTerm(a)).toThrow(/cyclic/);
  });
});

describe("sameTerm", () => {
  test.each([
    [{ a: 1, b: "x" }, { a: 1, b: "x" }],
    [{ a: [1, { b: pid }] }, { a: [1, { b: pid }] }],
    [[], []],
  ])("%j and %j are the same", (a, b) => {
    expect(sameTerm(a, b)).toBe(true);
  });

  test.each([
    [{ a: 1 }, { a: 2 }],
    [{ a: 1, b: 2 }, { b: 2, a: 1 }],
    [{ a: undefined }, {}],
    [{}, { a: undefined }],
    [[undefined], [,]],
    [[1], [1, 2]],
    [{ a: [1] }, { a: { 0: 1 } }],
    [new Map([[1, 2]]), new Map([[1, 2]])],
  ])("%j and %j are told apart", (a, b) => {
    expect(sameTerm(a, b)).toBe(false);
  });

  test("whenever it says the same, the canonical JSON is the same", () => {
    const terms: unknown[] = [1, "1", null, undefined, [], [undefined], {}, { a: null }, { a: undefined }, { a: [1] }, { a: { b: 1 } }, { a: { b: 2 } }, [pid], [new Pid("a@h", 1, 3, 0)]];
    for (const a of terms) for (const b of terms) if (sameTerm(a, b)) expect(canonicalJson(a)).toBe(canonicalJson(b));
  });
});
