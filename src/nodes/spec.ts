/**
 * A start spec: how a role's process is started, as plain data. Every role exports one per
 * version of its code (`SPECS.handout`, `SPECS.fixed`), and a user's module exports one as
 * its default export (see README, "Your own node code"); the launcher in
 * `src/scenarios/launch.ts` spawns it on a node. Node code thus needs only the process API
 * (`Proc`), never the `Simulation`.
 */
import type { Body, Proc } from "../sim/index.js";

/** A role's code: its name, how its process is labelled and registered, its config, its body. */
export interface StartSpec<C> {
  /** The role it plays: `server`, `server2`, `client`, `theychat-router`, … */
  readonly role: string;
  /** The trace label of its process (a function of the config when it varies, e.g. per client). */
  readonly label: string | ((config: C) => string);
  /** The name the process is registered under on its node when started (`myserver`), if any. */
  readonly register?: string;
  /** The config's fields, each with what it means (for module authors and `--help`). */
  readonly config: Readonly<Record<string, string>>;
  /** The process body for a config: Erlang's `init(Config)`, a generator over the process API. */
  readonly run: (p: Proc, config: C) => ReturnType<Body>;
}

/** The spec's label for a config. */
export function labelOf<C>(spec: StartSpec<C>, config: C): string {
  return typeof spec.label === "function" ? spec.label(config) : spec.label;
}
