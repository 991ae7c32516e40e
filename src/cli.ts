#!/usr/bin/env node
/**
 * The `chatty-sim` command line. It parses arguments and prints; the work is elsewhere.
 * Exit codes: 0 done, 1 internal failure, 2 bad input (one line on stderr, no stack trace).
 */
import chalk from "chalk";
import { runBroadcast } from "../bench/broadcast.js";
import { isolatedPhase } from "../bench/phaseWorker.js";
import { plural, writePerformanceReport } from "../bench/report.js";
import { runScaleDeliveries, runScaleIdle } from "../bench/scale.js";
import { allCores, runSweepBench, SWEEP_ROUNDS } from "../bench/sweep.js";
import { parseArgs, parsePositiveInt, parseSeed } from "./args.js";
import { runDemo } from "./demo.js";
import { claimsCmd, CLAIMS_USAGE, moduleFaultExit } from "./claimsCommand.js";
import { exportCmd, schemaCmd } from "./fileCommands.js";
import { moduleFault, prepareModules, takeModuleFault } from "./scenarios/modules.js";
import { findScenario, formatResult, resultJson, runScenario, SCENARIOS, type Scenario } from "./scenarios/index.js";
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { checkOutputFile, errorCode, guardStdout, prepareOutputDir, writeFileAtomic } from "./output.js";
import { commandUsage, oneLine } from "./usage.js";
import { parseSeedRange, sweep } from "./sweep.js";
import { DEFAULT_REPORT, generateReport } from "./report/generate.js";
import { formatSearch, runDiagram, searchJson } from "./explore/format.js";
import { DEFAULT_MAX_STATES, exploreCommand, replay, searchInterruptible, type SearchOpts } from "./explore/search.js";
import { benchExplore } from "./explore/bench.js";
import { REPORT_SUBDIRS, staleFiles, writeReport } from "./report/files.js";
import { ConfigError } from "./sim/errors.js";
import { formatTime } from "./sim/time.js";
import type { TraceMode } from "./sim/trace.js";
import { parseQueueUrl } from "./queue/url.js";
import { QueueError } from "./queue/errors.js";
// The queue's modules load BullMQ: only the commands that use it import them, when they run.
type QueueHandle = import("./queue/runner.js").QueueHandle;
import { makeViewPage, type ViewSource } from "./view/command.js";
import { viewCommandFor } from "./view/fromRun.js";
import { parsePort, servePage, writePage } from "./view/publish.js";

const USAGE = `usage: chatty-sim <command> [options]

commands:
  list [--json]                        the named scenarios, one line each
  run <scenario> [--seed N] [--set key=value]... [--json] [--trace FILE|-]
                                       run one: screens, printed lines, metrics, checks
                                       (--trace -: the trace on stdout, the rest on stderr)
                                       (a scenario is a name, or a scenario file FILE.json)
  export <scenario> [--set key=value]... [--out FILE]
                                       a named scenario written as a scenario file
  schema                               the JSON Schema of scenario files
  demo [--seed N] [--json]             run the kernel demo (a relay and three clients)
  bench broadcast [--clients N] [--lines M] [--nodes K] [--trace off|hash|full] [--seed N] [--rounds R] [--no-erlang] [--with-full] [--profile] [--json]
                                       the handout's server broadcasting M lines to N clients, beside
                                       the bare-queue floor, the kernel's queue alone and real Erlang
                                       (erl +S 1, when installed); untraced, also with trace hash (and
                                       full, with --with-full: it keeps every record), without copying
                                       messages, with constant latency and no ordering; --profile: what
                                       a delivery costs, part by part, under the sampling profiler
  bench sweep [--scenario S] [--seeds N] [--workers W] [--rounds R] [--json]
                                       seeds per second of a sweep (ms4) on one worker, one core and all cores,
                                       beside the seeds split over W one-worker processes at once
  bench scale [--clients N] [--lines M] [--idle P] [--only deliveries|idle] [--json]
                                       100,000 clients × 100 lines, and 1,000,000 idle processes
  bench queue [--scenario S] [--seeds N] [--workers 1,2,4] [--rounds R] [--json]
                                       seeds per second of a sweep on the job queue (its own redis-server)
                                       with 1, 2 and 4 worker processes, beside the local sweep
  bench ab --against DIR [--here DIR] [--workload broadcast|scale] [--clients N] [--lines M] [--trace off|hash] [--rounds R] [--json]
                                       this build (or --here's) against another (a built checkout), rounds in
                                       turn, each in a thread of its own, on the broadcast's line phase
                                       (1,000 clients) or the scale run (20,000 clients)
  bench report [--out FILE]            run them all and write reports/performance.md
  sweep <scenario> [--seeds A..B] [--set key=value]... [--workers N | --queue URL [--job-seeds N]] [--json]
                                       many seeds (default 1..100) on all cores: per check, how often it holds
                                       (--queue redis://[:password@]HOST:PORT[/DB]: on the queue's workers, in
                                       jobs of N seeds; resumable: rerun the same command to pick up finished jobs)
  worker --queue URL [--concurrency N] [--lock-ms MS]
                                       run queued sweep and explore jobs, N at a time, until SIGINT/SIGTERM
  explore <scenario> [--set key=value]... [--strategy dfs|bfs] [--max-depth N] [--max-runs N]
          [--max-states N] [--losses K] [--crashes K] [--check NAME,...] [--no-reduce] [--no-hash] [--queue URL] [--json]
                                       every interleaving of deliveries between nodes (within bounds):
                                       per check, holds in every interleaving, or the shortest counterexample;
                                       Ctrl-C stops it and prints what it found (exit 130)
  explore <scenario> [--set key=value]... [--losses K] [--crashes K] --replay I,J,...
                                       one explored run, by its choices: checks and sequence diagram
  bench explore [--json]               interleavings and distinct states per second on small worlds
  bench view [--clients N] [--lines M] [--json]
                                       the trace viewer in chromium: time to first paint and frame times
                                       while panning, on ~100,000 events beside ms1
  view <scenario> [--seed N] [--set key=value]... [--replay I,J,... [--losses K] [--crashes K]] [--out FILE.html]
  view --trace FILE [--out FILE.html]
  view ... --serve [--port P]          the interactive trace viewer: one self-contained HTML page (space-time
                                       diagram, steps with mailboxes and screens, checks, filters), written
                                       to FILE.html or served on 127.0.0.1 until Ctrl-C
${CLAIMS_USAGE}
  report [--check] [--out DIR] [--seeds N]
                                       the main job: run every scenario and claim, write reports/
                                       (--check: exit 1 naming the files that differ)
  help, <command> --help, --version    this text, one command's, the version

every command takes --no-color (as does NO_COLOR=1 in the environment)`;

