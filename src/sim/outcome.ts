/**
 * What a run is guarded by and what it reports: the limits that stop runaway runs, the
 * counters kept in every trace mode, and the result of `Simulation.run`.
 */
import { formatTime, type Micros } from "./time.js";
import type { DropReason } from "./trace.js";

/** Guards against runs that never end. */
export interface Limits {
  /** Most events a run may process. */
  readonly maxEvents: number;
  /** Latest virtual time an event may have. */
  readonly maxTime: Micros;
  /** Most process API calls in one step (a process looping without receiving). */
  readonly maxWorkPerStep: number;
}

/** Generous defaults: 50 million events, 24 virtual hours, a million calls per step. */
export const DEFAULT_LIMITS: Limits = { maxEvents: 50_000_000, maxTime: 24 * 3600 * 1_000_000, maxWorkPerStep: 1_000_000 };

/** How a run ended. */
export type Outcome =
  /** Nothing left to happen. */
  | { readonly kind: "quiescent" }
  /** Stopped at the requested time with events still pending. */
  | { readonly kind: "until" }
  /** A guard stopped it. */
  | { readonly kind: "runaway"; readonly limit: "events" | "time" | "step-work"; readonly message: string };

/** Counters kept in every mode, trace or not. */
export interface Stats {
  /** Messages and signals sent. */
  sent: number;
  /** Messages and signals that arrived at a live process. */
  delivered: number;
  /** Messages taken out of a mailbox by a receive. */
  received: number;
  /** Messages and signals dropped, by reason. */
  dropped: Record<DropReason, number>;
  /** Process steps run. */
  steps: number;
  /** Processes spawned. */
  spawned: number;
}

/** What `run` returns. */
export interface RunResult {
  readonly outcome: Outcome;
  /** Virtual time when it stopped. */
  readonly endTime: Micros;
  /** Events processed in this simulation so far. */
  readonly events: number;
  /** SHA-256 of the canonical trace (null with trace `off`). */
  readonly traceHash: string | null;
  readonly stats: Readonly<Stats>;
}

/** Thrown through node code when a guard trips; ends the run, never a process. */
export class Runaway extends Error {
  constructor(readonly outcome: Outcome & { kind: "runaway" }) {
    super(outcome.message);
  }
}

/** The events guard's trip, `events` processed by virtual time `now`. */
export function tooManyEvents(events: number, now: Micros): Runaway {
  return new Runaway({ kind: "runaway", limit: "events", message: `runaway: ${events.toLocaleString("en-US")} events by t=${formatTime(now)}` });
}

/** Zeroed counters. */
export const newStats = (): Stats => ({
  sent: 0,
  delivered: 0,
  received: 0,
  dropped: { loss: 0, partition: 0, noproc: 0, unregistered: 0, "old-incarnation": 0, "node-down": 0, demonitored: 0, unlinked: 0 },
  steps: 0,
  spawned: 0,
});
