/**
 * Question (j) side by side: what each failure does to `server` and to `server2` (the
 * `fault-tolerance` scenario, one run per failure and system), and a table comparing the two
 * systems on ordering, hops, load per server, scalability, failures and membership. Every
 * cell is computed from runs or from the claims' verdicts, with the command behind it.
 */
import { MYSERVER } from "../nodes/index.js";
import { findScenario, runScenario, type ScenarioResult } from "../scenarios/index.js";
import { toldOf } from "../scenarios/customChecks.js";
import { FAULT_KINDS, FAULT_TIMES, survivorsOf, toldSpec, type FaultKind } from "../scenarios/faultTolerance.js";
import { formatTime, type Micros } from "../sim/index.js";
import { established, resultFor } from "./answers.js";
import type { ClaimResult } from "./claims.js";
import { code, md, table } from "./markdown.js";
import { kneeOf, type ScalePoint } from "./scale.js";

type Chat = "server" | "server2";
const SYSTEMS: readonly Chat[] = ["server", "server2"];

/** Who reaches whom in a window: per survivor, the others whose lines it showed. */
interface Reach {
  readonly users: readonly string[];
  readonly sees: ReadonlyMap<string, ReadonlySet<string>>;
}

function reachIn(r: ScenarioResult, users: readonly string[], from: Micros, until: number): Reach {
  const sees = new Map(users.map((u) => [u, new Set<string>()]));
  for (const u of users) {
    for (const x of r.log.receipts.get(u) ?? []) {
      const l = r.log.lines[x.line]!;
      if (l.sender !== u && users.includes(l.sender) && l.sentAt >= from && l.sentAt < until) sees.get(u)!.add(l.sender);
    }
  }
  return { users, sees };
}

/** A window's reach in words: who chats with everyone, which groups chat only among themselves, and what the rest see and reach. */
export function describeReach(x: Reach): string {
  const n = x.users.length;
  const seenBy = (u: string): string[] => x.users.filter((v) => v !== u && x.sees.get(v)!.has(u));
  const circle = (u: string): string => [...x.users.filter((v) => v === u || x.sees.get(u)!.has(v))].join(", ");
  const full = x.users.filter((u) => x.sees.get(u)!.size === n - 1 && seenBy(u).length === n - 1);
  if (full.length === n) return `all ${n} users chat with each other`;
  const parts: string[] = [];
  if (full.length > 0) parts.push(`${full.join(", ")} chat with each other`);
  const done = new Set(full);
  for (const u of x.users) {
    if (done.has(u)) continue;
    // A group that sees exactly itself, each member seen by exactly the others.
    const group = x.users.filter((v) => !done.has(v) && circle(v) === circle(u));
    const closed = group.length > 1 && circle(u) === group.join(", ") && group.every((v) => seenBy(v).length === group.length - 1);
    if (closed) {
      parts.push(`${group.join(", ")} chat only with each other`);
      for (const v of group) done.add(v);
    }
  }
  const groups = new Map<string, string[]>();
  for (const u of x.users) {
    if (done.has(u)) continue;
    const sees = x.sees.get(u)!;
    const by = seenBy(u);
    const unseen = x.users.filter((v) => v !== u && !by.includes(v));
    const what =
      sees.size === 0 && by.length === 0
        ? "see no one and reach no one"
        : sees.size === 0
          ? `see no one, though their lines still reach ${by.length} of the ${n - 1} others`
          : sees.size === n - 1
            ? `see everyone, but ${unseen.join(", ")} ${unseen.length === 1 ? "does" : "do"} not see them`
            : `see only ${[...sees].join(", ")}`;
    groups.set(what, [...(groups.get(what) ?? []), u]);
  }
  for (const [what, us] of groups) parts.push(`${us.join(", ")}: ${what}`);
  return parts.join("; ");
}

/** One failure on one system, as measured. */
export interface FaultCell {
  readonly system: Chat;
  readonly failure: FaultKind;
  readonly command: string;
  /** While the failure lasts (lines typed at 800 ms) and after it (1.8 s). */
  readonly during: string;
  readonly after: string;
  /** Ordered pairs of users (receiver, sender) where the receiver showed a line of the sender's while the failure lasted, and all pairs. */
  readonly pairs: { readonly reached: number; readonly of: number };
  /** Whether every survivor still chats with every other, while and after. */
  readonly fullDuring: boolean;
  readonly fullAfter: boolean;
  /** Of server1's surviving users whose server went away, how many were told (null: not a server failure; `clients-told`). */
  readonly told: { readonly told: number; readonly of: number } | null;
}

