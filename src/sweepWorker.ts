/** A sweep worker: runs the seeds it is sent and posts back what the sweep tallies. */
import { parentPort, workerData } from "node:worker_threads";
import { sweepOne } from "./sweep.js";

const { name, sets } = workerData as { name: string; sets: [string, string][] };
parentPort!.on("message", (seeds: number[]) => {
  try {
    parentPort!.postMessage(seeds.map((s) => sweepOne(name, s, sets)));
  } catch (e) {
    // Reported to the sweep, which stops every worker and fails with it.
    parentPort!.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
