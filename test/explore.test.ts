/**
 * Exhaustive exploration: the kernel's explore mode offers only what the link's FIFO mode
 * allows; the search's reductions (sleep sets, state hashing) explore fewer runs than plain
 * enumeration and reach the same verdicts; a counterexample replays to the same violation;
 * and the `explore` command's output contract.
 */
import { describe, expect, test } from "vitest";
import { replay, search, type SearchOpts } from "../src/explore/search.js";
import { SMALL_CONFIGS } from "../src/explore/configs.js";
import { findScenario } from "../src/scenarios/index.js";
import { RECEIVE, Simulation, type Choice, type Ordering, type Proc } from "../src/sim/index.js";
import { cli } from "./cliHarness.js";

const world = findScenario("world");
const cfg = (system: string, check: string) => SMALL_CONFIGS.find((c) => c.system === system && c.check === check)!;

/** Node a's process sends two messages to node b's; node b's receives forever. Returns the candidates at each choice point. */
function choicePoints(ordering: Ordering, losses = 0, pick: (cs: readonly Choice[]) => number = (cs) => cs.length - 1): { points: Choice[][]; got: unknown[] } {
  const sim = new Simulation({ seed: 1, network: { default: { latency: { kind: "constant", us: 100 }, loss: 0, duplicate: 0, ordering } } });
  sim.addNode({ name: "a@h" });
  sim.addNode({ name: "b@h" });
  const got: unknown[] = [];
  const rx = sim.spawn("b@h", function* (p: Proc) {
    for (;;) got.push(yield* p.receive());
  }, { register: "rx" });
  sim.spawn("a@h", function* (p: Proc) {
    p.send(rx, 1);
    p.send(rx, 2);
    yield RECEIVE as never;
  });
  const points: Choice[][] = [];
  // By default the last candidate: with no FIFO promise, that reorders.
  sim.explore({ choose: (cs) => (points.push([...cs]), pick(cs)) }, { losses });
  sim.run();
  return { points, got };
}

describe("explore mode in the kernel", () => {
  test("process-pair FIFO offers only the head of the pair's queue", () => {
    const { points, got } = choicePoints("process-pair");
    expect(points.map((p) => p.length)).toEqual([1, 1]);
    expect(points[0]![0]!.node).toBe("b@h");
    expect(got).toEqual([1, 2]);
  });
  test("without ordering both deliveries are candidates, and the explorer's choice reorders them", () => {
    const { points, got } = choicePoints("none");
    expect(points.map((p) => p.length)).toEqual([2, 1]);
    expect(got).toEqual([2, 1]);
  });
  test("with a loss budget, losing the head is a candidate until the budget is spent", () => {
    const lostFirst = choicePoints("process-pair", 1, (cs) => Math.max(0, cs.findIndex((c) => c.lost === true)));
    expect(lostFirst.points.map((p) => p.map((c) => c.lost === true))).toEqual([[false, true], [false]]);
    expect(lostFirst.got).toEqual([2]);
    expect(choicePoints("process-pair", 1, () => 0).got).toEqual([1, 2]);
  });
  test("steps cost no time in explore mode, on nodes added before and after explore(), whose configs are left alone", () => {
    const sim = new Simulation({ seed: 1 });
    const before = sim.addNode({ name: "a@h", receiveCost: 50, sendCost: 30 });
    sim.explore({ choose: () => 0 });
    const after = sim.addNode({ name: "b@h", receiveCost: 50, sendCost: 30 });
    const times: number[] = [];
    for (const node of ["a@h", "b@h"]) {
      const rx = sim.spawn(node, function* (p: Proc) {
        yield* p.receive();
        times.push(p.now());
      });
      sim.spawn(node, function* (p: Proc) {
        p.send(rx, "hi");
        p.send(rx, "again");
        times.push(p.now());
        yield RECEIVE as never;
      });
    }
    sim.run();
    expect(times).toEqual([0, 0, 0, 0]);
    expect([before.config.receiveCost, after.config.sendCost]).toEqual([50, 30]);
  });
});

const plain = (strategy: SearchOpts["strategy"]): SearchOpts => ({ strategy, maxDepth: 40, maxRuns: 1_000_000, reduce: false, hash: false });
const reduced = (strategy: SearchOpts["strategy"]): SearchOpts => ({ strategy, maxDepth: 40, maxRuns: 1_000_000 });

