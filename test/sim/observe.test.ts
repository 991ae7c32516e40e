/**
 * Observations (`Proc.observe`): what a process reports seeing is a trace record, kept in
 * every trace mode, and the chat's screens and server lists are read back from those records.
 */
import { describe, expect, test } from "vitest";
import { formatScreen, MYSERVER, screenOf } from "../../src/nodes/index.js";
import { clientFault, startServer } from "../nodes/start.js";
import { ms, Name, type Proc, Simulation, type TraceMode } from "../../src/sim/index.js";
import { findScenario } from "../../src/scenarios/index.js";
import { runScenario } from "../../src/scenarios/run.js";

describe("Proc.observe", () => {
  test.each(["off", "hash", "full"] as TraceMode[])("trace %s: the observation is kept, a copy, at the step's time", (mode) => {
    const s = new Simulation({ seed: 1, trace: mode });
    s.addNode({ name: "a@h", receiveCost: 0, sendCost: 0 });
    const seen = { kind: "line", text: "hi" };
    const pid = s.spawn("a@h", function* (p: Proc) {
      yield* p.sleep(7);
      p.observe("screen:X", seen);
      seen.text = "changed after";
    });
    s.run();
    expect(s.trace.observations).toEqual([{ t: 7, k: "observe", pid, subject: "screen:X", event: { kind: "line", text: "hi" } }]);
    if (mode === "full") expect(s.trace.records.filter((r) => r.k === "observe")).toEqual(s.trace.observations);
    if (mode === "off") expect(s.trace.hash()).toBeNull();
  });

  test("the observation is part of the trace hash", () => {
    const hashOf = (observe: boolean): string | null => {
      const s = new Simulation({ seed: 1, trace: "hash" });
      s.addNode({ name: "a@h" });
      s.spawn("a@h", function* (p: Proc) {
        if (observe) p.observe("x", 1);
      });
      s.run();
      return s.trace.hash();
    };
    expect(hashOf(true)).not.toBe(hashOf(false));
  });
});

describe("screens and server lists are functions of the trace", () => {
  test("a client's screen is read from its observations, with the trace off too", () => {
    for (const mode of ["off", "full"] as TraceMode[]) {
      const sim = new Simulation({ seed: 1, trace: mode });
      for (const n of ["s@h", "c@h"]) sim.addNode({ name: n });
      startServer(sim, "s@h");
      const { fault } = clientFault(sim, "c@h", { name: "John", server: new Name(MYSERVER, "s@h"), actions: [{ at: ms(10), do: "send", text: "hi!\n" }] });
      sim.at(ms(1), fault);
      sim.run();
      const read = screenOf(sim.trace, { name: "John", node: "c@h" });
      expect(formatScreen(read)).toEqual(["[JOIN] John joined the chat", "-> hi!\n", "[John] hi!\n"]);
      expect(read.pids).toHaveLength(2);
      // The printed lines are what the background task observed, one for one.
      expect(sim.printed("c@h").map((l) => l.text)).toEqual(["[JOIN] John joined the chat", "[John] hi!\n"]);
    }
  });

  test("a scenario run's screens are the trace's observations (ms3, server2)", () => {
    const r = runScenario(findScenario("ms3"), 1);
    expect(r.screens.length).toBeGreaterThan(0);
    for (const c of r.screens) {
      const observed = r.records.filter((x) => x.k === "observe" && x.subject === `screen:${c.name}` && (x.event as { kind: string }).kind !== "tasks");
      expect(c.entries.length).toBeGreaterThan(0);
      expect(c.entries.map((e) => e.t)).toEqual(observed.map((x) => x.t));
    }
  });
});
