/**
 * Running a scenario: parse its parameters, build, run, read the chat log out of the trace
 * and judge it. The result is plain data (`ScenarioResult`); printing it is `format.ts`'s job.
 */
import { causal, chatLog, MAX_EVIDENCE, completeness, duplicates, fifo, HANDOUT_CODEC, issueOrder, NO_LINES, joinLeaveOrder, membership, metrics, replyOrder, totalOrder, type ChatLog, type Metrics, type Verdict } from "../check/index.js";
import { canonicalJson, ConfigError, type Explorer, type LinkConfig, type LinkOverride, type Micros, type Outcome, type Stats, type TraceMode, type TraceRecord } from "../sim/index.js";
import { formatValue, parseParams, setArgs, type ParamValues } from "./params.js";
import type { Built, CheckSpec, ClientView, JsonScreenEntry, Readers, Scenario, TraceView } from "./scenario.js";

/** Everything a run of a scenario gives. */
export interface ScenarioResult {
  readonly scenario: string;
  readonly seed: number;
  /** Every parameter's value, formatted as a user would type it. */
  readonly params: Readonly<Record<string, string>>;
  readonly traceHash: string;
  readonly endTime: Micros;
  readonly outcome: Outcome;
  /** The users' terminals, as the kernel's clients filled them. */
  readonly screens: readonly ClientView[];
  /** What each node printed, in order: `[time, line]`. */
  readonly printed: Readonly<Record<string, readonly (readonly [Micros, string])[]>>;
  readonly checks: readonly Verdict[];
  /** The chat lines' metrics; null when the scenario's lines are free text (`Built.codec`). */
  readonly metrics: Metrics | null;
  /** The nodes and the network the run had. */
  readonly setup: { readonly nodes: readonly string[]; readonly link: LinkConfig; readonly links: readonly LinkOverride[] };
  /** Messages and signals dropped, by reason, and other kernel counters. */
  readonly stats: Stats;
  /** Per node, messages its processes sent and took out of their mailboxes. */
  readonly load: Readonly<Record<string, { readonly sent: number; readonly received: number }>>;
  /** The command that reproduces this run. */
  readonly replay: string;
  /** The chat log the checks judged (not in the JSON output). */
  readonly log: ChatLog;
  /** The trace records (not in the JSON output). */
  readonly records: readonly TraceRecord[];
  /** The canonical trace lines (only when asked for). */
  readonly traceLines: readonly string[] | null;
}

/** Runs `scenario` with `seed` and the user's `--set` pairs. Bad parameters throw `ConfigError`. */
export function runScenario(scenario: Scenario, seed: number, sets: readonly (readonly [string, string])[] = [], opts: { readonly keepTrace?: boolean; readonly explorer?: Explorer; readonly losses?: number; readonly crashes?: number } = {}): ScenarioResult {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new ConfigError(`bad seed ${seed}: expected a non-negative integer`);
  const params = parseParams(scenario.params, sets);
  const trace: TraceMode = "full";
  const built = scenario.build({ seed, params, trace });
  // Explore mode: the explorer, not sampled latency, orders deliveries between nodes.
  if (opts.explorer !== undefined) built.sim.explore(opts.explorer, { losses: opts.losses ?? 0, crashes: opts.crashes ?? 0 });
  const r = built.sim.run({ until: built.until });
  const { log, checks } = judgeTrace(built, built.sim.trace);
  const printed: Record<string, [Micros, string][]> = {};
  const load: Record<string, { sent: number; received: number }> = {};
  for (const n of built.sim.allNodes()) {
    printed[n.name] = n.printed.map((l) => [l.t, l.text]);
    load[n.name] = { sent: 0, received: 0 };
  }
  for (const rec of built.sim.trace.records) {
    if (rec.k === "send" && rec.from !== null) load[rec.from.node]!.sent++;
    else if (rec.k === "receive") load[rec.pid.node]!.received++;
  }
  const net = built.sim.network.config;
  return {
    scenario: scenario.name,
    seed,
    params: formatParams(scenario, params),
    traceHash: r.traceHash ?? "",
    endTime: r.endTime,
    outcome: r.outcome,
    screens: built.clients,
    printed,
    checks,
    metrics: built.codec === null ? null : metrics(log),
    setup: { nodes: built.sim.allNodes().map((n) => n.name), link: net.default, links: net.links },
    stats: structuredClone(r.stats),
    load,
    replay: replayCommand(scenario, seed, params),
    log,
    records: built.sim.trace.records,
    traceLines: opts.keepTrace === true ? [...built.sim.trace.lines()] : null,
  };
}

