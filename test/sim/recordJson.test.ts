/**
 * The trace's fast writers against the definition: `recordJson(r)` must be byte for byte
 * `canonicalJson(r) + "\n"`, and the faster `canonicalJson` must equal the plain
 * sort-the-keys definition it replaced, so that trace hashes never depend on which path ran.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Name, Pid, Ref } from "../../src/sim/pid.js";
import { canonicalJson } from "../../src/sim/term.js";
import { Trace, recordJson, type TraceRecord } from "../../src/sim/trace.js";

/** The definition: the canonical JSON as first written (keys listed and sorted every time). */
function reference(v: unknown): string {
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      return Number.isFinite(v) ? String(v) : JSON.stringify(String(v));
    case "boolean":
      return v ? "true" : "false";
    case "undefined":
      return "null";
    case "bigint":
      return JSON.stringify(v.toString());
    case "function":
      return '"#Fun"';
    case "symbol":
      return JSON.stringify(v.description ?? "#Symbol");
    case "object": {
      if (v === null) return "null";
      if (v instanceof Pid || v instanceof Ref || v instanceof Name) return JSON.stringify(v.key());
      if (Array.isArray(v)) return "[" + v.map(reference).join(",") + "]";
      if (v instanceof Error) return JSON.stringify(`${v.name}: ${v.message}`);
      if (v instanceof Map) return '{"#Map":' + reference([...v.entries()]) + "}";
      if (v instanceof Set) return '{"#Set":' + reference([...v.values()]) + "}";
      const o = v as Record<string, unknown>;
      const keys = Object.keys(o).sort();
      return "{" + keys.map((k) => JSON.stringify(k) + ":" + reference(o[k])).join(",") + "}";
    }
  }
}

const a = new Pid("a@h", 1, 1, 1);
const odd = new Pid('we"ird\\node\u2028', 2, 7, 3); // a node name that needs escaping
const msg = { tag: "message", name: "John", text: 'hi "there"\n' };

const every: TraceRecord[] = [
  { t: 0, k: "spawn", pid: a, parent: null, label: "server" },
  { t: 0, k: "spawn", pid: odd, parent: a, label: "x\u0000y" },
  { t: 0, k: "register", name: "srv", pid: a },
  { t: 0, k: "unregister", name: "srv", pid: odd },
  { t: 0, k: "connection", a: "a@h", b: "b@h", up: true, reason: null },
  { t: 0, k: "connection", a: "a@h", b: "b@h", up: false, reason: "partition" },
  { t: 1, k: "send", id: 0, from: odd, to: new Name("srv", "a@h"), msg },
  { t: 1, k: "send", id: 1, from: null, to: a, msg: [1, "two", { b: 2, a: [odd] }] },
  { t: 1, k: "send", id: 2, from: a, to: odd, msg: "plain" },
  { t: 1, k: "signal", id: 3, sig: "monitor", from: a, to: odd, reason: null, ref: new Ref("b@h", 1) },
  { t: 1, k: "signal", id: 4, sig: "exit", from: null, to: new Name("n", "b@h"), reason: { tag: "shutdown" }, ref: null },
  { t: 250, k: "deliver", id: 0, to: odd },
  { t: 250, k: "receive", id: 0, pid: a },
  { t: 260, k: "log", pid: a, text: "[JOIN] John joined the chat" },
  { t: 300, k: "drop", id: 1, reason: "partition" },
  { t: 400, k: "timeout", pid: odd },
  { t: 500, k: "fault", op: "crash", detail: { op: "crash", node: "a@h" } },
  { t: 500, k: "exit", pid: a, reason: new Error("boom") },
  { t: 510, k: "observe", pid: odd, subject: "screen:John", event: { kind: "message", name: "Mary", text: "hi\n" } },
  { t: 520, k: "signal", id: 5, sig: "alive", from: a, to: odd, reason: null, ref: new Ref("a@h", 2) },
  { t: Infinity, k: "exit", pid: a, reason: undefined },
];

describe("recordJson", () => {
  test("every kind of record is written exactly as canonicalJson writes it", () => {
    for (const r of every) expect(recordJson(r)).toBe(reference(r) + "\n");
  });

  test("hash mode (which writes each broadcast message once per step) hashes as full mode does", () => {
    const full = new Trace("full");
    const hash = new Trace("hash");
    for (const tr of [full, hash]) {
      tr.newStep();
      for (let i = 0; i < 5; i++) tr.add({ t: i, k: "send", id: i, from: a, to: odd, msg });
      tr.newStep();
      for (const r of every) tr.add(r);
    }
    expect(hash.hash()).toBe(full.hash());
  });
});

describe("Trace's hot-path methods", () => {
  test("send, deliver and receive keep the same records in full mode and hash the same in hash mode", () => {
    const full = new Trace("full");
    const hash = new Trace("hash");
    const to = new Name("srv", "a@h");
    for (const tr of [full, hash]) {
      tr.send(1, 0, a, to, msg);
      tr.send(2, 1, null, odd, msg);
      tr.send(3, 2, odd, a, "text");
      tr.deliver(4, 0, odd);
      tr.receive(5, 0, a);
      tr.add({ t: 6, k: "timeout", pid: a });
    }
    expect(full.records).toEqual([
      { t: 1, k: "send", id: 0, from: a, to, msg },
      { t: 2, k: "send", id: 1, from: null, to: odd, msg },
      { t: 3, k: "send", id: 2, from: odd, to: a, msg: "text" },
      { t: 4, k: "deliver", id: 0, to: odd },
      { t: 5, k: "receive", id: 0, pid: a },
      { t: 6, k: "timeout", pid: a },
    ]);
    expect(hash.length).toBe(6);
    expect(hash.hash()).toBe(full.hash());
  });
});

describe("canonicalJson", () => {
  const withPids = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: "small", withCrossShrink: true },
      fc.jsonValue(),
      fc.constant(a),
      fc.constant(odd),
      fc.constant(new Ref("a@h", 3)),
      fc.array(tie("value")),
      fc.dictionary(fc.string(), tie("value")),
    ),
  })).value;

  test("property (300 runs): equals the sort-the-keys definition on data with pids, refs and odd keys", () => {
    fc.assert(
      fc.property(withPids, (v) => {
        expect(canonicalJson(v)).toBe(reference(v));
      }),
      { numRuns: 300 },
    );
  });

  test("objects without a prototype, maps, sets and errors are written as before", () => {
    const bare = Object.assign(Object.create(null) as object, { b: 1, a: 2 });
    for (const v of [bare, new Map<unknown, unknown>([["k", a]]), new Set([1, "x"]), new TypeError("no"), { z: undefined, y: () => 1 }]) {
      expect(canonicalJson(v)).toBe(reference(v));
    }
  });
});
