/**
 * Delivery completeness: who missed which line, and why. A client is expected to show a
 * line when it was in the chat when the line was issued (it had shown its own join) and
 * stayed in until the line had settled (the last time any client showed it). Clients that
 * joined or left while a line was on its way are not judged here: that is question (f),
 * which `inFlux` reports. Duplicates: a client showing one line twice.
 */
import type { ChatLog, Line } from "./chatLog.js";
import { verdict, type Evidence, type Verdict } from "./verdict.js";
import { formatTime, type Micros } from "../sim/index.js";

/** When each line settled: its last showing anywhere, or its issue if nobody showed it. */
export function settledAt(log: ChatLog): Micros[] {
  const out = log.lines.map((l) => l.sentAt);
  for (const rs of log.receipts.values()) for (const r of rs) if (r.t > out[r.line]!) out[r.line] = r.t;
  return out;
}

/** Whether `client` must show `line` (see the module comment). */
export function expected(log: ChatLog, settled: readonly Micros[], line: Line, client: string): boolean {
  const joined = log.joinedAt.get(client);
  const left = log.leftAt.get(client);
  return joined !== undefined && joined <= line.sentAt && (left === undefined || left > settled[line.index]!);
}

/** Judges that every expected receiver showed every line issued at or after `from`. */
export function completeness(log: ChatLog, opts: { readonly from?: Micros } = {}): Verdict {
  const from = opts.from ?? 0;
  const settled = settledAt(log);
  const shown = new Map(log.clients.map((c) => [c, new Set((log.receipts.get(c) ?? []).map((r) => r.line))]));
  const violations: Evidence[] = [];
  let judged = 0;
  // A client that asked to join and never got in is not exempt: it missed everything.
  for (const c of log.clients) {
    const asked = log.joinRequestedAt.get(c);
    if (asked === undefined || log.joinedAt.has(c)) continue;
    judged++;
    violations.push({ text: `${c} asked to join at ${formatTime(asked)} and never saw its own join: ${whyNotIn(log, c)}`, receiver: c, at: asked });
  }
  for (const line of log.lines) {
    if (line.sentAt < from) continue;
    for (const c of log.clients) {
      if (!expected(log, settled, line, c)) continue;
      judged++;
      if (!shown.get(c)!.has(line.index)) {
        violations.push({ text: `${c} never showed [${line.sender}] "${line.text}": ${whyMissed(log, line, c)}`, receiver: c, lines: [line.index], at: line.sentAt });
      }
    }
  }
  return verdict(from > 0 ? "liveness" : "completeness", judged, violations, from > 0 ? `delivery of every line sent from ${formatTime(from)} on` : "delivery to every client in the chat");
}

/** The trace's account of why `client` never showed `line`. */
export function whyMissed(log: ChatLog, line: Line, client: string): string {
  const mine = log.drops.find((d) => d.line === line.index && d.client === client);
  if (mine !== undefined) return `the message to it was dropped (${mine.reason})`;
  const onWay = log.drops.find((d) => d.line === line.index && d.client === null);
  if (onWay !== undefined) return `a message carrying the line was dropped on its way, at ${onWay.to} (${onWay.reason})`;
  const exit = log.exits.get(client);
  if (exit !== undefined && exit.t <= line.sentAt) return `its process had ended (at ${formatTime(exit.t)})`;
  return "no message carrying it was ever sent to it";
}

/** Why a client's join never showed: its request dropped, or nobody relayed the notice. */
function whyNotIn(log: ChatLog, client: string): string {
  const exit = log.exits.get(client);
  const asked = log.joinRequestedAt.get(client)!;
  if (exit !== undefined && exit.t <= asked) return `its process had ended`;
  return "no join notice ever reached it (its request was lost, or its server relayed it to nobody)";
}

