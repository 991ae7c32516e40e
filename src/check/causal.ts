/**
 * Causal order: no client shows a line before a line that happens-before it. In chat terms:
 * a reply never appears before the message it answers, since the replier saw that message
 * before typing the reply.
 */
import type { ChatLog } from "./chatLog.js";
import { verdict, type Evidence, type Verdict } from "./verdict.js";

/** Judges causal order over every client's screen. */
export function causal(log: ChatLog): Verdict {
  const violations: Evidence[] = [];
  let judged = 0;
  for (const receiver of log.clients) {
    const shown = log.receipts.get(receiver) ?? [];
    const at = new Map<number, number>();
    shown.forEach((r, i) => {
      if (!at.has(r.line)) at.set(r.line, i);
    });
    shown.forEach((r, i) => {
      const line = log.lines[r.line]!;
      for (const before of line.past) {
        const j = at.get(before);
        // A line never shown is a completeness matter, not an ordering one.
        if (j === undefined) continue;
        judged++;
        if (j > i) {
          const b = log.lines[before]!;
          violations.push({
            text: `${receiver} showed [${line.sender}] "${line.text}" before [${b.sender}] "${b.text}", which happened before it`,
            receiver,
            lines: [line.index, before],
            at: r.t,
          });
        }
      }
    });
  }
  return verdict("causal", judged, violations, "causal order");
}
