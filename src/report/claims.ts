/**
 * The claims the report settles: each is one check of one scenario, under one system,
 * variant and ordering mode, judged over a range of seeds. A claim is `violated` when any
 * run violates it (the smallest such seed is the counterexample) and `holds` otherwise,
 * with the number of runs; never written down, always computed.
 */
import type { Status } from "../check/index.js";
import { SMALL_BOUNDS, SMALL_MODES, type SmallConfig } from "../explore/configs.js";
import { boundsText } from "../explore/format.js";
import { exploreCommand, search, type SearchResult } from "../explore/search.js";
import { findScenario, replayCommand, runScenario, parseParams, type ScenarioResult } from "../scenarios/index.js";

/** Which system a claim is about. */
export type System = "server" | "server2" | "theychat" | "idle";

/** A claim to settle. */
export interface ClaimSpec {
  /** Stable id, e.g. `q-e-reply-after-original`. Several specs share an id across systems and modes. */
  readonly id: string;
  /** `a`…`j`, `ms1`…`ms5`, or a failure's name. */
  readonly question: string;
  /** The claim, in one sentence. */
  readonly claim: string;
  readonly system: System;
  readonly variant: "handout" | "fixed";
  /** The link ordering mode, where it matters (null: the scenario's default). */
  readonly mode: "process-pair" | "node-pair" | "none" | null;
  readonly scenario: string;
  /** The check's name in the scenario's results. */
  readonly check: string;
  /** Extra `--set` pairs (system, ordering and variant are added from the fields above). */
  readonly sets?: readonly (readonly [string, string])[];
  /** Seeds per report seed, for a claim whose frequency is the point (default 1). */
  readonly seedFactor?: number;
}

/** A settled claim, in the shape of `reports/claims.json`. */
export interface ClaimResult {
  readonly id: string;
  readonly question: string;
  readonly system: System;
  readonly variant: "handout" | "fixed";
  readonly mode: string | null;
  readonly claim: string;
  readonly verdict: "holds" | "violated";
  readonly runs: number;
  /** Runs in which the check had nothing to judge (counted in `runs`). */
  readonly vacuous: number;
  readonly violatedRuns: number;
  /** Settled by exhaustive search of a small configuration (`runs` counts its interleavings). */
  readonly exhaustive: boolean;
  /** For an exhaustive claim: the configuration and the bounds it holds within. */
  readonly bounds?: string;
  /** For an exhaustive claim: the `chatty-sim explore` command that makes its search again (strategy and bounds included). */
  readonly search?: string;
  readonly counterexample: null | { readonly command: string; readonly trace: string; readonly summary: string; readonly evidence: readonly string[] };
}

/** The `--set` pairs a claim runs with. */
export function claimSets(c: ClaimSpec): [string, string][] {
  const sc = findScenario(c.scenario);
  const out: [string, string][] = [];
  if (sc.params.some((p) => p.name === "system") && (c.system === "server" || c.system === "server2")) out.push(["system", c.system]);
  if (c.mode !== null) out.push(["ordering", c.mode]);
  if (c.variant !== "handout") out.push(["variant", c.variant]);
  for (const s of c.sets ?? []) out.push([s[0], s[1]]);
  return out;
}

/** Runs a claim over seeds `1..seeds` and settles it. */
export function settle(c: ClaimSpec, reportSeeds: number, onRun?: (r: ScenarioResult) => void): ClaimResult {
  const seeds = reportSeeds * (c.seedFactor ?? 1);
  const scenario = findScenario(c.scenario);
  const sets = claimSets(c);
  parseParams(scenario.params, sets);
  let vacuous = 0;
  let violated = 0;
  let first: { seed: number; r: ScenarioResult } | null = null;
  for (let seed = 1; seed <= seeds; seed++) {
    const r = runScenario(scenario, seed, sets);
    onRun?.(r);
    const v = r.checks.find((x) => x.check === c.check);
    if (v === undefined) throw new Error(`claim ${c.id}: scenario ${c.scenario} has no check ${c.check}`);
    const s: Status = v.status;
    if (s === "vacuous") vacuous++;
    if (s === "violated") {
      violated++;
      first ??= { seed, r };
    }
  }
  let counterexample: ClaimResult["counterexample"] = null;
  if (first !== null) {
    const v = first.r.checks.find((x) => x.check === c.check)!;
    counterexample = {
      command: replayCommand(scenario, first.seed, parseParams(scenario.params, sets)),
      trace: first.r.traceHash,
      summary: v.summary,
      evidence: v.evidence.map((e) => e.text),
    };
  }
  return {
    id: c.id,
    question: c.question,
    system: c.system,
    variant: c.variant,
    mode: c.mode,
    claim: c.claim,
    verdict: violated > 0 ? "violated" : "holds",
    runs: seeds,
    vacuous,
    violatedRuns: violated,
    exhaustive: false,
    counterexample,
  };
}

