/**
 * `chatty-sim explore --queue`: the breadth-first search of `src/explore/search.ts`, its runs
 * made by the queue's workers, level by level.
 *
 * Why not independent subtrees (each job searching everything below one prefix of K choices):
 * state hashing prunes a choice point whose state was reached before, and "before" is the
 * order of the whole search. A subtree searched alone does not see the states its siblings
 * reached first, so it explores runs the local search pruned; and the kernel's state key (what
 * reached each node) does not fix the order of the next candidates (that is the order of
 * sending), so such a run is not always an equivalent of an explored one at the same depth: it
 * may give a different, even shorter, counterexample, and a different count of runs. So the
 * tree is split at every level instead: each level's prefixes (the subtrees of the level above,
 * in order) are cut into jobs; the workers make the runs, and this process feeds their outcomes,
 * in BFS order, to the same `SearchBook` the local search uses, with the one global set of
 * states seen. The verdicts, the counterexamples and every counter are then the local search's.
 */
import { bfsChildren, bfsSleep, BFS_ROOT, replay, SearchBook, type BfsItem, type SearchOpts, type SearchResult } from "../explore/search.js";
import type { Scenario } from "../scenarios/index.js";
import { ConfigError } from "../sim/errors.js";
import { type ExploreJob, jobSets } from "./jobs.js";
import { runJobs, type QueueHandle } from "./runner.js";

/** Runs per job for a level of `n` runs: about 64 jobs, 1 to 50 runs each (a function of the level, so a rerun cuts the same jobs). */
export function jobRuns(n: number): number {
  return Math.max(1, Math.min(50, Math.ceil(n / 64)));
}

/** Progress of a queued search: the level (prefix length) being run, and its jobs done of all. */
export type LevelProgress = (level: number, done: number, total: number, resumed: number) => void;

/** Searches as `search` does with `strategy: "bfs"`, the runs made by the queue's workers. */
export async function queueExplore(h: QueueHandle, scenario: Scenario, sets: readonly (readonly [string, string])[], opts: SearchOpts, progress?: LevelProgress): Promise<SearchResult> {
  if (opts.strategy !== "bfs") throw new ConfigError("explore --queue searches breadth-first only (--strategy bfs): a depth-first search makes one run after another");
  const reduce = opts.reduce ?? true;
  const seed = opts.seed ?? 1;
  const losses = opts.losses ?? 0;
  const crashes = opts.crashes ?? 0;
  const book = new SearchBook(scenario, opts);
  const p = book.progress;
  const carried = jobSets(sets);
  let level: BfsItem[] = [BFS_ROOT];
  let done = false;
  let exhausted = true;
  outer: for (let depth = 0; level.length > 0; depth++) {
    // Only the runs the local search would make before reaching maxRuns.
    const items = level.slice(0, Math.max(0, opts.maxRuns - p.runs));
    const size = jobRuns(items.length);
    const jobs: ExploreJob[] = [];
    for (let k = 0; k < items.length; k += size) {
      jobs.push({ kind: "explore", scenario: scenario.name, sets: carried, seed, losses, crashes, maxDepth: opts.maxDepth, prefixes: items.slice(k, k + size).map((i) => i.prefix) });
    }
    const outcomes = (await runJobs(h, jobs, (d, t, r) => progress?.(depth, d, t, r))).flatMap((r) => {
      if (r.kind !== "explore") throw new ConfigError("the queue returned a result of another kind of job");
      return r.items;
    });
    const next: BfsItem[] = [];
    // What the local search does with each run, in the same order (see `search`).
    for (const [k, item] of level.entries()) {
      if (p.runs >= opts.maxRuns) {
        exhausted = false;
        break outer;
      }
      const o = outcomes[k]!;
      p.runs++;
      if (o.state !== null && !book.fresh(() => o.state!, bfsSleep(item, reduce))) {
        p.pruned++;
        opts.onRun?.(p);
        continue;
      }
      book.completed(o.taken.length);
      opts.onRun?.(p);
      if (o.choices !== null) next.push(...bfsChildren(item, o.choices, reduce));
      if (!item.covered && book.judge(o.checks, o.taken, () => replay(scenario, sets, o.taken, seed, losses, crashes))) {
        done = true;
        break outer;
      }
    }
    level = next;
  }
  return book.result(done, exhausted);
}
