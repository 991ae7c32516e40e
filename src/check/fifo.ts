/** Per-sender FIFO: every client shows any one sender's lines in the order that sender issued them. */
import type { ChatLog } from "./chatLog.js";
import { verdict, type Evidence, type Verdict } from "./verdict.js";

/** Judges per-sender FIFO over every client's screen. */
export function fifo(log: ChatLog): Verdict {
  const violations: Evidence[] = [];
  let judged = 0;
  for (const receiver of log.clients) {
    // The latest line shown so far from each sender.
    const last = new Map<string, number>();
    for (const r of log.receipts.get(receiver) ?? []) {
      const line = log.lines[r.line]!;
      const prev = last.get(line.sender);
      judged++;
      if (prev !== undefined && log.lines[prev]!.senderSeq > line.senderSeq) {
        const p = log.lines[prev]!;
        violations.push({
          text: `${receiver} showed ${line.sender}'s "${p.text}" before "${line.text}", which was sent first`,
          receiver,
          lines: [line.index, p.index],
          at: r.t,
        });
      } else {
        last.set(line.sender, line.index);
      }
    }
  }
  return verdict("fifo", judged, violations, "per-sender FIFO");
}
