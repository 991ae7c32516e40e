/**
 * Checks and screens are functions of the trace alone: a run's trace (its records and
 * observations, copied out of the Simulation) judged by a second build of the same scenario
 * that never ran gives the run's verdicts and screens. A reader that looked at the live
 * Simulation (a screen object filled by the clients, the registry at the end) would see the
 * unrun build's empty world instead.
 */
import { describe, expect, test } from "vitest";
import { findScenario } from "../../src/scenarios/index.js";
import { parseParams } from "../../src/scenarios/params.js";
import { judgeTrace, runScenario } from "../../src/scenarios/run.js";
import type { TraceView } from "../../src/scenarios/scenario.js";

const SCENARIOS = ["theychat-client-crash", "theychat-topics", "idle-timeout", "pseudonym-validation", "ms5", "rejoin-after-crash"] as const;

describe("verdicts are a function of the trace alone", () => {
  for (const name of SCENARIOS) {
    test(name, () => {
      const scenario = findScenario(name);
      const r = runScenario(scenario, 3);
      const fresh = scenario.build({ seed: 3, params: parseParams(scenario.params, []), trace: "full" });
      // The unrun build's own trace is empty: anything read from it would differ.
      expect(fresh.sim.trace.observations).toHaveLength(0);
      const built = scenario.build({ seed: 3, params: parseParams(scenario.params, []), trace: "full" });
      built.sim.run({ until: built.until });
      const trace: TraceView = { records: [...built.sim.trace.records], observations: [...built.sim.trace.observations] };

      const again = judgeTrace(fresh, trace);
      const verdicts = (vs: readonly (typeof again.checks)[number][]) => vs.map((v) => ({ check: v.check, status: v.status, summary: v.summary, evidence: v.evidence.map((e) => e.text) }));
      expect(verdicts(again.checks)).toEqual(verdicts(r.checks));
      expect(again.checks.some((v) => v.status === "holds" || v.status === "violated")).toBe(true);
      const screens = fresh.read.clients(trace).map((c) => [c.name, c.pids.map((p) => p.key()), c.entries.map((e) => c.format(e))]);
      expect(screens).toEqual(r.screens.map((c) => [c.name, c.pids.map((p) => p.key()), c.entries.map((e) => c.format(e))]));
      expect(screens.every(([, pids, lines]) => (pids as string[]).length > 0 && (lines as unknown[]).length > 0)).toBe(true);
    });
  }
});
