/**
 * Stateless model checking of a scenario: every run is replayed from the start with a
 * sequence of choices (node code runs in generators, which cannot be copied), the kernel in
 * explore mode (`src/sim/explore.ts`) asking at each choice point which pending delivery
 * between nodes, or which advance of time, happens next.
 *
 * A run is named by its choices: indexes into each choice point's candidates, the missing
 * tail meaning 0 (the oldest pending delivery first, time advancing last). Two reductions,
 * each of which can be turned off to compare:
 * - sleep sets (Godefroid): deliveries to different nodes commute (a step only sends, and its
 *   sends to other nodes only join the pending set), so after exploring delivery `a` then
 *   the rest, a sibling branch that delivers `b` keeps `a` asleep until something that does
 *   not commute with `a` happens. Deliveries to one node do not commute with each other (its
 *   processes share local messages), and advancing time commutes with nothing.
 * - state hashing: the kernel's `exploreState` (per node, what reached it, with the advances
 *   of time) determines the state; a choice point whose state was reached before with a
 *   sleep set no larger is not explored again (the stored sleep set guards the combination
 *   of sleep sets with state caching).
 *
 * DFS explores leftmost runs first; BFS explores choice prefixes by length, each completed
 * with default choices, so the first violation it finds has the shortest replay sequence.
 * The first `maxDepth` choice points of a run branch; later ones take the default.
 */
import type { Status, Verdict } from "../check/index.js";
import { ConfigError, type Choice, type Explorer } from "../sim/index.js";
import { parseParams, runScenario, setArgs, type Scenario, type ScenarioResult } from "../scenarios/index.js";

/** How to search. */
export interface SearchOpts {
  readonly strategy: "dfs" | "bfs";
  /** Choice points that branch, from the start of a run. */
  readonly maxDepth: number;
  /** Most runs (executions, completed or cut short). */
  readonly maxRuns: number;
  /** Sleep sets on (default true). */
  readonly reduce?: boolean;
  /** State hashing on (default true). */
  readonly hash?: boolean;
  /** The checks to settle (default: all of the scenario's); the search stops when all are violated. */
  readonly checks?: readonly string[];
  /**
   * Most states kept: distinct states remembered for state hashing, plus (BFS) runs waiting in
   * the next level. Bounds the search's memory; reaching it stops the search (default
   * `DEFAULT_MAX_STATES`).
   */
  readonly maxStates?: number;
  /** Asked after every run: true stops the search there, with what it found so far (Ctrl-C). */
  readonly interrupted?: () => boolean;
  readonly seed?: number;
  /** Messages each run may lose, chosen by the explorer (default 0). */
  readonly losses?: number;
  /** Nodes each run may crash, at points chosen by the explorer (default 0). */
  readonly crashes?: number;
  /** Called after every run. */
  readonly onRun?: (p: Progress) => void;
}

/** Counters of a search so far. */
export interface Progress {
  /** Executions, completed or cut short. */
  runs: number;
  /** Completed runs judged: distinct interleavings. */
  interleavings: number;
  /** Distinct states met at choice points. */
  states: number;
  /** Runs cut short at a state seen before or with every candidate asleep. */
  pruned: number;
  /** Most choice points in one run. */
  depth: number;
}

/** What a search concluded about one check. */
export interface CheckOutcome {
  readonly check: string;
  readonly status: "holds" | "violated";
  /** Completed runs that judged it. */
  readonly runs: number;
  readonly vacuous: number;
  /** The first (for BFS, shortest) violating run: its choices and result. */
  readonly counterexample: null | { readonly choices: readonly number[]; readonly result: ScenarioResult; readonly verdict: Verdict };
}

/** The result of a search. */
export interface SearchResult {
  readonly progress: Progress;
  /** True when every branch within `maxDepth` was explored (not stopped by `maxRuns` or early). */
  readonly exhausted: boolean;
  /** Why it stopped: every branch explored, every check violated, `maxRuns` or `maxStates` reached, or interrupted. */
  readonly stop: "exhausted" | "violated" | "max-runs" | "max-states" | "interrupted";
  /** True when some run had more choice points than `maxDepth` (its tail took defaults). */
  readonly depthBound: boolean;
  readonly checks: readonly CheckOutcome[];
}

/** Thrown by the explorer to abandon a run; never escapes this module. */
class Cut extends Error {}

/** Two candidates commute: deliveries (or losses) at different nodes; two losses never do (they share the budget). */
const independent = (a: Choice, b: Choice): boolean => a.node !== null && b.node !== null && a.node !== b.node && !(a.lost === true && b.lost === true);