function main(argv: string[]): number | Promise<number> {
  const [cmd, ...rest] = argv;
  // `chatty-sim run --help`, `chatty-sim bench broadcast --help`: that command's lines of the usage.
  if (cmd !== undefined && cmd !== "help" && !cmd.startsWith("--") && rest.includes("--help")) {
    const words = [cmd, ...(rest[0] !== undefined && !rest[0].startsWith("--") ? [rest[0]] : [])];
    console.log(commandUsage(USAGE, words));
    return 0;
  }
  switch (cmd) {
    case undefined:
    case "help":
    case "--help":
      console.log(USAGE);
      return 0;
    case "--version": {
      if (rest.length > 0) throw new ConfigError(`--version takes no arguments`);
      const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
      console.log(`chatty-sim ${pkg.version}`);
      return 0;
    }
    case "demo":
      return demo(rest);
    case "list":
      return list(rest);
    case "run":
      return run(rest);
    case "sweep":
      return sweepCmd(rest);
    case "report":
      return report(rest);
    case "explore":
      return explore(rest);
    case "bench":
      return bench(rest);
    case "export":
      return exportCmd(rest);
    case "schema":
      return schemaCmd(rest);
    case "worker":
      return worker(rest);
    case "view":
      return viewCmd(rest);
    case "claims":
      return claimsCmd(rest);
    default:
      throw new ConfigError(`unknown command "${cmd}" (try: chatty-sim help)`);
  }
}

function demo(argv: string[]): number {
  const a = parseArgs(argv, ["seed"], ["json"]);
  if (a.positional.length > 0) throw new ConfigError(`demo takes no arguments, got "${a.positional[0]}"`);
  const seed = parseSeed(a.options.get("seed") ?? "1");
  const r = runDemo(seed);
  if (a.flags.has("json")) {
    console.log(JSON.stringify({ seed, traceHash: r.run.traceHash, endTime: r.run.endTime, outcome: r.run.outcome, stats: r.run.stats, printed: r.printed }));
    return 0;
  }
  console.log(chalk.bold(`chatty-sim demo, seed ${seed}`));
  for (const n of r.printed) {
    if (n.lines.length === 0) continue;
    console.log(chalk.cyan(`(${n.node})`));
    for (const l of n.lines) console.log(`  ${chalk.gray(formatTime(l.t).padStart(9))}  ${l.text}`);
  }
  const s = r.run.stats;
  console.log(`${chalk.green(r.run.outcome.kind)} at ${formatTime(r.run.endTime)}: ${s.sent} sent, ${s.delivered} delivered, ${r.run.events} events`);
  console.log(`trace ${chalk.yellow(r.run.traceHash)}`);
  console.log(chalk.gray(`reproduce: chatty-sim demo --seed ${seed}`));
  return 0;
}

function list(argv: string[]): number {
  const a = parseArgs(argv, [], ["json"]);
  if (a.positional.length > 0) throw new ConfigError(`list takes no arguments, got "${a.positional[0]}"`);
  if (a.flags.has("json")) {
    console.log(JSON.stringify(SCENARIOS.map((s) => ({ name: s.name, group: s.group, title: s.title, params: s.params.map((p) => p.name) }))));
    return 0;
  }
  const w = Math.max(...SCENARIOS.map((s) => s.name.length));
  for (const s of SCENARIOS) console.log(`${chalk.cyan(s.name.padEnd(w))}  ${s.title}`);
  return 0;
}

/** The scenario named by a command's one positional argument (missing, unknown or followed by more: one line, exit 2). */
function scenarioArg(command: string, positional: readonly string[]): Scenario {
  const [name, ...extra] = positional;
  if (name === undefined) throw new ConfigError(`${command} needs a scenario name or file (try: chatty-sim list)`);
  if (extra.length > 0) throw new ConfigError(`unexpected argument "${extra[0]}"`);
  return findScenario(name);
}

async function run(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ["seed", "set", "trace"], ["json"]);
  const scenario = scenarioArg("run", a.positional);
  await prepareModules(scenario, a.sets);
  const seed = parseSeed(a.options.get("seed") ?? "1");
  const traceFile = a.options.get("trace");
  if (traceFile === "-" && a.flags.has("json")) throw new ConfigError("--trace - and --json both write to stdout: give --trace a file");
  if (traceFile !== undefined && traceFile !== "-") checkOutputFile("--trace", traceFile);
  const r = runScenario(scenario, seed, a.sets, { keepTrace: traceFile !== undefined });
  const out = a.flags.has("json") ? JSON.stringify(resultJson(r)) : formatResult(scenario, r);
  if (traceFile === "-") {
    // The trace is the output; the summary goes beside it, on stderr.
    for (const line of r.traceLines!) process.stdout.write(line);
    process.stderr.write(`${out}\n`);
    return 0;
  }
  if (traceFile !== undefined) {
    try {
      writeFileAtomic(traceFile, r.traceLines!.join(""));
    } catch (e) {
      throw new ConfigError(`cannot write trace to ${traceFile}: ${errorCode(e)}`);
    }
  }
  console.log(out);
  if (!a.flags.has("json") && r.checks.some((c) => c.status === "violated")) console.log(chalk.gray(`see it step by step: ${viewCommandFor(r.replay)}`));
  return moduleFaultExit(moduleFault(r.outcome));
}

