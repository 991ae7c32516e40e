/**
 * The chat scenarios' own checks, as data: each is a `CustomSpec` (plain JSON, so a scenario
 * file can name it and `export` can write it) from which `customCheck` makes the judging
 * `CheckSpec`. The judges read the trace and what is read from it (the screens, the chat
 * log), never the Simulation; a judge whose run gave it nothing to judge says `vacuous`.
 */
import { exitedIn, inFlux, printedOn, registeredAt, registeredAtEnd } from "../check/index.js";
import { MYSERVER } from "../nodes/index.js";
import { formatTime, Name, type Micros, type TraceRecord } from "../sim/index.js";
import { activeUsersKept, idleUserKicked, othersTold, refusedAndAskedAgain } from "./idleChecks.js";
import type { CheckSpec, ClientView, CustomVerdict, Judged } from "./scenario.js";
import { deadClientRemoved, noRejoin, topicsIsolated } from "./theyChatChecks.js";

/** A scenario's own check, as data. */
export type CustomSpec =
  /**
   * Each of `who` (every client when omitted) was told its server went away after `since`.
   * With `server` (the node the clients of `who` are on), only those whose server did go away
   * are judged: the `myserver` registered there at `since` ended or was replaced, or their
   * connection to that node went down; a client whose server never went away has nothing to be told.
   */
  | { readonly kind: "clients-told"; readonly name: string; readonly since: Micros; readonly who?: readonly string[]; readonly server?: string }
  /** `myserver` is still registered on `node` at the end of the run. */
  | { readonly kind: "server-survives"; readonly node: string }
  /** Each of `receivers` shows a line typed from `from` on by each other one of `senders`: they chat with each other. */
  | { readonly kind: "reach"; readonly name: string; readonly from: Micros; readonly until?: Micros; readonly senders: readonly string[]; readonly receivers: readonly string[] }
  /** Every client's background task is still running at the end (nothing ended it). */
  | { readonly kind: "clients-survive" }
  /** Every client got into the chat: its screen shows its own join. */
  | { readonly kind: "all-joined" }
  /** Every other client shows `who` leaving after `since` (their server went away with them). */
  | { readonly kind: "leaves-shown"; readonly who: readonly string[]; readonly since: Micros }
  /** (e) no client shows a reply ("re A1") before the line it answers ("A1"). */
  | { readonly kind: "reply-after-original" }
  /** (f) a client joining while a line is on its way never (misses) or always (gets) shows it. */
  | { readonly kind: "join-misses-line-in-flight" | "join-gets-line-in-flight" }
  /** (f) a leaving client shows every line its server sent it before `exit`. */
  | { readonly kind: "leaver-gets-lines-before-exit" }
  /** (b), (g) each listed client (by index) is told after `at` that its server went away. */
  | { readonly kind: "told-server-left"; readonly cases: readonly { readonly client: number; readonly server: string; readonly at: Micros }[] }
  /** TheyChat: nobody joins again; nothing is sent to a dead client; no line crosses topics. */
  | { readonly kind: "no-rejoin" | "dead-client-removed" | "topics-isolated" }
  /** Idle chat: `client` is disconnected within `checkPeriod` after `maxIdle` of silence. */
  | { readonly kind: "idle-user-kicked"; readonly client: string; readonly maxIdle: Micros; readonly checkPeriod: Micros }
  /** Idle chat: the others are told `client` left; nobody but `client` is disconnected. */
  | { readonly kind: "others-told" | "active-users-kept"; readonly client: string }
  /** Idle chat: bad pseudonyms are refused and asked again. */
  | { readonly kind: "refused-and-asked-again" };

/** The kinds of `CustomSpec`, for validating files. */
export const CUSTOM_KINDS: readonly CustomSpec["kind"][] = [
  "clients-told",
  "server-survives",
  "reach",
  "clients-survive",
  "all-joined",
  "leaves-shown",
  "reply-after-original",
  "join-misses-line-in-flight",
  "join-gets-line-in-flight",
  "leaver-gets-lines-before-exit",
  "told-server-left",
  "no-rejoin",
  "dead-client-removed",
  "topics-isolated",
  "idle-user-kicked",
  "others-told",
  "active-users-kept",
  "refused-and-asked-again",
];

/** The check a spec describes; it carries its spec, so it can be written out again. */
export function customCheck(spec: CustomSpec): CheckSpec {
  return { kind: "custom", name: spec.kind === "clients-told" || spec.kind === "reach" ? spec.name : spec.kind, judge: judgeOf(spec), spec };
}

