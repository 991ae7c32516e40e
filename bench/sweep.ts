/**
 * Benchmark `sweep`: seeds per second of a scenario (`ms4` by default) swept on one worker,
 * on one core, and on every core, beside the same seeds split over independent processes.
 * Each sweep is its own `chatty-sim sweep … --json` process, started cold as a user starts it
 * (process start, module loading, worker start-up and JIT warm-up are all in its wall time),
 * so no run profits from another's warm code. The runs are alternated, twice each by
 * default, and the fastest of each is kept; the sweep and the split, whose ratio is the
 * target, swap places from one round to the next.
 *
 * - one worker: `--workers 1`, free to run V8's compiler and GC threads on the other cores;
 * - one core: the same, confined to one CPU with `taskset -c <cpu>` (Linux; the first CPU
 *   this process may use), the "one core" of the issue's target;
 * - all cores: `--workers N`;
 * - split: the seeds cut into N contiguous shares, each swept by its own one-worker process,
 *   all at once: what the machine gives N copies of the work with nothing to coordinate (a
 *   reference, not a bound: a sweep hands seeds to whichever thread is free, a share is fixed).
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { ConfigError, SimulatorError } from "../src/sim/index.js";
import { mergeTallies, type CheckTally, type SweepResult } from "../src/sweep.js";

/** Parameters of the sweep benchmark. */
export interface SweepBenchParams {
  readonly scenario: string;
  /** Seeds 1..seeds are swept. */
  readonly seeds: number;
  /** Workers of the parallel sweep (default: all cores). */
  readonly workers: number;
  /** Times each sweep runs, alternating; the fastest of each counts (default `SWEEP_ROUNDS`). */
  readonly rounds?: number;
}

/** Rounds of `bench sweep` when none are asked for. */
export const SWEEP_ROUNDS = 2;

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
  /** One worker confined to one CPU (`cpu`), or why it could not be (no `taskset`, say). */
  readonly oneCore: SweepTiming | { readonly unavailable: string };
  /** The CPU the one-core sweep is held to: the first this process may use. */
  readonly cpu: number;
  readonly all: SweepTiming;
  /** One-worker processes at once, each on its share of the seeds (its `workers`: how many processes). */
  readonly split: SweepTiming;
  /** all.seedsPerSecond / one.seedsPerSecond. */
  readonly speedup: number;
  /** all.seedsPerSecond / oneCore.seedsPerSecond (null without `oneCore`). */
  readonly speedupOverOneCore: number | null;
  /** all.seedsPerSecond / split.seedsPerSecond. */
  readonly ofSplit: number;
  /** The same ratio in each round (the sweep and the split run back to back in it). */
  readonly ofSplitRounds: readonly number[];
  /** Every sweep gave the same tallies (they must: the tally depends on neither workers nor split). */
  readonly sameTally: boolean;
}

/** One sweep measured, with its tally. */
interface Measured {
  readonly checks: CheckTally[];
  readonly t: SweepTiming;
}

/** The default number of workers: every core. */
export const allCores = (): number => availableParallelism();

/** The built CLI next to this module (`dist/bench/sweep.js` → `dist/src/cli.js`). */
export const BUILT_CLI = fileURLToPath(new URL("../src/cli.js", import.meta.url));

/** The first CPU this process may run on (Linux's `Cpus_allowed_list`), or 0 where it cannot be read. */
function firstAllowedCpu(): number {
  try {
    const m = /^Cpus_allowed_list:\s*(\d+)/m.exec(readFileSync("/proc/self/status", "utf8"));
    return m === null ? 0 : Number(m[1]);
  } catch {
    return 0;
  }
}

