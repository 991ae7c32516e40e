/**
 * The benchmarks' JSON shapes and bookkeeping at tiny sizes: what each reports, that the
 * counts are exact, that the report is made from the runs alone. No assertion depends on
 * wall-clock time (rates are only checked to be positive numbers).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { threadId } from "node:worker_threads";
import { describe, expect, test } from "vitest";
import { runAb } from "../bench/ab.js";
import { medianInterval } from "../bench/stats.js";
import { broadcastLimits, LESS_SEMANTICS, type PhaseRunner, workBound, runBroadcast, runBroadcastPhase } from "../bench/broadcast.js";
import { isolatedPhase } from "../bench/phaseWorker.js";
import { runErlangBroadcast } from "../bench/erlang.js";
import { heapRate, IndexHeap, kernelQueueRate, partsFloor, queueFloor } from "../bench/floor.js";
import { EventQueue } from "../src/sim/eventQueue.js";
import { SimulatorError } from "../src/sim/errors.js";
import { PROFILES } from "../src/sim/network.js";
import { DEFAULT_LIMITS } from "../src/sim/limits.js";
import { offloadAfter } from "../src/sim/hashStream.js";
import { formatPerformanceReport, targets, type PerformanceRuns } from "../bench/report.js";
import { costByPart, OTHER, partOf } from "../bench/profile.js";
import { relayFrom, runScaleDeliveries, runScaleIdle } from "../bench/scale.js";
import { runSweepBench, splitSeeds } from "../bench/sweep.js";
import { mergeTallies, SWEEP_V8_FLAGS } from "../src/sweep.js";
import type { CheckTally } from "../src/sweep.js";
import { cliJs, root } from "./cliHarness.js";

/** A clock that ticks 1 ms per reading: deterministic, and never a zero interval. */
function fakeClock(): () => number {
  let t = 0;
  return () => ++t;
}

