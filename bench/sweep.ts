/**
 * Benchmark `sweep`: seeds per second of a scenario (`ms4` by default) swept on one worker
 * and on every core. Each sweep is its own `chatty-sim sweep … --json` process, started cold
 * as a user starts it (process start, module loading, worker start-up and JIT warm-up are
 * all in its wall time), so neither run profits from the other's warm code. The two are
 * alternated, twice each by default, and the faster run of each is kept.
 */
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { ConfigError } from "../src/sim/index.js";
import type { SweepResult } from "../src/sweep.js";

/** Parameters of the sweep benchmark. */
export interface SweepBenchParams {
  readonly scenario: string;
  /** Seeds 1..seeds are swept. */
  readonly seeds: number;
  /** Workers of the parallel sweep (default: all cores). */
  readonly workers: number;
  /** Times each sweep runs, alternating; the fastest of each counts (default 2). */
  readonly rounds?: number;
}

/** One sweep measured. */
export interface SweepTiming {
  readonly workers: number;
  readonly wallSeconds: number;
  readonly seedsPerSecond: number;
}

/** What `bench sweep` reports. */
export interface SweepBenchResult {
  readonly params: SweepBenchParams;
  readonly cores: number;
  /** The command each sweep ran (with its `--workers`). */
  readonly command: string;
  readonly one: SweepTiming;
  readonly all: SweepTiming;
  /** all.seedsPerSecond / one.seedsPerSecond. */
  readonly speedup: number;
  /** Both sweeps gave the same tallies (they must: the tally does not depend on workers). */
  readonly sameTally: boolean;
}

/** The default number of workers: every core. */
export const allCores = (): number => availableParallelism();

/** The built CLI next to this module (`dist/bench/sweep.js` → `dist/src/cli.js`). */
const BUILT_CLI = fileURLToPath(new URL("../src/cli.js", import.meta.url));

/**
 * Sweeps seeds 1..N on one worker, then on `workers`, each in a fresh process of the CLI at
 * `cli` (the built one by default); `now` is the wall clock in ms.
 */
export function runSweepBench(params: SweepBenchParams, now: () => number, cli: string = BUILT_CLI): SweepBenchResult {
  const args = (workers: number): string[] => ["sweep", params.scenario, "--seeds", `1..${params.seeds}`, "--workers", String(workers), "--json"];
  const timed = (workers: number): { r: SweepResult; t: SweepTiming } => {
    const t0 = now();
    const p = spawnSync(process.execPath, [cli, ...args(workers)], { encoding: "utf8", maxBuffer: 1 << 26 });
    const wallSeconds = Math.max((now() - t0) / 1000, 1e-9);
    // The sweep's own one-line error (bad scenario, bad seeds), or the last line of a crash.
    if (p.status !== 0) throw new ConfigError(`bench sweep: ${(p.stderr || `exit ${p.status}`).trim().split("\n").pop()}`);
    const r = JSON.parse(p.stdout) as SweepResult;
    return { r, t: { workers: r.workers, wallSeconds, seedsPerSecond: params.seeds / wallSeconds } };
  };
  // Alternated, twice each, and the faster of each kept: a burst of other work on this shared
  // machine then slows one run, not the ratio.
  const rounds = params.rounds ?? 2;
  let one = timed(1);
  let all = timed(params.workers);
  for (let r = 1; r < rounds; r++) {
    const o = timed(1);
    if (o.t.wallSeconds < one.t.wallSeconds) one = o;
    const a = timed(params.workers);
    if (a.t.wallSeconds < all.t.wallSeconds) all = a;
  }
  return {
    params,
    cores: availableParallelism(),
    command: args(params.workers).join(" "),
    one: one.t,
    all: all.t,
    speedup: all.t.seedsPerSecond / one.t.seedsPerSecond,
    sameTally: JSON.stringify(one.r.checks) === JSON.stringify(all.r.checks),
  };
}