/** A finished child process: its exit code, or the signal that ended it, or why it could not start; and its output. */
export interface Exited {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly startError: string | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a command to its end without blocking the others started beside it. */
export function runChild(command: string, args: readonly string[]): Promise<Exited> {
  return new Promise((resolve) => {
    const c = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    c.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    c.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    c.on("error", (e) => resolve({ status: null, signal: null, startError: e.message, stdout, stderr }));
    c.on("close", (status, signal) => resolve({ status, signal, startError: null, stdout, stderr }));
  });
}

/** Splits 1..n into `k` contiguous ranges as even as they can be. */
export function splitSeeds(n: number, k: number): [number, number][] {
  const parts: [number, number][] = [];
  for (let i = 0, from = 1; i < k && from <= n; i++) {
    const to = from + Math.ceil((n - from + 1) / (k - i)) - 1;
    parts.push([from, to]);
    from = to + 1;
  }
  return parts;
}

/**
 * Measures the sweeps, each in fresh processes of the CLI at `cli` (the built one by
 * default); `now` is the wall clock in ms; `progress` hears which sweep starts.
 */
export async function runSweepBench(
  params: SweepBenchParams,
  now: () => number,
  cli: string = BUILT_CLI,
  progress?: (what: string) => void,
): Promise<SweepBenchResult> {
  const args = (workers: number, [from, to]: readonly [number, number] = [1, params.seeds]): string[] => [
    "sweep",
    params.scenario,
    "--seeds",
    `${from}..${to}`,
    "--workers",
    String(workers),
    "--json",
  ];
  const parse = (p: Exited): SweepResult => {
    // The sweep's own one-line error (bad scenario, bad seeds), or the last line of a crash.
    if (p.status !== 0) {
      const why = p.startError ?? (p.stderr.trim().split("\n").pop() || (p.signal !== null ? `killed by ${p.signal}` : `exit ${p.status}`));
      throw new ConfigError(`bench sweep: ${why}`);
    }
    return JSON.parse(p.stdout) as SweepResult;
  };
  /** Measures one sweep: the given processes at once, until the last one ends; its `workers` from what they report. */
  const timed = (exited: readonly Exited[], wallSeconds: number, workers: (rs: readonly SweepResult[]) => number): Measured => {
    const rs = exited.map(parse);
    return { checks: mergeTallies(rs.map((r) => r.checks)), t: { workers: workers(rs), wallSeconds, seedsPerSecond: params.seeds / wallSeconds } };
  };
  const run = async (commands: readonly (readonly string[])[]): Promise<{ exited: Exited[]; wallSeconds: number }> => {
    const t0 = now();
    const exited = await Promise.all(commands.map(([command, ...rest]) => runChild(command!, rest)));
    return { exited, wallSeconds: Math.max((now() - t0) / 1000, 1e-9) };
  };
  const node = process.execPath;
  const cpu = firstAllowedCpu();
  const shares = splitSeeds(params.seeds, params.workers);
  const threads = (rs: readonly SweepResult[]): number => rs[0]!.workers;
  // Pinning is tried until it fails once: where taskset cannot run, the one-core figure is left out.
  let pinning: string | null = null;
  const sweeps: Record<"one" | "oneCore" | "all" | "split", () => Promise<Measured | null>> = {
    one: async () => {
      const r = await run([[node, cli, ...args(1)]]);
      return timed(r.exited, r.wallSeconds, threads);
    },
    oneCore: async () => {
      const r = await run([["taskset", "-c", String(cpu), node, cli, ...args(1)]]);
      const p = r.exited[0]!;
      // taskset itself missing or refusing the CPU (its own messages start "taskset:"); anything else is the sweep's.
      if (p.startError !== null || (p.status !== 0 && p.stderr.startsWith("taskset:"))) {
        pinning = `taskset -c ${cpu} failed: ${p.startError ?? p.stderr.trim().split("\n")[0]}`;
        return null;
      }
      return timed(r.exited, r.wallSeconds, threads);
    },
    all: async () => {
      const r = await run([[node, cli, ...args(params.workers)]]);
      return timed(r.exited, r.wallSeconds, threads);
    },
    split: async () => {
      const r = await run(shares.map((range) => [node, cli, ...args(1, range)]));
      return timed(r.exited, r.wallSeconds, (rs) => rs.length);
    },
  };
  const rounds = params.rounds ?? SWEEP_ROUNDS;
  if (!(rounds >= 1)) throw new ConfigError("bench sweep needs at least one round");
  const best: Partial<Record<keyof typeof sweeps, Measured>> = {};
  // Alternated, and the fastest of each kept: a burst of other work on this shared machine then
  // slows one run, not a ratio.
  const ofSplitRounds: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const round: Partial<Record<keyof typeof sweeps, Measured>> = {};
    // The sweep and the split take turns at going first, so that neither always meets the
    // machine as the other left it (its page cache, its frequency, a burst of other work).
    const order: (keyof typeof sweeps)[] = r % 2 === 0 ? ["one", "oneCore", "all", "split"] : ["one", "oneCore", "split", "all"];
    for (const key of order) {
      if (key === "oneCore" && pinning !== null) continue;
      progress?.(`sweep, round ${r + 1} of ${rounds}: ${key === "oneCore" ? "one core" : key === "one" ? "one worker" : key === "all" ? `--workers ${params.workers}` : "split"}`);
      const m = await sweeps[key]();
      const b = best[key];
      if (m !== null) round[key] = m;
      if (m !== null && (b === undefined || m.t.wallSeconds < b.t.wallSeconds)) best[key] = m;
    }
    // The sweep and the split run one after the other: their ratio is this round's.
    if (round.all !== undefined && round.split !== undefined) ofSplitRounds.push(round.all.t.seedsPerSecond / round.split.t.seedsPerSecond);
  }
  const { one, oneCore, all, split } = best;
  // Every round measures each (the one-core sweep, until pinning fails: then there is a reason).
  if (one === undefined || all === undefined || split === undefined || (oneCore === undefined && pinning === null)) {
    throw new SimulatorError("bench sweep: a sweep was not measured");
  }
  const tally = JSON.stringify(one.checks);
  return {
    params,
    cores: availableParallelism(),
    command: args(params.workers).join(" "),
    one: one.t,
    oneCore: oneCore?.t ?? { unavailable: pinning ?? "" },
    cpu,
    all: all.t,
    split: split.t,
    speedup: all.t.seedsPerSecond / one.t.seedsPerSecond,
    speedupOverOneCore: oneCore === undefined ? null : all.t.seedsPerSecond / oneCore.t.seedsPerSecond,
    ofSplit: all.t.seedsPerSecond / split.t.seedsPerSecond,
    ofSplitRounds,
    sameTally: [oneCore, all, split].every((m) => m === undefined || JSON.stringify(m.checks) === tally),
  };
}