/** Parses a comma-separated list of non-negative integers (`--replay 0,2,1`). */
function parseChoices(text: string): number[] {
  if (!/^\d+(,\d+)*$/.test(text)) throw new ConfigError(`bad --replay "${text}": expected choices like 0,2,1`);
  return text.split(",").map(Number);
}

/** An explore bound (`--losses`, `--crashes`): a non-negative integer, 0 when not given. */
function bound(a: { options: Map<string, string> }, name: string): number {
  const text = a.options.get(name) ?? "0";
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new ConfigError(`bad --${name} "${text}": expected a non-negative integer`);
  return Number(text);
}

async function explore(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ["set", "strategy", "max-depth", "max-runs", "max-states", "check", "replay", "seed", "losses", "crashes", "queue"], ["json", "no-reduce", "no-hash"]);
  const scenario = scenarioArg("explore", a.positional);
  await prepareModules(scenario, a.sets);
  const seed = parseSeed(a.options.get("seed") ?? "1");
  const json = a.flags.has("json");
  const losses = bound(a, "losses");
  const crashes = bound(a, "crashes");
  const rp = a.options.get("replay");
  const queue = queueArg(a.options);
  if (rp !== undefined && queue !== undefined) throw new ConfigError("--replay runs here: it takes no --queue");
  if (a.options.has("max-states") && queue !== undefined) throw new ConfigError("--max-states bounds a search on this machine: it takes no --queue");
  if (rp !== undefined) {
    const r = replay(scenario, a.sets, parseChoices(rp), seed, losses, crashes);
    if (json) {
      console.log(JSON.stringify({ ...(resultJson(r) as object), choices: parseChoices(rp) }));
      return 0;
    }
    console.log(chalk.bold(`explore ${scenario.name}, choices ${rp} (then the default)`));
    console.log(runDiagram(r, r.checks.find((c) => c.status === "violated")));
    console.log("");
    for (const c of r.checks) console.log(`  ${c.check}: ${c.status === "violated" ? chalk.red("VIOLATED") : c.status} (${c.summary})`);
    return moduleFaultExit(moduleFault(r.outcome));
  }
  const strategy = a.options.get("strategy") ?? "bfs";
  if (strategy !== "dfs" && strategy !== "bfs") throw new ConfigError(`bad --strategy "${strategy}": expected dfs or bfs`);
  const checks = a.options.get("check")?.split(",");
  const tty = process.stderr.isTTY === true;
  const t0 = performance.now();
  let lastShown = t0;
  const show = (p: { runs: number; interleavings: number; states: number; depth: number }, end: boolean): void => {
    const now = performance.now();
    if (!end && now - lastShown < 500) return;
    lastShown = now;
    const secs = Math.max(1e-3, (now - t0) / 1000);
    const line = `explore: ${p.runs} runs, ${p.interleavings} interleavings, ${p.states} distinct states, depth ${p.depth}, ${Math.round(p.states / secs)} states/s, ${Math.round(p.runs / secs)} runs/s`;
    process.stderr.write(tty ? `\r${line.padEnd(110)}${end ? "\n" : ""}` : `${line}\n`);
  };
  let interrupted = false;
  const opts: SearchOpts = {
    strategy,
    maxDepth: parsePositiveInt("max-depth", a.options.get("max-depth") ?? "40"),
    maxRuns: parsePositiveInt("max-runs", a.options.get("max-runs") ?? "20000"),
    maxStates: parsePositiveInt("max-states", a.options.get("max-states") ?? String(DEFAULT_MAX_STATES)),
    reduce: !a.flags.has("no-reduce"),
    hash: !a.flags.has("no-hash"),
    seed,
    losses,
    crashes,
    ...(checks === undefined ? {} : { checks }),
    onRun: (p) => show(p, false),
    interrupted: () => interrupted,
  };
  let r: Awaited<ReturnType<typeof searchInterruptible>>;
  if (queue !== undefined) {
    r = await withQueue(queue, async (h) => (await import("./queue/explore.js")).queueExplore(h, scenario, a.sets, opts, (level, done, total, resumed) => queueProgress(`level ${level}`, done, total, resumed, "jobs")));
  } else {
    // Ctrl-C ends the search after the current run and prints what it found; a second one ends the process.
    const onSigint = (): void => {
      if (interrupted) process.exit(130);
      interrupted = true;
    };
    process.on("SIGINT", onSigint);
    try {
      r = await searchInterruptible(scenario, a.sets, opts);
    } finally {
      process.off("SIGINT", onSigint);
    }
  }
  show(r.progress, true);
  console.log(json ? JSON.stringify(searchJson(scenario, a.sets, opts, r)) : formatSearch(scenario, a.sets, opts, r));
  if (!json) for (const c of r.checks) if (c.counterexample !== null) console.log(chalk.gray(`see ${c.check}'s counterexample step by step: ${viewCommandFor(exploreCommand(scenario, a.sets, c.counterexample.choices, losses, crashes))}`));
  const fault = takeModuleFault();
  if (fault !== null) return moduleFaultExit(fault);
  return r.stop === "interrupted" ? 130 : 0;
}

