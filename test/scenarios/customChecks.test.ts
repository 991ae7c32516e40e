/**
 * Custom checks are functions of the trace (what `Judged` carries: the trace, and the
 * terminals and chat log read from it; no Simulation), and say `vacuous` when the run gave
 * their claim nothing to judge.
 */
import { describe, expect, test } from "vitest";
import { chatLog, HANDOUT_CODEC } from "../../src/check/index.js";
import { customCheck, type CustomSpec } from "../../src/scenarios/customChecks.js";
import { MYSERVER } from "../../src/nodes/index.js";
import { findScenario } from "../../src/scenarios/index.js";
import { parseParams } from "../../src/scenarios/params.js";
import { resultJson, runScenario } from "../../src/scenarios/run.js";
import type { Judged } from "../../src/scenarios/scenario.js";
import { cli } from "../cliHarness.js";

/** A run with nothing in it: no records, no observations, no clients. */
const empty: Judged = { trace: { records: [], observations: [] }, clients: [], log: chatLog([], [], HANDOUT_CODEC) };

/** The scenario's default parameters. */
const defaults = (name: string) => parseParams(findScenario(name).params, []);

const judgeOf = (spec: CustomSpec): ((run: Judged) => unknown) => {
  const c = customCheck(spec);
  if (c.kind !== "custom") throw new Error("not a custom check");
  return c.judge;
};

describe("custom checks", () => {
  test.each<CustomSpec>([
    { kind: "reply-after-original" },
    { kind: "join-misses-line-in-flight" },
    { kind: "join-gets-line-in-flight" },
    { kind: "leaver-gets-lines-before-exit" },
    { kind: "told-server-left", cases: [] },
    { kind: "clients-told", name: "told", since: 0 },
    { kind: "no-rejoin" },
    { kind: "dead-client-removed" },
    { kind: "topics-isolated" },
    { kind: "refused-and-asked-again" },
  ])("$kind on a run with nothing to judge is vacuous", (spec) => {
    expect(judgeOf(spec)(empty)).toMatchObject({ status: "vacuous" });
  });

  test("server-survives reads the trace: it agrees with the simulation's registry at the end, for both variants", () => {
    expect(judgeOf({ kind: "server-survives", node: "s@h" })(empty)).toMatchObject({ status: "violated" });
    const statuses = new Set<unknown>();
    for (const variant of ["handout", "fixed"]) {
      const built = findScenario("unsupported-message").build({ seed: 1, params: { ...defaults("unsupported-message"), variant }, trace: "full" });
      built.sim.run({ until: built.until });
      const spec = built.checks.find((c) => c.kind === "custom" && c.spec?.kind === "server-survives");
      if (spec?.kind !== "custom" || spec.spec?.kind !== "server-survives") throw new Error("no server-survives check");
      const v = spec.judge({ trace: built.sim.trace, clients: built.clients, log: chatLog(built.sim.trace.records, built.clients, HANDOUT_CODEC) }) as { status: string };
      expect(v.status).toBe(built.sim.whereis(MYSERVER, spec.spec.node) === undefined ? "violated" : "holds");
      statuses.add(v.status);
    }
    expect(statuses).toEqual(new Set(["holds", "violated"])); // the handout server dies of the garbage, the fixed one does not
  });

  test("a vacuous custom verdict shows in run output and --json (the world scenario, seed 1: no server goes away)", () => {
    const r = runScenario(findScenario("world"), 1);
    const told = r.checks.find((c) => c.check === "told-server-left")!;
    expect(told).toMatchObject({ status: "vacuous", violations: 0, summary: "no server went away under a client" });
    const json = resultJson(r) as { checks: { name: string; status: string }[] };
    expect(json.checks.find((c) => c.name === "told-server-left")!.status).toBe("vacuous");
    const out = cli("run", "world", "--seed", "1");
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/vacuous\s+told-server-left/);
  });
});
