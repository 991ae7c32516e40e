/**
 * Users' node modules: a role's code from a file (`--set server2=./my-server2.js`, or a
 * scenario file's `roles`), written against the process API. A module's default export is a
 * start spec without the parts the role fixes (`src/nodes/spec.ts`):
 *
 * ```js
 * export default { role: "server2", *run(p, config) { ... } };
 * ```
 *
 * Loading is asynchronous (an ES module import), building a run is not: `prepareModules`
 * loads and validates every module a command's parameters name, once per process, before
 * any run; `roleCode` then resolves a role's code synchronously. A module that throws at
 * load or exports the wrong shape is a `ModuleError` (one line, exit 2) naming the module;
 * one that loops forever trips the kernel's work limit, and the runaway outcome names its
 * process, labelled with the module's file.
 */
import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { server, server2, type StartSpec, type Variant } from "../nodes/index.js";
import { ConfigError } from "../sim/index.js";
import { Runaway } from "../sim/outcome.js";
import { MODULE_FILE, parseParams, type ParamValues } from "./params.js";
import type { Scenario } from "./scenario.js";

/** The roles a user's module may play, with our specs (whose label, registration and config it takes). */
export const MODULE_ROLES = { server: server.SPECS, server2: server2.SPECS } as const satisfies Record<string, Record<Variant, StartSpec<never>>>;
/** A role a module may play. */
export type ModuleRole = keyof typeof MODULE_ROLES;

/**
 * What a user's module exports as its default: the role it plays and its body. Our specs
 * fix the rest for the role (label, registration as `myserver`, the config: server2's
 * `{ boot? }`, the server's `{}`).
 */
export interface UserModule<C = unknown> {
  readonly role: ModuleRole;
  readonly run: StartSpec<C>["run"];
}

/** Why a module was refused. */
export type ModuleProblem = "missing" | "load" | "shape";

/** A user's module that cannot be used: which, and why. */
export class ModuleError extends ConfigError {
  constructor(
    readonly module: string,
    readonly problem: ModuleProblem,
    detail: string,
  ) {
    super(`module ${module}: ${detail}`);
    this.name = "ModuleError";
  }
}

/** Loaded modules, by role and absolute path. */
const loaded = new Map<string, StartSpec<unknown>>();
/** The name each loaded module was given by, and its role, by its processes' label. */
const byLabel = new Map<string, { readonly module: string; readonly role: ModuleRole }>();

/** Whether a code parameter's value names a module (not `handout`, `fixed` or ""). */
export const isModulePath = (code: string): boolean => code !== "" && code !== "handout" && code !== "fixed" && MODULE_FILE.test(code);

const GENERATOR = Object.getPrototypeOf(function* () {}) as object;

/** Checks a module's namespace against the shape and turns it into the role's spec. */
function specOf(given: string, ns: Record<string, unknown>, role: ModuleRole): StartSpec<unknown> {
  const bad = (why: string): never => {
    throw new ModuleError(given, "shape", `${why} (expected: export default { role: "${role}", *run(p, config) { ... } })`);
  };
  const d = ns["default"];
  if (d === undefined) return bad("has no default export");
  if (typeof d !== "object" || d === null) return bad(`its default export is ${d === null ? "null" : typeof d}, not an object`);
  const o = d as Record<string, unknown>;
  for (const k of Object.keys(o)) if (k !== "role" && k !== "run") bad(`unknown key "${k}" in its default export (keys: role, run)`);
  if (o["role"] !== role) return bad(o["role"] === undefined ? "its default export has no role" : `plays role ${JSON.stringify(o["role"])}, not ${role}`);
  const run = o["run"];
  if (typeof run !== "function") return bad("its run is not a function");
  if (Object.getPrototypeOf(run) !== GENERATOR) return bad("its run is not a generator function (function* or *run(p, config))");
  const ours = MODULE_ROLES[role].handout as StartSpec<unknown>;
  const label = `${role}[${basename(given)}]`;
  const body = run as StartSpec<unknown>["run"];
  return {
    ...ours,
    label,
    // The kernel's limits throw through the body that tripped them: note whose it was, for
    // commands whose results carry no outcome (explore). The kernel rethrows it regardless.
    *run(p, config) {
      try {
        return yield* body(p, config);
      } catch (e) {
        if (e instanceof Runaway && e.outcome.message.includes(`(${label})`)) seen ??= { module: given, role, message: e.outcome.message };
        throw e;
      }
    },
  };
}

