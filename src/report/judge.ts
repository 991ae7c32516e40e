/**
 * Grading a student answer against the runs: agreed, contradicted, partly right or not
 * measured, with the reason and the commands of the runs the judgement rests on. An answer
 * is agreed only when both its claim and, where it gives one that a run can test, its
 * reasoning agree with the verdicts; an answer whose claim some run measures is judged, never
 * left "not measured".
 */
import { findScenario } from "../scenarios/index.js";
import { formatTime } from "../sim/index.js";
import { resultFor } from "./answers.js";
import { CLAIMS, claimSets, type ClaimResult } from "./claims.js";
import { kneeOf, type ScalePoint } from "./scale.js";
import type { StudentAnswer } from "./students.js";

/** A judgement: the outcome, why, and the runs behind it. */
export interface Judgement {
  readonly outcome: "agreed" | "contradicted" | "partly right" | "not measured";
  readonly reason: string;
  /** Commands that reproduce the runs it rests on: a counterexample, a sweep or an exploration. */
  readonly runs: readonly string[];
}

/** The command behind a claim's verdict: its counterexample, else the sweep or the exploration that held. */
export function claimCommand(r: ClaimResult): string {
  if (r.counterexample !== null) return r.counterexample.command;
  if (r.search !== undefined) return r.search;
  const spec = CLAIMS.find((c) => c.id === r.id && c.system === r.system && c.variant === r.variant && c.mode === r.mode)!;
  return ["chatty-sim sweep", findScenario(spec.scenario).name, `--seeds 1..${r.runs}`, ...claimSets(spec).map(([k, v]) => `--set ${k}=${v}`)].join(" ");
}

/** What a student answer's `says` means as a verdict of our claim, or null for "depends". */
function expectedVerdict(a: StudentAnswer): "holds" | "violated" | null {
  // Our claim is the negation of the student's: "a partition isolates the clients" is
  // measured by "every user still reaches every other across the cut".
  const negated = a.claim === "partition-isolates-clients";
  switch (a.says) {
    case "holds":
      return negated ? "violated" : "holds";
    case "violated":
      return negated ? "holds" : "violated";
    // Our (f) claims say "never receives": a report saying "receives" says they are violated.
    case "receives":
      return "violated";
    case "does-not-receive":
      return "holds";
    default:
      return null;
  }
}

const quoteClaim = (r: ClaimResult): string => `“${r.claim.replace(/\.$/, "")}”`;

/** A scalability answer, against the sweep. */
function judgeScale(a: StudentAnswer & { claim: "scales" }, scale: readonly ScalePoint[]): Judgement {
  const mine = scale.filter((p) => p.system === a.system);
  const knee = kneeOf(scale, a.system);
  const scenario = a.system === "server" ? "q-a" : "q-j";
  const runs = [`chatty-sim run ${scenario} --set clients=${knee?.clients ?? mine.at(-1)?.clients ?? 10}`];
  const measured = knee === null ? "yes" : "no";
  const reason = knee === null ? `no knee up to ${mine.at(-1)?.clients ?? 0} clients` : `latency climbs from ${knee.clients} clients, when a line costs the server more than the ${formatTime(knee.interval)} between lines`;
  if (a.says === "depends") return { outcome: "partly right", reason: `it does depend on the number of clients: ${reason}`, runs };
  const last = mine.at(-1);
  if (a.system === "server2" && a.says === "yes" && measured === "yes" && last !== undefined) {
    // More servers share the relaying; they do not remove it: every line still reaches every server and every client.
    return { outcome: "partly right", reason: `${reason}, but each line still costs ${last.messagesPerLine.toFixed(0)} messages at ${last.clients} clients and joining ${last.joinMessages}: the work grows with the clients as on one server, it is only shared`, runs };
  }
  return { outcome: a.says === measured ? "agreed" : "contradicted", reason, runs };
}

