/**
 * The launcher: the one place a role's start spec (`src/nodes/spec.ts`: ours, or a user's
 * module) becomes a process on a node, now (`launch`) or at a time on the fault timeline
 * (`launchFault`, the shell typing `start` then). Node code needs only the process API.
 */
import { labelOf, type StartSpec } from "../nodes/index.js";
import type { Body, Fault, Pid, Simulation } from "../sim/index.js";

/** The spec's body for a config: the process runs `spec.run(p, config)`. */
export function bodyOf<C>(spec: StartSpec<C>, config: C): Body {
  return (p) => spec.run(p, config);
}

/** Spawns the spec on `node` now (registered under its name, if it has one); its pid. */
export function launch<C>(sim: Simulation, node: string, spec: StartSpec<C>, config: C): Pid {
  return sim.spawn(node, bodyOf(spec, config), { label: labelOf(spec, config), ...(spec.register === undefined ? {} : { register: spec.register }) });
}

/** The spec started on `node` at the fault's time, as typed at that node's shell. */
export function launchFault<C>(node: string, spec: StartSpec<C>, config: C): Fault {
  return { op: "spawn", node, body: bodyOf(spec, config), label: labelOf(spec, config), ...(spec.register === undefined ? {} : { register: spec.register }) };
}
