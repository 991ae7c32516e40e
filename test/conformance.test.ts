/**
 * The conformance harness without Erlang: the normalisation, the Erlang case files, the
 * parsing of the controller's output, the comparison, and the chatty-sim side of every
 * case against the BEAM outcome recorded from a live run (`recorded.ts`). The BEAM side
 * itself runs in `npm run conformance`; here `erl` is always looked for on an empty PATH,
 * so the "not installed" path is the one exercised, whatever the machine has.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { caseFile, findErlang, NOT_INSTALLED, parseControllerOutput, repoRoot, stepTerm } from "../src/conformance/beam.js";
import { CASES, clientsOf, nodesOf, PROBES, type Case } from "../src/conformance/cases.js";
import { compareOutcomes, describeDifference } from "../src/conformance/compare.js";
import { formatReport, formatRun, formatTable } from "../src/conformance/format.js";
import { normaliseLine, normaliseLines, type Outcome } from "../src/conformance/outcome.js";
import { RECORDED } from "../src/conformance/recorded.js";
import { runConformance, type CaseResult, type ConformanceRun } from "../src/conformance/run.js";
import { BADARG_LINE, simulateCase } from "../src/conformance/simulate.js";

const byName = (name: string): Case => CASES.find((c) => c.name === name)!;

describe("normalisation", () => {
  it("prints each pid as local or remote, whatever its numbers", () => {
    expect(normaliseLine("[SERVER UPDATE] [<8765.98.0>,<8491.117.0>,<8765.98.0>,<0.98.0>]")).toBe("[SERVER UPDATE] [<R>,<R>,<R>,<L>]");
    expect(normaliseLine("[SERVER UPDATE] [<0.1.0>,<2.3.0>]")).toBe("[SERVER UPDATE] [<L>,<R>]");
  });
  it("drops one trailing newline and leaves other text alone", () => {
    expect(normaliseLine("[John] hi!\n")).toBe("[John] hi!");
    expect(normaliseLine("Received unsupported message: hello")).toBe("Received unsupported message: hello");
  });
  it("splits text holding several lines", () => {
    expect(normaliseLines(["a\nb\n", "c"])).toEqual(["a", "b", "c"]);
  });
});

describe("the BEAM case files", () => {
  it("renders steps as the controller's Erlang terms, lines ending in a newline as io:get_line gives them", () => {
    const nodeOf = (): string => "john";
    expect(stepTerm({ do: "type", name: "John", text: "hi" }, nodeOf)).toBe(`{type,'john@127.0.0.1',"hi\\n"}`);
    expect(stepTerm({ do: "leave", name: "John" }, nodeOf)).toBe(`{type,'john@127.0.0.1',"exit\\n"}`);
    expect(stepTerm({ do: "server2", node: "server2", boot: "server1" }, nodeOf)).toBe(`{server2,'server2@127.0.0.1','server1@127.0.0.1'}`);
    expect(stepTerm({ do: "shell-send", node: "server_node", to: "myserver", msg: { erl: "disconnect", sim: null } }, nodeOf)).toBe(
      `{shell_send,'server_node@127.0.0.1','myserver',disconnect}`,
    );
  });
  it("writes every case with its nodes and one step per line", () => {
    for (const c of CASES) {
      const f = caseFile(c);
      expect(f).toContain(`{name, "${c.name}"}.`);
      expect(f).toContain(`{nodes, [${nodesOf(c).map((n) => `'${n}@127.0.0.1'`).join(", ")}]}.`);
      expect(f.split("\n").filter((l) => l.startsWith("  {")).length).toBe(c.steps.length);
    }
  });
  it("refuses texts it cannot spell as an Erlang string", () => {
    expect(() => stepTerm({ do: "type", name: "John", text: "héllo" }, () => "john")).toThrow(/ASCII/);
  });
});

describe("the controller's output", () => {
  const c = byName("unregistered-name");
  const line = JSON.stringify({
    case: "unregistered-name",
    otp: "25",
    gapMs: 100,
    nodes: { "server_node@127.0.0.1": [[412.5, "** exception error: bad argument"]], "john@127.0.0.1": [] },
    screens: { "server_node@127.0.0.1": [], "john@127.0.0.1": [[10, "[John] x <0.98.0>\n"]] },
    notes: [],
  });
  it("reads the JSON line among other output and keys screens by user", () => {
    const runs = parseControllerOutput(`=WARNING REPORT==== noise\nCONFORMANCE-JSON ${line}\n`, [c]);
    expect(runs.get(c.name)).toEqual({
      kind: "ok",
      otp: "25",
      outcome: { nodes: { "server_node@127.0.0.1": [BADARG_LINE], "john@127.0.0.1": [] }, screens: { John: ["[John] x <L>"] } },
      notes: [],
    });
  });
  it("reports a case the controller could not run", () => {
    const runs = parseControllerOutput(`CONFORMANCE-JSON {"case":"unregistered-name","error":"error:boom"}\n`, [c]);
    expect(runs.get(c.name)).toEqual({ kind: "error", message: "error:boom" });
  });
});

describe("comparison", () => {
  const a: Outcome = { nodes: { n: ["x", "y"] }, screens: { John: ["[John] hi"] } };
  it("finds nothing between equal outcomes", () => {
    expect(compareOutcomes(a, structuredClone(a))).toEqual([]);
  });
  it("names the stream, the line and both sides of the first difference", () => {
    const b: Outcome = { nodes: { n: ["x"] }, screens: { John: ["[John] ho"] } };
    const d = compareOutcomes(a, b);
    expect(d).toEqual([
      { stream: "node n", line: 2, beam: "y", sim: null },
      { stream: "screen John", line: 1, beam: "[John] hi", sim: "[John] ho" },
    ]);
    expect(describeDifference(d[0]!)).toBe('node n, line 2: BEAM "y", chatty-sim (nothing)');
  });
});

describe("chatty-sim against the BEAM outcomes recorded on OTP " + RECORDED.otp, () => {
  it("has a recording of every case and probe", () => {
    expect(Object.keys(RECORDED.cases).sort()).toEqual([...CASES, ...PROBES].map((c) => c.name).sort());
  });
  for (const c of CASES) {
    it(`${c.name}: chatty-sim shows what BEAM showed`, () => {
      const sim = simulateCase(c);
      expect(compareOutcomes(RECORDED.cases[c.name]!, sim)).toEqual([]);
      expect(Object.keys(sim.screens)).toEqual([...clientsOf(c).keys()]);
    });
  }
  it("does not depend on the seed: the steps force the interleaving", () => {
    for (const c of [...CASES, ...PROBES]) expect(simulateCase(c, 12345)).toEqual(simulateCase(c));
  });
  it("shows the protocol's verdicts in the lines themselves", () => {
    const unsupported = simulateCase(byName("unsupported-message"));
    expect(unsupported.nodes["server_node@127.0.0.1"]).toEqual(["Received unsupported message: hello"]);
    expect(unsupported.screens.Mary).not.toContain("[Mary] after");
    const rejoin = simulateCase(byName("server2-rejoin"));
    // The dead server2 stays in server1's list beside its successor: four entries.
    expect(rejoin.nodes["server1@127.0.0.1"]!.at(-1)).toBe("[SERVER UPDATE] [<R>,<R>,<R>,<L>]");
    expect(rejoin.screens.Mary).toEqual(["[JOIN] Mary joined the chat", "[JOIN] Ana joined the chat", "[John] hi from John"]);
    const old = simulateCase(byName("old-incarnation"));
    expect(old.screens.Mary).toEqual(["[JOIN] Mary joined the chat", "[John] second"]); // no [Ghost] boo
    expect(simulateCase(byName("unregistered-name")).nodes["server_node@127.0.0.1"]).toEqual([BADARG_LINE]);
  });
});

describe("fixed differences stay fixed", () => {
  it("server2-rejoin-local: a local send to the node's own old incarnation is logged, as BEAM logs it", () => {
    const sim = simulateCase(byName("server2-rejoin-local"));
    expect(sim.nodes["server2@127.0.0.1"]!.some((l) => l.startsWith('Discarding message {message,"Mary","Mary again"} from <L> to <L> in an old incarnation (C) of this node (C)'))).toBe(true);
  });
});

describe("without erl", () => {
  it("says so, compares with the recording and exits 0", () => {
    const run = runConformance({ path: "" });
    expect(run.erlang).toEqual({ kind: "missing", message: NOT_INSTALLED });
    expect(run.exitCode).toBe(0);
    expect(run.results.map((r) => r.verdict.kind)).toEqual(CASES.map(() => "agree"));
    expect(run.probes.map((r) => r.verdict.kind)).toEqual(PROBES.map(() => "differ"));
    const out = formatRun(run);
    expect(out[0]).toBe(NOT_INSTALLED);
    expect(out[0]).toMatch(/^erl is not installed/);
    expect(out.join("\n")).toContain(`${CASES.length} of ${CASES.length} cases agree.`);
    expect(formatTable(run).slice(2).map((l) => l.split(/\s+/)[0])).toEqual(CASES.map((c) => c.name));
  });
  it("finds erl and erlc only where both are", () => {
    const dir = mkdtempSync(join(tmpdir(), "conformance-test-"));
    try {
      writeFileSync(join(dir, "erl"), "");
      expect(findErlang(dir).kind).toBe("missing");
      writeFileSync(join(dir, "erlc"), "");
      chmodSync(join(dir, "erlc"), 0o755);
      expect(findErlang(dir)).toEqual({ kind: "found", erl: join(dir, "erl"), erlc: join(dir, "erlc") });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("the report", () => {
  it("reports/conformance.md is what the recorded outcomes generate", () => {
    // The recorded outcomes as if run live: the report must be exactly what they give.
    const recorded = runConformance({ path: "" });
    const live = (r: CaseResult): CaseResult => ({ ...r, beam: { kind: "live", run: { kind: "ok", otp: RECORDED.otp, outcome: RECORDED.cases[r.case.name]!, notes: [] } } });
    const run: ConformanceRun = { ...recorded, erlang: { kind: "found", erl: "erl", erlc: "erlc" }, results: recorded.results.map(live), probes: recorded.probes.map(live) };
    expect(readFileSync(join(repoRoot(), "reports", "conformance.md"), "utf8")).toBe(formatReport(run));
  });
});
