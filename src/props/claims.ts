/**
 * The handout's claims as named properties over a run of a generated world. A claim names
 * the verdict of the `world` scenario that judges it; a run violates the claim when that
 * verdict is `violated` (a `vacuous` run, with nothing to judge, does not). `checkClaim`
 * searches with fast-check and, on failure, turns the shrunk case into a `Counterexample`:
 * its replay command, its trace hash and a sequence diagram.
 */
import fc from "fast-check";
import { inFlux, type Verdict } from "../check/index.js";
import { parseParams, runScenario, type ScenarioResult } from "../scenarios/index.js";
import { world as worldScenario, WORLD_CHECKS, type WorldFault, type WorldSpec } from "../scenarios/world.js";
import { caseSets, caseSize, type CaseSize, type WorldCase } from "./arbitraries.js";
import { sequenceDiagram, type DiagramOpts, type Mark } from "./diagram.js";

/** A claim of the handout's questions, judged by one verdict of a world run. */
export interface Claim {
  /** Short name, used in test names: `fifo`, `causal`… */
  readonly name: string;
  /** The question it answers: `c`, `d`… */
  readonly question: string;
  /** The claim in one sentence. */
  readonly statement: string;
  /** The verdict of the `world` scenario that judges it. */
  readonly check: string;
}

/** Every claim, by name. */
export const CLAIMS = {
  fifo: { name: "fifo", question: "c", statement: "every client shows any one sender's lines in the order sent", check: "fifo" },
  issueOrder: { name: "issue-order", question: "d", statement: "every client shows lines from all senders in the order they were issued", check: "issue-order" },
  totalOrder: { name: "total-order", question: "d", statement: "all clients show the lines in one common order", check: "total-order" },
  causal: { name: "causal", question: "e", statement: "no client shows a reply before the line it answers", check: "causal" },
  replyAfter: { name: "reply-after", question: "e", statement: "no client shows a reply before the line it answers", check: WORLD_CHECKS.replyAfter },
  joinMisses: { name: "join-misses", question: "f", statement: "a client joining while a line is on its way never shows that line", check: WORLD_CHECKS.joinMisses },
  joinGets: { name: "join-gets", question: "f", statement: "a client joining while a line is on its way always shows that line", check: WORLD_CHECKS.joinGets },
  leaverGets: { name: "leaver-gets", question: "f", statement: "a leaving client shows every line its server sent it before `exit`", check: WORLD_CHECKS.leaverGets },
  membership: { name: "membership", question: "i", statement: "the live servers' lists agree and name exactly the live servers", check: "membership" },
  told: { name: "told", question: "b, g", statement: "a client that stays in the chat is told when its server goes away (disconnect or crash)", check: WORLD_CHECKS.told },
  completeness: { name: "completeness", question: "b, g", statement: "every client in the chat shows every line", check: "completeness" },
} as const satisfies Record<string, Claim>;

/** Runs a case as the `world` scenario. */
export function runCase(c: WorldCase): ScenarioResult {
  return runScenario(worldScenario, c.seed, caseSets(c));
}

/** The verdict that judges `claim` in a run. */
export function verdictOf(claim: Claim, r: ScenarioResult): Verdict {
  const v = r.checks.find((x) => x.check === claim.check);
  if (v === undefined) throw new Error(`the world run has no check "${claim.check}" (it has ${r.checks.map((x) => x.check).join(", ")})`);
  return v;
}

/**
 * How many simulation seeds a property tries per world (from the case's seed up). A world
 * violates a claim when any of them does: a search then judges the world's structure, not
 * one draw of its latencies, so shrinking can drop a client or a line (which renames
 * nodes and so changes every latency drawn) and still find the violation.
 */
export interface Tries {
  readonly tries?: number;
}

/** The case with its seed moved on by `k`. */
const withSeed = (c: WorldCase, k: number): WorldCase => (k === 0 ? c : { ...c, seed: c.seed + k });

/** The first seed (of `tries`, from the case's) whose run violates the claim, as a case; null if none does. */
export function violation(claim: Claim, c: WorldCase, opts: Tries = {}): WorldCase | null {
  for (let k = 0; k < (opts.tries ?? 1); k++) {
    const ck = withSeed(c, k);
    if (verdictOf(claim, runCase(ck)).status === "violated") return ck;
  }
  return null;
}

/** Whether a case's runs keep the claim (each holds, or has nothing to judge). */
export function keeps(claim: Claim, c: WorldCase, opts: Tries = {}): boolean {
  return violation(claim, c, opts) === null;
}

/** The claim as a fast-check property over `arb`. */
export function claimProperty(claim: Claim, arb: fc.Arbitrary<WorldCase>, opts: Tries = {}): fc.IPropertyWithHooks<[WorldCase]> {
  return fc.property(arb, (c) => keeps(claim, c, opts));
}

