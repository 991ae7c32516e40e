import { describe, expect, test } from "vitest";
import { Name, Pid, Ref } from "../../src/sim/pid.js";
import { TIMEOUT } from "../../src/sim/process.js";
import { canonicalJson, formatAtom, formatReason, formatTerm, ioFormat, toPlain } from "../../src/sim/term.js";

const pid = new Pid("a@h", 2, 5, 1);

describe("canonicalJson", () => {
  test("sorts object keys at every depth, so key order never changes the bytes", () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: 3 } })).toBe('{"a":{"c":3,"d":2},"b":1}');
    expect(canonicalJson({ a: { c: 3, d: 2 }, b: 1 })).toBe(canonicalJson({ b: 1, a: { d: 2, c: 3 } }));
  });

  test("writes scalars as JSON", () => {
    expect(canonicalJson("hi \"there\"")).toBe('"hi \\"there\\""');
    expect(canonicalJson(3)).toBe("3");
    expect(canonicalJson(-0)).toBe("0");
    expect(canonicalJson(1.5)).toBe("1.5");
    expect(canonicalJson(true)).toBe("true");
    expect(canonicalJson(false)).toBe("false");
    expect(canonicalJson(null)).toBe("null");
    expect(canonicalJson(undefined)).toBe("null");
  });

  test("writes what JSON cannot as strings", () => {
    expect(canonicalJson(Number.NaN)).toBe('"NaN"');
    expect(canonicalJson(Number.POSITIVE_INFINITY)).toBe('"Infinity"');
    expect(canonicalJson(12n)).toBe('"12"');
    expect(canonicalJson(() => 1)).toBe('"#Fun"');
    expect(canonicalJson(TIMEOUT)).toBe('"timeout"');
    expect(canonicalJson(Symbol())).toBe('"#Symbol"');
    expect(canonicalJson(new TypeError("boom"))).toBe('"TypeError: boom"');
  });

  test("writes pids, refs and names as their unambiguous keys", () => {
    expect(canonicalJson(pid)).toBe('"<a@h.5.1>"');
    expect(canonicalJson(new Ref("a@h", 3))).toBe('"#Ref<a@h.3>"');
    expect(canonicalJson(new Name("srv", "a@h"))).toBe('"{srv,a@h}"');
    expect(canonicalJson({ tag: "join", from: pid })).toBe('{"from":"<a@h.5.1>","tag":"join"}');
  });

  test("keeps array order", () => {
    expect(canonicalJson([3, 1, [2, { z: 1, y: 2 }]])).toBe('[3,1,[2,{"y":2,"z":1}]]');
    expect(canonicalJson([])).toBe("[]");
    expect(canonicalJson({})).toBe("{}");
  });

  test("writes out the entries of Maps and Sets (Object.keys sees none)", () => {
    expect(canonicalJson(new Map<unknown, unknown>([["b", 1], [pid, 2]]))).toBe('{"#Map":[["b",1],["<a@h.5.1>",2]]}');
    expect(canonicalJson(new Set([3, "x"]))).toBe('{"#Set":[3,"x"]}');
    expect(canonicalJson(new Set([1]))).not.toBe(canonicalJson(new Set([2])));
  });

  test("toPlain turns a term into plain JSON data", () => {
    expect(toPlain({ tag: "x", p: pid, u: undefined, n: [1, 2] })).toEqual({ n: [1, 2], p: "<a@h.5.1>", tag: "x", u: null });
  });
});

