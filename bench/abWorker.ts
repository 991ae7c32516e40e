/**
 * One build's side of `bench ab` (`ab.ts`): a worker thread that loads that build's workload
 * and runs it each time it is asked, answering with the run's wall time, deliveries and trace
 * hash.
 *
 * Each build runs in a thread of its own, so that no code is shared between the two builds. Run
 * side by side in one thread, as `bench ab` used to, the builds shared every package both resolve
 * to the same file (a checkout whose `node_modules` links to this one's, as is usual): one
 * instance of `seedrandom`, for one, running for both. That favoured the build that ran `bench
 * ab` (how, was not pinned down): against a byte for byte copy of itself, a build measured 0.85×
 * its copy's wall time (95% interval 0.81–0.89) with trace off and 0.94× (0.92–0.97) with trace
 * hash, and 0.98× (0.94–1.03), no difference, once the copy had a `node_modules` of its own. In
 * threads of their own, against a copy that shares `node_modules`: 1.01× (0.93–1.10) and 1.03×
 * (0.98–1.10), no difference.
 */
import { isMainThread, parentPort, workerData } from "node:worker_threads";

/** What `bench ab` runs: the broadcast's line phase, or the scale run. */
export type AbWorkload = "broadcast" | "scale";

/** The workload's size, as both builds are asked it. */
export interface AbSize {
  readonly clients: number;
  readonly lines: number;
  readonly nodes: number;
  readonly seed: number;
}

/** One run of a workload, as a build answers it. */
export interface AbRun {
  readonly wallSeconds: number;
  readonly deliveries: number;
  /** Null with trace off; undefined from a build whose workload has no trace (too old to compare). */
  readonly traceHash?: string | null;
}

/** A function a build's module exports. */
type Exported = (...args: unknown[]) => unknown;

/**
 * Each workload: the module of a build that has it (under `dist/bench/`), the function it
 * exports, and how that function is called for a run.
 */
export const AB_WORKLOADS: Readonly<Record<AbWorkload, { readonly file: string; readonly name: string; readonly run: (f: Exported, q: AbSize, trace: "off" | "hash", now: () => number) => AbRun }>> = {
  broadcast: {
    file: "broadcast.js",
    name: "runBroadcastPhase",
    run: (f, q, trace, now) => f({ clients: q.clients, lines: q.lines, nodes: q.nodes, trace, seed: q.seed, rounds: 1 }, trace, now) as AbRun,
  },
  scale: {
    file: "scale.js",
    name: "runScaleDeliveries",
    run: (f, q, trace, now) => f({ clients: q.clients, lines: q.lines, nodes: q.nodes, seed: q.seed }, now, trace) as AbRun,
  },
};

/** What the worker is started with. */
export interface AbWorkerData {
  readonly chattyAb: { readonly url: string; readonly workload: AbWorkload; readonly size: AbSize };
}

/**
 * The worker's answers: once loaded, "ready" (or "missing": the build's module has no such
 * function), then one for each run asked of it.
 */
export type AbReply =
  | { readonly kind: "ready" }
  | { readonly kind: "missing"; readonly name: string }
  | { readonly kind: "run"; readonly run: AbRun }
  | { readonly kind: "error"; readonly message: string };

async function serve(data: AbWorkerData["chattyAb"]): Promise<void> {
  const port = parentPort!;
  const w = AB_WORKLOADS[data.workload];
  const mod = (await import(data.url)) as Record<string, unknown>;
  const f = mod[w.name];
  if (typeof f !== "function") {
    port.postMessage({ kind: "missing", name: w.name } satisfies AbReply);
    return;
  }
  port.on("message", (trace: "off" | "hash") => {
    let reply: AbReply;
    try {
      const r = w.run(f as Exported, data.size, trace, () => performance.now());
      // Only these fields: the rest of a build's result need not survive the copy to the other thread.
      reply = { kind: "run", run: { wallSeconds: r.wallSeconds, deliveries: r.deliveries, traceHash: r.traceHash } };
    } catch (e) {
      reply = { kind: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e) };
    }
    port.postMessage(reply);
  });
  port.postMessage({ kind: "ready" } satisfies AbReply);
}

const data = workerData as Partial<AbWorkerData> | null;
if (!isMainThread && data?.chattyAb !== undefined) await serve(data.chattyAb);
