/**
 * The jobs chatty-sim puts on the queue, as data, and their results. A job's id is a hash of
 * everything its result depends on (the code, the scenario, its parameters and the
 * seeds or choice prefixes it runs), so the same work always has the same id: a rerun finds the
 * jobs a previous run finished, and adding a job twice adds it once.
 */
import { createHash } from "node:crypto";
import { SimulatorError } from "../sim/errors.js";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { CheckTally, SweepModuleFault } from "../sweep.js";
import { exploreCommand, type ItemOutcome } from "../explore/search.js";
import { findScenario, parseParams, replayCommand, setArgs } from "../scenarios/index.js";
import { isModulePath, MODULE_ROLES, type ModuleRole } from "../scenarios/modules.js";

/** Seeds `from..to` of a scenario. */
export interface SweepJob {
  readonly kind: "sweep";
  readonly scenario: string;
  readonly sets: readonly (readonly [string, string])[];
  readonly from: number;
  readonly to: number;
}

/** Runs of an exploration, one per choice prefix (each completed with default choices). */
export interface ExploreJob {
  readonly kind: "explore";
  readonly scenario: string;
  readonly sets: readonly (readonly [string, string])[];
  readonly seed: number;
  readonly losses: number;
  readonly crashes: number;
  readonly maxDepth: number;
  readonly prefixes: readonly (readonly number[])[];
}

/** What a job does. */
export type JobData = SweepJob | ExploreJob;

/** A sweep job's result: the tally of its seeds, and which worker process ran it. */
export interface SweepJobResult {
  readonly kind: "sweep";
  readonly worker: string;
  readonly checks: CheckTally[];
  /** Runs a user's module ran away in (absent in results of older code: none). */
  readonly moduleFault?: SweepModuleFault | null;
}

/** An explore job's result: one outcome per prefix, in order. */
export interface ExploreJobResult {
  readonly kind: "explore";
  readonly worker: string;
  readonly items: ItemOutcome[];
}

/** What a job gives. */
export type JobResult = SweepJobResult | ExploreJobResult;

/**
 * What the code is: a hash of every module of the tree this one belongs to (`dist/src/` built,
 * `src/` in the sources) and the package version. Results are kept in Redis for days; keyed by
 * the version alone, a rebuilt simulator would be handed results of the code before it.
 */
const CODE = codeFingerprint(fileURLToPath(new URL("../", import.meta.url)));

function codeFingerprint(root: string): string {
  const hash = createHash("sha256").update(packageVersion());
  const walk = (dir: string): void => {
    // Sorted, so the fingerprint does not depend on the order the file system lists entries in.
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(js|ts)$/.test(entry.name) && !entry.name.endsWith(".d.ts")) hash.update(relative(root, path)).update("\0").update(readFileSync(path)).update("\0");
    }
  };
  walk(root);
  return hash.digest("hex");
}

/** The version in the nearest package.json above this module (`src/queue/` in the sources, `dist/src/queue/` built). */
function packageVersion(): string {
  for (let up = "../../"; up.length < 30; up += "../") {
    try {
      return (JSON.parse(readFileSync(new URL(`${up}package.json`, import.meta.url), "utf8")) as { version: string }).version;
    } catch {
      // not at this level
    }
  }
  throw new SimulatorError("no package.json above src/queue/jobs");
}

/** A scenario file's content (its path alone names it: the file may have changed since). */
function scenarioContent(scenario: string): string {
  if (!scenario.endsWith(".json")) return "";
  try {
    return createHash("sha256").update(readFileSync(scenario)).digest("hex");
  } catch {
    return ""; // the run itself reports a missing file
  }
}

/**
 * The parameters as a job carries them: a user's module (`--set server2=FILE`) by its absolute
 * path, as a scenario file is named, so that a worker started in another directory loads the
 * same file (and the job's id does not depend on where the coordinator ran).
 */
export function jobSets(sets: readonly (readonly [string, string])[]): (readonly [string, string])[] {
  return sets.map(([k, v]) => (Object.hasOwn(MODULE_ROLES, k) && isModulePath(v) ? [k, resolve(v)] : [k, v]));
}

/**
 * The content of every user's module the job's parameters name (`--set server2=FILE`, or a
 * scenario file's `roles`), by role: like a scenario file, a module may have changed under its path.
 */
function moduleContents(data: JobData): [ModuleRole, string][] {
  let params: ReturnType<typeof parseParams>;
  try {
    params = parseParams(findScenario(data.scenario).params, data.sets);
  } catch {
    return []; // the run itself reports bad parameters
  }
  const out: [ModuleRole, string][] = [];
  for (const role of Object.keys(MODULE_ROLES) as ModuleRole[]) {
    const v = params[role];
    if (typeof v !== "string" || !isModulePath(v)) continue;
    try {
      out.push([role, createHash("sha256").update(readFileSync(resolve(v))).digest("hex")]);
    } catch {
      out.push([role, ""]); // the run itself reports a missing module
    }
  }
  return out;
}

/**
 * The job's id: its kind and a hash of what its result depends on: the code, the job, a
 * scenario file's content and its user modules' (BullMQ ids may not contain ':').
 */
export function jobId(data: JobData): string {
  return `${data.kind}-${createHash("sha256").update(JSON.stringify([CODE, scenarioContent(data.scenario), moduleContents(data), data])).digest("hex").slice(0, 32)}`;
}

/** The job in words, for progress and failure lines. */
export function describeJob(data: JobData): string {
  switch (data.kind) {
    case "sweep":
      return `${data.scenario} seeds ${data.from}..${data.to}`;
    case "explore":
      return `${data.scenario}, ${data.prefixes.length} run${data.prefixes.length === 1 ? "" : "s"} of choice prefixes of length ${data.prefixes[0]?.length ?? 0}`;
  }
}

/**
 * The command that reproduces a failed job on one machine: the run named by its failure
 * (`seed 7: …`, `choices 0,2: …`, see `processor.ts`), else the whole job as a local sweep.
 */
export function replayOf(data: JobData, reason: string): string {
  const scenario = findScenario(data.scenario);
  const params = parseParams(scenario.params, data.sets);
  switch (data.kind) {
    case "sweep": {
      const m = /^seed (\d+):/.exec(reason);
      return m !== null ? replayCommand(scenario, Number(m[1]), params) : ["chatty-sim sweep", scenario.name, `--seeds ${data.from}..${data.to}`, ...setArgs(scenario.params, params)].join(" ");
    }
    case "explore": {
      const m = /^choices ([\d,]+):/.exec(reason);
      const choices = m !== null ? m[1]!.split(",").map(Number) : (data.prefixes[0] ?? []);
      return exploreCommand(scenario, data.sets, choices, data.losses, data.crashes);
    }
  }
}
