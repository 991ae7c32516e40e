/**
 * `chatty-sim sweep`: one scenario over a range of seeds, on this thread and worker processes,
 * with each check's tally. Seeds are handed out in small batches to whichever is free; each
 * run is tallied as it comes in and then dropped, so memory does not grow with the number of
 * seeds, and the tally (counts, the smallest violating seed) depends neither on the order runs
 * arrive in nor on the number of workers.
 */
import { availableParallelism } from "node:os";
import { type ChildProcess, fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { setFlagsFromString } from "node:v8";
import { findScenario, replayCommand, runScenario, parseParams, type ParamValues, type Scenario } from "./scenarios/index.js";
import type { Status } from "./check/index.js";
import { ConfigError } from "./sim/index.js";
import { moduleFault, type ModuleFault } from "./scenarios/modules.js";

/** One run, as a worker reports it. */
export interface SweepRun {
  readonly seed: number;
  readonly traceHash: string;
  readonly checks: readonly { readonly name: string; readonly status: Status; readonly summary: string }[];
  /** A user's module whose process ran away in this run (its checks judge a cut-short run: not tallied). */
  readonly moduleFault: ModuleFault | null;
}

/** A sweep's runs cut short by a user's module running away: how many, and the first (smallest seed). */
export interface SweepModuleFault extends ModuleFault {
  runs: number;
  seed: number;
  replay: string;
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
  /** Runs a user's module ran away in (left out of the checks' tallies), or null. */
  readonly moduleFault: SweepModuleFault | null;
}

/**
 * The V8 flags of a sweep's threads when there is more than one (this one, and each worker
 * process). Such a thread turns the event loop between its batches of seeds, to hear the
 * workers or to be handed more; on each turn Node runs the tasks V8 has posted, and among them
 * are incremental marking's, each a step of marking on this thread. A synchronous loop (one
 * worker, or a share of the split) never turns the loop, and its marking goes on as it
 * allocates and concurrently on V8's helper threads. Measured side by side, two processes at
 * once on 2 cores, each running ms4's seeds 1..3000 or 3001..6000 (each process's run time,
 * over several rounds): without a turn 6.7–6.9 s; with a turn after every 50 seeds 7.0–7.6 s,
 * and 7.2–7.4 s after every 5; turning after every 50 with this flag, 6.8–7.2 s. The flag only
 * chooses when and where the collector marks, not what it keeps (nothing a run computes
 * depends on when the collector runs), so a sweep's runs, traces and tallies are the same.
 */
export const SWEEP_V8_FLAGS: readonly string[] = ["--no-incremental-marking-task"];

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
  return { seed, traceHash: r.traceHash, checks: r.checks.map((c) => ({ name: c.check, status: c.status, summary: c.summary })), moduleFault: moduleFault(r.outcome) };
}

/**
 * Per-check counts of runs added in any order, kept as they stream in (no run is kept): the
 * same runs give the same tally whatever their order.
 */
export class SweepTally {
  /** Runs added. */
  runs = 0;
  private readonly scenario: Scenario;
  private readonly params: ParamValues;
  /** Each check's tally, and where it was first seen (seed, position), which orders the checks. */
  private readonly byCheck = new Map<string, { readonly t: CheckTally; seed: number; index: number }>();
  /** Runs cut short by a user's module running away, and the first of them. */
  private fault: SweepModuleFault | null = null;

  /** A tally of scenario `name`'s runs with these parameters (for the replay commands). */
  constructor(name: string, sets: readonly (readonly [string, string])[]) {
    this.scenario = findScenario(name);
    this.params = parseParams(this.scenario.params, sets);
  }

