import { describe, expect, test } from "vitest";
import { chanceOf, established, plainAnswer } from "../../src/report/answers.js";
import type { ClaimResult } from "../../src/report/claims.js";
import type { ScalePoint } from "../../src/report/scale.js";

const claim = (id: string, system: ClaimResult["system"], mode: string | null, verdict: "holds" | "violated", extra: Partial<ClaimResult> = {}): ClaimResult => ({
  id,
  question: "x",
  system,
  variant: "handout",
  mode,
  claim: "a claim",
  verdict,
  runs: 30,
  vacuous: 0,
  violatedRuns: verdict === "holds" ? 0 : 3,
  exhaustive: false,
  counterexample: null,
  ...extra,
});

describe("plain answers", () => {
  test("each sentence follows the verdict it rests on, and says how that verdict was established", () => {
    const held = [claim("x-fifo-single-sender", "server", "process-pair", "holds", { exhaustive: true, bounds: "b", runs: 158 }), claim("q-c-fifo-single-sender", "server", "none", "holds")];
    const a = plainAnswer("q-c", held, [])!;
    expect(a).toMatch(/^Yes: with Erlang's guarantee/);
    expect(a).toContain("(exhaustive: every interleaving within bounds, 158 judged)");
    expect(a).toContain("would still arrive in order (sampled: held in all 30 seeds, not a proof)");
    const broken = [claim("x-fifo-single-sender", "server", "process-pair", "violated", { exhaustive: true, bounds: "b" }), claim("q-c-fifo-single-sender", "server", "none", "violated")];
    const b = plainAnswer("q-c", broken, [])!;
    expect(b).toMatch(/^No: even with Erlang's guarantee/);
    expect(b).toContain("(exhaustive search found a counterexample)");
    expect(b).toContain("can arrive out of order, so it is Erlang's guarantee that keeps the order (3 of 30 seeds)");
  });
  test("the exhaustive claim is preferred to the seed claim it settles; a page without settled claims has no answer", () => {
    const both = [claim("q-e-reply-after-original", "server", "none", "holds"), claim("x-reply-after-original", "server", "none", "violated", { exhaustive: true, bounds: "b" })];
    expect(plainAnswer("q-e", both, [])).toContain("without ordering guarantees it breaks");
    expect(plainAnswer("q-e", [], [])).toBeNull();
    expect(plainAnswer("ms1", both, [])).toBeNull();
  });
  test("runs with nothing to judge are said, not counted as support", () => {
    expect(established(claim("q-e-reply-after-original", "server", "none", "holds", { vacuous: 12 }))).toBe("sampled: held in all 18 of 30 seeds that had something to judge; vacuous in 12: nothing to judge, not a proof");
    expect(established(claim("q-e-reply-after-original", "server", "none", "violated", { vacuous: 4 }))).toBe("3 of 30 seeds; vacuous in 4: nothing to judge");
    expect(established(claim("x-reply-after-original", "server", "none", "holds", { exhaustive: true, bounds: "b", runs: 9, vacuous: 2 }))).toBe("exhaustive: every interleaving within bounds, 9 judged; vacuous in 2: nothing to judge");
  });
  test("the chance per run counts only the runs that had something to judge, and says so", () => {
    expect(chanceOf(claim("a", "server", "none", "holds"))).toBe("so its chance per run is below 10.0% at 95% confidence (rule of three)");
    expect(chanceOf(claim("a", "server", "none", "holds", { vacuous: 10 }))).toBe("so its chance per run, counting only the 20 runs that had something to judge, is below 15.0% at 95% confidence (rule of three)");
    expect(chanceOf(claim("a", "server", "none", "violated"))).toBe("about 10.0% of runs");
    expect(chanceOf(claim("a", "server", "none", "violated", { vacuous: 18 }))).toBe("about 25.0% of the 12 runs that had something to judge");
    expect(chanceOf(claim("a", "server", "none", "holds", { vacuous: 30 }))).toBe("no run had something to judge, so nothing is said of its chance");
  });
  test("a search cut short is a sample, not a proof", () => {
    expect(established(claim("x", "server", "none", "holds", { bounds: "b", exhaustive: false, runs: 12 }))).toBe("sampled: 12 interleavings judged before the search was cut short, not a proof");
  });
  test("(a)'s answer names the last load kept up with and the knee, from the points given", () => {
    const point = (clients: number, p95: number): ScalePoint =>
      ({ system: "server", clients, latency: { p50: p95, p95, p99: p95, max: p95 }, delivered: 0, expected: 0, messagesPerLine: 0, joinStorm: 0, joinMessages: 0, events: 0, interval: 2000 }) as ScalePoint;
    expect(plainAnswer("q-a", [], [point(10, 900), point(400, 1000), point(600, 50_000)])).toMatch(/^The central server keeps up with 400 clients and falls behind by 600 clients: there a line costs more work than the 2ms between lines/);
    expect(plainAnswer("q-a", [], [point(10, 900), point(30, 50_000)])).toMatch(/^The central server keeps up with 10 clients and falls behind by 30 clients/);
    expect(plainAnswer("q-a", [], [point(10, 900), point(30, 1000)])).toMatch(/^The central server keeps up with every load measured, up to 30 clients/);
  });
});