const memo = new Map<string, FaultCell[]>();

/** Every failure on both systems (seed 1, handout code). */
export function faultCells(): FaultCell[] {
  const hit = memo.get("all");
  if (hit !== undefined) return hit;
  const sc = findScenario("fault-tolerance");
  const out: FaultCell[] = [];
  for (const failure of FAULT_KINDS) {
    for (const system of SYSTEMS) {
      const r = runScenario(sc, 1, [["system", system], ["failure", failure]]);
      const users = survivorsOf(failure);
      const during = reachIn(r, users, FAULT_TIMES.during, FAULT_TIMES.after);
      const after = reachIn(r, users, FAULT_TIMES.after, Infinity);
      const full = (x: Reach): boolean => x.users.every((u) => x.sees.get(u)!.size === x.users.length - 1);
      const spec = toldSpec(system, failure);
      const seen = spec === null ? null : toldOf(r.records, r.screens, spec);
      const told = seen === null ? null : { told: seen.told.length, of: seen.judged.length };
      const pairs = { reached: users.reduce((k, u) => k + during.sees.get(u)!.size, 0), of: users.length * (users.length - 1) };
      out.push({ system, failure, command: r.replay, pairs, during: describeReach(during), after: describeReach(after), fullDuring: full(during), fullAfter: full(after), told });
    }
  }
  memo.set("all", out);
  return out;
}

const FAILURE_WORDS: Record<FaultKind, string> = {
  "server-crash": "the server process on server1 crashes",
  "node-crash": "server1's VM dies",
  "client-crash": "John's client crashes",
  partition: `server1 and its users cut off until ${formatTime(FAULT_TIMES.heal)}`,
  "stray-message": "a stray `hello` sent to server1",
};

/** (j)'s fault-tolerance table: each failure, what the users of each system see. */
export function renderFaults(): string[] {
  const cells = faultCells();
  const out: string[] = [];
  out.push("## Fault tolerance: each failure on `server` and on `server2`, side by side");
  out.push("");
  out.push(
    `The ${code("fault-tolerance")} scenario: ${md(findScenario("fault-tolerance").about)} Each cell is one run (seed 1, the handout's code); its command is beside it.`,
  );
  out.push("");
  const cell = (c: FaultCell): string => {
    const told = c.told === null ? "" : c.told.of === 0 ? "<br>nobody's server went away" : `<br>told their server went away: ${c.told.told} of ${c.told.of}`;
    return `lines typed while it lasts: ${md(c.during)} (${c.pairs.reached} of ${c.pairs.of} ordered pairs of users reach each other)<br>lines typed after: ${md(c.after)}${told}<br>${code(c.command)}`;
  };
  out.push(
    table(
      ["failure", "`server` (one server, six users)", "`server2` (three servers, two users each)"],
      FAULT_KINDS.map((f) => [md(FAILURE_WORDS[f]), cell(cells.find((c) => c.failure === f && c.system === "server")!), cell(cells.find((c) => c.failure === f && c.system === "server2")!)]),
    ),
  );
  out.push("");
  const of = (f: FaultKind, sys: Chat): FaultCell => cells.find((c) => c.failure === f && c.system === sys)!;
  const same = FAULT_KINDS.filter((f) => SYSTEMS.every((sys) => of(f, sys).fullDuring));
  const better = FAULT_KINDS.filter((f) => !same.includes(f) && of(f, "server2").pairs.reached > of(f, "server").pairs.reached);
  const worse = FAULT_KINDS.filter((f) => !same.includes(f) && of(f, "server2").pairs.reached < of(f, "server").pairs.reached);
  const told = cells.filter((c) => c.told !== null);
  out.push(
    [
      same.length > 0 ? `Both systems ride out ${same.map((f) => FAILURE_WORDS[f]).join("; ")}: every remaining user still chats with every other.` : "",
      better.length > 0 ? `${code("server2")} keeps more users chatting than ${code("server")} after ${better.length} of the ${FAULT_KINDS.length} failures (ordered pairs of users still reaching each other while it lasts, ${code("server")} against ${code("server2")}): ${better.map((f) => `${FAILURE_WORDS[f]}, ${of(f, "server").pairs.reached} against ${of(f, "server2").pairs.reached} of ${of(f, "server2").pairs.of}`).join("; ")}. The damage stays with server1's users, which is what replication buys.` : "",
      worse.length > 0 ? `When ${worse.map((f) => FAILURE_WORDS[f]).join("; ")}, ${code("server2")} keeps fewer users chatting than ${code("server")}.` : "",
      told.every((c) => c.told!.told === 0) ? "In none of these runs is any user told that their server went away (the handout's code has no monitors), so a cut-off user cannot tell silence from a quiet chat." : "",
    ]
      .filter((x) => x !== "")
      .join(" "),
  );
  return out;
}

