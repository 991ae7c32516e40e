#!/usr/bin/env node
/**
 * The `chatty-sim` command line. It parses arguments and prints; the work is elsewhere.
 * Exit codes: 0 done, 1 internal failure, 2 bad input (one line on stderr, no stack trace).
 */
import chalk from "chalk";
import { runBroadcast } from "../bench/broadcast.js";
import { parseArgs, parsePositiveInt, parseSeed } from "./args.js";
import { runDemo } from "./demo.js";
import { ConfigError } from "./sim/errors.js";
import { formatTime } from "./sim/time.js";
import type { TraceMode } from "./sim/trace.js";

const USAGE = `usage: chatty-sim <command> [options]

commands:
  demo [--seed N] [--json]             run the kernel demo (a relay and three clients)
  bench broadcast [--clients N] [--lines M] [--nodes K] [--trace off|hash|full] [--seed N] [--json]
                                       benchmark one process broadcasting to N others
  help                                 this text`;

function main(argv: string[]): number {
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case undefined:
    case "help":
    case "--help":
      console.log(USAGE);
      return 0;
    case "demo":
      return demo(rest);
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
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  if (e instanceof ConfigError) {
    process.stderr.write(`chatty-sim: ${e.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`chatty-sim: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  }
}
