/**
 * Verdicts: what a checker concludes about one run, with the evidence that supports it.
 * Results are data; formatting them for people lives elsewhere.
 */
import type { Micros } from "../sim/index.js";

/** The checks chatty-sim knows, by name. */
export type CheckName =
  | "fifo"
  | "issue-order"
  | "total-order"
  | "causal"
  | "completeness"
  | "duplicates"
  | "membership"
  | "liveness"
  | "reply-order"
  | "join-during-broadcast"
  | "leave-during-broadcast";

/** One fact behind a verdict: a sentence, and where to look. */
export interface Evidence {
  /** The fact, in one sentence. */
  readonly text: string;
  /** The receiving client, when the fact is about one. */
  readonly receiver?: string;
  /** Indexes into `ChatLog.lines` of the chat lines involved. */
  readonly lines?: readonly number[];
  /** Virtual time at which it shows. */
  readonly at?: Micros;
}

/** What a checker concludes. `vacuous` means the run gave it nothing to judge. */
export type Status = "holds" | "violated" | "vacuous";

/** A checker's result over one run. */
export interface Verdict {
  /** A `CheckName`, or a scenario's own claim. */
  readonly check: CheckName | (string & {});
  readonly status: Status;
  /** One line for people. */
  readonly summary: string;
  /** At most `MAX_EVIDENCE` facts, the earliest first. */
  readonly evidence: readonly Evidence[];
  /** How many violations there were in all (evidence may be capped). */
  readonly violations: number;
}

/** Evidence kept per verdict; the count of violations is always exact. */
export const MAX_EVIDENCE = 10;

/** Builds a verdict from the violations found (none: holds; nothing judged: vacuous). */
export function verdict(check: CheckName, judged: number, violations: readonly Evidence[], what: string): Verdict {
  if (violations.length > 0) {
    return {
      check,
      status: "violated",
      summary: `${violations.length} violation${violations.length === 1 ? "" : "s"} of ${what}`,
      evidence: violations.slice(0, MAX_EVIDENCE),
      violations: violations.length,
    };
  }
  if (judged === 0) return { check, status: "vacuous", summary: `nothing to judge for ${what}`, evidence: [], violations: 0 };
  return { check, status: "holds", summary: `${what} holds (${judged} checked)`, evidence: [], violations: 0 };
}
