/**
 * The plain answer a question's page opens with: one paragraph in plain words, each sentence
 * chosen by the verdict of the claim it rests on (a holding claim's wording or a violated
 * one's), followed by how that verdict was established. The wording is data; which wording
 * appears is always computed from the runs.
 */
import { formatTime } from "../sim/index.js";
import type { ClaimResult, System } from "./claims.js";
import { kneeOf, type ScalePoint } from "./scale.js";

/** One sentence of an answer: the claim it rests on and its wording either way. */
interface Fact {
  /** Claim ids, best first: an exhaustive claim's id before the seed claim it settles. */
  readonly ids: readonly string[];
  readonly system: System;
  readonly mode: "process-pair" | "node-pair" | "none" | null;
  readonly variant?: "handout" | "fixed";
  readonly holds: string;
  readonly violated: string;
  /** Also give the chance per run that its seeds support (a frequency claim). */
  readonly chance?: boolean;
}

/** An answer: facts, or the scalability sweep's knee for one system. */
type Answer = { readonly kind: "facts"; readonly facts: readonly Fact[] } | { readonly kind: "knee"; readonly system: "server" | "server2" };

const fact = (ids: readonly string[], system: System, mode: Fact["mode"], holds: string, violated: string, variant: Fact["variant"] = "handout", chance = false): Fact => ({ ids, system, mode, variant, holds, violated, chance });

