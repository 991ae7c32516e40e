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
  const out: Record<string, number> = { ...DEFAULT_LIMITS };
  for (const [k, v] of Object.entries(given ?? {})) {
    if (!(k in DEFAULT_LIMITS)) throw new ConfigError(`unknown limit "${k}" (limits: ${Object.keys(DEFAULT_LIMITS).join(", ")})`);
    if (v === undefined) continue;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) throw new ConfigError(`limit ${k} must be a positive integer, got ${typeof v === "number" ? String(v) : JSON.stringify(v)}`);
    out[k] = v;
  }
  return Object.freeze(out as unknown as Limits);
}