describe("search", () => {
  test.each([
    ["server", "fifo"],
    ["server", "reply-after-original"],
  ])("on %s %s the reductions explore fewer runs and reach the same verdicts", (system, check) => {
    const c = cfg(system, check);
    const sets = [["world", c.world]] as const;
    const a = search(world, sets, plain("dfs"));
    const b = search(world, sets, reduced("dfs"));
    expect(a.exhausted && b.exhausted).toBe(true);
    expect(b.progress.runs).toBeLessThan(a.progress.runs);
    expect(b.progress.interleavings).toBeLessThan(a.progress.interleavings);
    const verdicts = (r: typeof a) => r.checks.map((x) => [x.check, x.status]);
    expect(verdicts(b)).toEqual(verdicts(a));
    expect(b.checks.find((x) => x.check === check)!.status).toBe("holds");
  });

  test("a violated claim is found with and without the reductions, by DFS and BFS, and its choices replay to the violation", () => {
    const c = cfg("server2", "total-order");
    const sets = [["world", c.world]] as const;
    for (const opts of [plain("dfs"), reduced("dfs"), reduced("bfs")]) {
      const r = search(world, sets, { ...opts, checks: ["total-order"] });
      const v = r.checks[0]!;
      expect(v.status).toBe("violated");
      expect(r.exhausted).toBe(false); // stopped at the violation
      const again = replay(world, sets, v.counterexample!.choices);
      expect(again.checks.find((x) => x.check === "total-order")!.status).toBe("violated");
      expect(again.traceHash).toBe(v.counterexample!.result.traceHash);
    }
  });

  test("BFS finds a counterexample no longer than DFS's", () => {
    const c = cfg("server2", "total-order");
    const sets = [["world", c.world]] as const;
    const trim = (xs: readonly number[]) => {
      let n = xs.length;
      while (n > 0 && xs[n - 1] === 0) n--;
      return n;
    };
    const bfs = search(world, sets, { ...reduced("bfs"), checks: ["total-order"] }).checks[0]!.counterexample!;
    const dfs = search(world, sets, { ...reduced("dfs"), checks: ["total-order"] }).checks[0]!.counterexample!;
    expect(trim(bfs.choices)).toBeLessThanOrEqual(trim(dfs.choices));
  });

  test("a loss budget adds runs and can break a claim that holds without loss, with a replayable counterexample", () => {
    const c = cfg("server", "reply-after-original");
    const sets = [["world", c.world]] as const;
    const none = search(world, sets, { ...reduced("bfs"), checks: ["completeness", "fifo"] });
    const one = search(world, sets, { ...reduced("bfs"), checks: ["completeness", "fifo"], losses: 1 });
    expect(one.progress.interleavings).toBeGreaterThan(none.progress.interleavings);
    expect(one.checks.find((x) => x.check === "fifo")!.status).toBe("holds");
    const cx = one.checks.find((x) => x.check === "completeness")!.counterexample!;
    expect(cx).not.toBeNull();
    const again = replay(world, sets, cx.choices, 1, 1);
    expect(again.traceHash).toBe(cx.result.traceHash);
  });

  test("a crash budget offers crashing each live node at every choice point, once per unit of budget", () => {
    const sim = new Simulation({ seed: 1, trace: "full", network: { default: { latency: { kind: "constant", us: 100 }, loss: 0, duplicate: 0, ordering: "process-pair" } } });
    sim.addNode({ name: "a@h" });
    sim.addNode({ name: "b@h" });
    const rx = sim.spawn("b@h", function* (p: Proc) {
      for (;;) yield* p.receive();
    });
    sim.spawn("a@h", function* (p: Proc) {
      p.send(rx, 1);
      p.send(rx, 2);
      yield RECEIVE as never;
    });
    const points: Choice[][] = [];
    // Crash b at the first choice point, then deliver whatever is left.
    sim.explore({ choose: (cs) => (points.push([...cs]), points.length === 1 ? cs.findIndex((c) => c.id === "crash b@h") : 0) }, { crashes: 1 });
    sim.run();
    expect(points[0]!.filter((c) => c.crash === true).map((c) => c.id)).toEqual(["crash a@h", "crash b@h"]);
    expect(points.slice(1).every((cs) => cs.every((c) => c.crash !== true))).toBe(true);
    expect(sim.trace.records.filter((r) => r.k === "fault").map((r) => (r as { op: string }).op)).toEqual(["crash"]);
    expect(sim.trace.records.filter((r) => r.k === "drop").length).toBe(2);
  });

  test("a crash budget adds runs to a search, and its counterexamples replay with --crashes", () => {
    const c = cfg("server", "reply-after-original");
    const sets = [["world", c.world]] as const;
    const none = search(world, sets, { ...reduced("bfs"), checks: ["reply-after-original"] });
    const one = search(world, sets, { ...reduced("bfs"), checks: ["reply-after-original", "told-server-left"], crashes: 1 });
    expect(one.progress.runs).toBeGreaterThan(none.progress.runs);
    for (const x of one.checks) if (x.counterexample !== null) expect(replay(world, sets, x.counterexample.choices, 1, 0, 1).traceHash).toBe(x.counterexample.result.traceHash);
  });

  test("--max-runs cuts the search short and says it is not exhaustive", () => {
    const c = cfg("server", "fifo");
    const r = search(world, [["world", c.world]], { ...reduced("dfs"), maxRuns: 3 });
    expect(r.progress.runs).toBe(3);
    expect(r.exhausted).toBe(false);
  });
});