/** Hops from typing a line to seeing it, split by where the recipient is. */
export interface Hops {
  readonly command: string;
  /** Messages per showing, median and max. */
  readonly p50: number;
  readonly max: number;
  /** Showings whose path has a hop inside one node (a server relaying to itself), and their count of hops between nodes. */
  readonly local: { readonly showings: number; readonly network: number | null };
  readonly remote: { readonly showings: number; readonly network: number | null };
  /** Messages each server sends per line, at most over the servers, and the number of servers. */
  readonly perServer: number;
  readonly servers: number;
}

/** Hops and load per server on the scalability load with 10 clients (`q-a` for server, `q-j` for server2). */
export function hopsOf(system: Chat): Hops {
  const sc = findScenario(system === "server" ? "q-a" : "q-j");
  const r = runScenario(sc, 1, [["clients", "10"]]);
  const m = r.metrics!; // a handout chat: its lines are read
  const local = { showings: 0, network: null as number | null };
  const remote = { showings: 0, network: null as number | null };
  for (const rs of r.log.receipts.values()) {
    for (const x of rs) {
      const bucket = x.networkHops < x.hops ? local : remote;
      bucket.showings++;
      bucket.network = Math.max(bucket.network ?? 0, x.networkHops);
    }
  }
  const serverNodes = new Set<string>();
  for (const rec of r.records) if (rec.k === "register" && rec.name === MYSERVER) serverNodes.add(rec.pid.node);
  const sent = new Map<string, number>();
  const firstLine = Math.min(...r.log.lines.map((l) => l.sentAt));
  for (const rec of r.records) if (rec.k === "send" && rec.from !== null && rec.t >= firstLine && serverNodes.has(rec.from.node)) sent.set(rec.from.node, (sent.get(rec.from.node) ?? 0) + 1);
  const perServer = Math.max(0, ...sent.values()) / Math.max(1, r.log.lines.length);
  return { command: r.replay, p50: m.hops.p50 ?? 0, max: m.hops.max ?? 0, local, remote, perServer, servers: serverNodes.size };
}

/** The hops of both systems in one sentence each, saying which hop is local. */
export function hopsSentence(): string {
  const h = { server: hopsOf("server"), server2: hopsOf("server2") };
  const s = h.server;
  const t = h.server2;
  const two = `${code("server")}: ${s.max} messages from typing a line to seeing it (client → server → client), ${s.remote.network ?? s.local.network} of them between nodes (${code(s.command)})`;
  const three =
    `${code("server2")}: ${t.p50}–${t.max} messages, median–max (client → its server → every server → that server's clients). ` +
    (t.local.showings > 0
      ? `For a recipient on the sender's own server the middle hop is the server relaying to itself, inside one node, so ${t.local.network} of its ${t.max} hops are between nodes (${t.local.showings} of ${t.local.showings + t.remote.showings} showings); for one on another server all ${t.remote.network} are (${code(t.command)})`
      : `every hop is between nodes (${code(t.command)})`);
  return `Hops, measured on the same load with 10 clients. ${two}. ${three}.`;
}

/** A claim's verdict as a cell: the verdict, how established, and the command behind it. */
function verdictCell(r: ClaimResult | undefined): string {
  if (r === undefined) return "–";
  const cmd = r.counterexample?.command;
  return `**${r.verdict}** (${md(established(r))})${cmd === undefined ? "" : `<br>${code(cmd)}`}`;
}

