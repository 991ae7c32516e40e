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
  if (onWay !== undefined) return `the line was dropped on its way at ${onWay.to} (${onWay.reason})`;
  const exit = log.exits.get(client);
  if (exit !== undefined) return `its process had ended`;
  return "no message carrying it was ever sent to it";
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
    const joined = log.joinedAt.get(c) ?? Infinity;
    const left = log.leftAt.get(c);
    for (const line of log.lines) {
      const s = settled[line.index]!;
      if (asked !== undefined && line.sentAt < joined && s >= asked) out.push({ client: c, line: line.index, change: "join", shown: shown.has(line.index) });
      if (left !== undefined && line.sentAt <= left && left <= s) out.push({ client: c, line: line.index, change: "leave", shown: shown.has(line.index) });
    }
  }
  return out;
}