describe("chatty-sim explore", () => {
  const held = cfg("server", "fifo");
  const broken = cfg("server2", "total-order");
  test("a claim that holds: 'holds in every interleaving within bounds (N judged)', progress on stderr", () => {
    const r = cli("explore", "world", "--set", `world=${held.world}`, "--check", "fifo", "--strategy", "dfs");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^explore world \(dfs, depth ≤ 40, runs ≤ 20000\): \d+ runs, \d+ interleavings, \d+ distinct states/);
    expect(r.stdout).toMatch(/fifo: holds in every interleaving within bounds \(\d+ judged\)/);
    expect(r.stdout).toMatch(/^bounds: explore mode/m);
    expect(r.stderr).toMatch(/^explore: \d+ runs, \d+ interleavings, \d+ distinct states, depth \d+, \d+ states\/s/m);
  });
  test("a violated claim: the shortest counterexample as a replay command and a diagram; the command replays it", () => {
    const r = cli("explore", "world", "--set", `world=${broken.world}`, "--check", "total-order");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/total-order: VIOLATED/);
    const cmd = /replay: (chatty-sim explore .*)$/m.exec(r.stdout)![1]!;
    expect(cmd).toMatch(/--replay [\d,]+$/);
    expect(r.stdout).toMatch(/server1 +server2 +A/); // the diagram's lanes
    const again = cli(...cmd.split(" ").slice(1));
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/total-order: VIOLATED/);
  });
  test("--json gives the verdicts as data", () => {
    const r = cli("explore", "world", "--set", `world=${broken.world}`, "--check", "total-order,fifo", "--json", "--max-runs", "50");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { exhausted: boolean; checks: { check: string; status: string; counterexample: { replay: string } | null }[] };
    expect(j.exhausted).toBe(false);
    expect(j.checks.map((c) => c.check)).toEqual(["total-order", "fifo"]);
    expect(j.checks[0]!.status).toBe("violated");
    expect(j.checks[0]!.counterexample!.replay).toMatch(/^chatty-sim explore world /);
  });
  test("bench explore --json gives rates per world", () => {
    const r = cli("bench", "explore", "--json");
    expect(r.code).toBe(0);
    const rows = JSON.parse(r.stdout) as { name: string; interleavings: number; states: number; interleavingsPerSecond: number; statesPerSecond: number }[];
    expect(rows.map((x) => x.name)).toEqual(["server fifo", "server total-order", "server reply-after-original", "server2 fifo"]);
    for (const x of rows) expect(x.interleavings).toBeGreaterThan(0);
  });
  test("bad input is one line and exit 2", () => {
    for (const args of [["explore"], ["explore", "world", "--strategy", "sideways"], ["explore", "world", "--replay", "1,x"], ["explore", "world", "--losses", "-1"], ["explore", "world", "--set", `world=${held.world}`, "--replay", "99"]]) {
      const r = cli(...args);
      expect(r.code).toBe(2);
      expect(r.stderr.split("\n")).toHaveLength(2);
    }
  });
});
