/**
 * A scenario result for people: each client's screen as the handout's terminal shows it,
 * each node's printed lines, the metrics, each check's verdict with its evidence, and the
 * command that reproduces the run. Colour through chalk, which turns itself off when
 * output is not a terminal.
 */
import chalk from "chalk";
import type { Percentiles } from "../check/index.js";
import { formatTime } from "../sim/index.js";
import type { ScenarioResult } from "./run.js";
import type { Scenario } from "./scenario.js";

const time = (t: number): string => chalk.gray(formatTime(t).padStart(10));

const pct = (p: Percentiles, unit: (n: number) => string): string =>
  p.n === 0 ? "none" : `p50 ${unit(p.p50!)}  p95 ${unit(p.p95!)}  p99 ${unit(p.p99!)}  max ${unit(p.max!)}  (n=${p.n})`;

/** The run as terminal text. */
export function formatResult(s: Scenario, r: ScenarioResult): string {
  const out: string[] = [];
  out.push(chalk.bold(`${s.name}: ${s.title}`));
  out.push(chalk.gray(`seed ${r.seed}  ` + Object.entries(r.params).map(([k, v]) => `${k}=${v}`).join("  ")));
  out.push("");
  for (const sc of r.screens) {
    out.push(chalk.cyan.bold(`── ${sc.name} (${sc.node}) ──`));
    for (const e of sc.entries) {
      const line = sc.format(e);
      if (line === null) continue;
      const coloured =
        e.kind === "typed" ? chalk.gray(line) : e.kind === "message" ? line : e.kind === "unsupported" ? chalk.red(line) : chalk.yellow(line);
      out.push(`${time(e.t)}  ${coloured}`);
    }
  }
  // A client's node prints its screen, shown above; the other nodes' lines follow.
  const clientNodes = new Set(r.screens.map((sc) => sc.node));
  const printing = Object.entries(r.printed).filter(([node, lines]) => lines.length > 0 && !clientNodes.has(node));
  if (printing.length > 0) {
    out.push("");
    for (const [node, lines] of printing) {
      out.push(chalk.magenta.bold(`── (${node}) ──`));
      for (const [t, l] of lines) out.push(`${time(t)}  ${l}`);
    }
  }
  const m = r.metrics;
  out.push("");
  out.push(chalk.bold("metrics"));
  if (m === null) out.push(chalk.gray("  none read: this chat's lines are free text that no message carries as a chat line"));
  else {
    out.push(`  lines issued     ${m.lines}, shown ${m.shown} times`);
    out.push(`  latency          ${pct(m.latency, (n) => formatTime(n))}  ${chalk.gray("(from the line's send to its taking)")}`);
    out.push(`  hops             ${pct(m.hops, String)}; between nodes ${pct(m.networkHops, String)}`);
    out.push(`  messages / line  ${m.messagesPerLine === null ? "n/a" : m.messagesPerLine.toFixed(2)}  ${chalk.gray("(every message of the run, joins included)")}`);
  }
  out.push("");
  out.push(chalk.bold("checks"));
  for (const c of r.checks) {
    const mark = c.status === "holds" ? chalk.green("holds   ") : c.status === "violated" ? chalk.red("VIOLATED") : chalk.gray("vacuous ");
    out.push(`  ${mark} ${c.check.padEnd(14)} ${c.summary}`);
    for (const e of c.evidence) out.push(chalk.gray(`           ${e.text}`));
    if (c.evidence.length > 0 && c.violations > c.evidence.length) out.push(chalk.gray(`           … and ${c.violations - c.evidence.length} more`));
  }
  out.push("");
  out.push(`${r.outcome.kind === "runaway" ? chalk.red(r.outcome.message) : chalk.green(r.outcome.kind)} at ${formatTime(r.endTime)}; trace ${chalk.yellow(r.traceHash.slice(0, 16))}`);
  out.push(chalk.gray(`reproduce: ${r.replay}`));
  return out.join("\n");
}
