import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { CLAIMS, settle } from "../../src/report/claims.js";
import { staleFiles, writeReport } from "../../src/report/files.js";
import { generateReport } from "../../src/report/generate.js";
import { judgeAnswer } from "../../src/report/judge.js";
import { fence, md, table } from "../../src/report/markdown.js";
import { PAGES } from "../../src/report/pages.js";
import { spaceTime } from "../../src/report/svg.js";
import { STUDENT_ANSWERS } from "../../src/report/students.js";
import { findScenario, runScenario, SCENARIOS } from "../../src/scenarios/index.js";

const SMALL = { seeds: 1, sizes: [10] } as const;

describe("the report", () => {
  const files = generateReport(SMALL);
  test("is the same bytes when generated again", () => {
    const again = generateReport(SMALL);
    expect([...again.keys()]).toEqual([...files.keys()]);
    for (const [k, v] of files) expect(again.get(k), k).toBe(v);
  });
  test("has the index, a page per milestone, question, failure and TheyChat failure, claims.json and figures", () => {
    for (const f of ["README.md", "claims.json", "scenarios.json", ...PAGES.map((p) => `${p.file}.md`)]) expect(files.has(f), f).toBe(true);
    for (const q of "abcdefghij") expect(files.has(`q-${q}.md`)).toBe(true);
    expect([...files.keys()].some((k) => k.startsWith("figures/") && k.endsWith(".svg"))).toBe(true);
  });
  test("claims.json has the shape programs rely on, and every claim id the issue names", () => {
    const claims = JSON.parse(files.get("claims.json")!) as Record<string, unknown>[];
    for (const c of claims) {
      expect(Object.keys(c)).toEqual(expect.arrayContaining(["id", "question", "system", "mode", "claim", "verdict", "runs", "exhaustive", "counterexample"]));
      expect(["holds", "violated"]).toContain(c["verdict"]);
      if (c["verdict"] === "violated") expect((c["counterexample"] as { command: string }).command).toMatch(c["exhaustive"] === true ? /^chatty-sim explore world .* --replay [\d,]+$/ : /^chatty-sim run /);
      else expect(c["counterexample"]).toBeNull();
    }
    // The small configurations settled by exhaustive search, in every ordering mode: those expected to hold do, the others are violated.
    const exhaustive = claims.filter((c) => c["exhaustive"] === true).map((c) => `${String(c["id"])} ${String(c["system"])} ${String(c["mode"])} ${String(c["verdict"])}`);
    const modes = (id: string, system: string, verdicts: readonly string[]): string[] => ["process-pair", "node-pair", "none"].map((m, i) => `${id} ${system} ${m} ${verdicts[i]!}`);
    const held = ["holds", "holds", "violated"];
    const broken = ["violated", "violated", "violated"];
    expect(exhaustive).toEqual([
      ...modes("x-fifo-single-sender", "server", held),
      ...modes("x-same-order-everywhere", "server", held),
      ...modes("x-reply-after-original", "server", held),
      ...modes("x-fifo-single-sender", "server2", held),
      ...modes("x-same-order-everywhere", "server2", broken),
      ...modes("x-causal-order", "server2", broken),
      ...modes("x-join-during-broadcast", "server", ["holds", "holds", "holds"]),
      ...modes("x-leave-during-broadcast", "server", held),
      ...modes("x-server-lists-agree-concurrent", "server2", held),
      ...modes("x-server-lists-agree-through-joining", "server2", broken),
      ...modes("x-server-lists-agree-join-leave", "server2", broken),
    ]);
    // Every verdict says how it was established; a seed-sampled hold says it is no proof.
    const index = files.get("README.md")!;
    expect(index).toContain("sampled: held in all 1 seeds, not a proof");
    expect(index).toMatch(/exhaustive: every interleaving within bounds, \d+ judged/);
    const ids = new Set(claims.map((c) => c["id"]));
    for (const id of ["q-c-fifo-single-sender", "q-d-issue-order", "q-d-same-order-everywhere", "q-e-reply-after-original", "q-f-join-during-broadcast", "q-f-leave-during-broadcast", "q-b-clients-notified-on-disconnect", "q-g-clients-notified-on-server-leave", "q-i-server-lists-agree"]) {
      expect(ids.has(id), id).toBe(true);
    }
  });
  test("question pages open with a plain answer; (a) plots its knee; MS3 says what the model leaves out; a paraphrase a verdict contradicts is not agreed", () => {
    for (const q of "bcdefghi") expect(files.get(`q-${q}.md`)!.split("\n")[2]!, q).toMatch(/^\*\*Answer\.\*\* /);
    expect(files.get("q-a.md")).toContain("![the knee against the send cost](figures/q-a-knee.svg)");
    expect(files.has("figures/q-a-knee.svg")).toBe(true);
    expect(files.get("ms3.md")).toMatch(/## What the model leaves out[\s\S]*EPMD/);
    const row = files.get("q-d.md")!.split("\n").find((l) => l.includes("each client may experience the connection"))!;
    expect(row).toContain("**contradicted**");
  });
  test("every named scenario is listed in the index with its checks", () => {
    const index = files.get("README.md")!;
    for (const s of SCENARIOS) if (s.name !== "world") expect(index).toContain(`\`${s.name}\``);
  });
  test("a violated claim's page shows its replay command, a sequence diagram and a figure", () => {
    const page = files.get("q-e.md")!;
    expect(page).toContain("## Counterexamples");
    expect(page).toContain("chatty-sim run q-e --seed 1 --set system=server2");
    expect(page).toContain("<== violation");
    expect(page).toMatch(/!\[space-time diagram\]\(figures\/q-e-reply-after-original-server2-handout-process-pair\.svg\)/);
  });
  test("written to a folder it checks clean; a changed, missing or extra file is named as stale", () => {
    const dir = mkdtempSync(join(tmpdir(), "report-"));
    writeReport(dir, files);
    expect(staleFiles(dir, files)).toEqual([]);
    writeFileSync(join(dir, "ms1.md"), "edited by hand\n");
    writeFileSync(join(dir, "figures", "old.svg"), "<svg/>");
    const stale = staleFiles(dir, files);
    expect(stale).toEqual(["figures/old.svg", "ms1.md"]);
    writeReport(dir, files);
    expect(existsSync(join(dir, "figures", "old.svg"))).toBe(false);
    expect(readFileSync(join(dir, "ms1.md"), "utf8")).toBe(files.get("ms1.md"));
  });
});

describe("claims", () => {
  test("a claim's verdict and counterexample come from its runs", () => {
    const spec = CLAIMS.find((c) => c.id === "q-e-reply-after-original" && c.system === "server2" && c.mode === "process-pair")!;
    const r = settle(spec, 2);
    expect(r.verdict).toBe("violated");
    expect(r.counterexample!.command).toBe("chatty-sim run q-e --seed 1 --set system=server2");
    expect(r.counterexample!.trace).toBe(runScenario(findScenario("q-e"), 1, [["system", "server2"]]).traceHash);
    const holds = settle(CLAIMS.find((c) => c.id === "q-e-reply-after-original" && c.system === "server" && c.mode === "process-pair")!, 2);
    expect(holds).toMatchObject({ verdict: "holds", runs: 2, counterexample: null });
  });
  test("student answers are judged against the measured claims", () => {
    const e = STUDENT_ANSWERS.find((a) => a.topic === "e" && a.claim === "reply-after-original")!;
    const spec = CLAIMS.filter((c) => c.id === "q-e-reply-after-original");
    const results = spec.map((c) => settle(c, 1));
    expect(judgeAnswer(e, results, []).outcome).toBe(e.says === "holds" ? "agreed" : "contradicted");
  });
});

describe("markdown and figures", () => {
  test("cells are escaped, fences outgrow backticks", () => {
    expect(md("a|b *c* <d>")).toBe("a\\|b \\*c\\* \\<d\\>");
    expect(table(["x"], [["1"]])).toBe("| x |\n| --- |\n| 1 |");
    expect(fence("```inner```")).toMatch(/^````text\n/);
  });
  test("a figure draws the chosen lines' messages and marks the violating one in red", () => {
    const r = runScenario(findScenario("q-e"), 1, [["system", "server2"]]);
    const svg = spaceTime(r.records, r.screens, { title: "t", lines: r.log.lines, marks: [{ receiver: "Ana", sender: "Mary", text: "Mary: re John: line 1" }] });
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain('stroke="#c00"');
    expect((svg.match(/<line /g) ?? []).length).toBeGreaterThan(5);
    expect(spaceTime(r.records, r.screens, { title: "none", lines: [], marks: [] })).toContain("no message to draw");
  });
});
