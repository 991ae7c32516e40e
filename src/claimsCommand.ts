/**
 * `chatty-sim claims --role R --module FILE`: every claim the report settles about role R
 * (seed sweeps, and the small configurations explored exhaustively), settled for the user's
 * module beside our `handout` and `fixed` code, with the report's own machinery
 * (`src/report/claims.ts`). Only the role's code changes between the columns: the rest of
 * the world (the clients' code too) is the claim's, plus the user's `--set` pairs.
 */
import chalk from "chalk";
import { parseArgs, parsePositiveInt } from "./args.js";
import { SMALL_CONFIGS, SMALL_MODES } from "./explore/configs.js";
import { CLAIMS, settle, settleExhaustive, type ClaimResult, type ClaimSpec } from "./report/claims.js";
import { DEFAULT_REPORT } from "./report/generate.js";
import { findScenario, parseParams, type ScenarioResult } from "./scenarios/index.js";
import { loadModule, takeModuleFault, MODULE_ROLES, moduleFault, type ModuleFault, type ModuleRole } from "./scenarios/modules.js";
import { ConfigError } from "./sim/errors.js";

/** The command's lines of the usage. */
export const CLAIMS_USAGE = `  claims --role server|server2 --module FILE.js [--seeds N] [--only ID,...] [--no-explore] [--set key=value]... [--json]
                                       every claim about the role (seed sweeps over 1..N, and exhaustive
                                       exploration of small worlds) for the module beside handout and fixed,
                                       each with the command that replays its counterexample; progress on stderr
                                       (any command takes --set server2=FILE.js: that role's code from a module)`;

/** A cell's verdict: the claim's, or `runaway` when the module's process ran away in a run of it (a check of a cut-short run proves nothing). */
const verdictOf = (result: ClaimResult, fault: ModuleFault | null): "holds" | "violated" | "runaway" => (fault !== null ? "runaway" : result.verdict);

/** A claim settled for each code. */
export interface ClaimRow {
  readonly id: string;
  readonly question: string;
  readonly claim: string;
  readonly mode: string | null;
  readonly exhaustive: boolean;
  /** By code: the module's name as given, `handout`, `fixed`. */
  readonly results: readonly { readonly code: string; readonly result: ClaimResult; readonly fault: ModuleFault | null }[];
}

