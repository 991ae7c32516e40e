/**
 * Guards: limits on events, virtual time and work per step end a run with a typed
 * `runaway` outcome and a clear message; `run()` returns, it never hangs or throws.
 */
import { describe, expect, test } from "vitest";
import { type Pid, type Proc, Simulation } from "../../../src/sim/index.js";
import { sim } from "./harness.js";

const A = "a@h";
const B = "b@h";

/** Two processes playing ping-pong forever across two nodes. */
function pingPong(s: Simulation): void {
  const ponger = s.spawn(B, function* pong(p: Proc) {
    for (;;) {
      const from = (yield* p.receive()) as Pid;
      p.send(from, p.self());
    }
  });
  s.spawn(A, function* ping(p: Proc) {
    p.send(ponger, p.self());
    for (;;) {
      const from = (yield* p.receive()) as Pid;
      p.send(from, p.self());
    }
  });
}

describe("limits", () => {
  test("maxEvents: an endless exchange ends as runaway (events) with the count and the time", () => {
    const s = sim({ nodes: [A, B], limits: { maxEvents: 1000 } });
    pingPong(s);
    const r = s.run();
    expect(r.outcome.kind).toBe("runaway");
    if (r.outcome.kind !== "runaway") return;
    expect(r.outcome.limit).toBe("events");
    expect(r.events).toBe(1000);
    expect(r.outcome.message).toMatch(/^runaway: 1,000 events by t=\d/);
    expect(r.traceHash).toMatch(/^[0-9a-f]{64}$/);
  });

  test("maxTime: a process that never stops ticking ends as runaway (time), stopping at the limit", () => {
    const s = sim({ nodes: [A], limits: { maxTime: 1_000_000 } });
    s.spawn(A, function* ticker(p: Proc) {
      for (;;) yield* p.sleep(1000);
    });
    const r = s.run();
    expect(r.outcome.kind).toBe("runaway");
    if (r.outcome.kind !== "runaway") return;
    expect(r.outcome.limit).toBe("time");
    expect(r.outcome.message).toContain("time limit of 1s");
    expect(r.endTime).toBeLessThanOrEqual(1_000_000);
  });

  test("maxWorkPerStep: a process that loops without receiving ends as runaway (step-work), naming it", () => {
    const s = sim({ nodes: [A], limits: { maxWorkPerStep: 500 } });
    const pid = s.spawn(A, function* spinner(p: Proc) {
      for (;;) p.send(p.self(), "again"); // never receives
    });
    const r = s.run();
    expect(r.outcome.kind).toBe("runaway");
    if (r.outcome.kind !== "runaway") return;
    expect(r.outcome.limit).toBe("step-work");
    expect(r.outcome.message).toContain(pid.key());
    expect(r.outcome.message).toContain("spinner");
    expect(r.outcome.message).toContain("500 calls in one step");
  });

  test("maxWorkPerStep cannot be swallowed by a catch in node code", () => {
    const s = sim({ nodes: [A], limits: { maxWorkPerStep: 100 } });
    const out: string[] = [];
    s.spawn(A, function* careless(p: Proc) {
      try {
        for (;;) p.whereis("x");
      } catch {
        // node code that catches everything must not turn a runaway into a normal run
      }
      out.push("caught");
      // ...and ends without another API call (which would trip the guard again).
    });
    s.spawn(A, function* bystander(p: Proc) {
      yield* p.sleep(10);
      p.log("the run went on after the runaway");
    });
    const r = s.run();
    expect(out).toEqual(["caught"]);
    expect(r.outcome.kind).toBe("runaway");
    expect(s.printed(A)).toEqual([]);
  });

  test("a run within the limits ends quiescent; the limits are per run of the simulation", () => {
    const s = sim({ nodes: [A, B], limits: { maxEvents: 100_000, maxTime: 10_000_000, maxWorkPerStep: 1000 } });
    const rx = s.spawn(B, function* (p: Proc) {
      for (let i = 0; i < 100; i++) yield* p.receive();
    });
    s.spawn(A, function* (p: Proc) {
      for (let i = 0; i < 100; i++) p.send(rx, i);
    });
    const r = s.run();
    expect(r.outcome).toEqual({ kind: "quiescent" });
  });

  test("a guard trip does not throw out of run(), even from deep inside a step", () => {
    const s = new Simulation({ seed: 1, trace: "off", limits: { maxWorkPerStep: 10 } });
    s.addNode({ name: A });
    s.spawn(A, function* (p: Proc) {
      for (;;) p.spawn(function* () {});
    });
    expect(() => s.run()).not.toThrow();
  });
});
