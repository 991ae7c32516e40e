/**
 * Benchmark `sweep`: seeds per second of a scenario (`ms4` by default) swept on one worker
 * and on every core, through the same `sweep()` the CLI uses, in one process. Worker start-up
 * is part of the cost on all cores, as it is for a user.
 */
import { availableParallelism } from "node:os";
import { sweep } from "../src/sweep.js";

/** Parameters of the sweep benchmark. */
export interface SweepBenchParams {
  readonly scenario: string;
  /** Seeds 1..seeds are swept. */
  readonly seeds: number;
  /** Workers of the parallel sweep (default: all cores). */
  readonly workers: number;
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
  readonly one: SweepTiming;
  readonly all: SweepTiming;
  /** all.seedsPerSecond / one.seedsPerSecond. */
  readonly speedup: number;
  /** Both sweeps gave the same tallies (they must: the tally does not depend on workers). */
  readonly sameTally: boolean;
}

/** The default number of workers: every core. */
export const allCores = (): number => availableParallelism();

/** Sweeps seeds 1..N on one worker, then on `workers`; `now` is the wall clock in ms. */
export async function runSweepBench(params: SweepBenchParams, now: () => number): Promise<SweepBenchResult> {
  const timed = async (workers: number) => {
    const t0 = now();
    const r = await sweep(params.scenario, [1, params.seeds], [], { workers });
    const wallSeconds = Math.max((now() - t0) / 1000, 1e-9);
    return { r, t: { workers: r.workers, wallSeconds, seedsPerSecond: params.seeds / wallSeconds } };
  };
  const one = await timed(1);
  const all = await timed(params.workers);
  return {
    params,
    cores: availableParallelism(),
    one: one.t,
    all: all.t,
    speedup: all.t.seedsPerSecond / one.t.seedsPerSecond,
    sameTally: JSON.stringify(one.r.checks) === JSON.stringify(all.r.checks),
  };
}