function judgeOf(spec: CustomSpec): (run: Judged) => CustomVerdict {
  switch (spec.kind) {
    case "clients-told":
      return (run) => clientsTold(run, spec);
    case "server-survives":
      return (run) => serverSurvives(run, spec.node);
    case "reach":
      return (run) => reach(run, spec.from, spec.until ?? Infinity, spec.senders, spec.receivers);
    case "clients-survive":
      return clientsSurvive;
    case "all-joined":
      return allJoined;
    case "leaves-shown":
      return (run) => leavesShown(run, spec.who, spec.since);
    case "reply-after-original":
      return replyAfter;
    case "join-misses-line-in-flight":
      return (run) => flux(run, false);
    case "join-gets-line-in-flight":
      return (run) => flux(run, true);
    case "leaver-gets-lines-before-exit":
      return leaverGets;
    case "told-server-left":
      return (run) => told(run, spec.cases);
    case "no-rejoin":
      return noRejoin;
    case "dead-client-removed":
      return deadClientRemoved;
    case "topics-isolated":
      return topicsIsolated;
    case "idle-user-kicked":
      return (run) => idleUserKicked(run, spec.client, spec.maxIdle, spec.checkPeriod);
    case "others-told":
      return (run) => othersTold(run, spec.client);
    case "active-users-kept":
      return (run) => activeUsersKept(run, spec.client);
    case "refused-and-asked-again":
      return refusedAndAskedAgain;
  }
}

/**
 * A `clients-told` check's clients: those it judges (of `who`, whose server went away after
 * `since`; all of `who` without `server`) and those of them whose screen says so after `since`
 * (the server left or is down). What the check judges, and what the reports count.
 */
export function toldOf(records: readonly TraceRecord[], clients: readonly ClientView[], spec: CustomSpec & { kind: "clients-told" }): { readonly judged: readonly ClientView[]; readonly told: readonly ClientView[] } {
  const { since, who, server } = spec;
  let judged = clients.filter((c) => who === undefined || who.includes(c.name));
  if (server !== undefined) {
    // The server as it was just before `since` (a fault at `since` is the going away).
    const before = registeredAt(records, MYSERVER, server, since - 1);
    const after = registeredAtEnd(records, MYSERVER, server);
    const ended = before !== undefined && after?.key() !== before.key();
    // The nodes whose connection to the server's node went down after `since`.
    const cut = new Set<string>();
    for (const r of records) if (r.k === "connection" && !r.up && r.t >= since && (r.a === server || r.b === server)) cut.add(r.a === server ? r.b : r.a);
    judged = judged.filter((c) => ended || cut.has(c.node));
  }
  const told = judged.filter((c) => c.entries.some((e) => e.t >= since && (e.kind === "server_left" || e.kind === "server_down")));
  return { judged, told };
}

function clientsTold(run: Judged, spec: CustomSpec & { kind: "clients-told" }): CustomVerdict {
  const { judged, told } = toldOf(run.trace.records, run.clients, spec);
  if (judged.length === 0) {
    return {
      status: "vacuous",
      detail: spec.server === undefined ? "no client to be told" : `no client's server went away after ${formatTime(spec.since)}: myserver on ${spec.server} ran on and no connection to it went down`,
    };
  }
  const untold = judged.filter((c) => !told.includes(c));
  const [whose, what] = spec.server === undefined ? ["clients", "their server went away"] : [`clients whose server on ${spec.server} went away`, "so"];
  return untold.length === 0
    ? { status: "holds", detail: `all ${judged.length} ${whose} were told ${what}` }
    : {
        status: "violated",
        detail: `${untold.length} of ${judged.length} ${whose} were never told ${what}`,
        evidence: untold.map((c) => `${c.name}'s screen shows nothing about the server after ${formatTime(spec.since)}`),
      };
}

function serverSurvives(run: Judged, node: string): CustomVerdict {
  const pid = registeredAtEnd(run.trace.records, MYSERVER, node);
  return pid !== undefined
    ? { status: "holds", detail: `myserver is still registered on ${node}` }
    : { status: "violated", detail: `no myserver on ${node} at the end of the run`, evidence: printedOn(run.trace.records, node).map((text) => `${node} printed: ${text}`) };
}

/**
 * Whether users still chat with each other: each receiver shows at least one line that each
 * other sender typed from `from` on (and before `until`). A sender who typed nothing then (a
 * client that stopped, or a user who never came back) counts as reaching nobody.
 */
