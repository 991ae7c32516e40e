/**
 * Benchmark `ab`: this build against another build of chatty-sim (a checkout of another
 * commit, built with `tsc`), side by side in one process, on one of two workloads: the
 * broadcast's line phase (`broadcast.ts`, a thousand clients: the kernel's own cost, its data
 * in the caches) or the scale run (`scale.ts`, tens of thousands of clients: what a delivery
 * costs when its receiver's state is not in the caches).
 *
 * A change worth a few percent is smaller than this machine's noise between runs (a shared
 * host: the same run varies by ±15% from one minute to the next). So the two builds run in
 * turn, round after round, the order swapped every round, and what counts is each round's
 * ratio of the two: a burst of other work slows both runs of a round, or one round, rather
 * than one build. The median of the rounds' ratios is the figure, with its 95% interval
 * (`stats.ts`). Both builds also run once with trace `hash`: the same hash says the change
 * kept every event of the run.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ConfigError } from "../src/sim/errors.js";
import { runBroadcastPhase } from "./broadcast.js";
import { runScaleDeliveries } from "./scale.js";
import { medianInterval, quantile, type Spread } from "./stats.js";

/** What `bench ab` runs: the broadcast's line phase, or the scale run. */
export type AbWorkload = "broadcast" | "scale";

/** What `bench ab` is asked. */
export interface AbParams {
  /** The other build: a directory holding `dist/bench/` (a built checkout). */
  readonly against: string;
  readonly workload: AbWorkload;
  readonly clients: number;
  readonly lines: number;
  readonly nodes: number;
  readonly seed: number;
  readonly trace: "off" | "hash";
  /** Rounds counted, each one run of each build (after one round of warm-up). */
  readonly rounds: number;
}

/** One build's runs: ns a delivery, the fastest, the first quartile and the median. */
export interface AbBuild {
  readonly root: string;
  readonly nsPerDelivery: { readonly min: number; readonly p25: number; readonly median: number };
  /** The trace hash of its run with trace `hash`. */
  readonly traceHash: string | null;
}

/** What `bench ab` measured. */
export interface AbResult {
  readonly params: AbParams;
  /** This build. */
  readonly here: AbBuild;
  /** The other build. */
  readonly other: AbBuild;
  /** Per round, this build's wall time over the other's: the median, and its 95% bootstrap interval. */
  readonly ratio: Spread;
  /** Whether both builds give the run the same trace hash. */
  readonly sameTrace: boolean;
}

/** This build's root: the directory above `bench/` (the sources, under vitest) or above `dist/bench/`. */
const HERE = fileURLToPath(new URL(".", import.meta.url)).replace(/[\\/](dist[\\/])?bench[\\/]$/, "");

/** One run of a workload as both builds make it: its wall time, its deliveries and its trace hash. */
interface AbRun {
  readonly wallSeconds: number;
  readonly deliveries: number;
  /** Null with trace off; undefined from a build whose workload has no trace (too old to compare). */
  readonly traceHash?: string | null;
}

/** A workload's run in a trace mode, as `bench ab` calls it. */
type Run = (trace: "off" | "hash", now: () => number) => AbRun;

/** A function a build's module exports. */
type Exported = (...args: unknown[]) => unknown;

/**
 * Each workload: where a build has it (under `dist/bench/`), this build's own function, and the
 * run made of a build's function for `params`.
 */
const WORKLOADS: Readonly<Record<AbWorkload, { readonly file: string; readonly name: string; readonly here: Exported; readonly run: (f: Exported, params: AbParams) => Run }>> = {
  broadcast: {
    file: "broadcast.js",
    name: "runBroadcastPhase",
    here: runBroadcastPhase as Exported,
    run: (f, q) => (trace, now) => f({ clients: q.clients, lines: q.lines, nodes: q.nodes, trace, seed: q.seed, rounds: 1 }, trace, now) as AbRun,
  },
  scale: {
    file: "scale.js",
    name: "runScaleDeliveries",
    here: runScaleDeliveries as Exported,
    run: (f, q) => (trace, now) => f({ clients: q.clients, lines: q.lines, nodes: q.nodes, seed: q.seed }, now, trace) as AbRun,
  },
};

/** The other build's run of the workload, or a `ConfigError` naming what is missing. */
async function otherRun(params: AbParams): Promise<{ root: string; run: Run }> {
  const dir = params.against;
  const w = WORKLOADS[params.workload];
  const root = resolve(dir);
  const file = join(root, "dist", "bench", w.file);
  if (!existsSync(file)) throw new ConfigError(`--against ${dir}: no build there (${file} is missing: run "npx tsc -p tsconfig.json" in it)`);
  const mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  const f = mod[w.name] as Exported | undefined;
  if (typeof f !== "function") throw new ConfigError(`--against ${dir}: ${file} has no ${w.name} (a build too old for bench ab)`);
  return { root, run: w.run(f, params) };
}

/** Runs the comparison; `now` is the wall clock in ms, injected. */
export async function runAb(params: AbParams, now: () => number, progress?: (what: string) => void): Promise<AbResult> {
  const other = await otherRun(params);
  const w = WORKLOADS[params.workload];
  const here = w.run(w.here, params);
  const builds: Run[] = [here, other.run];
  const ns: number[][] = [[], []];
  for (let r = -1; r < params.rounds; r++) {
    if (r >= 0) progress?.(`ab: round ${r + 1} of ${params.rounds}`);
    for (const j of r % 2 === 0 ? [1, 0] : [0, 1]) {
      const x = builds[j]!(params.trace, now);
      if (r >= 0) ns[j]!.push((x.wallSeconds * 1e9) / x.deliveries);
    }
  }
  progress?.("ab: both builds with trace hash");
  const hashes = builds.map((b) => b("hash", now).traceHash);
  if (hashes[1] === undefined) throw new ConfigError(`--against ${params.against}: its ${w.name} makes no trace (a build too old for bench ab --workload ${params.workload})`);
  const build = (root: string, j: number): AbBuild => ({
    root,
    nsPerDelivery: { min: quantile(ns[j]!, 0), p25: quantile(ns[j]!, 0.25), median: quantile(ns[j]!, 0.5) },
    traceHash: hashes[j] ?? null,
  });
  return {
    params,
    here: build(HERE, 0),
    other: build(other.root, 1),
    ratio: medianInterval(ns[0]!.map((x, i) => x / ns[1]![i]!)),
    sameTrace: hashes[0] !== null && hashes[0] === hashes[1],
  };
}
