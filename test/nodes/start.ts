/** The shell's `start` calls of the tests, through the launcher and each role's start spec. */
import { client, observedScreen, server, server2, type ClientScript, type Screen, type Server2Opts, type Variant } from "../../src/nodes/index.js";
import { launch, launchFault } from "../../src/scenarios/launch.js";
import type { Fault, Pid, Simulation } from "../../src/sim/index.js";

export const startServer = (sim: Simulation, node: string, variant: Variant = "handout"): Pid => launch(sim, node, server.SPECS[variant], {});
export const serverFault = (node: string, variant: Variant = "handout"): Fault => launchFault(node, server.SPECS[variant], {});
const s2config = (o?: Server2Opts): server2.Server2Config => (o?.boot === undefined ? {} : { boot: o.boot });
export const startServer2 = (sim: Simulation, node: string, o?: Server2Opts): Pid => launch(sim, node, server2.SPECS[o?.variant ?? "handout"], s2config(o));
export const server2Fault = (node: string, o?: Server2Opts): Fault => launchFault(node, server2.SPECS[o?.variant ?? "handout"], s2config(o));

export function startClient(sim: Simulation, node: string, script: ClientScript, variant: Variant = "handout"): { pid: Pid; screen: Screen } {
  const c = client.clientConfig(node, script);
  return { pid: launch(sim, node, client.SPECS[variant], c), screen: observedScreen(sim.trace, c.screen) };
}
/** A client started at the fault's time; its screen is read from `sim`'s trace. */
export function clientFault(sim: Simulation, node: string, script: ClientScript, variant: Variant = "handout"): { fault: Fault; screen: Screen } {
  const c = client.clientConfig(node, script);
  return { fault: launchFault(node, client.SPECS[variant], c), screen: observedScreen(sim.trace, c.screen) };
}
