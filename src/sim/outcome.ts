/**
 * How a simulation is built, what a run is guarded by and what it reports: its
 * configuration, the limits that stop runaway runs, the counters kept in every trace mode,
 * and the result of `Simulation.run`.
 */
import type { Limits } from "./limits.js";
import type { NetworkConfig } from "./network.js";
import type { Seed } from "./rng.js";
import { formatTime, type Micros } from "./time.js";
import type { DropReason, TraceMode } from "./trace.js";

/** How a simulation is built. */
export interface SimConfig {
  readonly seed: Seed;
  readonly network?: Partial<NetworkConfig>;
  readonly trace?: TraceMode;
  readonly limits?: Partial<Limits>;
  /**
   * Hold back step ends that nothing observes (default true): a speed-up only, the run is
   * the same event for event; off, every step end goes through the queue (the reference
   * the tests compare with).
   */
  readonly holdStepEnds?: boolean;
}

export { DEFAULT_LIMITS, type Limits } from "./limits.js";

/** How a run ended. */
export type Outcome =
  /** Nothing left to happen. */
  | { readonly kind: "quiescent" }
  /** Stopped at the requested time with events still pending. */
  | { readonly kind: "until" }
  /** A guard stopped it. */
  | { readonly kind: "runaway"; readonly limit: "events" | "time" | "step-work" | "trace-records" | "mailbox"; readonly message: string };

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