/** The reasoning an answer gives, where a run can test it; null when it stands. */
function reasoningFails(a: StudentAnswer, results: readonly ClaimResult[]): { reason: string; runs: string[] } | null {
  switch (a.reasoning) {
    case undefined:
      return null;
    case "one-request-at-a-time": {
      // The server does handle one request at a time in every ordering mode; if the claim
      // breaks without ordering guarantees, that is not what keeps it.
      const none = resultFor(["x-reply-after-original", "q-e-reply-after-original"], a.system, "none", "handout", results);
      if (none === undefined || none.verdict === "holds") return null;
      return {
        reason: `but one request at a time is not why: without ordering guarantees the server still takes one request at a time, and ${quoteClaim(none)} is violated (${none.bounds === undefined ? "sampled seeds" : "exhaustive search"}): the reply overtakes the original on the server's link to the third client. It holds because Erlang keeps the messages between two processes in order`,
        runs: [claimCommand(none)],
      };
    }
    case "no-shared-clock": {
      // Each server relays in the order it receives: one client's lines keep their order on server2.
      const fifo = resultFor(["x-fifo-single-sender", "q-h-fifo-single-sender"], a.system, "process-pair", "handout", results);
      if (fifo === undefined || fifo.verdict !== "holds") return null;
      return {
        reason: `but not for the reason given: each server relays what it receives in the order it receives it (${quoteClaim(fifo)} holds), and no clock is consulted on one server either; a reply overtakes its original because the two come by different routes, from different servers`,
        runs: [claimCommand(fifo)],
      };
    }
  }
}

/** Agreed, contradicted, partly right or not measured, with the reason and its runs. */
export function judgeAnswer(a: StudentAnswer, results: readonly ClaimResult[], scale: readonly ScalePoint[]): Judgement {
  if (a.claim === "scales" && a.says !== null) return judgeScale(a, scale);
  if (a.claim === "distribution-improves-order") return judgeImproves(a, results);
  // Judged under Erlang's own guarantee (process-pair FIFO; node-pair is what one TCP
  // connection gives): datagram ordering (`none`) is a counterfactual, shown but not held
  // against an answer about Erlang.
  const all = results.filter((r) => a.claimIds.includes(r.id) && r.system === a.system && r.variant === "handout");
  const rs = all.filter((r) => r.mode !== "none");
  if (rs.length === 0 || a.claim === null) return { outcome: "not measured", reason: "no claim here measures this answer", runs: [] };
  const none = all.find((r) => r.mode === "none");
  const aside = none === undefined ? "" : `; without ordering guarantees (datagrams) it ${none.verdict === "holds" ? "still holds" : "breaks"}`;
  const always = rs.every((r) => r.verdict === "holds");
  const never = rs.every((r) => r.violatedRuns === r.runs);
  const runsOf = rs.reduce((n, r) => n + r.runs, 0);
  const broken = rs.reduce((n, r) => n + r.violatedRuns, 0);
  const named = quoteClaim(rs[0]!);
  const measured = always ? `holds in all ${runsOf} runs` : never ? "is violated in every run" : `is violated in ${broken} of ${runsOf} runs`;
  const runs = [...new Set([...rs.filter((r) => r.verdict === "violated").slice(0, 1), ...(always ? rs.slice(0, 1) : [])].map(claimCommand))];
  if (a.claim === "join-during-broadcast" || a.claim === "leave-during-broadcast") {
    // Our (f) claims say which lines a joiner or leaver gets: those the server handles while it is in.
    const rule = a.claim === "join-during-broadcast" ? "after its join request" : "before its leave request";
    if (!always) return { outcome: "contradicted", reason: `the rule "it gets exactly the lines the server handles ${rule}" ${measured}`, runs };
    if (a.says === "depends") return { outcome: "agreed", reason: `it depends on the order in which the server handles the requests: it gets exactly the lines handled ${rule} (the rule ${measured}${aside})`, runs };
    // "While the server is broadcasting" means the server has already taken the line, so
    // the request is handled after it: a leaver still gets it, a joiner does not.
    const strict = a.claim === "join-during-broadcast" ? "does-not-receive" : "receives";
    const joiner = a.claim === "join-during-broadcast";
    if (a.says === strict) return { outcome: "agreed", reason: `a line the server is already broadcasting when the request arrives is handled first, so the ${joiner ? "joiner misses" : "leaver still gets"} it (the rule ${measured}${aside})`, runs };
    // Asked about a request arriving mid-broadcast (the current handout's (f)), the other answer is wrong;
    // asked only whether timing matters (2012), it is right for a request handled before the line.
    const midBroadcast = a.asked?.text.includes("while the server is broadcasting") === true;
    return midBroadcast
      ? { outcome: "contradicted", reason: `a ${joiner ? "client joining" : "client leaving"} while the server is broadcasting a line is handled after that line, so it ${joiner ? "does not get it: it is not yet in the list the server broadcasts to" : "still gets it"} (the rule ${measured}${aside})`, runs }
      : { outcome: "partly right", reason: `only when the server handles the ${joiner ? "join" : "leave"} before the line, i.e. not while broadcasting it (the rule ${measured}${aside})`, runs };
  }
  const want = expectedVerdict(a);
  if (want === null) return !always && !never ? { outcome: "agreed", reason: `it depends: ${named} ${measured}${aside}`, runs } : { outcome: "partly right", reason: `the runs show no dependence: ${named} ${measured}${aside}`, runs };
  if (!always && !never) return { outcome: "partly right", reason: `sometimes: ${eachMeasured(rs)}${aside}`, runs: [...new Set(rs.map(claimCommand))] };
  const got = always ? "holds" : "violated";
  if (got !== want) return { outcome: "contradicted", reason: `${named} ${measured}${aside}`, runs };
  const flaw = reasoningFails(a, results);
  if (flaw !== null) return { outcome: "partly right", reason: `the conclusion agrees (${named} ${measured}), ${flaw.reason}`, runs: [...runs, ...flaw.runs] };
  return { outcome: "agreed", reason: `${named} ${measured}${aside}`, runs };
}