/** Judges that no client shows a line twice. */
export function duplicates(log: ChatLog): Verdict {
  const violations: Evidence[] = [];
  let judged = 0;
  for (const c of log.clients) {
    const seen = new Set<number>();
    for (const r of log.receipts.get(c) ?? []) {
      judged++;
      if (seen.has(r.line)) {
        const l = log.lines[r.line]!;
        violations.push({ text: `${c} showed [${l.sender}] "${l.text}" again`, receiver: c, lines: [r.line], at: r.t });
      }
      seen.add(r.line);
    }
  }
  return verdict("duplicates", judged, violations, "no line shown twice");
}

/** For question (f): lines whose issue overlapped a client's join or leave, and whether that client showed them. */
export interface InFlux {
  readonly client: string;
  readonly line: number;
  /** `join` when the client joined after the line was issued, `leave` when it left before the line settled. */
  readonly change: "join" | "leave";
  readonly shown: boolean;
}

/**
 * Lines on their way while a client joined (issued before it saw its own join, still being
 * shown after it asked to join) or left (issued before it left, still being shown after).
 */
export function inFlux(log: ChatLog): InFlux[] {
  const settled = settledAt(log);
  const out: InFlux[] = [];
  for (const c of log.clients) {
    const shown = new Set((log.receipts.get(c) ?? []).map((r) => r.line));
    const asked = log.joinRequestedAt.get(c);
    const joined = log.joinedAt.get(c);
    // A client that never got in is a completeness matter, not a joining one.
    if (joined === undefined) continue;
    const left = log.leftAt.get(c);
    for (const line of log.lines) {
      const s = settled[line.index]!;
      if (asked !== undefined && line.sentAt < joined && s >= asked) out.push({ client: c, line: line.index, change: "join", shown: shown.has(line.index) });
      if (left !== undefined && line.sentAt <= left && left <= s) out.push({ client: c, line: line.index, change: "leave", shown: shown.has(line.index) });
    }
  }
  return out;
}

/**
 * Question (f), decided by the server: a client that joins or leaves while lines are on
 * their way shows exactly the lines its server took while it was a member, i.e. after the
 * server took its join request (`join`) or before it took its leave request (`leave`).
 * Positions come from the trace's total order, so the verdict does not depend on timing
 * guesses. Exact for the central server, which takes every line itself.
 */
export function joinLeaveOrder(log: ChatLog, change: "join" | "leave"): Verdict {
  const name = change === "join" ? "join-during-broadcast" : "leave-during-broadcast";
  const violations: Evidence[] = [];
  let judged = 0;
  let got = 0;
  let missed = 0;
  for (const f of inFlux(log)) {
    if (f.change !== change) continue;
    const line = log.lines[f.line]!;
    const taken = log.taken.lines[f.line];
    const joinMark = log.taken.join.get(f.client);
    const leaveMark = log.taken.leave.get(f.client);
    const mark = change === "join" ? joinMark : leaveMark;
    if (taken === null || taken === undefined || mark === undefined) continue; // never reached the server, or a crash rather than a leave
    judged++;
    // A member between the server taking its join and taking its leave: a client that joins
    // and leaves around one line (as exhaustive search finds) was never a member for it.
    const member = (joinMark === undefined || taken > joinMark) && (leaveMark === undefined || taken < leaveMark);
    if (f.shown) got++;
    else missed++;
    if (member !== f.shown) {
      const when = taken > mark ? "after" : "before";
      violations.push({
        text: `${f.client} ${f.shown ? "showed" : "never showed"} [${line.sender}] "${line.text}", which the server took ${when} ${change === "join" ? "its join" : "its leave"}`,
        receiver: f.client,
        lines: [f.line],
      });
    }
  }
  const what = `a client ${change === "join" ? "joining" : "leaving"} during a broadcast gets exactly the lines the server took ${change === "join" ? "after its join" : "before its leave"}`;
  const v = verdict(name, judged, violations, what);
  return judged === 0 || violations.length > 0 ? v : { ...v, summary: `${v.summary}: ${got} such line${got === 1 ? "" : "s"} shown, ${missed} not` };
}
