/**
 * Issue order across senders: every client shows lines in the order they were issued, by
 * virtual send time. Lines issued at the same instant have no issue order and are not judged.
 */
import { formatTime } from "../sim/index.js";
import type { ChatLog } from "./chatLog.js";
import { verdict, type Evidence, type Verdict } from "./verdict.js";

/** Judges issue order over every client's screen. */
export function issueOrder(log: ChatLog): Verdict {
  const violations: Evidence[] = [];
  let judged = 0;
  for (const receiver of log.clients) {
    // The line with the latest issue time shown so far.
    let latest = -1;
    for (const r of log.receipts.get(receiver) ?? []) {
      const line = log.lines[r.line]!;
      judged++;
      if (latest >= 0 && log.lines[latest]!.sentAt > line.sentAt) {
        const p = log.lines[latest]!;
        violations.push({
          text: `${receiver} showed [${p.sender}] "${p.text}" (typed at ${formatTime(p.sentAt)}) before [${line.sender}] "${line.text}" (typed at ${formatTime(line.sentAt)})`,
          receiver,
          lines: [line.index, p.index],
          at: r.t,
        });
      } else if (latest < 0 || line.sentAt > log.lines[latest]!.sentAt) {
        latest = line.index;
      }
    }
  }
  return verdict("issue-order", judged, violations, "issue order across senders");
}