function cliJson(...args: string[]): unknown {
  const r = spawnSync(process.execPath, [cliJs, ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout);
}

const positive = (x: unknown): void => {
  expect(typeof x).toBe("number");
  expect(x as number).toBeGreaterThan(0);
};

describe("bench broadcast", () => {
  test("every line reaches every client, through the handout's server, and the joins are counted apart", () => {
    const r = runBroadcastPhase({ clients: 7, lines: 4, nodes: 3, trace: "off", seed: 2, rounds: 1 }, "off", fakeClock());
    expect(r.deliveries).toBe(28);
    expect(r.traceHash).toBeNull();
    // Each join is broadcast to every client so far: 1 + 2 + … + 7, plus the 7 joins themselves.
    expect(r.joinDeliveries).toBe(28 + 7);
    positive(r.deliveriesPerSecond);
  });

  test("the limits make room for the whole workload, however many clients: a run is never cut short by the default events limit", () => {
    for (const params of [
      { clients: 7, lines: 4, nodes: 3, trace: "full" as const, seed: 2, rounds: 1 },
      { clients: 60, lines: 30, nodes: 4, trace: "off" as const, seed: 3, rounds: 1 },
    ]) {
      const r = runBroadcastPhase(params, params.trace, fakeClock());
      // The events of both phases are within the bound the limits are made from, with room to spare.
      expect(r.events).toBeGreaterThan(params.clients * params.lines);
      expect(2 * r.events).toBeLessThan(workBound(params));
    }
    // 10,000 clients join with 50 million deliveries: past the default, so the limit grows.
    expect(broadcastLimits({ clients: 10_000, lines: 200, nodes: 10, trace: "off", seed: 1, rounds: 1 }, "off").maxEvents).toBeGreaterThan(4 * 50_000_000);
    expect(broadcastLimits({ clients: 10, lines: 2, nodes: 1, trace: "off", seed: 1, rounds: 1 }, "off")).toEqual({ maxEvents: DEFAULT_LIMITS.maxEvents });
  });

  test("the result: the measured run, the traced run with its cost ratio, the floor, and Erlang skipped on request", async () => {
    const heard: string[] = [];
    const r = await runBroadcast({ clients: 5, lines: 3, nodes: 2, trace: "off", seed: 1, rounds: 2 }, fakeClock(), { erlang: false, full: true, progress: (w) => heard.push(w) });
    // Progress names each measurement as it starts, round by round, trace full last.
    expect(heard.slice(0, 6)).toEqual([
      "broadcast, round 1 of 2: trace off",
      "broadcast, round 1 of 2: trace hash",
      "broadcast, round 1 of 2: trace off and hash, messages not copied",
      `broadcast, round 1 of 2: ${LESS_SEMANTICS[0]!.what}`,
      `broadcast, round 1 of 2: ${LESS_SEMANTICS[1]!.what}`,
      "broadcast, round 1 of 2: the bare-queue floor, a typed-array heap, the kernel's queue and the floor with the parts",
    ]);
    // Round 2 takes the other turn: trace hash just before the measured run, not just after it.
    expect(heard.slice(6, 8)).toEqual(["broadcast, round 2 of 2: trace hash", "broadcast, round 2 of 2: trace off"]);
    expect(heard.slice(-2)).toEqual(["broadcast, round 1 of 2: trace full", "broadcast, round 2 of 2: trace full"]);
    expect(heard).toHaveLength(14);
    expect(r.params).toEqual({ clients: 5, lines: 3, nodes: 2, trace: "off", seed: 1, rounds: 2 });
    expect(r.deliveries).toBe(15);
    expect(r.join.deliveries).toBe(15 + 5);
    expect(r.traced?.trace).toBe("hash");
    expect(r.traced?.deliveries).toBe(15);
    expect(r.traced?.traceHash).toMatch(/^[0-9a-f]{64}$/);
    // CPU time of every thread beside the wall time (a long trace hashes on a second thread).
    expect(r.traced?.cpuSeconds).toBeGreaterThanOrEqual(0);
    expect(r.cpuSeconds).toBeGreaterThanOrEqual(0);
    expect(r.hashOffloadBytes).toBe(offloadAfter());
    // Trace full keeps the records and hashes the same lines: the same trace hash.
    expect(r.tracedFull?.trace).toBe("full");
    expect(r.tracedFull?.traceHash).toBe(r.traced?.traceHash);
    positive(r.tracedFull?.costRatio);
    // Only when asked for.
    expect((await runBroadcast({ clients: 2, lines: 1, nodes: 1, trace: "off", seed: 1, rounds: 1 }, fakeClock(), { erlang: false })).tracedFull).toBeNull();
    positive(r.traced?.costRatio);
    expect(r.erlang).toEqual({ available: false, reason: "skipped" });
    expect(r.ratioToErlang).toBeNull();
    positive(r.floorEventsPerSecond);
    positive(r.heapEventsPerSecond);
    positive(r.kernelQueueEventsPerSecond);
    positive(r.partsFloorEventsPerSecond);
    positive(r.partsFloorGeneratorEventsPerSecond);
    // Without copying, the same run: the same deliveries and the same trace (copies write the same lines).
    expect(r.uncopied?.off.deliveries).toBe(15);
    expect(r.uncopied?.hash.traceHash).toBe(r.traced?.traceHash);
    expect(r.ratioToFloor).toBeCloseTo(r.deliveriesPerSecond / r.floorEventsPerSecond, 10);
    // The runs with less semantics deliver the same lines, over constant-latency links.
    expect(r.lessSemantics?.map((x) => [x.deliveries, x.trace])).toEqual([
      [15, "off"],
      [15, "off"],
    ]);
    expect(r.lessSemantics?.map((x) => x.what)).toEqual(LESS_SEMANTICS.map((x) => x.what));
    positive(r.peakRssMb);
  });

  test("a traced run has no second run, and the same seed gives the same trace hash", async () => {
    const p = { clients: 4, lines: 2, nodes: 2, trace: "hash" as const, seed: 9, rounds: 1 };
    const a = await runBroadcast(p, fakeClock(), { erlang: false });
    const b = await runBroadcast(p, fakeClock(), { erlang: false });
    expect(a.traced).toBeNull();
    expect(a.tracedFull).toBeNull();
    expect(a.lessSemantics).toBeNull();
    expect(a.uncopied).toBeNull();
    expect(a.traceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.traceHash).toBe(a.traceHash);
  });

  test("each round's ratios pair runs made back to back, each side going first in turn", async () => {
    const heard: string[] = [];
    const r = await runBroadcast({ clients: 3, lines: 2, nodes: 1, trace: "off", seed: 1, rounds: 2 }, fakeClock(), { progress: (w) => heard.push(w) });
    const order = (round: number) => heard.filter((w) => w.startsWith(`broadcast, round ${round} of 2: `)).map((w) => w.slice(w.indexOf(": ") + 2)).filter((w) => ["Erlang/OTP", "trace off", "trace hash"].includes(w));
    expect(order(1)).toEqual(["Erlang/OTP", "trace off", "trace hash"]);
    expect(order(2)).toEqual(["trace hash", "trace off", "Erlang/OTP"]);
    expect(r.rounds.hashOverOff).toHaveLength(2);
    expect(r.rounds.overErlang).toHaveLength(r.erlang.available ? 2 : 0);
  });

  test("each run in a thread of its own makes the same runs as in this thread", async () => {
    const p = { clients: 6, lines: 3, nodes: 2, trace: "off" as const, seed: 4, rounds: 1 };
    const seen: string[] = [];
    // The runner is what makes the runs: every run of the benchmark goes through it.
    const counting: PhaseRunner = (params, trace, link, copy) => {
      seen.push(`${trace} ${link.latency.kind} ${link.ordering} ${copy ? "copied" : "not copied"}`);
      return isolatedPhase(params, trace, link, copy);
    };
    const apart = await runBroadcast(p, fakeClock(), { erlang: false, full: true, runner: counting });
    const here = await runBroadcast(p, fakeClock(), { erlang: false, full: true });
    expect(seen).toEqual(["off lognormal process-pair copied", "hash lognormal process-pair copied", "off lognormal process-pair not copied", "hash lognormal process-pair not copied", "off constant process-pair copied", "off constant none copied", "full lognormal process-pair copied"]);
    expect(apart.traced?.traceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(apart.traced?.traceHash).toBe(here.traced?.traceHash);
    expect(apart.tracedFull?.traceHash).toBe(here.traced?.traceHash);
    expect(apart.uncopied?.hash.traceHash).toBe(here.traced?.traceHash);
    for (const k of ["deliveries", "events", "stepEndsSettled", "virtualSeconds"] as const) expect(apart[k]).toBe(here[k]);
    expect(apart.lessSemantics?.map((x) => x.events)).toEqual(here.lessSemantics?.map((x) => x.events));
    // On the wall clock of its thread, not the fake one of this thread.
    expect(apart.wallSeconds).toBeGreaterThan(0);
  });

  test("a run that fails in its thread says why, and its thread ends", async () => {
    const p = { clients: 2, lines: 1, nodes: 1, trace: "off" as const, seed: 1, rounds: 1 };
    const bad = { ...PROFILES.lan, latency: { kind: "constant" as const, us: -1 } };
    const e = await isolatedPhase(p, "off", bad, true).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SimulatorError);
    expect((e as Error).message).toMatch(/latency.*-1/);
  });

  test("the Erlang reference either runs the same workload or says why it cannot", () => {
    const r = runErlangBroadcast(3, 2);
    if (r.available) {
      expect(r.deliveries).toBe(6);
      expect(r.schedulers).toBe(1);
      expect(r.command).toContain("erl +S 1");
      positive(r.deliveriesPerSecond);
    } else {
      expect(r.reason).toMatch(/erl/);
    }
  });

  test("the floor, the typed-array heap and the kernel's queue count events per second", () => {
    positive(queueFloor(1000, fakeClock(), 10));
    positive(heapRate(1000, fakeClock(), 10));
    positive(kernelQueueRate(1000, fakeClock(), 10));
    positive(partsFloor(1000, fakeClock(), 10));
    positive(partsFloor(1000, fakeClock(), 10, "generator"));
  });

  test("the typed-array heap pops in (time, seq) order, as the kernel's heap does", () => {
    const h = new IndexHeap();
    const q = new EventQueue<{ time: number; seq: number; id: number }>();
    let x = 7;
    for (let i = 0; i < 5000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff;
      const t = x % 97;
      h.push(t, i);
      q.push({ time: t, seq: 0, id: i });
      if (i % 3 === 0) expect(h.pop()).toBe(q.pop()!.id);
    }
    while (q.size > 0) expect(h.pop()).toBe(q.pop()!.id);
    expect(h.size).toBe(0);
  });
});

describe("bench sweep", () => {
  test("every sweep gives the same tally, with a speed-up and a share of the split's rate", async () => {
    const heard: string[] = [];
    const r = await runSweepBench({ scenario: "ms1", seeds: 3, workers: 2, rounds: 2 }, fakeClock(), cliJs, (w) => heard.push(w));
    expect(heard.slice(0, 4)).toEqual(["sweep, round 1 of 2: one worker", "sweep, round 1 of 2: one core", "sweep, round 1 of 2: --workers 2", "sweep, round 1 of 2: split"]);
    // The sweep and the split take turns at going first.
    expect(heard.slice(4)).toEqual(["sweep, round 2 of 2: one worker", "sweep, round 2 of 2: one core", "sweep, round 2 of 2: split", "sweep, round 2 of 2: --workers 2"]);
    expect(r.one.workers).toBe(1);
    expect(r.all.workers).toBe(2);
    expect(r.split.workers).toBe(2);
    expect(r.sameTally).toBe(true);
    positive(r.speedup);
    positive(r.ofSplit);
    positive(r.cores);
    // Held to one CPU where taskset runs; otherwise it says why there is no figure.
    if ("unavailable" in r.oneCore) {
      expect(r.oneCore.unavailable).toMatch(/taskset/);
      expect(r.speedupOverOneCore).toBeNull();
    } else {
      expect(r.oneCore.workers).toBe(1);
      positive(r.speedupOverOneCore);
    }
  });

  test("without taskset, or when it refuses the CPU, the one-core run says why it has no figure and the rest still run", async () => {
    const path = process.env.PATH;
    const empty = mkdtempSync(join(tmpdir(), "no-taskset-"));
    const refusing = mkdtempSync(join(tmpdir(), "refusing-taskset-"));
    writeFileSync(join(refusing, "taskset"), "#!/bin/sh\necho \"taskset: failed to set pid 0's affinity: Invalid argument\" >&2\nexit 1\n", { mode: 0o755 });
    try {
      for (const [dir, why] of [
        [empty, /^taskset -c \d+ failed: .*ENOENT/],
        [refusing, /^taskset -c \d+ failed: taskset: failed to set pid 0's affinity: Invalid argument$/],
      ] as const) {
        process.env.PATH = dir;
        const r = await runSweepBench({ scenario: "ms1", seeds: 2, workers: 2, rounds: 2 }, fakeClock(), cliJs);
        expect(r.oneCore).toEqual({ unavailable: expect.stringMatching(why) });
        expect(r.speedupOverOneCore).toBeNull();
        expect(r.sameTally).toBe(true);
      }
    } finally {
      process.env.PATH = path;
      rmSync(empty, { recursive: true });
      rmSync(refusing, { recursive: true });
    }
  });

  test("with fewer seeds than workers, each sweep counts the threads and processes it really used", async () => {
    const r = await runSweepBench({ scenario: "ms1", seeds: 1, workers: 3, rounds: 1 }, fakeClock(), cliJs);
    expect(r.all.workers).toBe(1);
    expect(r.split.workers).toBe(1);
    expect(r.sameTally).toBe(true);
    await expect(runSweepBench({ scenario: "ms1", seeds: 1, workers: 1, rounds: 0 }, fakeClock(), cliJs)).rejects.toThrow("at least one round");
  });

  test("seeds split into contiguous, even shares, and their tallies merge into the whole range's", () => {
    expect(splitSeeds(7, 2)).toEqual([[1, 4], [5, 7]]);
    expect(splitSeeds(6, 3)).toEqual([[1, 2], [3, 4], [5, 6]]);
    expect(splitSeeds(2, 4)).toEqual([[1, 1], [2, 2]]);
    const v = (seed: number): CheckTally["firstViolation"] => ({ seed, summary: `s${seed}`, replay: `r${seed}` });
    const a: CheckTally[] = [{ name: "x", runs: 3, holds: 2, violated: 1, vacuous: 0, firstViolation: v(2) }, { name: "y", runs: 3, holds: 3, violated: 0, vacuous: 0, firstViolation: null }];
    const b: CheckTally[] = [{ name: "x", runs: 2, holds: 0, violated: 2, vacuous: 0, firstViolation: v(4) }, { name: "y", runs: 2, holds: 0, violated: 1, vacuous: 1, firstViolation: v(5) }];
    expect(mergeTallies([a, b])).toEqual([
      { name: "x", runs: 5, holds: 2, violated: 3, vacuous: 0, firstViolation: v(2) },
      { name: "y", runs: 5, holds: 3, violated: 1, vacuous: 1, firstViolation: v(5) },
    ]);
    // The parts are not changed.
    expect(a[0]!.runs).toBe(3);
  });

  test("the CLI sweeps on worker processes and prints its JSON", () => {
    const r = cliJson("bench", "sweep", "--scenario", "ms1", "--seeds", "4", "--workers", "2", "--rounds", "1", "--json") as Record<string, unknown>;
    expect(r.params).toEqual({ scenario: "ms1", seeds: 4, workers: 2, rounds: 1 });
    expect((r.all as { workers: number }).workers).toBe(2);
    expect(r.sameTally).toBe(true);
  });
});

describe("bench scale", () => {
  test("deliveries: every client gets every line from a server entered with its client list", () => {
    const r = runScaleDeliveries({ clients: 12, lines: 3, nodes: 4, seed: 1 }, fakeClock());
    expect(r.deliveries).toBe(36);
    positive(r.peakRssMb);
    // Untraced unless asked; traced, the same seed gives the same hash.
    expect(r.traceHash).toBeNull();
    const hash = runScaleDeliveries({ clients: 12, lines: 3, nodes: 4, seed: 1 }, fakeClock(), "hash").traceHash;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(runScaleDeliveries({ clients: 12, lines: 3, nodes: 4, seed: 1 }, fakeClock(), "hash").traceHash).toBe(hash);
    expect(relayFrom([]).name).toBe("server");
  });

  test("idle: processes blocked in receive, with a memory figure per process", () => {
    const r = runScaleIdle(200, fakeClock());
    expect(r.processes).toBe(200);
    expect(Number.isFinite(r.bytesPerProcess)).toBe(true);
    positive(r.peakRssMb);
  });

  test("the CLI prints both parts, or one with --only", () => {
    const both = cliJson("bench", "scale", "--clients", "5", "--lines", "2", "--idle", "10", "--json") as { deliveries: { deliveries: number }; idle: { processes: number } };
    expect(both.deliveries.deliveries).toBe(10);
    expect(both.idle.processes).toBe(10);
    const only = cliJson("bench", "scale", "--only", "idle", "--idle", "10", "--json") as { deliveries: unknown; idle: unknown };
    expect(only.deliveries).toBeNull();
  });
});

describe("bench profile", () => {
  test("every file of the simulator and of the node code is in a part of the cost table, not in \"other\"", () => {
    const files = (dir: string): string[] => readdirSync(join(root, "src", dir)).filter((f) => f.endsWith(".ts")).map((f) => `file:///x/dist/src/${dir}/${f.replace(/\.ts$/, ".js")}`);
    // hashWorker.ts runs on the hash thread, which the profiler does not sample.
    const missed = [...files("sim"), ...files("nodes")].filter((u) => !u.endsWith("/hashWorker.js") && partOf(u, "f") === OTHER);
    expect(missed).toEqual([]);
    expect(partOf("", "(garbage collector)")).toBe("garbage collection");
    expect(partOf("node:internal/x", "f")).toBe(OTHER);
  });

  test("the profiler's own time (its session's dispatch) and idle time are left out of the shares", () => {
    const frame = (id: number, url: string, functionName: string) => ({ id, callFrame: { url, functionName } });
    const nodes = [frame(1, "file:///x/dist/src/sim/kernel.js", "send"), frame(2, "", "dispatch"), frame(3, "", "(idle)"), frame(4, "file:///x/dist/src/sim/termCopy.js", "copyTerm")];
    const parts = costByPart({ nodes, samples: [1, 2, 3, 4, 1], timeDeltas: [100, 5000, 3000, 100, 200] }, 1, 1e9);
    const share = (name: string): number => parts.find((p) => p.part.startsWith(name))!.share;
    expect(share("kernel")).toBeCloseTo(0.75);
    expect(share("copy at send")).toBeCloseTo(0.25);
    expect(share(OTHER)).toBe(0);
  });
});

describe("bench report", () => {
  const runs = async (erl: boolean, pinned = true): Promise<PerformanceRuns> => {
    const b = await runBroadcast({ clients: 3, lines: 2, nodes: 1, trace: "off", seed: 1, rounds: 1 }, fakeClock(), { erlang: false, full: true, profile: true });
    const broadcast = erl
      ? { ...b, erlang: { available: true as const, otp: "25", schedulers: 1, deliveries: 6, wallSeconds: 1, deliveriesPerSecond: 6, command: "erl +S 1 …" }, ratioToErlang: 2.5, rounds: { ...b.rounds, overErlang: [2.5, 2.4, 2.6] } }
      : b;
    return {
      machine: { cpu: "test cpu", cores: 2, memoryGb: 4, node: "20", load: 0.5 },
      broadcast: { command: "bench broadcast --json", result: broadcast },
      sweep: {
        command: "bench sweep --json",
        result: {
          params: { scenario: "ms4", seeds: 10, workers: 2 },
          cores: 2,
          command: "sweep ms4 --seeds 1..10 --workers 2 --json",
          one: { workers: 1, wallSeconds: 1.6, seedsPerSecond: 6.25 },
          oneCore: pinned ? { workers: 1, wallSeconds: 2, seedsPerSecond: 5 } : { unavailable: "taskset -c 0 failed: spawn taskset ENOENT" },
          cpu: 0,
          all: { workers: 2, wallSeconds: 1, seedsPerSecond: 10 },
          split: { workers: 2, wallSeconds: 0.9, seedsPerSecond: 11.1 },
          speedup: 1.6,
          speedupOverOneCore: pinned ? 2 : null,
          ofSplit: 0.9,
          ofSplitRounds: [0.9, 0.88, 0.92],
          sameTally: true,
        },
      },
      scale: { command: "bench scale --only deliveries --json", result: runScaleDeliveries({ clients: 3, lines: 2, nodes: 1, seed: 1 }, fakeClock()) },
      idle: { command: "bench scale --only idle --json", result: { processes: 10, wallSeconds: 1, bytesPerProcess: 1500, rssBytesPerProcess: 1600, peakRssMb: 100 } },
    };
  };

  test("the targets are judged from the runs; without erl the Erlang target is not measured", async () => {
    const t = targets(await runs(false));
    expect(t).toHaveLength(5);
    expect(t[0]!.met).toBeNull();
    expect(t[2]!.met).toBe(false); // the sweep at 90% of the split's rate, the median of its rounds
    expect(t[2]!.measured).toBe("90% (95% interval 88%–92% over 3 rounds)");
    expect(t[2]!.unsure).toBe(false);
    expect(t[4]!.met).toBe(true); // 1,500 B per process
    expect(targets(await runs(true))[0]!.met).toBe(true); // 2.5× Erlang's rate
    expect(targets(await runs(true))[0]!.measured).toBe("2.50× (95% interval 2.40×–2.60× over 3 rounds)");
  });

  test("a ratio target whose rounds reach across the bound says so; its verdict is the rounds' median's", async () => {
    const r = await runs(true);
    const straddle = { ...r, sweep: { ...r.sweep, result: { ...r.sweep.result, ofSplitRounds: [0.9, 0.97, 0.96, 0.99, 0.93] } } };
    const t = targets(straddle)[2]!;
    expect(t.met).toBe(true); // median 96%
    expect(t.unsure).toBe(true);
    expect(formatPerformanceReport(straddle)).toMatch(/\| ≥ 95% \| met, within the rounds' spread \|/);
    // The broadcast's rounds are its own: one a round, each trace hash over the trace off before it.
    expect(r.broadcast.result.rounds.hashOverOff).toHaveLength(r.broadcast.result.params.rounds);
  });

  test("on a one-core machine the report counts in the singular", async () => {
    const r = await runs(true);
    const one = { workers: 1, wallSeconds: 2, seedsPerSecond: 5 };
    const sweep = { ...r.sweep.result, cores: 1, all: one, split: one, speedup: 1, speedupOverOneCore: 1, ofSplit: 1 };
    const md = formatPerformanceReport({ ...r, sweep: { ...r.sweep, result: sweep } });
    expect(md).toContain("On 1 core the sweep");
    expect(md).toContain("| 1 worker | `--workers 1` |");
    expect(md).toContain("1 process at once");
    expect(md).toContain("With one worker the sweep runs every seed on its own thread.");
    expect(md).not.toContain("SWEEP_V8_FLAGS");
    expect(md).not.toMatch(/\b1 (workers|processes|cores|copies)\b|\b0 worker/);
  });

  test("the report names every command and is a function of the runs", async () => {
    const r = await runs(true);
    const md = formatPerformanceReport(r);
    expect(md).toMatch(/^# Performance/);
    for (const c of [r.broadcast.command, r.sweep.command, r.scale.command, r.idle.command]) expect(md).toContain(`chatty-sim ${c}`);
    expect(md).toContain("Erlang/OTP 25");
    expect(md).toMatch(/trace off's \|/); // the trace hash row gives its CPU time beside trace off's
    expect(md).toContain(`A run past ${offloadAfter()! >> 20} MB of lines has the rest of its lines written and hashed on a second thread`);
    expect(formatPerformanceReport(r)).toBe(md);
    expect(formatPerformanceReport(await runs(false))).toContain("no figure: skipped");
    expect(md).toContain("2.00× one worker on one core");
    // The sweep's threads' V8 flags, named from the list they start with.
    expect(md).toContain(`they run with V8's ${SWEEP_V8_FLAGS.map((f) => `\`${f}\``).join(" ")} (\`SWEEP_V8_FLAGS\``);
    for (const x of LESS_SEMANTICS) expect(md).toContain(`| ${x.what} |`);
    expect(md).toContain("| chatty-sim, trace full | 6 |");
    expect(md).toContain("| trace off, messages not copied (reference) | 6 |");
    expect(md).toContain("| the kernel's queue alone (`TimeWheel`) |");
    expect(md).toMatch(/\| the same, each receiver a generator resumed through `yield\*` \(a `function\*` body\) \| .* ns an event: resuming the generator costs -?\d+ ns more \|/);
    // The cost of a delivery, part by part, from the profiled runs.
    expect(md).toContain("### What a delivery costs");
    expect(md).toContain("| copy at send (termCopy) |");
    expect(formatPerformanceReport(await runs(false, false))).toContain("no figure: taskset -c 0 failed");
  });
});

describe("bench ab", () => {
  const tiny = { workload: "broadcast" as const, clients: 12, lines: 4, nodes: 3, seed: 1, trace: "off" as const, rounds: 3 };

  /** Runs `f` with a stand-in build: a temporary directory, and its `dist/bench` to write modules in. */
  async function withFakeBuild(f: (dir: string, dist: string) => Promise<void>): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), "chatty-ab-"));
    try {
      const dist = join(dir, "dist", "bench");
      mkdirSync(dist, { recursive: true });
      await f(dir, dist);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  test("runs both builds in turn and compares their trace hashes: a build against itself makes the same run", async () => {
    const r = await runAb({ ...tiny, against: root });
    expect(r.sameTrace).toBe(true);
    expect(r.here.traceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.other.root).toBe(resolve(root));
    expect(r.here.root).toBe(resolve(root));
    for (const b of [r.here, r.other]) {
      expect(b.nsPerDelivery.min).toBeLessThanOrEqual(b.nsPerDelivery.p25);
      expect(b.nsPerDelivery.p25).toBeLessThanOrEqual(b.nsPerDelivery.median);
      positive(b.nsPerDelivery.min);
    }
    expect(r.ratio.low).toBeLessThanOrEqual(r.ratio.median);
    expect(r.ratio.median).toBeLessThanOrEqual(r.ratio.high);
  });

  test("the scale workload: the scale run in both builds, with its trace hash compared", async () => {
    const r = await runAb({ ...tiny, workload: "scale", against: root });
    expect(r.sameTrace).toBe(true);
    expect(r.here.traceHash).toMatch(/^[0-9a-f]{64}$/);
    // The scale run, not the broadcast: its trace hash is the scale run's own.
    expect(r.here.traceHash).toBe(runScaleDeliveries({ clients: 12, lines: 4, nodes: 3, seed: 1 }, fakeClock(), "hash").traceHash);
    expect(r.here.traceHash).not.toBe((await runAb({ ...tiny, rounds: 1, against: root })).here.traceHash);
    positive(r.here.nsPerDelivery.min);
    // A build whose scale run takes no trace mode is too old to compare, and says so.
    await withFakeBuild(async (dir, dist) => {
      const real = pathToFileURL(join(root, "dist", "bench", "scale.js")).href;
      writeFileSync(join(dist, "scale.js"), `import { runScaleDeliveries as real } from ${JSON.stringify(real)};\nexport function runScaleDeliveries(p, now) { const { traceHash, ...r } = real(p, now); return r; }\n`);
      await expect(runAb({ ...tiny, workload: "scale", rounds: 1, against: dir })).rejects.toThrow(/makes no trace \(a build too old for bench ab --workload scale\)/);
    });
  });

  test("each build runs in a worker thread of its own, so that they share no module; a build without the workload's function, or whose run fails, says so", async () => {
    await withFakeBuild(async (dir, dist) => {
      // A build that answers with the thread it runs in, for its trace hash.
      writeFileSync(join(dist, "broadcast.js"), `import { threadId } from "node:worker_threads";\nexport function runBroadcastPhase(p, trace) { return { wallSeconds: 1e-3, deliveries: 10, traceHash: trace === "hash" ? String(threadId) : null }; }\n`);
      const r = await runAb({ ...tiny, rounds: 1, against: dir });
      expect(r.other.traceHash).not.toBe(String(threadId));
      expect(r.other.traceHash).not.toBe("0"); // not a main thread either
      expect(r.sameTrace).toBe(false);
      writeFileSync(join(dist, "broadcast.js"), "export const nothing = 1;\n");
      await expect(runAb({ ...tiny, rounds: 1, against: dir })).rejects.toThrow(/broadcast\.js has no runBroadcastPhase \(a build too old for bench ab\)/);
      // A build whose run fails, or whose thread ends in the middle of it: the comparison fails
      // with one line about that build, rather than waiting for it.
      writeFileSync(join(dist, "broadcast.js"), 'export function runBroadcastPhase() { throw new Error("boom\\nat somewhere"); }\n');
      await expect(runAb({ ...tiny, rounds: 1, against: dir })).rejects.toThrow(/^--against .*: its run failed: Error: boom$/);
      writeFileSync(join(dist, "broadcast.js"), "export function runBroadcastPhase() { process.exit(3); }\n");
      await expect(runAb({ ...tiny, rounds: 1, against: dir })).rejects.toThrow(/^--against .*: its run failed: its thread ended \(exit code 3\)$/);
      writeFileSync(join(dist, "broadcast.js"), "export function runBroadcastPhase( {\n");
      await expect(runAb({ ...tiny, rounds: 1, against: dir })).rejects.toThrow(/^--against .*: its run failed: /);
    });
  });

  test("--here compares any two builds: the given one in this build's place", async () => {
    await withFakeBuild(async (dir, dist) => {
      writeFileSync(join(dist, "broadcast.js"), `export function runBroadcastPhase(p, trace) { return { wallSeconds: 2e-3, deliveries: 10, traceHash: trace === "hash" ? "fake" : null }; }\n`);
      const r = await runAb({ ...tiny, rounds: 2, here: dir, against: root });
      expect(r.here.root).toBe(resolve(dir));
      expect(r.here.traceHash).toBe("fake");
      expect(r.other.traceHash).toMatch(/^[0-9a-f]{64}$/);
      expect(r.here.nsPerDelivery.median).toBe(2e5); // its own figures, 2 ms for 10 deliveries
      await expect(runAb({ ...tiny, rounds: 1, here: join(dir, "none"), against: root })).rejects.toThrow(/^--here .*none: no build there/);
    });
  });

  test("says so when the other build makes another run", async () => {
    await withFakeBuild(async (dir, dist) => {
      // A build whose run differs: the real one with its trace hash changed.
      const real = pathToFileURL(join(root, "dist", "bench", "broadcast.js")).href;
      writeFileSync(join(dist, "broadcast.js"), `import { runBroadcastPhase as real } from ${JSON.stringify(real)};\nexport function runBroadcastPhase(p, t, now) { const r = real(p, t, now); return r.traceHash === null ? r : { ...r, traceHash: "x" + r.traceHash.slice(1) }; }\n`);
      const r = await runAb({ ...tiny, rounds: 1, against: dir });
      expect(r.sameTrace).toBe(false);
      expect(r.other.traceHash).toMatch(/^x/);
    });
  });

  test("the median's interval is seeded: the same rounds give the same interval, and it holds the median", () => {
    const xs = [1.02, 0.97, 1.1, 0.95, 1.0, 0.99, 1.3, 0.96, 1.01, 0.98];
    const a = medianInterval(xs);
    expect(medianInterval(xs)).toEqual(a);
    expect(a.median).toBe(1.0);
    expect(a.low).toBeLessThanOrEqual(a.median);
    expect(a.high).toBeGreaterThanOrEqual(a.median);
    expect(medianInterval([2, 2, 2])).toEqual({ median: 2, low: 2, high: 2, rounds: 3 });
  });

  test("bad input: no --against, a directory with no build, a trace it does not compare: one line, exit 2", () => {
    const dir = mkdtempSync(join(tmpdir(), "chatty-ab-"));
    try {
      for (const [args, msg] of [
        [[], /^chatty-sim: bench ab needs --against DIR/],
        [["--against", dir], /^chatty-sim: --against .*: no build there \(.*dist\/bench\/broadcast\.js is missing/],
        [["--against", root, "--trace", "full"], /^chatty-sim: bad --trace "full": expected off or hash/],
        [["--against", root, "--workload", "heap"], /^chatty-sim: bad --workload "heap": expected broadcast or scale/],
        [["--against", dir, "--workload", "scale"], /^chatty-sim: --against .*: no build there \(.*dist\/bench\/scale\.js is missing/],
      ] as const) {
        const r = spawnSync(process.execPath, [cliJs, "bench", "ab", ...args], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
        expect(r.status).toBe(2);
        expect(r.stderr).toMatch(msg);
        expect(r.stderr.trim().split("\n")).toHaveLength(1);
        expect(r.stdout).toBe("");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("the command prints the figures and whether the runs are the same", () => {
    const r = spawnSync(process.execPath, [cliJs, "bench", "ab", "--against", root, "--clients", "12", "--lines", "4", "--rounds", "2"], { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^ab: the broadcast's line phase, 12 clients, 4 lines, trace off, 2 rounds in turn$/m);
    expect(r.stdout).toMatch(/^ {2}this over that {3}\d\.\d{3}× the wall time, 95% interval \d\.\d{3}–\d\.\d{3}: /m);
    expect(r.stdout).toMatch(/^ {2}trace hash {7}the same: both builds make the same run$/m);
  });
});