/** A shrunk violation, ready to print. */
export interface Counterexample {
  readonly claim: Claim;
  readonly case: WorldCase;
  readonly size: CaseSize;
  readonly verdict: Verdict;
  /** `chatty-sim run world --seed N --set …`: reproduces the run exactly. */
  readonly replay: string;
  readonly traceHash: string;
  /** The run as a text sequence diagram, the violating delivery marked. */
  readonly diagram: string;
}

/** Runs a violating case again (at its first violating seed) and describes it. */
export function counterexample(claim: Claim, found: WorldCase, opts: Tries = {}): Counterexample {
  const c = violation(claim, found, opts) ?? found;
  const r = runCase(c);
  const verdict = verdictOf(claim, r);
  return { claim, case: c, size: caseSize(c), verdict, replay: r.replay, traceHash: r.traceHash, diagram: diagramOf(c, { marks: violatingDeliveries(claim, r, verdict), verdict }) };
}

/** The sequence diagram of a case's run, with `marks` marked and `verdict` printed under it. */
export function diagramOf(c: WorldCase, opts: DiagramOpts = {}): string {
  const params = parseParams(worldScenario.params, caseSets(c));
  const built = worldScenario.build({ seed: c.seed, params, trace: "full" });
  built.sim.run({ until: built.until });
  return sequenceDiagram(built.sim.trace.records, built.clients, opts);
}

/**
 * The deliveries that violate the claim in a run: from the verdict's evidence where it
 * names a receiver and lines (the first line at the time given), and worked out from the
 * chat log for the world's own checks, whose evidence is only text.
 */
export function violatingDeliveries(claim: Claim, r: ScenarioResult, v: Verdict): Mark[] {
  const log = r.log;
  const mark = (receiver: string, line: number, at?: number): Mark => ({ receiver, sender: log.lines[line]!.sender, text: log.lines[line]!.text, ...(at === undefined ? {} : { at }) });
  switch (claim.check) {
    case WORLD_CHECKS.replyAfter: {
      const byText = new Map(log.lines.map((l) => [l.text, l.index]));
      const out: Mark[] = [];
      for (const c of log.clients) {
        const seen = new Set<number>();
        for (const rc of log.receipts.get(c) ?? []) {
          const text = log.lines[rc.line]!.text;
          const orig = text.startsWith("re ") ? byText.get(text.slice(3)) : undefined;
          if (orig !== undefined && !seen.has(orig) && (log.receipts.get(c) ?? []).some((x) => x.line === orig)) out.push(mark(c, rc.line, rc.t));
          seen.add(rc.line);
        }
      }
      return out;
    }
    case WORLD_CHECKS.joinMisses:
      return inFlux(log)
        .filter((f) => f.change === "join" && f.shown)
        .map((f) => mark(f.client, f.line));
    default:
      return v.evidence.flatMap((e) => (e.receiver === undefined || e.lines === undefined || e.lines.length === 0 ? [] : (e.at === undefined ? e.lines : [e.lines[0]!]).map((l) => mark(e.receiver!, l, e.at))));
  }
}

/** The world without client `j`: replies to it go, later indexes move down, faults on its node go. */
function dropClient(w: WorldSpec, j: number): WorldSpec {
  const node = w.servers.length + j;
  const renode = (n: number): number => (n > node ? n - 1 : n);
  const clients = w.clients
    .filter((_c, i) => i !== j)
    .map((c) => ({ ...c, replies: c.replies.filter((r) => r.to !== j).map((r) => (r.to > j ? { ...r, to: r.to - 1 } : r)) }));
  const faults = w.faults.flatMap((f): WorldFault[] => {
    if (f.op !== "partition" && f.op !== "slow") return [f];
    return f.a === node || f.b === node ? [] : [{ ...f, a: renode(f.a), b: renode(f.b) }];
  });
  return { ...w, clients, faults };
}

/** The world without client `j`'s `k`-th typed line (1-based): replies to it go, later ones renumber. */
function dropLine(w: WorldSpec, j: number, k: number): WorldSpec {
  const clients = w.clients.map((c, i) => {
    let n = 0;
    const actions = i !== j ? c.actions : c.actions.filter((a) => a.do !== "send" || ++n !== k);
    const replies = c.replies.filter((r) => !(r.to === j && r.line === k)).map((r) => (r.to === j && r.line > k ? { ...r, line: r.line - 1 } : r));
    return { ...c, actions, replies };
  });
  return { ...w, clients };
}

/**
 * The world without server `j` (not the first): servers that joined through it join
 * through its boot server instead, its clients move to the first server, faults on it go,
 * and later indexes move down.
 */