async function viewCmd(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ["seed", "set", "trace", "out", "port", "replay", "losses", "crashes"], ["serve"]);
  const traceFile = a.options.get("trace");
  let src: ViewSource;
  if (traceFile !== undefined) {
    if (a.positional.length > 0) throw new ConfigError(`view --trace takes no scenario, got "${a.positional[0]}"`);
    for (const o of ["seed", "replay", "losses", "crashes"]) if (a.options.has(o)) throw new ConfigError(`view --trace takes no --${o}`);
    if (a.sets.length > 0) throw new ConfigError("view --trace takes no --set");
    src = { kind: "trace", file: traceFile };
  } else {
    const scenario = scenarioArg("view", a.positional);
    await prepareModules(scenario, a.sets);
    const seed = parseSeed(a.options.get("seed") ?? "1");
    const rp = a.options.get("replay");
    src = { kind: "scenario", scenario, seed, sets: a.sets, ...(rp === undefined ? {} : { replay: { choices: parseChoices(rp), losses: bound(a, "losses"), crashes: bound(a, "crashes") } }) };
  }
  const serve = a.flags.has("serve");
  if (serve && a.options.has("out")) throw new ConfigError("view takes --out or --serve, not both");
  if (!serve && a.options.has("port")) throw new ConfigError("--port goes with --serve");
  const port = parsePort(a.options.get("port") ?? "0");
  const page = makeViewPage(src);
  if (!serve) {
    const out = a.options.get("out") ?? page.defaultFile;
    writePage(out, page.html);
    console.log(`wrote ${out} (open it in a browser)`);
    return 0;
  }
  const { server, url } = await servePage(page.html, port);
  console.log(`serving the viewer at ${url} (Ctrl-C stops)`);
  await new Promise<void>((resolve) => process.once("SIGINT", () => server.close(() => resolve())));
  return 0;
}

function benchExploreCmd(argv: string[]): number {
  const a = parseArgs(argv, [], ["json"]);
  noExtra(a);
  const rows = benchExplore(() => performance.now());
  if (a.flags.has("json")) {
    console.log(JSON.stringify(rows));
    return 0;
  }
  console.log(chalk.bold("explore: exhaustive search of small worlds (dfs, depth ≤ 40)"));
  for (const b of rows) {
    console.log(`  ${b.name.padEnd(34)} ${String(b.interleavings).padStart(6)} interleavings, ${String(b.states).padStart(6)} states in ${b.wallSeconds.toFixed(2)} s: ${chalk.green(Math.round(b.interleavingsPerSecond))} interleavings/s, ${chalk.green(Math.round(b.statesPerSecond))} states/s (${b.runs} runs)`);
  }
  return 0;
}

function report(argv: string[]): number {
  const a = parseArgs(argv, ["out", "seeds"], ["check"]);
  if (a.positional.length > 0) throw new ConfigError(`report takes no arguments, got "${a.positional[0]}"`);
  const dir = a.options.get("out") ?? "reports";
  const seeds = a.options.has("seeds") ? parsePositiveInt("seeds", a.options.get("seeds")!) : DEFAULT_REPORT.seeds;
  if (!a.flags.has("check")) prepareOutputDir("--out", dir, REPORT_SUBDIRS);
  const tty = process.stderr.isTTY === true;
  let last = "";
  const progress = (what: string, done: number, total: number): void => {
    const pct = Math.floor((100 * done) / total);
    const line = `  ${"█".repeat(Math.floor(pct / 4)).padEnd(25, "·")} ${String(pct).padStart(3)}%  ${what}`;
    if (tty) process.stderr.write(`\r${line.slice(0, 100).padEnd(100)}`);
    else if (`${pct}` !== last && pct % 10 === 0) {
      last = `${pct}`;
      process.stderr.write(`report: ${pct}% (${what})\n`);
    }
  };
  const files = generateReport({ ...DEFAULT_REPORT, seeds, progress });
  if (tty) process.stderr.write("\r" + " ".repeat(100) + "\r");
  if (a.flags.has("check")) {
    const stale = staleFiles(dir, files);
    if (stale.length > 0) {
      console.log(chalk.red(`${stale.length} report file${stale.length === 1 ? " is" : "s are"} stale in ${dir}/ (run: chatty-sim report):`));
      for (const f of stale) console.log(`  ${f}`);
      return 1;
    }
    console.log(chalk.green(`${dir}/ is up to date (${files.size} files)`));
    return 0;
  }
  let written: string[];
  try {
    written = writeReport(dir, files);
  } catch (e) {
    throw new ConfigError(`cannot write the report to ${dir}: ${errorCode(e)} (nothing there was changed)`);
  }
  const claims = JSON.parse(files.get("claims.json")!) as { verdict: string; exhaustive: boolean }[];
  const violated = claims.filter((c) => c.verdict === "violated").length;
  const scenarios = JSON.parse(files.get("scenarios.json")!) as { name: string; checks: { check: string; status: string }[] }[];
  const w = Math.max(...scenarios.map((sc) => sc.name.length));
  console.log(chalk.bold("every named scenario at seed 1:"));
  for (const sc of scenarios) {
    const marks = sc.checks.map((c) => (c.status === "holds" ? chalk.green(c.check) : c.status === "violated" ? chalk.red(`${c.check} ✗`) : chalk.gray(c.check)));
    console.log(`  ${sc.name.padEnd(w)}  ${marks.join("  ")}`);
  }
  console.log(chalk.bold(`wrote ${written.length} files to ${dir}/`));
  const exhaustive = claims.filter((c) => c.exhaustive === true).length;
  console.log(`  ${claims.length} claims settled (${claims.length - exhaustive} over seeds 1..${seeds}, ${exhaustive} by exhaustive exploration): ${chalk.green(`${claims.length - violated} hold`)}, ${chalk.red(`${violated} violated`)}`);
  console.log(`  index: ${dir}/README.md`);
  return 0;
}

