/**
 * Small counterexamples for the report. A claim violated by some seed of a named scenario
 * (sixty clients in (f), a dozen processes in (h)) is drawn from a generated world instead:
 * fast-check searches worlds of the claim's system, variant and ordering mode for a run that
 * violates the same check, shrinks what it finds, and `minimize` removes servers, clients
 * and lines while the violation stays. The search is seeded, so the report stays
 * byte-stable; a claim the search cannot match (its check has no world counterpart, or no
 * small world violates it) keeps its seed run.
 */
import { SMALL_CONFIGS } from "../explore/configs.js";
import { caseSize, checkClaim, parseWorld, runCase, verdictOf, violatingDeliveries, worldCase, type CaseSize, type Claim, type Mark, type WorldCase, type WorldOptions } from "../props/index.js";
import type { Verdict } from "../check/index.js";
import type { ScenarioResult } from "../scenarios/index.js";
import { WORLD_CHECKS } from "../scenarios/world.js";
import type { ClaimSpec } from "./claims.js";

/** A small world that violates a claim's check, run. */
export interface Shrunk {
  readonly case: WorldCase;
  readonly size: CaseSize;
  readonly run: ScenarioResult;
  readonly verdict: Verdict;
  /** The violating receipts, to mark. */
  readonly marks: readonly Mark[];
  /** How it was found, in words. */
  readonly how: string;
}

/** Worlds searched per claim, and the search's seed; seeds tried on a small configuration when the search finds none. */
export const SHRINK_SEARCH = { numRuns: 300, seed: 2020, configSeeds: 300 } as const;

/** The world check that judges what a report check judges, and the worlds worth drawing for it. */
function worldTarget(spec: ClaimSpec): { check: string; opts: WorldOptions } | null {
  if (spec.system !== "server" && spec.system !== "server2") return null;
  const base: WorldOptions = {
    systems: [spec.system],
    variants: [spec.variant],
    orderings: [spec.mode ?? "process-pair"],
    servers: { min: 1, max: 3 },
    clients: { min: 2, max: 4 },
    lines: 2,
    replies: false,
    leaves: false,
    lateJoins: false,
    customLatency: false,
  };
  switch (spec.check) {
    case "fifo":
    case "issue-order":
    case "total-order":
      return { check: spec.check, opts: base };
    case "reply-order":
      // On server2 with ordered links it takes three servers and a slow route (props/violated.test.ts).
      return { check: WORLD_CHECKS.replyAfter, opts: spec.system === "server2" ? { ...base, replies: true, faults: ["slow"], servers: { min: 3, max: 3 }, clients: { min: 3, max: 4 } } : { ...base, replies: true } };
    case "leave-during-broadcast":
      return { check: spec.check, opts: { ...base, leaves: true } };
    case "join-during-broadcast":
      return { check: spec.check, opts: { ...base, lateJoins: true } };
    default:
      return null;
  }
}

/** The smallest generated world found that violates `spec`'s check, or null (`search`: the report's, unless a test narrows it). */
export function shrinkClaim(spec: ClaimSpec, search: { readonly numRuns: number; readonly seed: number; readonly configSeeds: number } = SHRINK_SEARCH): Shrunk | null {
  const target = worldTarget(spec);
  if (target === null) return null;
  const claim: Claim = { name: spec.id, question: spec.question, statement: spec.claim, check: target.check };
  const found = checkClaim(claim, worldCase(target.opts), { numRuns: search.numRuns, seed: search.seed }).counterexample;
  if (found !== null) return shrunk(claim, found.case, `a seeded fast-check search of ${search.numRuns} worlds, shrunk`);
  // Too rare for the search (a leave racing a broadcast): the exhaustive search's small
  // configuration of the same check, run timed over seeds.
  for (const c of SMALL_CONFIGS) {
    if (c.system !== spec.system || c.check !== target.check) continue;
    for (let seed = 0; seed < search.configSeeds; seed++) {
      const wc: WorldCase = { seed, variant: spec.variant, ordering: spec.mode ?? "process-pair", latency: null, loss: 0, world: parseWorld(c.world) };
      if (verdictOf(claim, runCase(wc)).status === "violated") return shrunk(claim, wc, `the exhaustive search's small configuration (${c.about}), run with sampled latencies: the first of seeds 0 to ${search.configSeeds - 1} that violates it`);
    }
  }
  return null;
}

function shrunk(claim: Claim, c: WorldCase, how: string): Shrunk {
  const run = runCase(c);
  const verdict = verdictOf(claim, run);
  return { case: c, size: caseSize(c), run, verdict, marks: violatingDeliveries(claim, run, verdict), how };
}
