/**
 * `chatty-sim sweep`: one scenario over a range of seeds, on worker threads, with each
 * check's tally. Seeds are handed out in small batches to whichever worker is free; the
 * tally is made in seed order, so the result does not depend on the number of workers.
 */
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import { findScenario, replayCommand, runScenario, parseParams } from "./scenarios/index.js";
import type { Status } from "./check/index.js";
import { ConfigError } from "./sim/index.js";

/** One run, as a worker reports it. */
export interface SweepRun {
  readonly seed: number;
  readonly traceHash: string;
  readonly checks: readonly { readonly name: string; readonly status: Status; readonly summary: string }[];
}

/** Per check: how many runs, and how they came out. */
export interface CheckTally {
  readonly name: string;
  runs: number;
  holds: number;
  violated: number;
  vacuous: number;
  /** The smallest violating seed, its summary and the command that replays it. */
  firstViolation: { seed: number; summary: string; replay: string } | null;
}

/** What a sweep gives. */
export interface SweepResult {
  readonly scenario: string;
  readonly seeds: readonly [number, number];
  readonly runs: number;
  readonly workers: number;
  readonly checks: readonly CheckTally[];
}

/** Parses `A..B` (inclusive) into a seed range. */
export function parseSeedRange(text: string): [number, number] {
  const m = /^(\d+)\.\.(\d+)$/.exec(text);
  const a = m ? Number(m[1]) : NaN;
  const b = m ? Number(m[2]) : NaN;
  if (!m || !Number.isSafeInteger(a) || !Number.isSafeInteger(b) || b < a) throw new ConfigError(`bad --seeds "${text}": expected A..B with 0 <= A <= B`);
  return [a, b];
}

/** Runs one seed and keeps what the sweep needs. */
export function sweepOne(name: string, seed: number, sets: readonly (readonly [string, string])[]): SweepRun {
  const r = runScenario(findScenario(name), seed, sets);
  return { seed, traceHash: r.traceHash, checks: r.checks.map((c) => ({ name: c.check, status: c.status, summary: c.summary })) };
}

/** Tallies runs (in any order) into per-check counts, deterministically. */
export function tally(name: string, runs: SweepRun[], sets: readonly (readonly [string, string])[]): CheckTally[] {
  const scenario = findScenario(name);
  const params = parseParams(scenario.params, sets);
  const out = new Map<string, CheckTally>();
  for (const r of [...runs].sort((a, b) => a.seed - b.seed)) {
    for (const c of r.checks) {
      let t = out.get(c.name);
      if (t === undefined) out.set(c.name, (t = { name: c.name, runs: 0, holds: 0, violated: 0, vacuous: 0, firstViolation: null }));
      t.runs++;
      t[c.status]++;
      if (c.status === "violated" && t.firstViolation === null) t.firstViolation = { seed: r.seed, summary: c.summary, replay: replayCommand(scenario, r.seed, params) };
    }
  }
  return [...out.values()];
}

/**
 * Sweeps seeds `from..to` of scenario `name`. `workers` 1 runs in this thread; more start
 * worker threads. `progress` is called after each finished run.
 */
export async function sweep(
  name: string,
  [from, to]: readonly [number, number],
  sets: readonly (readonly [string, string])[],
  opts: { readonly workers?: number; readonly progress?: (done: number, total: number) => void } = {},
): Promise<SweepResult> {
  const scenario = findScenario(name);
  parseParams(scenario.params, sets); // bad parameters fail here, once, not in every worker
  const total = to - from + 1;
  const workers = Math.max(1, Math.min(opts.workers ?? availableParallelism(), total));
  // The first seed runs here: a scenario's own checks of its parameters (which happen as it
  // is built) then fail as bad input, once, rather than inside a worker.
  const runs: SweepRun[] = [sweepOne(name, from, sets)];
  opts.progress?.(runs.length, total);
  if (workers === 1) {
    for (let s = from + 1; s <= to; s++) {
      runs.push(sweepOne(name, s, sets));
      opts.progress?.(runs.length, total);
    }
  } else {
    let next = from + 1;
    const started: Worker[] = [];
    const batch = Math.max(1, Math.min(50, Math.floor(total / (workers * 8))));
    await Promise.all(
      Array.from({ length: workers }, () =>
        new Promise<void>((resolve, reject) => {
          const w = new Worker(new URL("./sweepWorker.js", import.meta.url), { workerData: { name, sets } });
          started.push(w);
          let failed = false;
          let finished = false;
          const fail = (e: unknown): void => {
            if (failed) return;
            failed = true;
            finished = true;
            // One failure ends the sweep: stop every worker rather than let them run on.
            for (const o of started) void o.terminate();
            reject(e instanceof Error ? e : new Error(String(e)));
          };
          const feed = (): void => {
            if (next > to) {
              finished = true;
              void w.terminate().then(() => resolve());
              return;
            }
            const seeds: number[] = [];
            for (let i = 0; i < batch && next <= to; i++) seeds.push(next++);
            w.postMessage(seeds);
          };
          w.on("message", (done: SweepRun[] | { readonly error: string }) => {
            if (!Array.isArray(done)) return fail(new Error(done.error));
            for (const r of done) {
              runs.push(r);
              opts.progress?.(runs.length, total);
            }
            feed();
          });
          w.on("error", fail);
          // A worker that dies on its own, without an error event, must not leave the sweep waiting.
          w.on("exit", (code) => {
            if (!finished) fail(new Error(`sweep worker exited with code ${code}`));
          });
          feed();
        }),
      ),
    );
  }
  return { scenario: name, seeds: [from, to], runs: runs.length, workers, checks: tally(name, runs, sets) };
}