/** The table comparing the two systems on everything (j) asks about and more. */
export function renderComparison(results: readonly ClaimResult[], scale: readonly ScalePoint[]): string[] {
  const out: string[] = [];
  out.push("## `server` against `server2`, point by point");
  out.push("");
  out.push("Every cell is computed: a claim's verdict under Erlang's guarantee (process-pair ordering) with how it was established, or a measurement with its command.");
  out.push("");
  const rows: string[][] = [];
  const claim = (label: string, ids: Record<Chat, readonly string[]>): void => {
    rows.push([md(label), ...SYSTEMS.map((s) => verdictCell(resultFor(ids[s], s, "process-pair", "handout", results)))]);
  };
  claim("(c) one client's lines arrive in the order sent", { server: ["x-fifo-single-sender", "q-c-fifo-single-sender"], server2: ["x-fifo-single-sender", "q-h-fifo-single-sender", "q-c-fifo-single-sender"] });
  claim("(d) lines from several clients arrive in the order issued", { server: ["q-d-issue-order"], server2: ["q-d-issue-order"] });
  claim("(d) all clients see one common order", { server: ["x-same-order-everywhere", "q-d-same-order-everywhere"], server2: ["x-same-order-everywhere", "q-h-same-order-everywhere", "q-d-same-order-everywhere"] });
  claim("(e) no reply is seen before its original", { server: ["x-reply-after-original", "q-e-reply-after-original"], server2: ["x-causal-order", "q-h-reply-after-original", "q-e-reply-after-original"] });
  const h = { server: hopsOf("server"), server2: hopsOf("server2") };
  rows.push([
    "hops per line (median–max), between nodes",
    ...SYSTEMS.map((s) => {
      const x = h[s];
      const net = x.local.showings > 0 ? `${x.remote.network} to another server's client, ${x.local.network} to one on the sender's server (its middle hop is local)` : `${x.remote.network}`;
      return `${x.p50}–${x.max}; between nodes: ${net}<br>${code(x.command)}`;
    }),
  ]);
  rows.push(["messages each server sends per line (10 clients)", ...SYSTEMS.map((s) => `${h[s].perServer.toFixed(1)} (busiest of ${h[s].servers} server${h[s].servers === 1 ? "" : "s"})<br>${code(h[s].command)}`)]);
  rows.push([
    "scalability: where p95 latency climbs",
    ...SYSTEMS.map((s) => {
      const k = kneeOf(scale, s);
      const mine = scale.filter((p) => p.system === s);
      return k === null ? `no knee up to ${mine.at(-1)?.clients ?? 0} clients` : `from ${k.clients} clients`;
    }),
  ]);
  const cells = faultCells();
  rows.push([
    "failures ridden out (every remaining user still chats with every other), of " + String(FAULT_KINDS.length),
    ...SYSTEMS.map((s) => {
      const mine = cells.filter((c) => c.system === s);
      const ok = mine.filter((c) => c.fullDuring).map((c) => FAILURE_WORDS[c.failure]);
      return `${ok.length}${ok.length > 0 ? `: ${md(ok.join("; "))}` : ""} (table below)`;
    }),
  ]);
  const lists = ["x-server-lists-agree-concurrent", "x-server-lists-agree-through-joining", "x-server-lists-agree-join-leave"].map((id) => resultFor([id], "server2", "process-pair", "handout", results));
  const rejoin = results.find((r) => r.id === "rejoin-server-lists-agree" && r.variant === "handout");
  const held = lists.filter((r) => r?.verdict === "holds").length;
  rows.push([
    "membership",
    "none: one server, which is the whole chat",
    `the server lists: ${held} of ${lists.filter((r) => r !== undefined).length} explored join/leave configurations keep them in agreement (page (i)); after a crash and rejoin they ${rejoin === undefined ? "–" : rejoin.verdict === "holds" ? "agree" : "name a dead server"}${rejoin?.counterexample === null || rejoin === undefined ? "" : ` (${code(rejoin.counterexample.command)})`}`,
  ]);
  out.push(table(["", "`server`", "`server2`"], rows));
  return out;
}

/** (j)'s plain answer beyond the knee: failures ridden out and hops, from the same runs as the tables. */
export function comparisonSummary(): string {
  const cells = faultCells();
  const of = (f: FaultKind, sys: Chat): FaultCell => cells.find((c) => c.failure === f && c.system === sys)!;
  const better = FAULT_KINDS.filter((f) => of(f, "server2").pairs.reached > of(f, "server").pairs.reached);
  const h = { server: hopsOf("server"), server2: hopsOf("server2") };
  const told = cells.filter((c) => c.told !== null).every((c) => c.told!.told === 0);
  return [
    better.length === 0
      ? "Against failures it does no better than one server."
      : `Against failures it does better: after ${better.length} of ${FAULT_KINDS.length} failures tried (${better.map((f) => FAILURE_WORDS[f]).join("; ")}) the users of the other servers chat on, where on one server more users lose the chat${told ? ", though on neither is anyone told" : ""}.`,
    `Each line takes ${h.server2.max} hops instead of ${h.server.max} (median–max ${h.server2.p50}–${h.server2.max} against ${h.server.p50}–${h.server.max}); for a recipient on the sender's own server the middle one stays inside the node, so ${h.server2.local.network} of its hops cross the network.`,
  ].join(" ");
}
