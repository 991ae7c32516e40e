/**
 * One run of the broadcast (`runBroadcastPhase`, both phases) in a worker thread of its own,
 * started for that run and ended after it: `bench broadcast` makes each of its measured runs
 * so, in a fresh V8 isolate, as `erl` makes each of Erlang's runs in a fresh VM.
 *
 * In one thread, every run after the first runs code the JIT has made general enough for all
 * the kinds of run before it (trace hash, messages not copied, constant latency, no ordering),
 * which no `chatty-sim run` of one configuration sees: the same trace-off run took 242–251 ns a
 * delivery after one round of the others, 233–239 ns as the first run of a fresh process (four
 * runs of each, side by side). In a thread of its own, each run is the first of its kind, after
 * its own join phase as the warm-up.
 */
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { SimulatorError } from "../src/sim/errors.js";
import type { LinkConfig, TraceMode } from "../src/sim/index.js";
import { builtModule } from "./ab.js";
import { type BroadcastParams, type PhaseRun, type PhaseRunner, runBroadcastPhase } from "./broadcast.js";

/** What the worker is started with: one run's arguments. */
interface PhaseWorkerData {
  readonly chattyPhase: { readonly params: BroadcastParams; readonly trace: TraceMode; readonly link: LinkConfig; readonly copy: boolean };
}

/** The worker's one answer. */
type PhaseReply = { readonly kind: "run"; readonly run: PhaseRun } | { readonly kind: "error"; readonly message: string };

/** Runs one phase in a worker thread started for it, on the wall clock (`performance.now`), and ends the thread. */
export const isolatedPhase: PhaseRunner = (params, trace, link, copy) =>
  new Promise<PhaseRun>((resolve, reject) => {
    const data: PhaseWorkerData = { chattyPhase: { params, trace, link, copy } };
    const w = new Worker(builtModule(import.meta.url, "phaseWorker.js"), { workerData: data });
    let reply: PhaseReply | null = null;
    w.once("message", (m: PhaseReply) => {
      reply = m;
      void w.terminate();
    });
    w.once("error", (e) => reject(new SimulatorError(`bench broadcast: a run's thread failed: ${e.message}`)));
    w.once("exit", () => {
      if (reply === null) reject(new SimulatorError("bench broadcast: a run's thread ended without an answer"));
      else if (reply.kind === "error") reject(new SimulatorError(reply.message));
      else resolve(reply.run);
    });
  });

const data = workerData as Partial<PhaseWorkerData> | null;
if (!isMainThread && data?.chattyPhase !== undefined) {
  const { params, trace, link, copy } = data.chattyPhase;
  let reply: PhaseReply;
  try {
    reply = { kind: "run", run: runBroadcastPhase(params, trace, () => performance.now(), link, copy) };
  } catch (e) {
    reply = { kind: "error", message: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(reply);
}