/** Loads and validates the module at `given` (relative to the working directory) for `role`, once. */
export async function loadModule(given: string, role: ModuleRole): Promise<StartSpec<unknown>> {
  const abs = resolve(given);
  const cached = loaded.get(`${role} ${abs}`);
  if (cached !== undefined) return cached;
  if (!existsSync(abs)) throw new ModuleError(given, "missing", "no such file");
  let ns: Record<string, unknown>;
  try {
    ns = (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
  } catch (e) {
    const what = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    const ts = /\.(?:m?ts|cts)$/.test(abs) && /Unknown file extension/.test(what) ? " (a TypeScript module needs a loader: node --import tsx …, or compile it with tsc)" : "";
    throw new ModuleError(given, "load", `throws at load: ${what}${ts}`);
  }
  const spec = specOf(given, ns, role);
  loaded.set(`${role} ${abs}`, spec);
  byLabel.set(spec.label as string, { module: given, role });
  return spec;
}

/**
 * Loads every module named by the parameters of a run of `scenario` with `sets` (bad
 * parameters throw `ConfigError` here, as they would in the run).
 */
export async function prepareModules(scenario: Scenario, sets: readonly (readonly [string, string])[]): Promise<void> {
  await prepareParams(parseParams(scenario.params, sets));
}

/** Loads every module named in parsed parameters. */
export async function prepareParams(params: ParamValues): Promise<void> {
  for (const role of Object.keys(MODULE_ROLES) as ModuleRole[]) {
    const v = params[role];
    if (typeof v === "string" && isModulePath(v)) await loadModule(v, role);
  }
}

/**
 * A role's spec for a run: the code parameter if given (a variant or a loaded module), else
 * `fallback` (the world's `roles`, else the `variant` parameter).
 */
export function roleCode(role: ModuleRole, code: string, fallback: Variant): StartSpec<unknown> {
  if (code === "") return MODULE_ROLES[role][fallback] as StartSpec<unknown>;
  if (code === "handout" || code === "fixed") return MODULE_ROLES[role][code] as StartSpec<unknown>;
  const spec = loaded.get(`${role} ${resolve(code)}`);
  if (spec === undefined) throw new Error(`module ${code} was not loaded before the run (call prepareModules first)`);
  return spec;
}

/** A run's end that is a user's module's fault: the module and what it did. */
export interface ModuleFault {
  readonly module: string;
  readonly role: ModuleRole;
  readonly message: string;
}

/** The first runaway of a module's process in this process (null: none yet). */
let seen: ModuleFault | null = null;

/** The first module fault seen by any run in this thread since the last call, e.g. during a search; clears it. */
export function takeModuleFault(): ModuleFault | null {
  const f = seen;
  seen = null;
  return f;
}

/**
 * The module to blame for a runaway outcome: the kernel's message names the process that
 * tripped a per-process limit (work per step, mailbox) by its label, and a module's
 * processes are labelled `role[file]`. Null when the outcome is no module's fault.
 */
export function moduleFault(outcome: { readonly kind: string; readonly message?: string }): ModuleFault | null {
  if (outcome.kind !== "runaway" || outcome.message === undefined) return null;
  for (const [label, m] of byLabel) if (outcome.message.includes(`(${label})`)) return { ...m, message: outcome.message };
  return null;
}