  /** Counts one run. */
  add(r: SweepRun): void {
    this.runs++;
    if (r.moduleFault !== null) {
      // A run the module cut short proves nothing about the checks: counted apart, like `run`'s exit 2.
      if (this.fault === null || r.seed < this.fault.seed) this.fault = { ...r.moduleFault, runs: this.fault?.runs ?? 0, seed: r.seed, replay: replayCommand(this.scenario, r.seed, this.params) };
      this.fault.runs++;
    }
    r.checks.forEach((c, index) => {
      let e = this.byCheck.get(c.name);
      if (e === undefined) this.byCheck.set(c.name, (e = { t: { name: c.name, runs: 0, holds: 0, violated: 0, vacuous: 0, firstViolation: null }, seed: r.seed, index }));
      else if (r.seed < e.seed) Object.assign(e, { seed: r.seed, index });
      // Named, so that a sweep whose every run was cut short still lists its checks, but not counted.
      if (r.moduleFault !== null) return;
      const t = e.t;
      t.runs++;
      t[c.status]++;
      if (c.status === "violated" && (t.firstViolation === null || r.seed < t.firstViolation.seed)) {
        t.firstViolation = { seed: r.seed, summary: c.summary, replay: replayCommand(this.scenario, r.seed, this.params) };
      }
    });
  }

  /** The runs a user's module ran away in (null: none). */
  moduleFault(): SweepModuleFault | null {
    return this.fault === null ? null : { ...this.fault };
  }

  /** The tallies, checks in the order of the lowest seed's run (a check only cut-short runs had, with no runs). */
  checks(): CheckTally[] {
    return [...this.byCheck.values()].sort((a, b) => a.seed - b.seed || a.index - b.index).map((e) => e.t);
  }
}

/** Tallies of contiguous seed ranges, in seed order, merged into the tally of the whole range. */
export function mergeTallies(parts: readonly (readonly CheckTally[])[]): CheckTally[] {
  const out = new Map<string, CheckTally>();
  for (const part of parts) {
    for (const c of part) {
      const t = out.get(c.name);
      if (t === undefined) out.set(c.name, { ...c });
      else {
        t.runs += c.runs;
        t.holds += c.holds;
        t.violated += c.violated;
        t.vacuous += c.vacuous;
        t.firstViolation ??= c.firstViolation;
      }
    }
  }
  return [...out.values()];
}

/** Module faults of contiguous seed ranges merged: the runs summed, the first of the lowest seed. */
export function mergeModuleFaults(parts: readonly (SweepModuleFault | null)[]): SweepModuleFault | null {
  let out: SweepModuleFault | null = null;
  for (const f of parts) {
    if (f === null) continue;
    if (out === null) out = { ...f };
    else out = { ...(f.seed < out.seed ? f : out), runs: out.runs + f.runs };
  }
  return out;
}

