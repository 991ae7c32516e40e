/**
 * What `chatty-sim explore` prints: the verdict of each check over every interleaving
 * explored, with the bounds it holds within, or the shortest counterexample found as a
 * replay command and a sequence diagram; and the JSON form of the same.
 */
import type { Verdict } from "../check/index.js";
import { sequenceDiagram } from "../props/diagram.js";
import type { Scenario, ScenarioResult } from "../scenarios/index.js";
import { DEFAULT_MAX_STATES, exploreCommand, type SearchOpts, type SearchResult } from "./search.js";

/** The bounds a verdict holds within, in words. */
export function boundsText(r: SearchResult, opts: Pick<SearchOpts, "maxDepth" | "maxRuns" | "maxStates" | "losses" | "crashes">): string {
  const losses = opts.losses ?? 0;
  const crashes = opts.crashes ?? 0;
  const parts = [
    `explore mode: every message delivered once${losses > 0 ? ` or lost (at most ${losses} lost per run)` : ""}, in any order the link's FIFO mode allows, and any delivery may wait past any timer; ${crashes > 0 ? `any node may crash at any point (at most ${crashes} crash${crashes === 1 ? "" : "es"} per run); ` : ""}${losses > 0 ? "no" : "no loss,"} duplication${crashes > 0 ? "" : " or crash"} beyond the scenario's own`,
    r.depthBound ? `the first ${opts.maxDepth} choices of each run branch, later ones take the default` : `no run had more than ${opts.maxDepth} choices, so every choice branched`,
  ];
  switch (r.stop) {
    case "exhausted":
      break;
    case "violated":
      parts.push(`the search stopped at the first violation, after ${r.progress.runs} runs`);
      break;
    case "max-runs":
      parts.push(`NOT exhaustive: the search stopped at ${r.progress.runs} runs (--max-runs ${opts.maxRuns})`);
      break;
    case "max-states":
      parts.push(`NOT exhaustive: the search stopped at ${r.progress.runs} runs, with ${opts.maxStates ?? DEFAULT_MAX_STATES} states and waiting runs kept (--max-states)`);
      break;
    case "interrupted":
      parts.push(`NOT exhaustive: interrupted after ${r.progress.runs} runs`);
      break;
  }
  return parts.join("; ");
}

/** One line per check. */
export function verdictLine(c: SearchResult["checks"][number], r: SearchResult): string {
  if (c.status === "violated") return `${c.check}: VIOLATED (${c.counterexample!.verdict.summary})`;
  const vac = c.vacuous > 0 ? ` (vacuous in ${c.vacuous})` : "";
  // A judged run stands for the interleavings the reductions merge with it (the count depends on the strategy and the reductions).
  return r.exhausted ? `${c.check}: holds in every interleaving within bounds (${c.runs} judged)${vac}` : `${c.check}: holds in all ${c.runs} interleavings judged, but the search was cut short${vac}`;
}

/** A run's sequence diagram, with a violated verdict under it. */
export function runDiagram(r: ScenarioResult, verdict?: Verdict): string {
  return sequenceDiagram(r.records, r.screens, verdict === undefined ? {} : { verdict });
}

/** The human-readable report of a search. */
export function formatSearch(scenario: Scenario, sets: readonly (readonly [string, string])[], opts: SearchOpts, r: SearchResult): string {
  const p = r.progress;
  const out = [
    `explore ${scenario.name} (${opts.strategy}, depth ≤ ${opts.maxDepth}, runs ≤ ${opts.maxRuns}): ${p.runs} runs, ${p.interleavings} interleavings, ${p.states} distinct states, ${p.pruned} cut short, deepest run ${p.depth} choices`,
    `bounds: ${boundsText(r, opts)}`,
    "",
  ];
  for (const c of r.checks) out.push(`  ${verdictLine(c, r)}`);
  for (const c of r.checks) {
    if (c.counterexample === null) continue;
    const cx = c.counterexample;
    out.push("", `${c.check}: ${opts.strategy === "bfs" ? "shortest " : ""}counterexample (a run of ${cx.choices.length} choices; the replay gives the first ones, the rest are the default)`, `  replay: ${exploreCommand(scenario, sets, cx.choices, opts.losses ?? 0, opts.crashes ?? 0)}`, "", runDiagram(cx.result, cx.verdict));
  }
  return out.join("\n");
}

/** The JSON form of a search (plain data, stable key order). */
export function searchJson(scenario: Scenario, sets: readonly (readonly [string, string])[], opts: SearchOpts, r: SearchResult): unknown {
  return {
    scenario: scenario.name,
    strategy: opts.strategy,
    maxDepth: opts.maxDepth,
    maxRuns: opts.maxRuns,
    maxStates: opts.maxStates ?? DEFAULT_MAX_STATES,
    losses: opts.losses ?? 0,
    crashes: opts.crashes ?? 0,
    ...r.progress,
    exhausted: r.exhausted,
    stop: r.stop,
    depthBound: r.depthBound,
    bounds: boundsText(r, opts),
    checks: r.checks.map((c) => ({
      check: c.check,
      status: c.status,
      runs: c.runs,
      vacuous: c.vacuous,
      counterexample:
        c.counterexample === null
          ? null
          : { choices: c.counterexample.choices, replay: exploreCommand(scenario, sets, c.counterexample.choices, opts.losses ?? 0, opts.crashes ?? 0), summary: c.counterexample.verdict.summary, evidence: c.counterexample.verdict.evidence.map((e) => e.text) },
    })),
  };
}