async function sweepCmd(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ["seeds", "set", "workers", "queue", "job-seeds"], ["json"]);
  const scenario = scenarioArg("sweep", a.positional);
  await prepareModules(scenario, a.sets);
  const name = scenario.name;
  const seeds = parseSeedRange(a.options.get("seeds") ?? "1..100");
  const workers = a.options.has("workers") ? parsePositiveInt("workers", a.options.get("workers")!) : undefined;
  const queue = queueArg(a.options);
  if (queue !== undefined && workers !== undefined) throw new ConfigError("--workers and --queue exclude each other: with --queue, the queue's workers run the seeds");
  const jobSeeds = a.options.has("job-seeds") ? parsePositiveInt("job-seeds", a.options.get("job-seeds")!) : undefined;
  if (jobSeeds !== undefined && queue === undefined) throw new ConfigError("--job-seeds needs --queue");
  const tty = process.stderr.isTTY === true && !a.flags.has("json");
  let shown = -1;
  const progress = (done: number, total: number): void => {
    const pct = Math.floor((100 * done) / total);
    if (!tty || pct === shown) return;
    shown = pct;
    const bar = "█".repeat(Math.floor(pct / 4)).padEnd(25, "·");
    process.stderr.write(`\r  ${bar} ${String(pct).padStart(3)}%  ${done}/${total} seeds`);
  };
  const r =
    queue === undefined
      ? await sweep(name, seeds, a.sets, { ...(workers === undefined ? {} : { workers }), progress })
      : await withQueue(queue, async (h) => (await import("./queue/sweep.js")).queueSweep(h, name, seeds, a.sets, { ...(jobSeeds === undefined ? {} : { jobSeeds }), progress: (done, total, resumed) => queueProgress("sweep", done, total, resumed, "jobs") }));
  if (tty) process.stderr.write("\r" + " ".repeat(100) + "\r");
  const f = r.moduleFault;
  /** Exit 2, like `run`, when a user's module ran away: one line naming it, its first seed and the replay. */
  const exit = (): number => {
    if (f === null) return 0;
    process.stderr.write(`chatty-sim: module ${f.module} (${f.role}) ran away in ${f.runs} of ${r.runs} runs, first at seed ${f.seed}: ${f.message.replace(/^runaway: /, "")}; replay: ${f.replay}\n`);
    return 2;
  };
  if (a.flags.has("json")) {
    console.log(JSON.stringify(r));
    return exit();
  }
  console.log(chalk.bold(`sweep ${name}: seeds ${seeds[0]}..${seeds[1]} (${r.runs} runs on ${r.workers} worker${r.workers === 1 ? "" : "s"})`));
  if (f !== null) {
    console.log(chalk.red(`  module ${f.module} (${f.role}) ran away in ${f.runs} run${f.runs === 1 ? "" : "s"} (left out of the checks' tallies)`));
    console.log(chalk.gray(`      first at seed ${f.seed}: ${f.message}`));
    console.log(chalk.gray(`      replay: ${f.replay}`));
  }
  for (const c of r.checks) {
    const verdict = c.violated > 0 ? chalk.red(`violated in ${c.violated}`) : c.runs === 0 ? chalk.gray("not judged: every run was cut short") : chalk.green(`holds in all ${c.holds}`);
    console.log(`  ${c.name.padEnd(34)} ${verdict}${c.vacuous > 0 ? chalk.gray(` (vacuous in ${c.vacuous})`) : ""}`);
    if (c.firstViolation !== null) {
      console.log(chalk.gray(`      first at seed ${c.firstViolation.seed}: ${c.firstViolation.summary}`));
      console.log(chalk.gray(`      replay: ${c.firstViolation.replay}`));
    }
  }
  return exit();
}

/** The `--queue` option, parsed (its text is never printed: it may carry a password). */
function queueArg(options: ReadonlyMap<string, string>): ReturnType<typeof parseQueueUrl> | undefined {
  const text = options.get("queue");
  return text === undefined ? undefined : parseQueueUrl(text);
}

/** Runs `work` on the queue at `url`, closing the connection however it ends. */
async function withQueue<T>(url: ReturnType<typeof parseQueueUrl>, work: (h: QueueHandle) => Promise<T>): Promise<T> {
  const h = await (await import("./queue/runner.js")).connectQueue(url);
  try {
    return await work(h);
  } finally {
    await h.close();
  }
}

let queueShown = "";
/** A queued run's progress on stderr: a bar on a terminal, else a line at each tenth (and when resuming). */
function queueProgress(what: string, done: number, total: number, resumed: number, unit: string): void {
  const pct = Math.floor((100 * done) / total);
  const note = resumed > 0 ? `, ${resumed} done before (resumed)` : "";
  if (process.stderr.isTTY === true) {
    process.stderr.write(`\r  ${"█".repeat(Math.floor(pct / 4)).padEnd(25, "·")} ${String(pct).padStart(3)}%  ${what}: ${done}/${total} ${unit}${note}`.padEnd(100));
    return;
  }
  const key = `${what} ${Math.floor(pct / 10)}`;
  if (key === queueShown) return;
  queueShown = key;
  process.stderr.write(`queue: ${what}: ${done}/${total} ${unit} done${note}\n`);
}

async function worker(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ["queue", "concurrency", "lock-ms"], []);
  if (a.positional.length > 0) throw new ConfigError(`worker takes no arguments, got "${a.positional[0]}"`);
  const url = queueArg(a.options);
  if (url === undefined) throw new ConfigError("worker needs --queue redis://[:password@]HOST:PORT[/DB]");
  const concurrency = parsePositiveInt("concurrency", a.options.get("concurrency") ?? "1");
  const lockMs = parsePositiveInt("lock-ms", a.options.get("lock-ms") ?? "10000");
  await (await import("./queue/connection.js")).checkReachable(url);
  await (await import("./queue/worker.js")).runWorker(url, { concurrency, lockMs, log: (line) => process.stderr.write(line + "\n") });
  return 0;
}

function bench(argv: string[]): number | Promise<number> {
  const which = argv[0]?.startsWith("--") === false ? argv[0] : undefined;
  switch (which) {
    case "broadcast":
      return benchBroadcast(argv);
    case "sweep":
      return benchSweep(argv);
    case "scale":
      return benchScale(argv);
    case "report":
      return benchReport(argv);
    case "explore":
      return benchExploreCmd(argv);
    case "queue":
      return benchQueue(argv);
    case "view":
      return benchView(argv);
    case "ab":
      return benchAb(argv);
    default:
      throw new ConfigError(`unknown benchmark "${which ?? ""}" (available: broadcast, sweep, scale, explore, queue, view, ab, report)`);
  }
}

/**
 * A benchmark's progress, on one line of a terminal's stderr, overwritten as it goes (nothing
 * when stderr is not a terminal: `--json` output stays alone); `done` clears the line.
 */