/**
 * Sweeps seeds `from..to` of scenario `name` on `workers` threads: this one, and one in each of
 * `workers - 1` worker processes (this thread is warm and otherwise idle, and one isolate fewer
 * warms up). The workers are processes, not worker threads: two isolates in one process ran
 * ms4's seeds about 3% slower than two processes did, side by side on 2 cores, however the
 * seeds were handed out (why, not pinned down: V8's helper threads, which one process's
 * isolates share, are a suspect); and a process inherits this one's Node options, so a
 * TypeScript module loaded with `--import tsx` sweeps on every worker too.
 * `progress` is called after each finished run.
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
  // The workers start now and load their modules while the first seed runs here: a
  // scenario's own checks of its parameters (which happen as it is built) then fail as bad
  // input, once, rather than inside a worker.
  const started = Array.from({ length: workers - 1 }, () => startWorker(name, sets));
  let first: SweepRun;
  try {
    first = sweepOne(name, from, sets);
  } catch (e) {
    for (const w of started) void stopWorker(w);
    throw e;
  }
  const tally = new SweepTally(name, sets);
  tally.add(first);
  opts.progress?.(tally.runs, total);
  let next = from + 1;
  /** Hands out the next `n` seeds (fewer at the end). */
  const take = (n: number): number[] => {
    const seeds: number[] = [];
    for (let i = 0; i < n && next <= to; i++) seeds.push(next++);
    return seeds;
  };
  const done = (r: SweepRun): void => {
    tally.add(r);
    opts.progress?.(tally.runs, total);
  };
  const result = (): SweepResult => ({ scenario: name, seeds: [from, to], runs: tally.runs, workers, checks: tally.checks(), moduleFault: tally.moduleFault() });
  if (workers === 1) {
    while (next <= to) done(sweepOne(name, next++, sets));
    return result();
  }
  // This thread turns the event loop between its batches from here on (see `SWEEP_V8_FLAGS`).
  // Set at run time, the flag holds for the rest of this process, and takes effect: the same
  // loops as above, two at once, with it set by `setFlagsFromString` before the first seed, took 6.8–7.2 s.
  for (const f of SWEEP_V8_FLAGS) setFlagsFromString(f);
  const batch = Math.max(1, Math.min(50, Math.floor(total / (workers * 8))));
  /** At most `most` seeds, fewer as the end nears, so that no thread is left waiting on a big last batch. */
  const ending = (most: number): number => Math.max(1, Math.min(most, Math.ceil((to - next + 1) / (workers * 4))));
  let failure: Error | null = null;
  const stopAll = (e: unknown): void => {
    failure ??= e instanceof Error ? e : new Error(String(e));
    // One failure ends the sweep: stop every worker rather than let them run on.
    for (const w of started) void stopWorker(w);
  };
  const threads = started.map(
    (w) =>
      new Promise<void>((resolve, reject) => {
        let inFlight = 0;
        let finished = false;
        const fail = (e: unknown): void => {
          if (finished) return;
          finished = true;
          stopAll(e);
          reject(failure);
        };
        // Two batches in flight, so a worker never waits for this thread to hand it the next.
        const feed = (): void => {
          while (inFlight < 2 && failure === null) {
            const seeds = take(ending(batch));
            if (seeds.length === 0) break;
            inFlight++;
            w.send(seeds);
          }
          if (inFlight === 0 && !finished) {
            finished = true;
            void stopWorker(w).then(() => (failure === null ? resolve() : reject(failure)));
          }
        };
        w.on("message", (res: SweepRun[] | { readonly error: string }) => {
          if (!Array.isArray(res)) return fail(new Error(res.error));
          inFlight--;
          for (const r of res) done(r);
          feed();
        });
        // A worker that cannot start, or dies on its own, must not leave the sweep waiting.
        w.on("error", fail);
        w.on("exit", (code, signal) => {
          if (!finished) fail(new ConfigError(`a sweep worker process ended before its seeds were done (${signal === null ? `exit code ${code}` : `killed by ${signal}`})`));
        });
        feed();
      }),
  );
  // This thread's share: a few seeds at a time, giving the workers' messages a turn in between
  // (each worker has two batches in hand meanwhile, so it does not wait for them to be heard).
  const here = (async () => {
    const yieldTurn = (): Promise<void> => new Promise((r) => setImmediate(r));
    for (;;) {
      await yieldTurn();
      if (failure !== null) return;
      const seeds = take(ending(Math.min(20, batch)));
      if (seeds.length === 0) return;
      try {
        for (const s of seeds) done(sweepOne(name, s, sets));
      } catch (e) {
        stopAll(e);
        throw e;
      }
    }
  })();
  const settled = await Promise.allSettled([here, ...threads]);
  if (failure !== null) throw failure;
  for (const r of settled) if (r.status === "rejected") throw r.reason;
  return result();
}

/** A worker process for `sweep`: `sweepWorker.js`, with this process's Node options, talking over IPC. */
function startWorker(name: string, sets: readonly (readonly [string, string])[]): ChildProcess {
  return fork(fileURLToPath(new URL("./sweepWorker.js", import.meta.url)), [JSON.stringify({ name, sets })], {
    // Structured clone, as between threads: runs arrive as they were posted.
    serialization: "advanced",
    execArgv: [...process.execArgv, ...SWEEP_V8_FLAGS],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
}

/** Stops a worker process (if it still runs) and resolves once it has exited. */
function stopWorker(w: ChildProcess): Promise<void> {
  if (w.exitCode !== null || w.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    w.once("exit", () => resolve());
    w.kill();
  });
}