function reach(run: Judged, from: Micros, until: number, senders: readonly string[], receivers: readonly string[]): CustomVerdict {
  const log = run.log;
  const inWindow = (l: { sender: string; sentAt: Micros }, s: string): boolean => l.sender === s && l.sentAt >= from && l.sentAt < until;
  const window = until === Infinity ? `from ${formatTime(from)} on` : `from ${formatTime(from)} to ${formatTime(until)}`;
  const missing: string[] = [];
  let judged = 0;
  for (const r of receivers) {
    for (const s of senders) {
      if (s === r) continue;
      judged++;
      if ((log.receipts.get(r) ?? []).some((x) => inWindow(log.lines[x.line]!, s))) continue;
      missing.push(`${r} showed no line ${s} typed ${window}${log.lines.some((l) => inWindow(l, s)) ? "" : ` (${s} typed none: the client had stopped)`}`);
    }
  }
  if (judged === 0) return { status: "vacuous", detail: "no pair of users to judge" };
  return missing.length === 0
    ? { status: "holds", detail: `all ${judged} pairs of users reached each other ${window}` }
    : { status: "violated", detail: `${missing.length} of ${judged} pairs of users did not reach each other ${window}`, evidence: missing };
}

/** Every client's background task (its second pid) is still alive at the end. */
function clientsSurvive(run: Judged): CustomVerdict {
  const dead = run.clients.filter((c) => c.pids[1] !== undefined && exitedIn(run.trace.records, c.pids[1]));
  const last = (c: ClientViewLike): string => {
    const e = c.entries.filter((x) => x.kind !== "typed").at(-1);
    const l = e === undefined ? null : c.format(e);
    return l === null ? "" : `; the last thing it showed: ${l}`;
  };
  if (run.clients.length === 0) return { status: "vacuous", detail: "no client to survive" };
  return dead.length === 0
    ? { status: "holds", detail: `all ${run.clients.length} clients are still running` }
    : { status: "violated", detail: `${dead.length} of ${run.clients.length} clients ended`, evidence: dead.map((c) => `${c.name}'s client ended${last(c)}`) };
}
type ClientViewLike = Judged["clients"][number];

/** Every client's screen shows its own join. */
function allJoined(run: Judged): CustomVerdict {
  const out = run.clients.filter((c) => !c.entries.some((e) => c.json(e).event === "join" && c.json(e).name === c.name));
  const last = (c: ClientViewLike): string => {
    const e = c.entries.at(-1);
    const l = e === undefined ? null : c.format(e);
    return l === null ? "" : `; its last line: ${l}`;
  };
  if (run.clients.length === 0) return { status: "vacuous", detail: "no client to get in" };
  return out.length === 0
    ? { status: "holds", detail: `all ${run.clients.length} clients got in` }
    : { status: "violated", detail: `${out.length} of ${run.clients.length} clients never got in`, evidence: out.map((c) => `${c.name} never saw its own join${last(c)}`) };
}

/** Each client not among `who` shows a `[LEAVE]` of each of `who` after `since`. */
function leavesShown(run: Judged, who: readonly string[], since: Micros): CustomVerdict {
  const missing: string[] = [];
  let judged = 0;
  for (const c of run.clients) {
    if (who.includes(c.name)) continue;
    for (const w of who) {
      judged++;
      if (!c.entries.some((e) => e.t >= since && c.json(e).event === "leave" && c.json(e).name === w)) missing.push(`${c.name} was never shown that ${w} left`);
    }
  }
  if (judged === 0) return { status: "vacuous", detail: "no leave to be shown" };
  return missing.length === 0
    ? { status: "holds", detail: `all ${judged} leaves were shown` }
    : { status: "violated", detail: `${missing.length} of ${judged} leaves were never shown`, evidence: missing };
}

/**
 * (e) in chat terms: a reply ("re A1") is never shown before the line it answers ("A1").
 * Narrower than `causal`, which also counts one sender's own lines (FIFO) and chains.
 */
