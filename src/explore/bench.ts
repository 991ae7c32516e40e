/**
 * `chatty-sim bench explore`: how fast exhaustive search goes on the report's small worlds
 * that hold (every interleaving explored, DFS with both reductions), in interleavings and
 * distinct states per second. The clock is passed in: `src/` reads no wall clock itself.
 */
import { findScenario } from "../scenarios/index.js";
import { SMALL_CONFIGS } from "./configs.js";
import { search } from "./search.js";

/** One benchmark row. */
export interface ExploreBench {
  readonly name: string;
  readonly runs: number;
  readonly interleavings: number;
  readonly states: number;
  readonly wallSeconds: number;
  readonly interleavingsPerSecond: number;
  readonly statesPerSecond: number;
}

/** The worlds benchmarked: those whose claim holds, so that the search is complete. */
const BENCHED = ["server fifo", "server total-order", "server reply-after-original", "server2 fifo"] as const;

/** Runs the benchmark; `now` is a wall clock in milliseconds. */
export function benchExplore(now: () => number): ExploreBench[] {
  const world = findScenario("world");
  return BENCHED.map((name) => {
    const c = SMALL_CONFIGS.find((x) => `${x.system} ${x.check}` === name)!;
    const t0 = now();
    const r = search(world, [["world", c.world]], { strategy: "dfs", maxDepth: 40, maxRuns: 1_000_000, checks: [c.check] });
    const secs = Math.max(1e-6, (now() - t0) / 1000);
    const p = r.progress;
    return { name, runs: p.runs, interleavings: p.interleavings, states: p.states, wallSeconds: secs, interleavingsPerSecond: p.interleavings / secs, statesPerSecond: p.states / secs };
  });
}