/**
 * The verdicts of a build's checks on a trace, with the chat log they judged: a function of
 * the trace alone (its records and observations, read through `built.read`), so the same
 * trace judged again, by any build of the same scenario and seed, gives the same verdicts.
 */
export function judgeTrace(built: Pick<Built, "read" | "codec" | "checks">, trace: TraceView): { readonly log: ChatLog; readonly checks: Verdict[] } {
  const clients = built.read.clients(trace);
  const log = chatLog(trace.records, clients, built.codec === null ? NO_LINES : (built.codec ?? HANDOUT_CODEC));
  return { log, checks: built.checks.map((c) => judge(c, built.read, trace, clients, log)) };
}

function judge(c: CheckSpec, read: Readers, trace: TraceView, clients: readonly ClientView[], log: ChatLog): Verdict {
  switch (c.kind) {
    case "fifo":
      return fifo(log);
    case "issue-order":
      return issueOrder(log);
    case "total-order":
      return totalOrder(log);
    case "causal":
      return causal(log);
    case "reply-order":
      return replyOrder(log);
    case "join-during-broadcast":
      return joinLeaveOrder(log, "join");
    case "leave-during-broadcast":
      return joinLeaveOrder(log, "leave");
    case "completeness":
      return completeness(log);
    case "duplicates":
      return duplicates(log);
    case "liveness":
      return completeness(log, { from: c.from });
    case "membership":
      if (read.servers === undefined) throw new Error("membership check on a scenario without servers");
      return membership(read.servers(trace));
    case "custom": {
      const v = c.judge({ trace, clients, log });
      const evidence = (v.evidence ?? []).map((text) => ({ text }));
      const violated = v.status === "violated";
      return { check: c.name, status: v.status, summary: v.detail, evidence: evidence.slice(0, MAX_EVIDENCE), violations: violated ? Math.max(1, evidence.length) : 0 };
    }
  }
}

function formatParams(s: Scenario, v: ParamValues): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of s.params) out[p.name] = formatValue(p, v[p.name] ?? null) || "(profile)";
  return out;
}

/** `chatty-sim run <name> --seed N [--set k=v]...` for these values. */
export function replayCommand(s: Scenario, seed: number, v: ParamValues): string {
  return ["chatty-sim run", s.name, `--seed ${seed}`, ...setArgs(s.params, v)].join(" ");
}

/** The JSON output of `chatty-sim run --json`: plain data, stable key order. */
export function resultJson(r: ScenarioResult): unknown {
  const clients: Record<string, JsonScreenEntry[]> = {};
  for (const s of r.screens) clients[s.name] = s.entries.map((e) => s.json(e));
  const nodes: Record<string, { printed: string[] }> = {};
  for (const [n, lines] of Object.entries(r.printed)) nodes[n] = { printed: lines.map(([, l]) => l) };
  return {
    scenario: r.scenario,
    seed: r.seed,
    params: r.params,
    traceHash: r.traceHash,
    endTime: r.endTime,
    outcome: r.outcome,
    clients,
    nodes,
    checks: r.checks.map((c) => ({ name: c.check, holds: c.status !== "violated", status: c.status, detail: c.summary, evidence: c.evidence.map((e) => e.text) })),
    metrics: r.metrics,
    replay: r.replay,
  };
}

/** Canonical JSON text of a result, for byte comparisons. */
export const resultText = (r: ScenarioResult): string => canonicalJson(resultJson(r));
