/**
 * Grading student answers: a paraphrase that contradicts a verdict is not agreed, reasoning a
 * run refutes makes an answer only partly right, a claim some run measures is judged, and
 * every judgement names the runs it rests on.
 */
import { describe, expect, test } from "vitest";
import { SMALL_CONFIGS } from "../../src/explore/configs.js";
import { CLAIMS, settle, settleExhaustive, type ClaimResult } from "../../src/report/claims.js";
import { claimCommand, judgeAnswer } from "../../src/report/judge.js";
import { STUDENT_ANSWERS, type StudentAnswer } from "../../src/report/students.js";
import { cli } from "../cliHarness.js";

const settled = (id: string, seeds = 1): ClaimResult[] => CLAIMS.filter((c) => c.id === id).map((c) => settle(c, seeds));
const answer = (report: string, topic: string, claim: string): StudentAnswer => STUDENT_ANSWERS.find((a) => a.report === report && a.topic === topic && a.claim === claim)!;

describe("student answers", () => {
  test("2016 (f): a joiner does not get the line being broadcast, so 'yes' for joins is contradicted", () => {
    const results = settled("q-f-join-during-broadcast");
    const j = judgeAnswer(answer("001", "f", "join-during-broadcast"), results, []);
    expect(j.outcome).toBe("contradicted");
    expect(j.runs[0]).toMatch(/^chatty-sim sweep q-f --seeds 1\.\.1/);
    // The leave half of the same answer is right.
    expect(judgeAnswer(answer("001", "f", "leave-during-broadcast"), settled("q-f-leave-during-broadcast"), []).outcome).toBe("agreed");
  });

  test("2016 (e): right conclusion, but 'one request at a time' is refuted by the exhaustive search without ordering", () => {
    const none = settleExhaustive(SMALL_CONFIGS.find((c) => c.id === "x-reply-after-original")!, "none");
    expect(none.verdict).toBe("violated");
    const results = [...settled("q-e-reply-after-original").filter((r) => r.system === "server"), none];
    const j = judgeAnswer(answer("001", "e", "reply-after-original"), results, []);
    expect(j.outcome).toBe("partly right");
    expect(j.reason).toContain("one request at a time is not why");
    expect(j.runs).toContain(none.counterexample!.command);
    // Without that result, nothing refutes the reasoning.
    expect(judgeAnswer(answer("001", "e", "reply-after-original"), results.filter((r) => r !== none), []).outcome).toBe("agreed");
  });

  test("2012 (h): 'distributing the servers may improve it' is contradicted: server2 loses the common order", () => {
    const results = [...settled("q-d-same-order-everywhere", 2), ...settled("q-h-same-order-everywhere", 2), ...settled("q-e-reply-after-original", 2), ...settled("q-h-reply-after-original", 2)];
    const j = judgeAnswer(answer("000", "h", "distribution-improves-order"), results, []);
    expect(j.outcome).toBe("contradicted");
    expect(j.reason).toContain("one common order");
    expect(j.runs.length).toBeGreaterThan(0);
  });

  test("restart, crash, partition and membership claims are measured, not left unmeasured", () => {
    const results = [
      ...settled("server-restart-resumes"),
      ...settled("fault-tolerance-others-chat"),
      ...settled("partition-short-cut-loses-nothing", 2),
      ...settled("partition-long-cut-loses-nothing", 2),
      ...settled("q-g-leaves-shown"),
      ...settled("rejoin-server-lists-agree"),
    ];
    const cases: [string, string, string, string][] = [
      ["000", "b", "restart-restores-chat", "agreed"],
      ["001", "b", "restart-restores-chat", "agreed"],
      ["000", "MS2", "restart-restores-chat", "agreed"],
      ["001", "g", "other-clients-unaffected", "agreed"],
      ["001", "i", "clients-see-server-membership-change", "contradicted"],
      ["000", "g", "servers-notified-on-server-crash", "agreed"],
    ];
    for (const [report, topic, claim, outcome] of cases) {
      const j = judgeAnswer(answer(report, topic, claim), results, []);
      expect(j.outcome, `${report} ${topic} ${claim}: ${j.reason}`).toBe(outcome);
      expect(j.runs.length, `${report} ${topic}`).toBeGreaterThan(0);
    }
    // "The clients will be islanded": judged by the opposite claims. A cut shorter than
    // net_ticktime loses nothing, a longer one loses lines, so the answer is partly right,
    // and the reason names both claims with their own verdicts and both runs.
    const short = results.find((r) => r.id === "partition-short-cut-loses-nothing")!;
    const long = results.find((r) => r.id === "partition-long-cut-loses-nothing")!;
    expect([short.verdict, long.verdict]).toEqual(["holds", "violated"]);
    const j = judgeAnswer(answer("000", "j", "partition-isolates-clients"), results, []);
    expect(j.outcome, j.reason).toBe("partly right");
    expect(j.reason).toContain("1 s cut");
    expect(j.reason).toContain("holds in all 2 runs");
    expect(j.reason).toContain("is violated in 2 of 2 runs");
    expect(j.runs).toHaveLength(2);
    // Were the long cut to lose nothing too, the answer would be contradicted.
    const without = results.map((r) => (r === long ? { ...long, verdict: "holds" as const, violatedRuns: 0, counterexample: null } : r));
    expect(judgeAnswer(answer("000", "j", "partition-isolates-clients"), without, []).outcome).toBe("contradicted");
  });

  test("an explored claim's command makes its search again: strategy and bounds included, the same verdict and count", () => {
    const c = SMALL_CONFIGS.find((x) => x.id === "x-same-order-everywhere" && x.system === "server")!;
    const r = settleExhaustive(c, "process-pair");
    expect(r.verdict).toBe("holds");
    const command = claimCommand(r);
    expect(command).toBe(r.search);
    expect(command).toMatch(/ --strategy (bfs|dfs) --max-depth \d+ --max-runs \d+$/);
    const args = command.replace(/^chatty-sim /, "").split(" ");
    const ran = cli(...args);
    expect(ran.code, ran.stderr).toBe(0);
    expect(ran.stdout).toContain(`holds in every interleaving within bounds (${r.runs} judged)`);
  });

  test("a claim's command: its counterexample, else the sweep it held over", () => {
    const [h] = settled("ms1-everyone-sees-everything", 3);
    expect(claimCommand(h!)).toBe("chatty-sim sweep ms1 --seeds 1..3");
    const [v] = settled("server-restart-resumes");
    expect(claimCommand(v!)).toBe("chatty-sim run server-restart --seed 1");
  });
});
