/** A sweep worker: runs the seeds it is sent and posts back what the sweep tallies. */
import { parentPort, workerData } from "node:worker_threads";
import { findScenario } from "./scenarios/index.js";
import { prepareModules } from "./scenarios/modules.js";
import { sweepOne } from "./sweep.js";

const { name, sets } = workerData as { name: string; sets: [string, string][] };
// A user's modules load before the first seed (messages wait on the port until it is listened to).
await prepareModules(findScenario(name), sets);
parentPort!.on("message", (seeds: number[]) => {
  try {
    parentPort!.postMessage(seeds.map((s) => sweepOne(name, s, sets)));
  } catch (e) {
    // Reported to the sweep, which stops every worker and fails with it.
    parentPort!.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
