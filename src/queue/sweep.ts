/**
 * `chatty-sim sweep --queue`: the seeds cut into jobs of contiguous ranges, run by whichever
 * workers take them, and merged in seed order with the local sweep's own `mergeTallies`, so the
 * tallies are those of `sweep` on this machine.
 */
import { findScenario, parseParams } from "../scenarios/index.js";
import { mergeModuleFaults, mergeTallies, type SweepResult } from "../sweep.js";
import { ConfigError } from "../sim/errors.js";
import { jobSets, type SweepJob, type SweepJobResult } from "./jobs.js";
import { runJobs, type JobProgress, type QueueHandle } from "./runner.js";

/**
 * Seeds per job for a range of `total` seeds: about 200 jobs (enough for many workers to share,
 * few enough that the queue's own work stays small), between 50 and 1000 seeds each (fewer
 * cost more in queue round trips than they run: see `bench queue`). A function of the range
 * only, so a rerun cuts the same jobs.
 */
export function jobSeeds(total: number): number {
  return Math.max(50, Math.min(1000, Math.ceil(total / 200)));
}

/** The jobs of a sweep: contiguous ranges of `size` seeds (the last one shorter). */
export function sweepJobs(scenario: string, [from, to]: readonly [number, number], sets: readonly (readonly [string, string])[], size: number): SweepJob[] {
  const jobs: SweepJob[] = [];
  const carried = jobSets(sets);
  for (let a = from; a <= to; a += size) jobs.push({ kind: "sweep", scenario, sets: carried, from: a, to: Math.min(to, a + size - 1) });
  return jobs;
}

/**
 * Sweeps seeds `from..to` of scenario `name` on the queue's workers. `workers` in the result
 * counts the worker processes that ran its jobs (in this run or the one it resumes).
 */
export async function queueSweep(
  h: QueueHandle,
  name: string,
  seeds: readonly [number, number],
  sets: readonly (readonly [string, string])[],
  opts: { readonly jobSeeds?: number; readonly progress?: JobProgress } = {},
): Promise<SweepResult> {
  parseParams(findScenario(name).params, sets); // bad parameters fail here, once, not in every job
  const jobs = sweepJobs(name, seeds, sets, opts.jobSeeds ?? jobSeeds(seeds[1] - seeds[0] + 1));
  const results = (await runJobs(h, jobs, opts.progress)).map((r): SweepJobResult => {
    if (r.kind !== "sweep") throw new ConfigError("the queue returned a result of another kind of job");
    return r;
  });
  const checks = mergeTallies(results.map((r) => r.checks));
  return { scenario: name, seeds: [seeds[0], seeds[1]], runs: seeds[1] - seeds[0] + 1, workers: new Set(results.map((r) => r.worker)).size, checks, moduleFault: mergeModuleFaults(results.map((r) => r.moduleFault ?? null)) };
}
