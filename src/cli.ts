#!/usr/bin/env node
/**
 * The `chatty-sim` command line. It parses arguments and prints; the work is elsewhere.
 * Exit codes: 0 done, 1 internal failure, 2 bad input (one line on stderr, no stack trace).
 */
import chalk from "chalk";
import { runBroadcast } from "../bench/broadcast.js";
import { parseArgs, parsePositiveInt, parseSeed } from "./args.js";
import { runDemo } from "./demo.js";
import { findScenario, formatResult, resultJson, runScenario, SCENARIOS } from "./scenarios/index.js";
import { writeFileSync } from "node:fs";
import { parseSeedRange, sweep } from "./sweep.js";
import { ConfigError } from "./sim/errors.js";
import { formatTime } from "./sim/time.js";
import type { TraceMode } from "./sim/trace.js";

const USAGE = `usage: chatty-sim <command> [options]

commands:
  list [--json]                        the named scenarios, one line each
  run <scenario> [--seed N] [--set key=value]... [--json] [--trace FILE]
                                       run one: screens, printed lines, metrics, checks
  demo [--seed N] [--json]             run the kernel demo (a relay and three clients)
  bench broadcast [--clients N] [--lines M] [--nodes K] [--trace off|hash|full] [--seed N] [--json]
                                       benchmark one process broadcasting to N others
  sweep <scenario> --seeds A..B [--set key=value]... [--workers N] [--json]
                                       many seeds on all cores: per check, how often it holds
  help                                 this text`;

function main(argv: string[]): number | Promise<number> {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case undefined:
    case "help":
    case "--help":
      console.log(USAGE);
      return 0;
    case "demo":
      return demo(rest);
    case "list":
      return list(rest);
    case "run":
      return run(rest);
    case "sweep":
      return sweepCmd(rest);
    case "bench":
      return bench(rest);
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

function run(argv: string[]): number {
  const a = parseArgs(argv, ["seed", "set", "trace"], ["json"]);
  const [name, ...extra] = a.positional;
  if (name === undefined) throw new ConfigError("run needs a scenario name (try: chatty-sim list)");
  if (extra.length > 0) throw new ConfigError(`unexpected argument "${extra[0]}"`);
  const scenario = findScenario(name);
  const seed = parseSeed(a.options.get("seed") ?? "1");
  const traceFile = a.options.get("trace");
  const r = runScenario(scenario, seed, a.sets, { keepTrace: traceFile !== undefined });
  if (traceFile !== undefined) {
    try {
      writeFileSync(traceFile, r.traceLines!.join(""));
    } catch (e) {
      throw new ConfigError(`cannot write trace to ${traceFile}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
  }
  console.log(a.flags.has("json") ? JSON.stringify(resultJson(r)) : formatResult(scenario, r));
  return 0;
}

async function sweepCmd(argv: string[]): Promise<number> {
  const a = parseArgs(argv, ["seeds", "set", "workers"], ["json"]);
  const [name, ...extra] = a.positional;
  if (name === undefined) throw new ConfigError("sweep needs a scenario name (try: chatty-sim list)");
  if (extra.length > 0) throw new ConfigError(`unexpected argument "${extra[0]}"`);
  findScenario(name);
  const seeds = parseSeedRange(a.options.get("seeds") ?? "1..100");
  const workers = a.options.has("workers") ? parsePositiveInt("workers", a.options.get("workers")!) : undefined;
  const tty = process.stderr.isTTY === true && !a.flags.has("json");
  let shown = -1;
  const progress = (done: number, total: number): void => {
    const pct = Math.floor((100 * done) / total);
    if (!tty || pct === shown) return;
    shown = pct;
    const bar = "█".repeat(Math.floor(pct / 4)).padEnd(25, "·");
    process.stderr.write(`\r  ${bar} ${String(pct).padStart(3)}%  ${done}/${total} seeds`);
  };
  const r = await sweep(name, seeds, a.sets, { ...(workers === undefined ? {} : { workers }), progress });
  if (tty) process.stderr.write("\r" + " ".repeat(60) + "\r");
  if (a.flags.has("json")) {
    console.log(JSON.stringify(r));
    return 0;
  }
  console.log(chalk.bold(`sweep ${name}: seeds ${seeds[0]}..${seeds[1]} (${r.runs} runs on ${r.workers} worker${r.workers === 1 ? "" : "s"})`));
  for (const c of r.checks) {
    const verdict = c.violated > 0 ? chalk.red(`violated in ${c.violated}`) : chalk.green(`holds in all ${c.holds}`);
    console.log(`  ${c.name.padEnd(34)} ${verdict}${c.vacuous > 0 ? chalk.gray(` (vacuous in ${c.vacuous})`) : ""}`);
    if (c.firstViolation !== null) {
      console.log(chalk.gray(`      first at seed ${c.firstViolation.seed}: ${c.firstViolation.summary}`));
      console.log(chalk.gray(`      replay: ${c.firstViolation.replay}`));
    }
  }
  return 0;
}

function bench(argv: string[]): number {
  const a = parseArgs(argv, ["clients", "lines", "nodes", "trace", "seed"], ["json"]);
  const [which, ...extra] = a.positional;
  if (which !== "broadcast") throw new ConfigError(`unknown benchmark "${which ?? ""}" (available: broadcast)`);
  if (extra.length > 0) throw new ConfigError(`unexpected argument "${extra[0]}"`);
  const trace = a.options.get("trace") ?? "off";
  if (trace !== "off" && trace !== "hash" && trace !== "full") throw new ConfigError(`bad --trace "${trace}": expected off, hash or full`);
  const params = {
    clients: parsePositiveInt("clients", a.options.get("clients") ?? "1000"),
    lines: parsePositiveInt("lines", a.options.get("lines") ?? "200"),
    nodes: parsePositiveInt("nodes", a.options.get("nodes") ?? "10"),
    trace: trace as TraceMode,
    seed: parseSeed(a.options.get("seed") ?? "1"),
  };
  const r = runBroadcast(params, () => performance.now());
  if (a.flags.has("json")) {
    console.log(JSON.stringify(r));
    return 0;
  }
  console.log(chalk.bold(`broadcast: ${params.clients} receivers on ${params.nodes} nodes, ${params.lines} lines, trace ${params.trace}`));
  console.log(`  deliveries       ${r.deliveries.toLocaleString("en-US")} in ${r.wallSeconds.toFixed(3)} s wall (${formatTime(Math.round(r.virtualSeconds * 1e6))} virtual)`);
  console.log(`  deliveries/s     ${chalk.green(Math.round(r.deliveriesPerSecond).toLocaleString("en-US"))}`);
  console.log(`  queue floor      ${Math.round(r.floorEventsPerSecond).toLocaleString("en-US")} events/s (ratio ${r.ratioToFloor.toFixed(2)})`);
  console.log(`  peak RSS         ${r.peakRssMb.toFixed(0)} MB`);
  return 0;
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`chatty-sim: ${e.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`chatty-sim: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  }
}
