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

/**
 * Question (e) in its narrow sense: a reply never appears before the line it answers. A
 * line R answers line M when R's issuer had shown M (from someone else) on its screen
 * before issuing R. Unlike `causal`, a sender's own earlier lines and lines known only
 * through the servers do not count.
 */
export function replyOrder(log: ChatLog): Verdict {
  const violations: Evidence[] = [];
  let judged = 0;
  // For each line, the lines from others its issuer had shown before issuing it.
  const answers = log.lines.map((r) =>
    (log.receipts.get(r.client) ?? []).filter((x) => x.t <= r.sentAt && log.lines[x.line]!.sender !== r.sender && x.line !== r.index).map((x) => x.line),
  );
  for (const receiver of log.clients) {
    const at = new Map<number, number>();
    (log.receipts.get(receiver) ?? []).forEach((x, i) => {
      if (!at.has(x.line)) at.set(x.line, i);
    });
    for (const [i, r] of log.lines.entries()) {
      const ri = at.get(i);
      if (ri === undefined) continue;
      for (const m of answers[i]!) {
        const mi = at.get(m);
        if (mi === undefined) continue;
        judged++;
        if (mi > ri) {
          const ml = log.lines[m]!;
          violations.push({ text: `${receiver} showed ${r.sender}'s reply "${r.text}" before [${ml.sender}] "${ml.text}", which it answers`, receiver, lines: [i, m] });
        }
      }
    }
  }
  return verdict("reply-order", judged, violations, "replies after the lines they answer");
}
