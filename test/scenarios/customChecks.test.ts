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

  test("clients-told with a server judges only the clients whose server went away: server1's users when it dies, nobody when it runs on", () => {
    const told = (system: string, failure: string, variant: string) => {
      const r = runScenario(findScenario("fault-tolerance"), 1, [["system", system], ["failure", failure], ["variant", variant]]);
      return r.checks.find((c) => c.check === "clients-told")!;
    };
    // The fixed code: server1's two users are told, the other four (whose servers ran on) are not judged.
    expect(told("server2", "server-crash", "fixed")).toMatchObject({ status: "holds", summary: "all 2 clients whose server on server1@10.0.0.1 went away were told so" });
    expect(told("server", "node-crash", "fixed")).toMatchObject({ status: "holds", summary: "all 6 clients whose server on server1@10.0.0.1 went away were told so" });
    // The handout's: nobody is told.
    expect(told("server2", "node-crash", "handout")).toMatchObject({ status: "violated", violations: 2 });
    // The handout's server dies of a stray message, the fixed one ignores it.
    expect(told("server", "stray-message", "handout")).toMatchObject({ status: "violated", violations: 6 });
    expect(told("server", "stray-message", "fixed")).toMatchObject({ status: "vacuous" });
    // A cut that heals before the tick notices it takes nobody's server away.
    expect(told("server2", "partition", "fixed")).toMatchObject({ status: "vacuous" });
  });

  test("clients-told with a server: a connection that goes down takes the server away, though it runs on", () => {
    const spec: CustomSpec = { kind: "clients-told", name: "told", since: 10, who: ["a", "b"], server: "s@h" };
    const pid = { node: "s@h", key: () => "s@h.1" };
    const view = (name: string, node: string, told: boolean) => ({ name, node, pids: [], entries: told ? [{ t: 20, kind: "server_down" }] : [], format: () => null, json: () => ({}) });
    const records = [
      { t: 0, k: "register", name: MYSERVER, pid },
      { t: 15, k: "connection", a: "s@h", b: "b@h", up: false, reason: "partition" },
    ];
    const run = (aTold: boolean, bTold: boolean) => judgeOf(spec)({ trace: { records, observations: [] }, clients: [view("a", "a@h", aTold), view("b", "b@h", bTold)], log: empty.log } as unknown as Judged);
    expect(run(false, true)).toMatchObject({ status: "holds", detail: "all 1 clients whose server on s@h went away were told so" });
    expect(run(true, false)).toMatchObject({ status: "violated", evidence: ["b's screen shows nothing about the server after 10µs"] });
  });

  test("clients-told with a server: a server that ends at `since` itself went away then", () => {
    const spec: CustomSpec = { kind: "clients-told", name: "told", since: 10, who: ["a"], server: "s@h" };
    const pid = { node: "s@h", key: () => "s@h.1" };
    const records = [
      { t: 0, k: "register", name: MYSERVER, pid },
      { t: 10, k: "exit", pid, reason: "crash" },
    ];
    const a = { name: "a", node: "a@h", pids: [], entries: [], format: () => null, json: () => ({}) };
    expect(judgeOf(spec)({ trace: { records, observations: [] }, clients: [a], log: empty.log } as unknown as Judged)).toMatchObject({ status: "violated", detail: "1 of 1 clients whose server on s@h went away were never told so" });
  });
});
