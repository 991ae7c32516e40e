/**
 * Server-list agreement at quiescence (question i): every live server holds the same list,
 * that list names exactly the live servers, and no server appears in it twice.
 */
import { verdict, type Evidence, type Verdict } from "./verdict.js";

/** One server's view at the end of a run. */
export interface ServerView {
  /** The server, as printed (e.g. its node name). */
  readonly server: string;
  /** Whether it is still serving. */
  readonly alive: boolean;
  /** Its list of servers, as printed, in its own order. */
  readonly list: readonly string[];
}

/** Judges agreement of the live servers' lists with each other and with who is alive. */
export function membership(views: readonly ServerView[]): Verdict {
  const live = views.filter((v) => v.alive);
  const truth = live.map((v) => v.server).sort();
  const violations: Evidence[] = [];
  for (const v of live) {
    const mine = [...v.list].sort();
    const dups = mine.filter((s, i) => i > 0 && mine[i - 1] === s);
    if (dups.length > 0) violations.push({ text: `${v.server} lists ${[...new Set(dups)].join(", ")} more than once: [${v.list.join(", ")}]` });
    const set = [...new Set(mine)];
    const missing = truth.filter((s) => !set.includes(s));
    const stale = set.filter((s) => !truth.includes(s));
    if (missing.length > 0) violations.push({ text: `${v.server} does not list live ${missing.join(", ")}: [${v.list.join(", ")}]` });
    if (stale.length > 0) violations.push({ text: `${v.server} still lists ${stale.join(", ")}, which ${stale.length === 1 ? "is" : "are"} not serving: [${v.list.join(", ")}]` });
  }
  return verdict("membership", live.length, violations, "server lists agree at quiescence");
}