/** One claim of the role, by id, mode and extra sets (the report's per-variant copies are one claim here). */
function roleClaims(role: ModuleRole): ClaimSpec[] {
  const seen = new Set<string>();
  const out: ClaimSpec[] = [];
  for (const c of CLAIMS) {
    if (c.system !== role) continue;
    const key = `${c.id} ${c.mode} ${JSON.stringify(c.sets ?? [])}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ ...c, variant: "handout" });
  }
  return out;
}

/** Settles every claim about `role` for each code; `progress` after each claim and code. */
export function settleRole(
  role: ModuleRole,
  module: string,
  opts: { readonly seeds: number; readonly explore: boolean; readonly only?: readonly string[]; readonly sets: readonly (readonly [string, string])[]; readonly progress?: (done: number, total: number, what: string) => void },
): ClaimRow[] {
  const codes = [module, "handout", "fixed"];
  const wanted = (id: string): boolean => opts.only === undefined || opts.only.includes(id);
  const sweeps = roleClaims(role).filter((c) => wanted(c.id));
  const small = opts.explore ? SMALL_CONFIGS.filter((c) => c.system === role && wanted(c.id)).flatMap((c) => SMALL_MODES.map((mode) => ({ c, mode }))) : [];
  const total = (sweeps.length + small.length) * codes.length;
  let done = 0;
  const tick = (what: string): void => opts.progress?.(++done, total, what);
  const rows: ClaimRow[] = [];
  for (const c of sweeps) {
    const results = codes.map((code) => {
      let fault: ModuleFault | null = null;
      const onRun = (r: ScenarioResult): void => void (fault ??= moduleFault(r.outcome));
      const spec: ClaimSpec = { ...c, sets: [...(c.sets ?? []), ...opts.sets, [role, code]] };
      const result = settle(spec, opts.seeds, onRun);
      tick(`${c.id} (${code})`);
      return { code, result, fault };
    });
    rows.push({ id: c.id, question: c.question, claim: c.claim, mode: c.mode, exhaustive: false, results });
  }
  for (const { c, mode } of small) {
    const results = codes.map((code) => {
      takeModuleFault();
      const result = settleExhaustive(c, mode, [...opts.sets, [role, code]]);
      tick(`${c.id} ${mode} (${code})`);
      return { code, result, fault: takeModuleFault() };
    });
    rows.push({ id: c.id, question: c.question, claim: c.claim, mode, exhaustive: true, results });
  }
  return rows;
}

/** The JSON output: plain data. */
export function claimsJson(role: ModuleRole, module: string, seeds: number, rows: readonly ClaimRow[]): unknown {
  return {
    role,
    module,
    seeds,
    claims: rows.map((r) => ({
      id: r.id,
      question: r.question,
      claim: r.claim,
      mode: r.mode,
      exhaustive: r.exhaustive,
      results: r.results.map(({ code, result, fault }) => ({
        code,
        verdict: verdictOf(result, fault),
        runs: result.runs,
        violatedRuns: result.violatedRuns,
        vacuous: result.vacuous,
        ...(result.bounds === undefined ? {} : { bounds: result.bounds }),
        replay: result.counterexample?.command ?? null,
        summary: result.counterexample?.summary ?? null,
        moduleFault: fault === null ? null : fault.message,
      })),
    })),
  };
}

/** The table for people: per claim, one line per code. */
export function formatClaims(role: ModuleRole, module: string, seeds: number, rows: readonly ClaimRow[]): string {
  const out: string[] = [chalk.bold(`claims about ${role}: ${module} beside handout and fixed (sweeps over seeds 1..${seeds}${rows.some((r) => r.exhaustive) ? ", and small worlds explored exhaustively" : ""})`)];
  const w = Math.max(...[module, "handout", "fixed"].map((c) => c.length));
  for (const r of rows) {
    out.push("");
    out.push(`${chalk.cyan(r.id)}${r.mode === null ? "" : chalk.gray(` [${r.mode}]`)}${r.exhaustive ? chalk.gray(" (exhaustive)") : ""}  ${r.claim}`);
    for (const { code, result, fault } of r.results) {
      const runs = r.exhaustive ? `${result.runs} interleaving${result.runs === 1 ? "" : "s"}` : `${result.violatedRuns}/${result.runs} runs violated`;
      const v = verdictOf(result, fault);
      const verdict = v === "holds" ? chalk.green("holds   ") : v === "violated" ? chalk.red("VIOLATED") : chalk.red("RUNAWAY ");
      const name = code === module ? chalk.bold(code.padEnd(w)) : code.padEnd(w);
      out.push(`  ${name}  ${verdict}  ${chalk.gray(runs)}${result.counterexample === null ? "" : `  ${chalk.gray("replay:")} ${result.counterexample.command}`}`);
      if (fault !== null) out.push(`  ${" ".repeat(w)}  ${chalk.red(`the module's fault: ${fault.message}`)}`);
    }
  }
  const held = (code: string): number => rows.filter((r) => { const x = r.results.find((y) => y.code === code)!; return verdictOf(x.result, x.fault) === "holds"; }).length;
  out.push("");
  out.push(`holds: ${[module, "handout", "fixed"].map((c) => `${c === module ? chalk.bold(c) : c} ${held(c)}/${rows.length}`).join(", ")}`);
  return out.join("\n");
}

/** `chatty-sim claims …`. */
export async function claimsCmd(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ["role", "module", "seeds", "set", "only"], ["json", "no-explore"]);
  if (a.positional.length > 0) throw new ConfigError(`claims takes no positional arguments, got "${a.positional[0]}"`);
  const role = a.options.get("role");
  if (role === undefined) throw new ConfigError(`claims needs --role (${Object.keys(MODULE_ROLES).join(" or ")})`);
  if (!(role in MODULE_ROLES)) throw new ConfigError(`bad --role "${role}": expected ${Object.keys(MODULE_ROLES).join(" or ")} (the roles a module may play)`);
  const r = role as ModuleRole;
  const module = a.options.get("module");
  if (module === undefined) throw new ConfigError("claims needs --module FILE.js");
  for (const [k] of a.sets) if (k === "server" || k === "server2" || k === "system") throw new ConfigError(`--set ${k}=… is the claims' to choose: give --role and --module`);
  const seeds = parsePositiveInt("seeds", a.options.get("seeds") ?? String(DEFAULT_REPORT.seeds));
  await loadModule(module, r);
  // Bad --set pairs fail here, once, against a scenario of the role.
  for (const c of roleClaims(r).slice(0, 1)) parseParams(findScenario(c.scenario).params, a.sets);
  const only = a.options.get("only")?.split(",");
  if (only !== undefined) {
    const ids = new Set([...roleClaims(r).map((c) => c.id), ...SMALL_CONFIGS.filter((c) => c.system === r).map((c) => c.id)]);
    for (const id of only) if (!ids.has(id)) throw new ConfigError(`--only: no claim "${id}" about ${r} (claims: ${[...ids].join(", ")})`);
  }
  const json = a.flags.has("json");
  const tty = process.stderr.isTTY === true;
  let last = -1;
  const progress = (done: number, total: number, what: string): void => {
    const pct = Math.floor((100 * done) / total);
    if (tty) process.stderr.write(`\r${`claims: ${done}/${total} ${what}`.slice(0, 100).padEnd(100)}`);
    else if (pct !== last && (pct % 10 === 0 || done === total)) {
      last = pct;
      process.stderr.write(`claims: ${pct}% (${done}/${total}, ${what})\n`);
    }
  };
  const rows = settleRole(r, module, { seeds, explore: !a.flags.has("no-explore"), sets: a.sets, progress, ...(only === undefined ? {} : { only }) });
  if (tty) process.stderr.write("\r" + " ".repeat(100) + "\r");
  console.log(json ? JSON.stringify(claimsJson(r, module, seeds, rows)) : formatClaims(r, module, seeds, rows));
  return 0;
}

/**
 * The exit code of a run whose outcome may be a user's module's fault: 2 (bad input: the
 * user's code), with one line naming the module, when a module's process ran away; 0 otherwise.
 */
export function moduleFaultExit(f: ModuleFault | null): number {
  if (f === null) return 0;
  process.stderr.write(`chatty-sim: module ${f.module} (${f.role}) ran away: ${f.message.replace(/^runaway: /, "")}\n`);
  return 2;
}
