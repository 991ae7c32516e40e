/**
 * The guards that keep hostile or runaway node code from crashing or hanging the host: each
 * tripped guard is a typed outcome of the run (or, for the process limit, Erlang's
 * `system_limit` error in the spawning process), never an out-of-memory or a hang.
 */
import { ConfigError } from "./errors.js";
import type { Micros } from "./time.js";

/** Guards against runs that never end or grow without bound. */
export interface Limits {
  /** Most events a run may process. */
  readonly maxEvents: number;
  /** Latest virtual time an event may have. */
  readonly maxTime: Micros;
  /** Most process API calls in one step (a process looping without receiving). */
  readonly maxWorkPerStep: number;
  /** Most trace records kept: every record in trace `full`; the observations (`Proc.observe`), which every mode keeps. */
  readonly maxTraceRecords: number;
  /** Most processes alive at once; a spawn beyond it raises `system_limit` in the spawner. */
  readonly maxProcesses: number;
  /** Most messages waiting in one mailbox. */
  readonly maxMailbox: number;
}

/**
 * Generous defaults, each bounding memory to a few hundred MB at worst: 50 million events, 24
 * virtual hours, a million calls per step, 4 million trace records kept, Erlang's own default
 * process limit (`erlang:system_info(process_limit)` without `+P`: 262,144), and a million
 * messages in one mailbox.
 */
export const DEFAULT_LIMITS: Limits = {
  maxEvents: 50_000_000,
  maxTime: 24 * 3600 * 1_000_000,
  maxWorkPerStep: 1_000_000,
  maxTraceRecords: 4_000_000,
  maxProcesses: 262_144,
  maxMailbox: 1_000_000,
};

/** The limits in force: the defaults overridden by `given`, each a positive integer (throws `ConfigError`). */
export function validateLimits(given: Partial<Limits> | undefined): Limits {
  const g: Partial<Limits> = given ?? {};
  for (const [k, v] of Object.entries(g)) {
    if (!(k in DEFAULT_LIMITS)) throw new ConfigError(`unknown limit "${k}" (limits: ${Object.keys(DEFAULT_LIMITS).join(", ")})`);
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) throw new ConfigError(`limit ${k} must be a positive integer, got ${typeof v === "number" ? String(v) : JSON.stringify(v)}`);
  }
  // One literal, not a frozen copy of a spread: V8 gives every frozen spread copy a hidden class
  // of its own, so the limits the kernel reads on every event (maxTime, maxEvents) and every
  // API call (maxWorkPerStep) had a new one in each simulation, and a sweep's reads of them went
  // megamorphic. (`test/sim/shapes.test.ts` checks that they share one.)
  return Object.freeze({
    maxEvents: g.maxEvents ?? DEFAULT_LIMITS.maxEvents,
    maxTime: g.maxTime ?? DEFAULT_LIMITS.maxTime,
    maxWorkPerStep: g.maxWorkPerStep ?? DEFAULT_LIMITS.maxWorkPerStep,
    maxTraceRecords: g.maxTraceRecords ?? DEFAULT_LIMITS.maxTraceRecords,
    maxProcesses: g.maxProcesses ?? DEFAULT_LIMITS.maxProcesses,
    maxMailbox: g.maxMailbox ?? DEFAULT_LIMITS.maxMailbox,
  });
}