/** Searches already done in this process: the search is deterministic, and the report is generated more than once by its tests. */
const explored = new Map<string, SmallSearch>();

/** A small configuration's search in one ordering mode, with the strategy that settled it. */
export interface SmallSearch {
  readonly result: SearchResult;
  readonly strategy: "bfs" | "dfs";
  /** The search's `--set` pairs: the world and the ordering mode. */
  readonly sets: readonly (readonly [string, string])[];
}

/**
 * The exhaustive search of a small configuration in one ordering mode (memoized): BFS within
 * `SMALL_BOUNDS.bfsRuns`, so that a violation found is the shortest; past that, DFS.
 */
export function exploreSmall(c: SmallConfig, mode: SmallMode, extra: readonly (readonly [string, string])[] = []): SmallSearch {
  const key = `${c.world} ${c.check} ${mode}${extra.map(([k, v]) => ` ${k}=${v}`).join("")}`;
  let r = explored.get(key);
  if (r === undefined) {
    const sets = [["world", c.world], ["ordering", mode], ...extra] as const;
    const world = findScenario("world");
    const base = { maxDepth: SMALL_BOUNDS.maxDepth, checks: [c.check] };
    const bfs = search(world, sets, { ...base, strategy: "bfs", maxRuns: SMALL_BOUNDS.bfsRuns });
    r = bfs.stop !== "max-runs" ? { result: bfs, strategy: "bfs", sets } : { result: search(world, sets, { ...base, strategy: "dfs", maxRuns: SMALL_BOUNDS.maxRuns }), strategy: "dfs", sets };
    explored.set(key, r);
  }
  return r;
}

/** Settles a small configuration's claim in one ordering mode by exhaustive search (`extra`: more `--set` pairs, e.g. a role's code). */
export function settleExhaustive(c: SmallConfig, mode: SmallMode, extra: readonly (readonly [string, string])[] = []): ClaimResult {
  const { result: r, strategy, sets } = exploreSmall(c, mode, extra);
  const v = r.checks[0]!;
  const cx = v.counterexample;
  const how = strategy === "bfs" ? "breadth-first, so the counterexample is the shortest" : `depth-first (breadth-first did not settle it in ${SMALL_BOUNDS.bfsRuns} runs)`;
  const maxRuns = strategy === "bfs" ? SMALL_BOUNDS.bfsRuns : SMALL_BOUNDS.maxRuns;
  const search = ["chatty-sim explore world", ...sets.map(([k, v]) => `--set ${k}=${v}`), `--check ${c.check}`, `--strategy ${strategy}`, `--max-depth ${SMALL_BOUNDS.maxDepth}`, `--max-runs ${maxRuns}`].join(" ");
  return {
    id: c.id,
    question: c.question,
    system: c.system,
    variant: "handout",
    mode,
    claim: c.claim,
    verdict: v.status,
    runs: v.runs,
    vacuous: v.vacuous,
    violatedRuns: cx === null ? 0 : 1,
    // A search cut short by its run budget settles nothing: it is a sample of interleavings.
    exhaustive: v.status === "violated" || r.exhausted,
    bounds: `${c.about} (world ${c.world}); searched ${how}; ${boundsText(r, { maxDepth: SMALL_BOUNDS.maxDepth, maxRuns })}`,
    search,
    counterexample:
      cx === null
        ? null
        : { command: exploreCommand(findScenario("world"), sets, cx.choices), trace: cx.result.traceHash, summary: cx.verdict.summary, evidence: cx.verdict.evidence.map((e) => e.text) },
  };
}

const MODES = SMALL_MODES;

/** The TheyChat scenarios that fail one part and check the recovery (each also run as the baseline without backup). */
const THEYCHAT_FAILURES = ["theychat-router-crash", "theychat-router-monitor-crash", "theychat-server-crash", "theychat-server-monitor-crash", "theychat-server-vm-crash", "theychat-router-vm-crash"] as const;

/** An ordering mode a small configuration is explored in. */
export type SmallMode = (typeof SMALL_MODES)[number];
const SYSTEMS = ["server", "server2"] as const;

/** One spec per system and ordering mode. */
function perSystemAndMode(base: Omit<ClaimSpec, "system" | "mode" | "variant">): ClaimSpec[] {
  return SYSTEMS.flatMap((system) => MODES.map((mode) => ({ ...base, system, mode, variant: "handout" as const })));
}

/** One spec per variant of one system. */
function perVariant(base: Omit<ClaimSpec, "variant">): ClaimSpec[] {
  return (["handout", "fixed"] as const).map((variant) => ({ ...base, variant }));
}

