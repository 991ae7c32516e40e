/**
 * Running the conformance cases: each in chatty-sim, and on BEAM when Erlang is installed
 * (otherwise against the BEAM outcome recorded in `recorded.ts`), with a verdict per case.
 * The result is data; `format.ts` prints it and `main.ts` is the command.
 */
import { findErlang, runOnBeam, type BeamRun, type ErlangTools } from "./beam.js";
import { type Case, CASES, PROBES } from "./cases.js";
import { compareOutcomes, type Difference } from "./compare.js";
import type { Outcome } from "./outcome.js";
import { RECORDED } from "./recorded.js";
import { simulateCase } from "./simulate.js";

/** Where a case's BEAM outcome came from. */
export type BeamSide =
  /** Run now on real BEAM. */
  | { readonly kind: "live"; readonly run: BeamRun }
  /** Erlang is not installed: the outcome recorded earlier on BEAM, if there is one. */
  | { readonly kind: "recorded"; readonly otp: string; readonly outcome: Outcome | null };

/** What the comparison found. */
export type Verdict =
  | { readonly kind: "agree" }
  | { readonly kind: "differ"; readonly differences: readonly Difference[] }
  /** The BEAM side failed to run (the message says why). */
  | { readonly kind: "error"; readonly message: string }
  /** Nothing to compare with. */
  | { readonly kind: "not-run" };

/** One case's result. */
export interface CaseResult {
  readonly case: Case;
  readonly sim: Outcome;
  readonly beam: BeamSide;
  readonly verdict: Verdict;
}

/** A whole run. */
export interface ConformanceRun {
  readonly erlang: ErlangTools;
  /** The OTP release the BEAM outcomes come from (live or recorded). */
  readonly otp: string | null;
  readonly results: readonly CaseResult[];
  /** The probes' results: known differences, reported but never failing the run. */
  readonly probes: readonly CaseResult[];
  /** 0 when every case agrees, or when Erlang is not installed; 1 otherwise. */
  readonly exitCode: 0 | 1;
}

/** How to run: which cases and probes, and the PATH to look for `erl` on (tests pass an empty one). */
export interface RunOpts {
  readonly cases?: readonly Case[];
  readonly probes?: readonly Case[];
  readonly path?: string;
}

/** The BEAM outcome a result was compared with, or null when there is none. */
export function beamOutcome(b: BeamSide): Outcome | null {
  if (b.kind === "recorded") return b.outcome;
  return b.run.kind === "ok" ? b.run.outcome : null;
}

/** Runs the cases and probes in chatty-sim and on BEAM (or against the recording) and judges each. */
export function runConformance(opts: RunOpts = {}): ConformanceRun {
  const cases = opts.cases ?? CASES;
  const all = [...cases, ...(opts.probes ?? PROBES)];
  const erlang = findErlang(opts.path);
  const sims = all.map((c) => simulateCase(c));
  let otp: string | null = null;
  let results: CaseResult[];
  if (erlang.kind === "missing") {
    otp = RECORDED.otp;
    results = all.map((c, i): CaseResult => {
      const outcome = RECORDED.cases[c.name] ?? null;
      return { case: c, sim: sims[i]!, beam: { kind: "recorded", otp: RECORDED.otp, outcome }, verdict: judge(outcome, sims[i]!) };
    });
  } else {
    const runs = runOnBeam(all, erlang);
    results = all.map((c, i): CaseResult => {
      const run = runs.get(c.name)!;
      if (run.kind === "error") return { case: c, sim: sims[i]!, beam: { kind: "live", run }, verdict: { kind: "error", message: run.message } };
      otp = run.otp;
      return { case: c, sim: sims[i]!, beam: { kind: "live", run }, verdict: judge(run.outcome, sims[i]!) };
    });
  }
  const main = results.slice(0, cases.length);
  const ok = erlang.kind === "missing" || main.every((r) => r.verdict.kind === "agree");
  return { erlang, otp, results: main, probes: results.slice(cases.length), exitCode: ok ? 0 : 1 };
}

function judge(beam: Outcome | null, sim: Outcome): Verdict {
  if (beam === null) return { kind: "not-run" };
  const differences = compareOutcomes(beam, sim);
  return differences.length === 0 ? { kind: "agree" } : { kind: "differ", differences };
}