/** The answers, by page file. */
const ANSWERS: Readonly<Record<string, Answer>> = {
  "q-a": { kind: "knee", system: "server" },
  "q-b": {
    kind: "facts",
    facts: [
      fact(["q-b-clients-notified-on-disconnect"], "server", null, "When the handout's server disconnects, its clients are told", "When the handout's server disconnects, its clients are not told: they go on typing into nothing"),
      fact(["q-b-clients-notified-on-disconnect"], "server", null, "the fixed server tells them", "even the fixed server does not tell them", "fixed"),
    ],
  },
  "q-c": {
    kind: "facts",
    facts: [
      fact(["x-fifo-single-sender", "q-c-fifo-single-sender"], "server", "process-pair", "Yes: with Erlang's guarantee (messages between two processes arrive in the order sent) every client gets one client's lines in the order that client typed them", "No: even with Erlang's guarantee a client can get one client's lines out of order"),
      fact(["x-fifo-single-sender", "q-c-fifo-single-sender"], "server", "none", "without any ordering guarantee (datagrams) they would still arrive in order", "without that guarantee (datagrams) they can arrive out of order, so it is Erlang's guarantee that keeps the order"),
    ],
  },
  "q-d": {
    kind: "facts",
    facts: [
      fact(["q-d-issue-order"], "server", "process-pair", "Lines typed at about the same time by different clients arrive in the order they were typed", "No: lines typed at about the same time by different clients can arrive in another order than they were typed, since they race to the server"),
      fact(["x-same-order-everywhere", "q-d-same-order-everywhere"], "server", "process-pair", "but with one server every client sees them in one common order, the order the server took them", "and clients do not even agree on one order"),
      fact(["x-same-order-everywhere", "q-d-same-order-everywhere"], "server2", "process-pair", "with server2 the clients still agree on one order", "with server2 they no longer agree on one order"),
    ],
  },
  "q-e": {
    kind: "facts",
    facts: [
      fact(["x-reply-after-original", "q-e-reply-after-original"], "server", "process-pair", "With one server no client sees a reply before the message it answers: the server sends the original to everyone before the reply can reach it", "Even with one server a client can see a reply before the message it answers"),
      fact(["x-reply-after-original", "q-e-reply-after-original"], "server", "none", "without ordering guarantees that would still hold", "without ordering guarantees it breaks: the reply can overtake the original on the server's link"),
      fact(["x-causal-order", "q-e-reply-after-original"], "server2", "process-pair", "with server2 it still holds", "with server2 it breaks: the reply can take a shorter way between servers than the original"),
      fact(["q-e-reply-after-original-default-network"], "server2", "process-pair", "on the WAN run every seed breaks it only because one route between servers is fixed at 400 ms: with that route like the others (the default network) no seed sampled broke it", "on the WAN run every seed breaks it because one route between servers is fixed at 400 ms; with that route like the others (the default network) it still happens, in the share of seeds given", "handout", true),
    ],
  },
  "q-f": {
    kind: "facts",
    facts: [
      fact(["x-join-during-broadcast", "q-f-join-during-broadcast"], "server", "process-pair", "A client that joins during a broadcast gets exactly the lines the server handles after its join request, so it misses the line being broadcast", "A client that joins during a broadcast does not reliably get the lines the server handles after its join request"),
      fact(["x-leave-during-broadcast", "q-f-leave-during-broadcast"], "server", "process-pair", "one that leaves still gets every line the server handled before its leave request, the one being broadcast included", "one that leaves can miss a line the server handled before its leave request"),
      fact(["x-leave-during-broadcast", "q-f-leave-during-broadcast"], "server", "none", "without ordering guarantees that would still hold", "without ordering guarantees the server's exit message can overtake a line on its way, and the leaver misses it"),
    ],
  },
  "q-g": {
    kind: "facts",
    facts: [
      fact(["q-g-clients-notified-on-server-leave"], "server2", null, "When a handout server2 server disconnects, its clients are told", "When a handout server2 server disconnects, the other servers chat on but its own clients are not told, and their lines vanish"),
      fact(["q-g-clients-notified-on-server-leave"], "server2", null, "the fixed server2 tells them", "even the fixed server2 does not tell them", "fixed"),
    ],
  },
  "q-h": {
    kind: "facts",
    facts: [
      fact(["x-fifo-single-sender", "q-h-fifo-single-sender"], "server2", "process-pair", "With server2, (c) still holds: one client's lines arrive in the order sent", "With server2, (c) no longer holds: one client's lines can arrive out of order"),
      fact(["x-same-order-everywhere", "q-h-same-order-everywhere"], "server2", "process-pair", "(d)'s common order survives", "(d)'s common order is lost: each server relays in the order it receives, so clients on different servers see different orders"),
      fact(["x-causal-order", "q-h-reply-after-original"], "server2", "process-pair", "(e) still holds", "(e) breaks: a reply can reach a client before the message it answers"),
    ],
  },
  "q-i": {
    kind: "facts",
    facts: [
      fact(["x-server-lists-agree-concurrent"], "server2", "process-pair", "Servers that join through one server at the same time end up agreeing on the server list", "Servers that join through one server at the same time can end up with different server lists"),
      fact(["x-server-lists-agree-through-joining"], "server2", "process-pair", "a server that joins through one still joining is listed correctly too", "a server that joins through one still joining gets that server's incomplete list, and the lists disagree"),
      fact(["x-server-lists-agree-join-leave"], "server2", "process-pair", "and a server leaving while another joins leaves the lists in agreement", "and when a server leaves while another joins, the updates cross and the lists disagree"),
    ],
  },
  "q-j": { kind: "knee", system: "server2" },
  "server-restart": {
    kind: "facts",
    facts: [
      fact(["server-restart-told"], "server", null, "When the single server crashes, its clients are told", "When the single server crashes, nobody tells its clients"),
      fact(["server-restart-resumes"], "server", null, "once it is started again they chat on without joining again", "once it is started again, clients that do not join again see nothing at all, not even their own lines (their lines still reach whoever joined again): they have to join again"),
      fact(["server-restart-rejoined-chat"], "server", null, "clients that do join again chat normally", "even clients that join again do not chat"),
      fact(["server-restart-resumes"], "server", null, "with the fixed client the chat resumes by itself", "the fixed client sees the server go and stops, so it too must be started again", "fixed"),
    ],
  },
  "server2-unsupported-message": {
    kind: "facts",
    facts: [
      fact(["server2-unsupported-message-clients-survive"], "server2", null, "A stray message to a server2 server leaves its clients running", "A stray message to a server2 server is relayed to that server's clients, and the handout client's catch-all ends each of them: they see nothing more, while the server and the other servers' clients go on"),
      fact(["server2-unsupported-message-clients-survive"], "server2", null, "the fixed code prints it and goes on", "even the fixed code loses its clients", "fixed"),
    ],
  },
  ...Object.fromEntries(
    (
      [
        ["theychat-router-crash", "the router crashes"],
        ["theychat-router-monitor-crash", "the router monitor and then the router crash"],
        ["theychat-server-crash", "the chat server crashes"],
        ["theychat-server-monitor-crash", "the server monitor crashes"],
        ["theychat-server-vm-crash", "the chat server's whole VM crashes"],
        ["theychat-router-vm-crash", "the router's whole VM crashes"],
      ] as const
    ).map(([page, what]): [string, Answer] => [page, theyChatAnswer(page, what)]),
  ),
};

/** A TheyChat failure's answer: the recovery, a line typed during it, and the baseline without backup. */
function theyChatAnswer(page: string, what: string): Answer {
  return {
    kind: "facts",
    facts: [
      fact([`${page}-resumes`], "theychat", null, `After ${what}, TheyChat recovers: lines typed afterwards reach every client, and nobody joins again`, `After ${what}, lines typed afterwards do not all reach every client`),
      fact([`${page}-during-recovery`], "theychat", null, "a line typed while it recovers gets through too", "but a line typed in the moment before the restarted chat's new pid reaches its sender goes to the dead chat and is lost, silently: the client does not send it again"),
      fact([`${page}-late-join`], "theychat", null, "a client joining afterwards gets in", "a client joining afterwards does not get in"),
      fact([`${page}-baseline-resumes`], "theychat", null, "the baseline without state backup also keeps the chat going here, so this part of the recovery does not rest on the backup", "the baseline without state backup does not: its restarted chat knows no clients, so the backed-up client list is what makes the recovery"),
      fact([`${page}-baseline-late-join`], "theychat", null, "in the baseline a client joining afterwards still gets in", "in the baseline a client joining afterwards never gets in: the restarted router knows no topics, so the backed-up table is what keeps joins working"),
    ],
  };
}