function replyAfter(run: Judged): CustomVerdict {
  const log = run.log;
  const byText = new Map(log.lines.map((l) => [l.text, l.index]));
  const pairs = log.lines.flatMap((l) => {
    const orig = l.text.startsWith("re ") ? byText.get(l.text.slice(3)) : undefined;
    return orig === undefined ? [] : [[l.index, orig] as const];
  });
  const bad: string[] = [];
  let judged = 0;
  for (const c of log.clients) {
    const pos = new Map<number, number>();
    (log.receipts.get(c) ?? []).forEach((r, i) => {
      if (!pos.has(r.line)) pos.set(r.line, i);
    });
    for (const [reply, orig] of pairs) {
      const a = pos.get(reply);
      const b = pos.get(orig);
      if (a === undefined || b === undefined) continue;
      judged++;
      if (a < b) bad.push(`${c} showed [${log.lines[reply]!.sender}] "${log.lines[reply]!.text}" before [${log.lines[orig]!.sender}] "${log.lines[orig]!.text}", the line it answers`);
    }
  }
  if (judged === 0) return { status: "vacuous", detail: "no client showed both a reply and the line it answers" };
  return bad.length === 0 ? { status: "holds", detail: `all ${judged} replies were shown after the line they answer` } : { status: "violated", detail: `${bad.length} of ${judged} replies were shown before the line they answer`, evidence: bad };
}

/** Joiners and lines on their way: `want` says whether the claim is that they are shown. */
function flux(run: Judged, want: boolean): CustomVerdict {
  const cases = inFlux(run.log).filter((f) => f.change === "join");
  const bad = cases.filter((f) => f.shown !== want);
  const ev = bad.map((f) => {
    const l = run.log.lines[f.line]!;
    return `${f.client} joined while [${l.sender}] "${l.text}" was on its way, and ${f.shown ? "showed" : "never showed"} it`;
  });
  if (cases.length === 0) return { status: "vacuous", detail: "no line was on its way while a client joined" };
  return bad.length === 0
    ? { status: "holds", detail: `all ${cases.length} lines on their way while a client joined were ${want ? "shown" : "missed"} by it` }
    : { status: "violated", detail: `${bad.length} of ${cases.length} lines on their way while a client joined were ${want ? "missed" : "shown"} by it`, evidence: ev };
}

const tagOf = (m: unknown): unknown => (typeof m === "object" && m !== null ? (m as { tag?: unknown }).tag : undefined);

/**
 * (f) leave: for each background task that was sent `exit`, every `{message, …}` the same
 * server process sent it before that `exit` was taken out of its mailbox. Read from the trace.
 */
function leaverGets(run: Judged): CustomVerdict {
  const records = run.trace.records;
  const bgOf = new Map<string, string>();
  for (const s of run.clients) if (s.pids[1] !== undefined) bgOf.set(s.pids[1].key(), s.name);
  const taken = new Set<number>();
  for (const r of records) if (r.k === "receive") taken.add(r.id);
  // Per (server process, background task): the line messages sent so far.
  const sentTo = new Map<string, { id: number; text: string; sender: string }[]>();
  const missed: string[] = [];
  let judged = 0;
  for (const r of records) {
    if (r.k !== "send" || r.from === null || r.to instanceof Name) continue;
    const to = r.to.key();
    const client = bgOf.get(to);
    if (client === undefined) continue;
    const key = `${r.from.key()} ${to}`;
    const m = r.msg as { tag?: unknown; name?: unknown; text?: unknown };
    if (tagOf(m) === "message") {
      const list = sentTo.get(key) ?? [];
      list.push({ id: r.id, text: String(m.text), sender: String(m.name) });
      sentTo.set(key, list);
    } else if (tagOf(m) === "exit") {
      for (const l of sentTo.get(key) ?? []) {
        judged++;
        if (!taken.has(l.id)) missed.push(`${client} left without showing [${l.sender}] "${l.text}", which its server sent it before exit`);
      }
    }
  }
  if (judged === 0) return { status: "vacuous", detail: "no leaving client had been sent a line" };
  return missed.length === 0
    ? { status: "holds", detail: `leaving clients showed all ${judged} lines their server sent before exit` }
    : { status: "violated", detail: `${missed.length} of ${judged} lines sent to a leaving client before exit were never shown`, evidence: missed };
}

/** (b), (g): each case's client sees `server_left` or `server_down` from the time its server went away. */
function told(run: Judged, cases: readonly { readonly client: number; readonly server: string; readonly at: Micros }[]): CustomVerdict {
  const untold: string[] = [];
  for (const c of cases) {
    const screen = run.clients[c.client]!;
    if (!screen.entries.some((e) => e.t >= c.at && (e.kind === "server_left" || e.kind === "server_down"))) untold.push(`${screen.name} was never told that ${c.server} went away at ${c.at}us`);
  }
  if (cases.length === 0) return { status: "vacuous", detail: "no server went away under a client" };
  return untold.length === 0
    ? { status: "holds", detail: `all ${cases.length} clients were told their server went away` }
    : { status: "violated", detail: `${untold.length} of ${cases.length} clients were never told their server went away`, evidence: untold };
}