function dropServer(w: WorldSpec, j: number): WorldSpec {
  const down = (n: number): number => (n > j ? n - 1 : n);
  const via = w.servers[j]!.boot ?? 0;
  const servers = w.servers.filter((_s, i) => i !== j).map((s) => (s.boot === undefined ? s : { ...s, boot: down(s.boot === j ? via : s.boot) }));
  const clients = w.clients.map((c) => {
    const moved = { ...c, server: c.server === j ? 0 : down(c.server) };
    if (moved.host === undefined) return moved;
    if (moved.host !== j) return { ...moved, host: down(moved.host) };
    const { host: _host, ...rest } = moved;
    return rest;
  });
  const faults = w.faults.flatMap((f): WorldFault[] => {
    switch (f.op) {
      case "disconnect":
      case "crash":
        return f.server === j ? [] : [{ ...f, server: down(f.server) }];
      case "heal":
        return [f];
      case "partition":
      case "slow":
        return f.a === j || f.b === j ? [] : [{ ...f, a: down(f.a), b: down(f.b) }];
    }
  });
  return { ...w, servers, clients, faults };
}

/** Every world one step smaller than `w`: a server, a client, a line, a reply, an exit or a fault fewer. */
function smaller(w: WorldSpec): WorldSpec[] {
  const out: WorldSpec[] = [];
  for (let j = w.servers.length - 1; j >= 1; j--) out.push(dropServer(w, j));
  if (w.clients.length > 2) for (let j = w.clients.length - 1; j >= 0; j--) out.push(dropClient(w, j));
  w.faults.forEach((_f, i) => out.push({ ...w, faults: w.faults.filter((_g, x) => x !== i) }));
  w.clients.forEach((c, j) => {
    const lines = c.actions.filter((a) => a.do === "send").length;
    for (let k = lines; k >= 1; k--) out.push(dropLine(w, j, k));
    c.replies.forEach((_r, x) => out.push({ ...w, clients: w.clients.map((d, i) => (i === j ? { ...d, replies: d.replies.filter((_s, y) => y !== x) } : d)) }));
    if (c.actions.some((a) => a.do !== "send")) out.push({ ...w, clients: w.clients.map((d, i) => (i === j ? { ...d, actions: d.actions.filter((a) => a.do === "send") } : d)) });
  });
  return out;
}

/** How many times the search's seeds `minimize` tries per smaller world. */
export const MINIMIZE_SEEDS = 3;

/**
 * After fast-check's shrinking, removes whole parts of the world (a server, a
 * client, a line, a reply, an exit, a fault) while some seed of `tries` still violates the claim, until no
 * single removal does. fast-check's shrinkers work on the raw draw, where dropping a client
 * shifts every index after it; this pass edits the world itself and keeps references right.
 */
export function minimize(claim: Claim, c: WorldCase, opts: Tries = {}): WorldCase {
  let best = violation(claim, c, opts) ?? c;
  // More seeds than the search: this runs once per counterexample, and each smaller world
  // is a new draw of latencies, which one or two seeds may well miss.
  const wide = { tries: MINIMIZE_SEEDS * (opts.tries ?? 1) };
  for (let progress = true; progress; ) {
    progress = false;
    for (const w of smaller(best.world)) {
      const found = violation(claim, { ...best, world: w, seed: c.seed }, wide);
      if (found !== null) {
        best = found;
        progress = true;
        break;
      }
    }
  }
  return best;
}

/** What a search for a counterexample found. */
export interface ClaimCheck {
  readonly details: fc.RunDetails<[WorldCase]>;
  readonly counterexample: Counterexample | null;
}

/** Searches `arb` for a violation of `claim` (seed and numRuns in `params`), shrinking any it finds. */
export function checkClaim(claim: Claim, arb: fc.Arbitrary<WorldCase>, params: fc.Parameters<[WorldCase]>, opts: Tries = {}): ClaimCheck {
  const details = fc.check(claimProperty(claim, arb, opts), params);
  const ce = details.failed && details.counterexample !== null ? counterexample(claim, minimize(claim, details.counterexample[0], opts), opts) : null;
  return { details, counterexample: ce };
}

/** The report of a failed search: fast-check's (seed and path, to replay it), then the replay command and the diagram. */
export function formatFailure(check: ClaimCheck): string {
  const ce = check.counterexample;
  const fcReport = fc.defaultReportMessage(check.details) ?? "";
  if (ce === null) return fcReport;
  return [
    fcReport,
    "",
    `claim (${ce.claim.question}) ${ce.claim.name}: ${ce.claim.statement}`,
    `violated: ${ce.verdict.summary}`,
    ...ce.verdict.evidence.map((e) => `  ${e.text}`),
    `replay: ${ce.replay}`,
    `trace ${ce.traceHash}`,
    "",
    ce.diagram,
  ].join("\n");
}

/**
 * Asserts that `claim` holds on every case fast-check draws from `arb`. On failure it
 * throws with fast-check's seed and path, the replay command and the diagram.
 */
export function assertClaim(claim: Claim, arb: fc.Arbitrary<WorldCase>, params: fc.Parameters<[WorldCase]>, opts: Tries = {}): void {
  const check = checkClaim(claim, arb, params, opts);
  if (check.details.failed) throw new Error(formatFailure(check));
}