function benchProgress(): { readonly show?: (what: string) => void; readonly done: () => void } {
  if (process.stderr.isTTY !== true) return { done: () => {} };
  return {
    show: (what) => process.stderr.write(`\r  ${what.slice(0, 100).padEnd(100)}`),
    done: () => process.stderr.write("\r" + " ".repeat(102) + "\r"),
  };
}

/** Rejects positionals after the benchmark's name. */
function noExtra(a: { positional: string[] }): void {
  const [, ...extra] = a.positional;
  if (extra.length > 0) throw new ConfigError(`unexpected argument "${extra[0]}"`);
}

async function benchSweep(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ["scenario", "seeds", "workers", "rounds"], ["json"]);
  noExtra(a);
  const scenario = a.options.get("scenario") ?? "ms4";
  findScenario(scenario);
  const params = {
    scenario,
    seeds: parsePositiveInt("seeds", a.options.get("seeds") ?? "2000"),
    workers: parsePositiveInt("workers", a.options.get("workers") ?? String(allCores())),
    rounds: parsePositiveInt("rounds", a.options.get("rounds") ?? String(SWEEP_ROUNDS)),
  };
  const progress = benchProgress();
  let r: Awaited<ReturnType<typeof runSweepBench>>;
  try {
    r = await runSweepBench(params, () => performance.now(), undefined, progress.show);
  } finally {
    progress.done();
  }
  if (a.flags.has("json")) {
    console.log(JSON.stringify(r));
    return 0;
  }
  const rate = (t: { seedsPerSecond: number; wallSeconds: number }, how: string): string =>
    `${t.seedsPerSecond.toFixed(0)} seeds/s (${t.wallSeconds.toFixed(2)} s ${how})`;
  console.log(chalk.bold(`sweep ${scenario}: seeds 1..${params.seeds}, ${plural(r.cores, "core")}`));
  console.log(`  one worker       ${rate(r.one, "on 1 worker")}`);
  if ("unavailable" in r.oneCore) console.log(chalk.yellow(`  one core         no figure: ${r.oneCore.unavailable}`));
  else console.log(`  one core         ${rate(r.oneCore, `on 1 worker, taskset -c ${r.cpu}`)}`);
  console.log(`  ${plural(r.all.workers, "worker").padEnd(16)} ${rate(r.all, `on ${plural(r.all.workers, "worker")}`)}`);
  console.log(`  split            ${rate(r.split, `in ${plural(r.split.workers, "one-worker process", "one-worker processes")} at once`)}`);
  const over = r.speedupOverOneCore === null ? "" : `, ${chalk.green(r.speedupOverOneCore.toFixed(2))}× one core`;
  console.log(`  speed-up         ${chalk.green(r.speedup.toFixed(2))}× one worker${over}; ${(100 * r.ofSplit).toFixed(0)}% of the split's rate${r.sameTally ? "" : chalk.red("  (tallies differ!)")}`);
  return 0;
}

async function benchQueue(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ["scenario", "seeds", "workers", "rounds"], ["json"]);
  noExtra(a);
  const scenario = a.options.get("scenario") ?? "ms4";
  findScenario(scenario);
  const workers = (a.options.get("workers") ?? "1,2,4").split(",").map((w) => parsePositiveInt("workers", w));
  const params = { scenario, seeds: parsePositiveInt("seeds", a.options.get("seeds") ?? "2000"), workers, rounds: parsePositiveInt("rounds", a.options.get("rounds") ?? "2") };
  const progress = benchProgress();
  let r: import("../bench/queue.js").QueueBenchResult;
  try {
    r = await (await import("../bench/queue.js")).runQueueBench(params, () => performance.now(), undefined, progress.show);
  } finally {
    progress.done();
  }
  if (a.flags.has("json")) {
    console.log(JSON.stringify(r));
    return 0;
  }
  console.log(chalk.bold(`sweep ${scenario} on the job queue: seeds 1..${params.seeds}, ${plural(r.cores, "core")}, fastest of ${params.rounds} round${params.rounds === 1 ? "" : "s"}`));
  for (const row of r.rows) console.log(`  ${row.how.padEnd(20)} ${row.seedsPerSecond.toFixed(0).padStart(6)} seeds/s (${row.wallSeconds.toFixed(2)} s), ${chalk.green(`${row.ratio.toFixed(2)}×`)} the local one-worker sweep`);
  console.log(r.sameTally ? "  tallies: identical in every sweep" : chalk.red("  tallies differ!"));
  return 0;
}

function benchScale(argv: string[]): number {
  const a = parseArgs(argv, ["clients", "lines", "nodes", "idle", "only", "seed"], ["json"]);
  noExtra(a);
  const only = a.options.get("only");
  if (only !== undefined && only !== "deliveries" && only !== "idle") throw new ConfigError(`bad --only "${only}": expected deliveries or idle`);
  const params = {
    clients: parsePositiveInt("clients", a.options.get("clients") ?? "100000"),
    lines: parsePositiveInt("lines", a.options.get("lines") ?? "100"),
    nodes: parsePositiveInt("nodes", a.options.get("nodes") ?? "10"),
    seed: parseSeed(a.options.get("seed") ?? "1"),
  };
  const idle = parsePositiveInt("idle", a.options.get("idle") ?? "1000000");
  const now = (): number => performance.now();
  const progress = benchProgress();
  let deliveries: ReturnType<typeof runScaleDeliveries> | null = null;
  let idleR: ReturnType<typeof runScaleIdle> | null = null;
  try {
    if (only !== "idle") {
      progress.show?.(`scale: ${(params.clients * params.lines).toLocaleString("en-US")} deliveries`);
      deliveries = runScaleDeliveries(params, now);
    }
    if (only !== "deliveries") {
      progress.show?.(`scale: ${idle.toLocaleString("en-US")} idle processes`);
      idleR = runScaleIdle(idle, now);
    }
  } finally {
    progress.done();
  }
  if (a.flags.has("json")) {
    console.log(JSON.stringify({ deliveries, idle: idleR }));
    return 0;
  }
  if (deliveries !== null) {
    const d = deliveries;
    console.log(chalk.bold(`scale: ${params.clients} clients on one server, ${params.lines} lines`));
    console.log(`  deliveries       ${d.deliveries.toLocaleString("en-US")} in ${d.wallSeconds.toFixed(2)} s wall (${Math.round(d.deliveriesPerSecond).toLocaleString("en-US")}/s; setup ${d.setupSeconds.toFixed(2)} s)`);
    console.log(`  peak RSS         ${d.peakRssMb.toFixed(0)} MB`);
  }
  if (idleR !== null) {
    console.log(chalk.bold(`scale: ${idle.toLocaleString("en-US")} idle processes`));
    console.log(`  per process      ${idleR.bytesPerProcess.toFixed(0)} B of heap (${idleR.rssBytesPerProcess.toFixed(0)} B of RSS), spawned in ${idleR.wallSeconds.toFixed(2)} s`);
    console.log(`  peak RSS         ${idleR.peakRssMb.toFixed(0)} MB`);
  }
  return 0;
}

