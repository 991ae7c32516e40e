/** A sweep worker process: runs the seeds it is sent and sends back what the sweep tallies. */
import { findScenario } from "./scenarios/index.js";
import { prepareModules } from "./scenarios/modules.js";
import { sweepOne } from "./sweep.js";

const { name, sets } = JSON.parse(process.argv[2]!) as { name: string; sets: [string, string][] };
// Its sweep gone (ended, or killed), nothing is left to do: no worker outlives its sweep.
process.on("disconnect", () => process.exit(0));
// A user's modules load before the first seed. The listener is there from the start: a message
// that comes with no listener is lost, so seeds sent early wait for the modules here.
const ready = prepareModules(findScenario(name), sets);
process.on("message", (seeds: number[]) => {
  ready
    .then(() => process.send!(seeds.map((s) => sweepOne(name, s, sets))))
    // Reported to the sweep, which stops every worker and fails with it.
    .catch((e: unknown) => process.send!({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) }));
});