describe("formatTerm (io:format ~p)", () => {
  test("a tagged object prints as a tuple in written key order, its tag as an atom", () => {
    expect(formatTerm({ tag: "message", name: "John", text: "hi" })).toBe('{message,"John","hi"}');
    expect(formatTerm({ tag: "EXIT", from: pid, reason: "normal" }, "a@h")).toBe("{'EXIT',<0.5.0>,\"normal\"}");
  });

  test("a tag alone prints as a bare atom", () => {
    expect(formatTerm({ tag: "stop" })).toBe("stop");
  });

  test("arrays print as lists, scalars as Erlang would", () => {
    expect(formatTerm([1, "a", [true]])).toBe('[1,"a",[true]]');
    expect(formatTerm(7)).toBe("7");
    expect(formatTerm(7n)).toBe("7");
    expect(formatTerm(null)).toBe("undefined");
    expect(formatTerm(undefined)).toBe("undefined");
    expect(formatTerm(() => 0)).toBe("#Fun");
    expect(formatTerm(TIMEOUT)).toBe("timeout");
  });

  test("pids print as seen from the viewer's node; with no viewer, as another node sees them", () => {
    expect(formatTerm(pid)).toBe("<2.5.0>");
    expect(formatTerm(pid, "a@h")).toBe("<0.5.0>");
    expect(formatTerm({ tag: "join", from: pid }, "b@h")).toBe("{join,<2.5.0>}");
    expect(formatTerm(new Ref("a@h", 9))).toBe("#Ref<0.0.0.9>");
    expect(formatTerm(new Name("srv", "a@h"))).toBe("{srv,'a@h'}");
  });

  test("an object without a tag prints as a map", () => {
    expect(formatTerm({ a: 1, Bee: "x" })).toBe("#{a => 1,'Bee' => \"x\"}");
    expect(formatTerm(new Map([["k", 1]]))).toBe('#{"k" => 1}');
    expect(formatTerm(new Set([1, 2]))).toBe("[1,2]");
  });
});

describe("formatReason", () => {
  test("a string reason is the atom it stands for; any other reason prints as a term", () => {
    expect(formatReason("normal")).toBe("normal");
    expect(formatReason("noconnection")).toBe("noconnection");
    expect(formatReason("node-down")).toBe("'node-down'");
    expect(formatReason({ tag: "badarith", stack: [] })).toBe(formatTerm({ tag: "badarith", stack: [] }));
    expect(formatTerm("normal")).toBe('"normal"'); // a term that is a string stays one
  });
});

describe("formatAtom", () => {
  test("plain lowercase words are bare; anything else is quoted", () => {
    expect(formatAtom("ok")).toBe("ok");
    expect(formatAtom("server_node@127")).toBe("server_node@127");
    expect(formatAtom("EXIT")).toBe("'EXIT'");
    expect(formatAtom("two words")).toBe("'two words'");
    expect(formatAtom("")).toBe("''");
    expect(formatAtom("server_node@127.0.0.1")).toBe("'server_node@127.0.0.1'");
  });

  test("quotes and backslashes inside are escaped", () => {
    expect(formatAtom("it's")).toBe("'it\\'s'");
    expect(formatAtom("a\\b")).toBe("'a\\\\b'");
  });

  test("reserved words are quoted, as io:format prints 'end'", () => {
    expect(formatAtom("end")).toBe("'end'");
    expect(formatAtom("receive")).toBe("'receive'");
    expect(formatAtom("ending")).toBe("ending");
  });
});

describe("ioFormat", () => {
  test("~s writes a string as is, ~p and ~w write terms, ~n a newline, ~~ a tilde", () => {
    expect(ioFormat("[~s] ~s~n", ["John", "hi"])).toBe("[John] hi\n");
    expect(ioFormat("~p ~w", ["hi", { tag: "ok" }])).toBe('"hi" ok');
    expect(ioFormat("100~~")).toBe("100~");
  });

  test("~s of a non-string writes the term", () => {
    expect(ioFormat("~s", [42])).toBe("42");
  });

  test("pids print as seen from the viewer", () => {
    expect(ioFormat("~p", [pid], "b@h")).toBe("<2.5.0>");
    expect(ioFormat("~p", [pid], "a@h")).toBe("<0.5.0>");
  });

  test("unknown directives, a trailing tilde and missing arguments pass through harmlessly", () => {
    expect(ioFormat("~x")).toBe("~x");
    expect(ioFormat("end~")).toBe("end~");
    expect(ioFormat("~p")).toBe("undefined");
    expect(ioFormat("no directives")).toBe("no directives");
  });
});
