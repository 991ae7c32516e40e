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