/** How a verdict was established, in words: sampled seeds, or exhaustive within bounds. */
export function established(r: ClaimResult): string {
  // Runs that gave the claim nothing to judge are said, and not counted as support.
  const vac = r.vacuous > 0 ? `; vacuous in ${r.vacuous}: nothing to judge` : "";
  if (r.bounds !== undefined) {
    if (r.verdict === "violated") return "exhaustive search found a counterexample";
    return r.exhaustive ? `exhaustive: every interleaving within bounds, ${r.runs} judged${vac}` : `sampled: ${r.runs} interleavings judged before the search was cut short${vac}, not a proof`;
  }
  if (r.verdict === "violated") return `${r.violatedRuns} of ${r.runs} seeds${vac}`;
  return r.vacuous === 0 ? `sampled: held in all ${r.runs} seeds, not a proof` : `sampled: held in all ${r.runs - r.vacuous} of ${r.runs} seeds that had something to judge${vac}, not a proof`;
}

/**
 * What a claim's seeds say of its chance of breaking in one run: the share that broke, or,
 * when none did, the 95% upper bound 3/n (the rule of three). Only the runs that had
 * something to judge count (a vacuous run neither broke the claim nor kept it), and the
 * wording says so when some were vacuous.
 */
export function chanceOf(r: ClaimResult): string {
  const judged = r.runs - r.vacuous;
  if (judged <= 0) return "no run had something to judge, so nothing is said of its chance";
  const only = r.vacuous > 0;
  return r.violatedRuns === 0
    ? `so its chance per run${only ? `, counting only the ${judged} runs that had something to judge,` : ""} is below ${((3 / judged) * 100).toFixed(1)}% at 95% confidence (rule of three)`
    : `about ${((r.violatedRuns / judged) * 100).toFixed(1)}% of ${only ? `the ${judged} runs that had something to judge` : "runs"}`;
}

/** The first of `ids` settled for this system, ordering mode and variant. */
export function resultFor(ids: readonly string[], system: System, mode: Fact["mode"], variant: "handout" | "fixed", results: readonly ClaimResult[]): ClaimResult | undefined {
  for (const id of ids) {
    const r = results.find((x) => x.id === id && x.system === system && x.mode === mode && x.variant === variant);
    if (r !== undefined) return r;
  }
  return undefined;
}

/** The claim a fact rests on: the first of its ids that was settled. */
function resultOf(f: Fact, results: readonly ClaimResult[]): ClaimResult | undefined {
  return resultFor(f.ids, f.system, f.mode, f.variant ?? "handout", results);
}

/** "keeps up with N clients and ", N the largest load measured below the knee `k` (nothing when `k` is the first). */
function keptUp(mine: readonly ScalePoint[], k: ScalePoint): string {
  const below = mine[mine.indexOf(k) - 1];
  return below === undefined ? "" : `keeps up with ${below.clients} clients and `;
}

/** The plain answer of a page, or null when it has none. */
export function plainAnswer(file: string, results: readonly ClaimResult[], scale: readonly ScalePoint[]): string | null {
  const a = ANSWERS[file];
  if (a === undefined) return null;
  if (a.kind === "knee") {
    const mine = scale.filter((p) => p.system === a.system);
    if (mine.length === 0) return null;
    const k = kneeOf(scale, a.system);
    const name = a.system === "server" ? "The central server" : "server2 (three servers)";
    return k === null
      ? `${name} keeps up with every load measured, up to ${mine.at(-1)!.clients} clients: latency stays flat. This rests on the model's assumed cost per message (see below), so read it as where the limit lies under that assumption, not as a measurement of Erlang.`
      : `${name} ${keptUp(mine, k)}falls behind by ${k.clients} clients: there a line costs more work than the ${formatTime(k.interval)} between lines and latency climbs without bound. Where that knee lies follows from the model's assumed cost per message (see below), so read it as where the limit lies under that assumption, not as a measurement of Erlang.`;
  }
  const sentences: string[] = [];
  for (const f of a.facts) {
    const r = resultOf(f, results);
    if (r === undefined) continue;
    sentences.push(`${r.verdict === "holds" ? f.holds : f.violated} (${established(r)}${f.chance === true ? `; ${chanceOf(r)}` : ""})`);
  }
  if (sentences.length === 0) return null;
  return `${sentences.join("; ")}.`;
}
