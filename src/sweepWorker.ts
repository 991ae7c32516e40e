/** A sweep worker process: runs the seeds it is sent and sends back what the sweep tallies. */
import { findScenario } from "./scenarios/index.js";
import { prepareModules } from "./scenarios/modules.js";
import { sweepOne } from "./sweep.js";

const { name, sets } = JSON.parse(process.argv[2]!) as { name: string; sets: [string, string][] };
// Its sweep gone (ended, or killed), nothing is left to do: no worker outlives its sweep.
process.on("disconnect", () => process.exit(0));
// A user's modules load before the first seed (seeds sent meanwhile wait in the channel until
// it is listened to: checked on Node 20).
await prepareModules(findScenario(name), sets);
process.on("message", (seeds: number[]) => {
  try {
    process.send!(seeds.map((s) => sweepOne(name, s, sets)));
  } catch (e) {
    // Reported to the sweep, which stops every worker and fails with it.
    process.send!({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  }
});