/** A sleep set: candidates by id. */
export type Sleep = ReadonlyMap<string, Choice>;

/** The sleep set of the branch that takes `t`, from a choice point's sleep set and the siblings explored before `t`. */
function childSleep(sleep: Sleep, before: readonly Choice[], t: Choice): Map<string, Choice> {
  const out = new Map<string, Choice>();
  for (const z of sleep.values()) if (independent(z, t)) out.set(z.id, z);
  for (const z of before) if (z.id !== t.id && independent(z, t)) out.set(z.id, z);
  return out;
}

/** Replays `choices` (missing tail: 0) and returns the run. Bad indexes are a `ConfigError`. */
export function replay(scenario: Scenario, sets: readonly (readonly [string, string])[], choices: readonly number[], seed = 1, losses = 0, crashes = 0): ScenarioResult {
  let d = 0;
  const explorer: Explorer = {
    choose(cs) {
      const i = choices[d] ?? 0;
      if (i >= cs.length) throw new ConfigError(`--replay: choice ${d + 1} is ${i}, but there are only ${cs.length} candidates there`);
      d++;
      return i;
    },
  };
  return runScenario(scenario, seed, sets, { explorer, losses, crashes });
}

/** The replay command of a run. */
export function exploreCommand(scenario: Scenario, sets: readonly (readonly [string, string])[], choices: readonly number[], losses = 0, crashes = 0): string {
  let n = choices.length;
  while (n > 0 && choices[n - 1] === 0) n--;
  const params = setArgs(scenario.params, parseParams(scenario.params, sets));
  return ["chatty-sim explore", scenario.name, ...params, ...(losses > 0 ? [`--losses ${losses}`] : []), ...(crashes > 0 ? [`--crashes ${crashes}`] : []), `--replay ${n === 0 ? "0" : choices.slice(0, n).join(",")}`].join(" ");
}

/** Distinct states and waiting runs kept at most, by default: a few hundred MB at worst. */
export const DEFAULT_MAX_STATES = 1_000_000;

/** A run's tally of one check so far. */
type Tally = { runs: number; vacuous: number; cx: CheckOutcome["counterexample"] };

/**
 * The bookkeeping of a search, whichever process runs its runs: counters, the states seen
 * (with their sleep sets), each check's tally and first counterexample. The local search and
 * the queued one (`src/queue/explore.ts`) feed it the same runs in the same order, so they
 * conclude the same.
 */
export class SearchBook {
  readonly progress: Progress = { runs: 0, interleavings: 0, states: 0, pruned: 0, depth: 0 };
  /** Some run had more choice points than `maxDepth`. */
  depthBound = false;
  private readonly visited = new Map<string, Sleep[]>();
  private readonly tallies = new Map<string, Tally>();
  private readonly hash: boolean;

  constructor(
    private readonly scenario: Scenario,
    private readonly opts: SearchOpts,
  ) {
    this.hash = opts.hash ?? true;
  }

  /**
   * Judges a completed run: `statuses` are its checks' (in the result's order); `result` gives
   * the run itself, asked for only when it is a check's first counterexample. True when every
   * check is violated: the search may stop.
   */
  judge(statuses: readonly { readonly check: string; readonly status: Status }[], choices: readonly number[], result: () => ScenarioResult): boolean {
    this.progress.interleavings++;
    const wanted = this.opts.checks;
    statuses.forEach((v, i) => {
      if (wanted !== undefined && !wanted.includes(v.check)) return;
      let t = this.tallies.get(v.check);
      if (t === undefined) this.tallies.set(v.check, (t = { runs: 0, vacuous: 0, cx: null }));
      t.runs++;
      if (v.status === "vacuous") t.vacuous++;
      if (v.status === "violated" && t.cx === null) {
        const r = result();
        t.cx = { choices: [...choices], result: r, verdict: r.checks[i]! };
      }
    });
    if (wanted !== undefined) for (const w of wanted) if (!this.tallies.has(w)) throw new ConfigError(`scenario ${this.scenario.name} has no check "${w}"`);
    // Stop early once every check is violated: nothing more to learn.
    return this.tallies.size > 0 && [...this.tallies.values()].every((t) => t.cx !== null);
  }

  /** At a new choice point: false when its state was explored before with a sleep set no larger. */
  fresh(state: () => string, sleep: Sleep): boolean {
    if (!this.hash) return true;
    const key = state();
    const seen = this.visited.get(key);
    if (seen === undefined) {
      this.visited.set(key, [sleep]);
      this.progress.states++;
      return true;
    }
    if (seen.some((s) => [...s.keys()].every((id) => sleep.has(id)))) return false;
    seen.push(sleep);
    return true;
  }

