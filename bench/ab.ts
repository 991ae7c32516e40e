/**
 * Benchmark `ab`: this build against another build of chatty-sim (a checkout of another
 * commit, built with `tsc`), side by side, on one of two workloads: the broadcast's line phase
 * (`broadcast.ts`, a thousand clients: the kernel's own cost, its data in the caches) or the
 * scale run (`scale.ts`, tens of thousands of clients: what a delivery costs when its
 * receiver's state is not in the caches).
 *
 * A change worth a few percent is smaller than this machine's noise between runs (a shared
 * host: the same run varies by ±15% from one minute to the next). So the two builds run in
 * turn, round after round, the order swapped every round, and what counts is each round's
 * ratio of the two: a burst of other work slows both runs of a round, or one round, rather
 * than one build. The median of the rounds' ratios is the figure, with its 95% interval
 * (`stats.ts`). Both builds also run once with trace `hash`: the same hash says the change
 * kept every event of the run.
 *
 * Each build runs in a worker thread of its own, this one included (`abWorker.ts`, which says
 * why), so that the two share no code: run against itself, a build measures no difference.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { ConfigError } from "../src/sim/errors.js";
import { AB_WORKLOADS, type AbReply, type AbRun, type AbWorkerData, type AbWorkload } from "./abWorker.js";
import { medianInterval, quantile, type Spread } from "./stats.js";

export type { AbWorkload } from "./abWorker.js";

/** What `bench ab` is asked. */
export interface AbParams {
  /** The other build: a directory holding `dist/bench/` (a built checkout). */
  readonly against: string;
  /** The build compared with it, if not this one: so that any two builds can be compared (a run of older commits, say). */
  readonly here?: string;
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

/**
 * A module of `bench/` to start a worker thread on: this build's `dist/bench/<file>`, also when
 * the caller (`from`, its `import.meta.url`) is run from its TypeScript source (under vitest,
 * after `npm test` has built), since a worker thread cannot load TypeScript.
 */
export function builtModule(from: string, file: string): URL {
  return from.endsWith(".ts") ? pathToFileURL(join(HERE, "dist", "bench", file)) : new URL(`./${file}`, from);
}

/** A build, loaded in a worker thread of its own: each `run` is one run of the workload there. */
class BuildThread {
  private readonly worker: Worker;

  /**
   * @param label how messages name the build (`--against DIR`, `--here DIR`, this build)
   * @param given whether the build was given on the command line: its failures are bad input, this build's a bug
   */
  private constructor(
    readonly root: string,
    private readonly label: string,
    private readonly given: boolean,
    file: string,
    params: AbParams,
  ) {
    const data: AbWorkerData = { chattyAb: { url: pathToFileURL(file).href, workload: params.workload, size: { clients: params.clients, lines: params.lines, nodes: params.nodes, seed: params.seed } } };
    this.worker = new Worker(builtModule(import.meta.url, "abWorker.js"), { workerData: data });
  }

  /** The build at `dir`, loaded and ready; a `ConfigError` names what it is missing. */
  static async start(dir: string, label: string, given: boolean, params: AbParams): Promise<BuildThread> {
    const w = AB_WORKLOADS[params.workload];
    const root = resolve(dir);
    const file = join(root, "dist", "bench", w.file);
    if (!existsSync(file)) throw new ConfigError(`${label}: no build there (${file} is missing: run "npx tsc -p tsconfig.json" in it)`);
    const b = new BuildThread(root, label, given, file, params);
    try {
      const reply = await b.reply();
      if (reply.kind === "missing") throw new ConfigError(`${label}: ${file} has no ${reply.name} (a build too old for bench ab)`);
      if (reply.kind !== "ready") throw b.failed(`it answered "${reply.kind}" when it started`);
    } catch (e) {
      await b.close();
      throw e;
    }
    return b;
  }

  /** One run of the workload in this build. */
  async run(trace: "off" | "hash"): Promise<AbRun> {
    this.worker.postMessage(trace);
    const reply = await this.reply();
    if (reply.kind !== "run") throw this.failed(reply.kind === "error" ? reply.message : `it answered "${reply.kind}"`);
    return reply.run;
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }

  /**
   * The worker's next answer. A worker that fails, or whose thread ends, rejects it: a run
   * never waits on a thread that is gone.
   */
  private reply(): Promise<AbReply> {
    const w = this.worker;
    return new Promise((resolve, reject) => {
      const done = (): void => {
        w.off("message", onMessage).off("error", onError).off("exit", onExit);
      };
      const onMessage = (m: AbReply): void => {
        done();
        if (m.kind === "error") reject(this.failed(m.message));
        else resolve(m);
      };
      const onError = (e: unknown): void => {
        done();
        reject(this.failed(e instanceof Error ? e.message : String(e)));
      };
      const onExit = (code: number): void => {
        done();
        reject(this.failed(`its thread ended (exit code ${code})`));
      };
      w.on("message", onMessage).on("error", onError).on("exit", onExit);
    });
  }

  /** What a failed run says: about the other build, bad input (one line); about this one, a bug. */
  private failed(what: string): Error {
    const line = what.split("\n")[0]!;
    return this.given ? new ConfigError(`${this.label}: its run failed: ${line}`) : new Error(`bench ab: this build's run failed: ${what}`);
  }
}

/** Runs the comparison (wall times from each thread's own clock). */
export async function runAb(params: AbParams, progress?: (what: string) => void): Promise<AbResult> {
  const w = AB_WORKLOADS[params.workload];
  const started: BuildThread[] = [];
  try {
    started.push(await BuildThread.start(params.against, `--against ${params.against}`, true, params));
    started.push(params.here === undefined ? await BuildThread.start(HERE, "this build", false, params) : await BuildThread.start(params.here, `--here ${params.here}`, true, params));
    const [other, here] = started as [BuildThread, BuildThread];
    const builds = [here, other];
    const ns: number[][] = [[], []];
    for (let r = -1; r < params.rounds; r++) {
      if (r >= 0) progress?.(`ab: round ${r + 1} of ${params.rounds}`);
      for (const j of r % 2 === 0 ? [1, 0] : [0, 1]) {
        const x = await builds[j]!.run(params.trace);
        if (r >= 0) ns[j]!.push((x.wallSeconds * 1e9) / x.deliveries);
      }
    }
    progress?.("ab: both builds with trace hash");
    const hashes: (string | null | undefined)[] = [];
    for (const b of builds) hashes.push((await b.run("hash")).traceHash);
    if (hashes[1] === undefined) throw new ConfigError(`--against ${params.against}: its ${w.name} makes no trace (a build too old for bench ab --workload ${params.workload})`);
    const build = (root: string, j: number): AbBuild => ({
      root,
      nsPerDelivery: { min: quantile(ns[j]!, 0), p25: quantile(ns[j]!, 0.25), median: quantile(ns[j]!, 0.5) },
      traceHash: hashes[j] ?? null,
    });
    return {
      params,
      here: build(here.root, 0),
      other: build(other.root, 1),
      ratio: medianInterval(ns[0]!.map((x, i) => x / ns[1]![i]!)),
      sameTrace: hashes[0] !== null && hashes[0] === hashes[1],
    };
  } finally {
    await Promise.all(started.map((b) => b.close()));
  }
}