/** Each claim's own measure, when an answer rests on several: "“A” holds in all 30 runs; “B” is violated in 30 of 30 runs". */
function eachMeasured(rs: readonly ClaimResult[]): string {
  const ids = [...new Set(rs.map((r) => r.id))];
  return ids
    .map((id) => {
      const of = rs.filter((r) => r.id === id);
      const n = of.reduce((k, r) => k + r.runs, 0);
      const bad = of.reduce((k, r) => k + r.violatedRuns, 0);
      return `${quoteClaim(of[0]!)} ${bad === 0 ? `holds in all ${n} runs` : `is violated in ${bad} of ${n} runs`}`;
    })
    .join("; ");
}

/** "Distributing the servers may improve the order": what server2 does to each order claim that holds on one server. */
function judgeImproves(a: StudentAnswer, results: readonly ClaimResult[]): Judgement {
  const pairs = [
    { what: "one common order", server: ["x-same-order-everywhere", "q-d-same-order-everywhere"], server2: ["x-same-order-everywhere", "q-h-same-order-everywhere"] },
    { what: "no reply before its original", server: ["x-reply-after-original", "q-e-reply-after-original"], server2: ["x-causal-order", "q-h-reply-after-original"] },
  ];
  const lost: string[] = [];
  const runs: string[] = [];
  for (const p of pairs) {
    const one = resultFor(p.server, "server", "process-pair", "handout", results);
    const two = resultFor(p.server2, "server2", "process-pair", "handout", results);
    if (one === undefined || two === undefined) continue;
    if (one.verdict === "holds" && two.verdict === "violated") {
      lost.push(p.what);
      runs.push(claimCommand(two));
    }
  }
  if (lost.length === 0) return { outcome: "not measured", reason: "no order claim here differs between server and server2", runs: [] };
  return a.says === "no"
    ? { outcome: "agreed", reason: `server2 loses ${lost.join(" and ")}, which hold on one server`, runs }
    : { outcome: "contradicted", reason: `server2 makes order worse, not better: ${lost.join(" and ")} hold on one server and are violated on server2`, runs };
}