  /** A run completed with `depth` choice points. */
  completed(depth: number): void {
    if (depth > this.progress.depth) this.progress.depth = depth;
    if (depth > this.opts.maxDepth) this.depthBound = true;
  }

  /** Distinct states remembered for state hashing. */
  get kept(): number {
    return this.visited.size;
  }

  /**
   * The result, once the search ended: stopped at a violation (`done`), or having explored
   * everything (`exhausted`), or neither: cut by `cut` (`max-runs` when not said).
   */
  result(done: boolean, exhausted: boolean, cut: "max-runs" | "max-states" | "interrupted" | null = null): SearchResult {
    const names = this.opts.checks ?? [...this.tallies.keys()];
    const checks = names.map((check): CheckOutcome => {
      const t = this.tallies.get(check) ?? { runs: 0, vacuous: 0, cx: null };
      return { check, status: t.cx === null ? "holds" : "violated", runs: t.runs, vacuous: t.vacuous, counterexample: t.cx };
    });
    return { progress: this.progress, exhausted: exhausted && !done, stop: done ? "violated" : exhausted ? "exhausted" : (cut ?? "max-runs"), depthBound: this.depthBound, checks };
  }
}

/** A BFS item: a choice prefix, to be completed with default choices. */
export interface BfsItem {
  readonly prefix: readonly number[];
  readonly sleep: Sleep;
  /** Its default completion was judged already (it is its parent's). */
  readonly covered: boolean;
}

/** The BFS root: the empty prefix. */
export const BFS_ROOT: BfsItem = { prefix: [], sleep: new Map(), covered: false };

/** The children of a BFS item whose next choice point offers `cs`: one per awake candidate, with its sleep set. */
export function bfsChildren(item: BfsItem, cs: readonly Choice[], reduce: boolean): BfsItem[] {
  const sleep = reduce ? item.sleep : new Map<string, Choice>();
  const children: BfsItem[] = [];
  const before: Choice[] = [];
  cs.forEach((c, i) => {
    if (sleep.has(c.id)) return;
    children.push({ prefix: [...item.prefix, i], sleep: reduce ? childSleep(sleep, before, c) : new Map(), covered: i === 0 });
    before.push(c);
  });
  return children;
}

/** The sleep set a BFS item's choice point is checked against. */
export const bfsSleep = (item: BfsItem, reduce: boolean): Sleep => (reduce ? item.sleep : new Map<string, Choice>());

/**
 * One BFS run, as a queue worker makes it for a coordinator: the run of `prefix` completed
 * with default choices, and what the search needs of it: the state and candidates at the choice
 * point after the prefix (null when the run has none there, or the prefix is `maxDepth` long),
 * every choice taken, and each check's status.
 */
export interface ItemOutcome {
  readonly state: string | null;
  readonly choices: Choice[] | null;
  readonly taken: number[];
  readonly checks: { readonly check: string; readonly status: Status }[];
}

/** Runs one BFS item to its end (see `ItemOutcome`). */
export function runItem(
  scenario: Scenario,
  sets: readonly (readonly [string, string])[],
  prefix: readonly number[],
  opts: { readonly seed: number; readonly losses: number; readonly crashes: number; readonly maxDepth: number },
): ItemOutcome {
  let d = 0;
  let state: string | null = null;
  let choices: Choice[] | null = null;
  const taken: number[] = [];
  const explorer: Explorer = {
    choose(cs, key) {
      const i = d < prefix.length ? prefix[d]! : 0;
      if (d === prefix.length && d < opts.maxDepth) {
        state = key();
        choices = cs.map((c) => ({ ...c }));
      }
      taken.push(i);
      d++;
      return i;
    },
  };
  const r = runScenario(scenario, opts.seed, sets, { explorer, losses: opts.losses, crashes: opts.crashes });
  return { state, choices, taken, checks: r.checks.map((c) => ({ check: c.check, status: c.status })) };
}

/** Searches the interleavings of `scenario` with these parameters. */
export function search(scenario: Scenario, sets: readonly (readonly [string, string])[], opts: SearchOpts): SearchResult {
  const steps = searchSteps(scenario, sets, opts);
  for (;;) {
    const s = steps.next();
    if (s.done === true) return s.value;
  }
}

/**
 * The same search, giving the event loop a turn after every run, so that a signal handler
 * (Ctrl-C) can run and make `opts.interrupted` true: the search then ends with what it found.
 */
