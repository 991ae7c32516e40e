/**
 * Benchmark `ab`: this build against another build of chatty-sim (a checkout of another
 * commit, built with `tsc`), on the broadcast's line phase, side by side in one process.
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
import type { TraceMode } from "../src/sim/trace.js";
import { runBroadcastPhase, type BroadcastParams, type PhaseResult } from "./broadcast.js";
import { medianInterval, quantile, type Spread } from "./stats.js";

/** What `bench ab` is asked. */
export interface AbParams {
  /** The other build: a directory holding `dist/bench/broadcast.js` (a built checkout). */
  readonly against: string;
  readonly clients: number;
  readonly lines: number;
  readonly nodes: number;
  readonly seed: number;
  readonly trace: TraceMode;
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

/** The line phase as a build exports it (`bench/broadcast.ts`, `runBroadcastPhase`). */
type Phase = (params: BroadcastParams, trace: TraceMode, now: () => number) => PhaseResult;

/** The other build's line phase, or a `ConfigError` naming what is missing. */
async function otherPhase(dir: string): Promise<{ root: string; phase: Phase }> {
  const root = resolve(dir);
  const file = join(root, "dist", "bench", "broadcast.js");
  if (!existsSync(file)) throw new ConfigError(`--against ${dir}: no build there (${file} is missing: run "npx tsc -p tsconfig.json" in it)`);
  const mod = (await import(pathToFileURL(file).href)) as { runBroadcastPhase?: unknown };
  if (typeof mod.runBroadcastPhase !== "function") throw new ConfigError(`--against ${dir}: ${file} has no runBroadcastPhase (a build too old for bench ab)`);
  return { root, phase: mod.runBroadcastPhase as Phase };
}

/** Runs the comparison; `now` is the wall clock in ms, injected. */
export async function runAb(params: AbParams, now: () => number, progress?: (what: string) => void): Promise<AbResult> {
  const other = await otherPhase(params.against);
  const p: BroadcastParams = { clients: params.clients, lines: params.lines, nodes: params.nodes, trace: params.trace, seed: params.seed, rounds: 1 };
  const builds: Phase[] = [runBroadcastPhase, other.phase];
  const ns: number[][] = [[], []];
  for (let r = -1; r < params.rounds; r++) {
    if (r >= 0) progress?.(`ab: round ${r + 1} of ${params.rounds}`);
    for (const j of r % 2 === 0 ? [1, 0] : [0, 1]) {
      const x = builds[j]!(p, params.trace, now);
      if (r >= 0) ns[j]!.push((x.wallSeconds * 1e9) / x.deliveries);
    }
  }
  progress?.("ab: both builds with trace hash");
  const hashes = builds.map((b) => b(p, "hash", now).traceHash);
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