async function benchView(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ["clients", "lines"], ["json"]);
  noExtra(a);
  const params = { clients: parsePositiveInt("clients", a.options.get("clients") ?? "100"), lines: parsePositiveInt("lines", a.options.get("lines") ?? "20") };
  const progress = benchProgress();
  // bench/view.js loads playwright-core, a development dependency: only this benchmark imports it.
  const { runViewBench } = await import("../bench/view.js");
  let r: Awaited<ReturnType<typeof runViewBench>>;
  try {
    r = await runViewBench(params, () => performance.now(), progress.show);
  } finally {
    progress.done();
  }
  if (a.flags.has("json")) {
    console.log(JSON.stringify(r));
    return 0;
  }
  console.log(chalk.bold("view: the trace viewer in chromium, a small run beside a large one"));
  for (const p of [r.small, r.large]) {
    console.log(`  ${p.name.padEnd(26)} ${p.events.toLocaleString("en-US").padStart(8)} events, ${(p.bytes / 1024).toFixed(0).padStart(6)} KiB: first paint ${chalk.green(p.firstPaintMs.toFixed(0))} ms (page made in ${p.buildMs.toFixed(0)} ms); frames while panning p50 ${p.frameMedianMs.toFixed(1)} ms, max ${p.frameMaxMs.toFixed(1)} ms (${p.frames}); step jump ${p.stepJumpMs.toFixed(0)} ms`);
  }
  console.log(`  large/small: ${(r.large.events / r.small.events).toFixed(0)}× the events, ${(r.large.firstPaintMs / r.small.firstPaintMs).toFixed(1)}× the first paint, ${(r.large.frameMedianMs / Math.max(0.01, r.small.frameMedianMs)).toFixed(1)}× the median frame`);
  return 0;
}

function benchReport(argv: string[]): number {
  const a = parseArgs(argv, ["out"], []);
  noExtra(a);
  const out = a.options.get("out") ?? "reports/performance.md";
  prepareOutputDir("--out", dirname(out));
  checkOutputFile("--out", out);
  writePerformanceReport(out, (line) => process.stderr.write(line + "\n"));
  console.log(`wrote ${out}`);
  return 0;
}

async function benchAb(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ["against", "here", "workload", "clients", "lines", "nodes", "trace", "seed", "rounds"], ["json"]);
  noExtra(a);
  const against = a.options.get("against");
  if (against === undefined) throw new ConfigError("bench ab needs --against DIR: another build of chatty-sim (a checkout built with tsc)");
  const trace = a.options.get("trace") ?? "off";
  if (trace !== "off" && trace !== "hash") throw new ConfigError(`bad --trace "${trace}": expected off or hash`);
  const workload = a.options.get("workload") ?? "broadcast";
  if (workload !== "broadcast" && workload !== "scale") throw new ConfigError(`bad --workload "${workload}": expected broadcast or scale`);
  // The scale run's receivers are many, so that their state is not in the caches.
  const scale = workload === "scale";
  const params = {
    against,
    here: a.options.get("here"),
    workload,
    clients: parsePositiveInt("clients", a.options.get("clients") ?? (scale ? "20000" : "1000")),
    lines: parsePositiveInt("lines", a.options.get("lines") ?? (scale ? "100" : "500")),
    nodes: parsePositiveInt("nodes", a.options.get("nodes") ?? "10"),
    seed: parseSeed(a.options.get("seed") ?? "1"),
    trace,
    rounds: parsePositiveInt("rounds", a.options.get("rounds") ?? "20"),
  } as const;
  const progress = benchProgress();
  let r: import("../bench/ab.js").AbResult;
  try {
    r = await (await import("../bench/ab.js")).runAb(params, progress.show);
  } finally {
    progress.done();
  }
  if (a.flags.has("json")) {
    console.log(JSON.stringify(r));
    return 0;
  }
  const ns = (b: typeof r.here): string => `min ${b.nsPerDelivery.min.toFixed(0)}, p25 ${b.nsPerDelivery.p25.toFixed(0)}, median ${b.nsPerDelivery.median.toFixed(0)} ns a delivery`;
  const what = scale ? `the scale run (a server entered with its clients' list)` : `the broadcast's line phase`;
  console.log(chalk.bold(`ab: ${what}, ${params.clients} clients, ${params.lines} lines, trace ${params.trace}, ${params.rounds} rounds in turn`));
  console.log(`  ${params.here === undefined ? "this build" : "--here    "}       ${ns(r.here)}  (${r.here.root})`);
  console.log(`  --against        ${ns(r.other)}  (${r.other.root})`);
  const { median, low, high } = r.ratio;
  const verdict = high < 1 ? chalk.green("faster") : low > 1 ? chalk.red("slower") : chalk.gray("no difference this run can tell");
  console.log(`  this over that   ${median.toFixed(3)}× the wall time, 95% interval ${low.toFixed(3)}–${high.toFixed(3)}: ${verdict}`);
  console.log(r.sameTrace ? "  trace hash       the same: both builds make the same run" : chalk.red(`  trace hash       differs (${r.here.traceHash?.slice(0, 12)} here, ${r.other.traceHash?.slice(0, 12)} there): the builds make different runs`));
  return 0;
}