export async function searchInterruptible(scenario: Scenario, sets: readonly (readonly [string, string])[], opts: SearchOpts): Promise<SearchResult> {
  const steps = searchSteps(scenario, sets, opts);
  for (;;) {
    const s = steps.next();
    if (s.done === true) return s.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** The search, yielding after every run; it returns the result. */
function* searchSteps(scenario: Scenario, sets: readonly (readonly [string, string])[], opts: SearchOpts): Generator<void, SearchResult, void> {
  const maxStates = opts.maxStates ?? DEFAULT_MAX_STATES;
  const reduce = opts.reduce ?? true;
  const seed = opts.seed ?? 1;
  const book = new SearchBook(scenario, opts);
  const progress = book.progress;

  /** Runs once; the explorer sees each choice point's depth. Returns the result, or null if cut short. */
  const execute = (choose: (d: number, cs: readonly Choice[], state: () => string) => number, taken: number[]): ScenarioResult | null => {
    progress.runs++;
    let d = 0;
    const explorer: Explorer = {
      choose(cs, state) {
        const i = choose(d, cs, state);
        taken[d] = i;
        d++;
        return i;
      },
    };
    try {
      const r = runScenario(scenario, seed, sets, { explorer, losses: opts.losses ?? 0, crashes: opts.crashes ?? 0 });
      taken.length = d;
      book.completed(d);
      return r;
    } catch (e) {
      if (!(e instanceof Cut)) throw e;
      progress.pruned++;
      return null;
    } finally {
      opts.onRun?.(progress);
    }
  };
  const judge = (r: ScenarioResult, taken: readonly number[]): boolean => book.judge(r.checks, taken, () => r);

  let exhausted = true;
  let done = false;
  /** Set when a bound other than the branches stopped the search. */
  let cut: "max-runs" | "max-states" | "interrupted" | null = null;
  /** Checked before every run: false (with `cut` set) when the search must stop. */
  const mayGoOn = (waiting: number): boolean => {
    if (opts.interrupted?.() === true) cut = "interrupted";
    else if (progress.runs >= opts.maxRuns) cut = "max-runs";
    else if (book.kept + waiting >= maxStates) cut = "max-states";
    if (cut !== null) exhausted = false;
    return cut === null;
  };
  if (opts.strategy === "dfs") {
    interface Frame {
      readonly choices: readonly Choice[];
      readonly sleep: Sleep;
      /** Indexes tried, in order; the last is the current branch. */
      readonly tried: number[];
    }
    const frames: Frame[] = [];
    for (;;) {
      if (!mayGoOn(0)) break;
      const taken: number[] = [];
      const r = execute((d, cs, state) => {
        if (d < frames.length) return frames[d]!.tried.at(-1)!;
        if (d >= opts.maxDepth) return 0;
        const parent = frames[d - 1];
        const sleep: Sleep = !reduce || parent === undefined ? new Map() : childSleep(parent.sleep, parent.tried.slice(0, -1).map((i) => parent.choices[i]!), parent.choices[parent.tried.at(-1)!]!);
        if (!book.fresh(state, sleep)) throw new Cut();
        const i = cs.findIndex((c) => !sleep.has(c.id));
        if (i < 0) throw new Cut();
        frames.push({ choices: cs, sleep, tried: [i] });
        return i;
      }, taken);
      yield;
      if (r !== null && judge(r, taken)) {
        done = true;
        break;
      }
      // Backtrack to the deepest choice point with an untried, awake candidate.
      while (frames.length > 0) {
        const f = frames.at(-1)!;
        const next = f.choices.findIndex((c, i) => !f.tried.includes(i) && !f.sleep.has(c.id));
        if (next >= 0) {
          f.tried.push(next);
          break;
        }
        frames.pop();
      }
      if (frames.length === 0) break;
    }
  } else {
    let level: BfsItem[] = [BFS_ROOT];
    outer: while (level.length > 0) {
      const nextLevel: BfsItem[] = [];
      for (const item of level) {
        if (!mayGoOn(nextLevel.length)) break outer;
        const taken: number[] = [];
        let children: BfsItem[] = [];
        const r = execute((d, cs, state) => {
          if (d < item.prefix.length) return item.prefix[d]!;
          if (d === item.prefix.length && d < opts.maxDepth) {
            if (!book.fresh(state, bfsSleep(item, reduce))) throw new Cut();
            children = bfsChildren(item, cs, reduce);
          }
          return 0;
        }, taken);
        yield;
        if (r === null) continue;
        nextLevel.push(...children);
        if (!item.covered && judge(r, taken)) {
          done = true;
          break outer;
        }
      }
      level = nextLevel;
    }
  }
  return book.result(done, exhausted, cut);
}