/** Every claim the report settles, in report order. */
export const CLAIMS: readonly ClaimSpec[] = [
  ...perVariant({ id: "ms1-everyone-sees-everything", question: "ms1", claim: "Three clients on one server each see every line, once.", system: "server", mode: null, scenario: "ms1", check: "completeness" }),
  ...perVariant({ id: "ms4-everyone-sees-everything", question: "ms4", claim: "With three server2 servers every client sees every line.", system: "server2", mode: null, scenario: "ms4", check: "completeness" }),
  ...perVariant({ id: "q-b-clients-notified-on-disconnect", question: "b", claim: "When the server disconnects, its clients are told.", system: "server", mode: null, scenario: "q-b", check: "clients-notified-on-disconnect" }),
  ...perSystemAndMode({ id: "q-c-fifo-single-sender", question: "c", claim: "Every client gets one client's lines in the order that client sent them.", scenario: "q-c", check: "fifo" }),
  ...SYSTEMS.map((system) => ({ id: "q-d-issue-order", question: "d", claim: "Every client gets lines from several senders in the order they were issued.", system, mode: "process-pair" as const, variant: "handout" as const, scenario: "q-d", check: "issue-order" })),
  ...perSystemAndMode({ id: "q-d-same-order-everywhere", question: "d", claim: "All clients see all lines in one common order.", scenario: "q-d", check: "total-order" }),
  ...perSystemAndMode({ id: "q-e-reply-after-original", question: "e", claim: "No client sees a reply before the message it answers.", scenario: "q-e", check: "reply-order" }),
  {
    id: "q-e-reply-after-original-default-network",
    question: "e",
    claim: "Without the slow 400 ms route (every link the default WAN), no client sees a reply before the message it answers.",
    system: "server2",
    variant: "handout",
    mode: "process-pair",
    scenario: "q-e",
    check: "reply-order",
    sets: [["slowRoute", "0"]],
    // How often it happens on the default network is the point: more seeds, for a tighter bound.
    seedFactor: 10,
  },
  ...MODES.map((mode) => ({ id: "q-f-join-during-broadcast", question: "f", claim: "A client that joins while lines are being broadcast receives exactly the lines the server handles after its join request.", system: "server" as const, variant: "handout" as const, mode, scenario: "q-f", check: "join-during-broadcast" })),
  ...MODES.map((mode) => ({ id: "q-f-leave-during-broadcast", question: "f", claim: "A client that leaves while lines are being broadcast receives exactly the lines the server handles before its leave request.", system: "server" as const, variant: "handout" as const, mode, scenario: "q-f", check: "leave-during-broadcast" })),
  ...perVariant({ id: "q-g-clients-notified-on-server-leave", question: "g", claim: "When a server2 server disconnects, its clients are told.", system: "server2", mode: null, scenario: "q-g", check: "clients-notified-on-server-leave" }),
  ...MODES.map((mode) => ({ id: "q-h-fifo-single-sender", question: "h", claim: "(c) on server2: one client's lines arrive in the order sent.", system: "server2" as const, variant: "handout" as const, mode, scenario: "q-h", check: "fifo" })),
  ...MODES.map((mode) => ({ id: "q-h-same-order-everywhere", question: "h", claim: "(d) on server2: all clients see one common order.", system: "server2" as const, variant: "handout" as const, mode, scenario: "q-h", check: "total-order" })),
  ...MODES.map((mode) => ({ id: "q-h-reply-after-original", question: "h", claim: "(e) on server2: no client sees a reply before its original.", system: "server2" as const, variant: "handout" as const, mode, scenario: "q-h", check: "reply-order" })),
  ...perVariant({ id: "q-i-server-lists-agree", question: "i", claim: "After concurrent joins and leaves, the live servers agree on the server list.", system: "server2", mode: null, scenario: "q-i", check: "membership" }),
  ...perVariant({ id: "unsupported-message-server-survives", question: "unsupported-message", claim: "A stray message does not stop the server.", system: "server", mode: null, scenario: "unsupported-message", check: "server-survives" }),
  ...perVariant({ id: "server2-unsupported-message-clients-survive", question: "server2-unsupported-message", claim: "A stray message to a server2 server leaves its clients running.", system: "server2", mode: null, scenario: "server2-unsupported-message", check: "clients-survive" }),
  ...perVariant({ id: "server-restart-told", question: "server-restart", claim: "When the server crashes, its clients are told.", system: "server", mode: null, scenario: "server-restart", check: "clients-told-of-crash" }),
  ...perVariant({ id: "server-restart-resumes", question: "server-restart", claim: "After the server is started again, clients that do not join again chat with each other again.", system: "server", mode: null, scenario: "server-restart", check: "chat-resumes-without-rejoin" }),
  ...perVariant({ id: "server-restart-rejoined-chat", question: "server-restart", claim: "Clients that join the restarted server again chat with each other.", system: "server", mode: null, scenario: "server-restart", check: "rejoined-clients-chat" }),
  { id: "fault-tolerance-others-chat", question: "j", claim: "When one server2 server's VM dies, the users of the other servers still chat with each other.", system: "server2", variant: "handout", mode: null, scenario: "fault-tolerance", check: "others-chat-during", sets: [["failure", "node-crash"]] },
  { id: "fault-tolerance-partition-reach", question: "j", claim: "While one server2 server and its users are cut off from the others, every user still reaches every other.", system: "server2", variant: "handout", mode: null, scenario: "fault-tolerance", check: "reach-during", sets: [["failure", "partition"]] },
  ...perVariant({ id: "q-g-leaves-shown", question: "g", claim: "When a server2 server disconnects, the other clients are shown its clients leaving.", system: "server2", mode: null, scenario: "q-g", check: "leaves-shown" }),
  ...perVariant({ id: "server-crash-clients-notified", question: "server-crash", claim: "When the server's node crashes, its clients find out.", system: "server", mode: null, scenario: "server-crash", check: "clients-notified-on-crash" }),
  ...perVariant({ id: "rejoin-server-lists-agree", question: "rejoin-after-crash", claim: "After a server2 node crashes and rejoins, the server lists name exactly the live servers.", system: "server2", mode: null, scenario: "rejoin-after-crash", check: "membership" }),
  ...THEYCHAT_FAILURES.flatMap((scenario): ClaimSpec[] => {
    const tc = (id: string, claim: string, check: string, baseline = false): ClaimSpec => ({ id: `${scenario}-${baseline ? "baseline-" : ""}${id}`, question: scenario, claim: baseline ? `Baseline without state backup: ${claim[0]!.toLowerCase()}${claim.slice(1)}` : claim, system: "theychat", variant: "handout", mode: null, scenario, check, ...(baseline ? { sets: [["backup", "no"]] as const } : {}) });
    return [
      tc("resumes", "After the failure, every line typed reaches every client in the topic.", "liveness"),
      tc("no-rejoin", "No client has to join again.", "no-rejoin"),
      tc("late-join", "A client joining after the recovery gets in.", "all-joined"),
      tc("during-recovery", "A line typed while the system recovers reaches the others.", "lines-during-recovery"),
      tc("resumes", "After the failure, every line typed reaches every client in the topic.", "liveness", true),
      tc("late-join", "A client joining after the recovery gets in.", "all-joined", true),
    ];
  }),
  { id: "theychat-client-crash-removed", question: "theychat-client-crash", claim: "A crashed client is noticed and nothing more is sent to it.", system: "theychat", variant: "handout", mode: null, scenario: "theychat-client-crash", check: "dead-client-removed" },
  { id: "theychat-topics-isolated", question: "theychat-topics", claim: "A client sees only the lines of the topics it joined, even while another topic recovers.", system: "theychat", variant: "handout", mode: null, scenario: "theychat-topics", check: "topics-isolated" },
  { id: "idle-user-kicked", question: "idle", claim: "A user idle for longer than the maximum is disconnected.", system: "idle", variant: "handout", mode: null, scenario: "idle-timeout", check: "idle-user-kicked" },
  { id: "idle-others-told", question: "idle", claim: "The others are told when an idle user is disconnected.", system: "idle", variant: "handout", mode: null, scenario: "idle-timeout", check: "others-told" },
  { id: "idle-active-kept", question: "idle", claim: "A user who keeps talking is never disconnected.", system: "idle", variant: "handout", mode: null, scenario: "idle-timeout", check: "active-users-kept" },
  { id: "idle-pseudonyms-asked-again", question: "idle", claim: "Each invalid or taken pseudonym is refused with its reason and asked again.", system: "idle", variant: "handout", mode: null, scenario: "pseudonym-validation", check: "refused-and-asked-again" },
  { id: "partition-recovers", question: "partition", claim: "After a partition heals, every line reaches every client again.", system: "server2", variant: "handout", mode: null, scenario: "partition", check: "liveness" },
  { id: "partition-short-cut-loses-nothing", question: "partition", claim: "A 1 s cut, shorter than net_ticktime (60 s), loses no line: what reached the cut arrives at the heal.", system: "server2", variant: "handout", mode: null, scenario: "partition", check: "completeness" },
  { id: "partition-long-cut-loses-nothing", question: "partition", claim: "A 90 s cut, longer than net_ticktime (60 s), loses no line either.", system: "server2", variant: "handout", mode: null, scenario: "partition", check: "completeness", sets: [["cut", "90s"]] },
];