async function benchBroadcast(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ["clients", "lines", "nodes", "trace", "seed", "rounds"], ["json", "no-erlang", "with-full", "profile"]);
  noExtra(a);
  const trace = a.options.get("trace") ?? "off";
  if (trace !== "off" && trace !== "hash" && trace !== "full") throw new ConfigError(`bad --trace "${trace}": expected off, hash or full`);
  const params = {
    clients: parsePositiveInt("clients", a.options.get("clients") ?? "1000"),
    lines: parsePositiveInt("lines", a.options.get("lines") ?? "200"),
    nodes: parsePositiveInt("nodes", a.options.get("nodes") ?? "10"),
    trace: trace as TraceMode,
    seed: parseSeed(a.options.get("seed") ?? "1"),
    rounds: parsePositiveInt("rounds", a.options.get("rounds") ?? "3"),
  };
  const progress = benchProgress();
  let r: Awaited<ReturnType<typeof runBroadcast>>;
  try {
    // Each measured run in a thread of its own, as each of Erlang's runs is a VM of its own (`bench/phaseWorker.ts`).
    r = await runBroadcast(params, () => performance.now(), { erlang: !a.flags.has("no-erlang"), full: a.flags.has("with-full"), profile: a.flags.has("profile"), progress: progress.show, runner: isolatedPhase });
  } finally {
    progress.done();
  }
  if (a.flags.has("json")) {
    console.log(JSON.stringify(r));
    return 0;
  }
  const rate = (x: number): string => Math.round(x).toLocaleString("en-US");
  console.log(chalk.bold(`broadcast: ${params.clients} receivers on ${params.nodes} nodes, ${params.lines} lines, trace ${params.trace} (the handout's server)`));
  console.log(`  deliveries       ${r.deliveries.toLocaleString("en-US")} in ${r.wallSeconds.toFixed(3)} s wall (${formatTime(Math.round(r.virtualSeconds * 1e6))} virtual)`);
  console.log(`  deliveries/s     ${chalk.green(rate(r.deliveriesPerSecond))}`);
  console.log(`  queue floor      ${rate(r.floorEventsPerSecond)} events/s (ratio ${r.ratioToFloor.toFixed(2)}); typed-array heap ${rate(r.heapEventsPerSecond)}; the kernel's queue alone ${rate(r.kernelQueueEventsPerSecond)} (${(r.kernelQueueEventsPerSecond / r.floorEventsPerSecond).toFixed(2)} of the floor)`);
  if (r.traced !== null) console.log(`  trace hash       ${rate(r.traced.deliveriesPerSecond)} deliveries/s (${r.traced.costRatio.toFixed(2)}× the wall time of trace off; CPU time ${(r.traced.cpuSeconds / r.cpuSeconds).toFixed(2)}× trace off's, every thread)`);
  if (r.tracedFull !== null) {
    const f = r.tracedFull;
    console.log(`  trace full       ${rate(f.deliveriesPerSecond)} deliveries/s (${f.costRatio.toFixed(2)}× the wall time of trace off; every record kept)`);
  }
  if (r.uncopied !== null) {
    const u = r.uncopied;
    console.log(chalk.gray(`  not copied       ${rate(u.off.deliveriesPerSecond)} deliveries/s trace off, ${rate(u.hash.deliveriesPerSecond)} trace hash (${(u.hash.wallSeconds / u.off.wallSeconds).toFixed(2)}×): with copies the runs take ${(r.wallSeconds / u.off.wallSeconds).toFixed(2)}× and ${r.traced === null ? "—" : (r.traced.wallSeconds / u.hash.wallSeconds).toFixed(2) + "×"} that wall time`));
  }
  for (const x of r.lessSemantics ?? []) {
    console.log(chalk.gray(`  less semantics   ${rate(x.deliveriesPerSecond)} deliveries/s (ratio ${(x.deliveriesPerSecond / r.floorEventsPerSecond).toFixed(2)} to the floor) with ${x.what}`));
  }
  if (r.erlang.available) {
    console.log(`  Erlang/OTP ${r.erlang.otp}    ${rate(r.erlang.deliveriesPerSecond)} deliveries/s with erl +S 1 (ratio ${r.ratioToErlang!.toFixed(2)})`);
  } else {
    console.log(chalk.yellow(`  Erlang/OTP       no figure: ${r.erlang.reason}`));
  }
  console.log(`  peak RSS         ${r.peakRssMb.toFixed(0)} MB`);
  if (r.profile !== null) {
    const { off, hash } = r.profile;
    console.log(chalk.bold("  a delivery, part by part (ns; sampling profiler)   trace off   trace hash"));
    off.parts.forEach((x, i) => console.log(`    ${x.part.padEnd(72)} ${x.nsPerDelivery.toFixed(0).padStart(5)} ${hash.parts[i]!.nsPerDelivery.toFixed(0).padStart(10)}`));
    console.log(`    ${"all".padEnd(72)} ${((1e9 * off.wallSeconds) / off.deliveries).toFixed(0).padStart(5)} ${((1e9 * hash.wallSeconds) / hash.deliveries).toFixed(0).padStart(10)}`);
  }
  return 0;
}

guardStdout();
// NO_COLOR (https://no-color.org: set and not empty) and --no-color, anywhere, turn colour off;
// chalk's own detection honours neither when it sees a terminal or FORCE_COLOR.
const argv = process.argv.slice(2).filter((x) => x !== "--no-color");
if (argv.length < process.argv.length - 2 || (process.env.NO_COLOR ?? "") !== "") chalk.level = 0;
try {
  process.exitCode = await main(argv);
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`chatty-sim: ${oneLine(e.message)}\n`);
    process.exitCode = 2;
  } else if (e instanceof QueueError) {
    process.stderr.write(`chatty-sim: ${oneLine(e.message)}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`chatty-sim: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  }
}
