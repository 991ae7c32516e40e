/**
 * Exceptions. Two worlds must never mix: an `ErlangError` or `ExitException` thrown in node
 * code is the process's business (it crashes, the simulation goes on), while a
 * `ConfigError` is bad user input (one line on stderr, exit 2) and a `SimulatorError` is a
 * bug in chatty-sim itself (never swallowed as a process crash).
 */
import { formatTerm } from "./term.js";

/** An Erlang run-time error such as `badarg`, raised in the calling process. */
export class ErlangError extends Error {
  /** @param reason the Erlang error term, e.g. `"badarg"` */
  constructor(readonly reason: unknown) {
    super(`erlang error: ${describe(reason)}`);
    this.name = "ErlangError";
  }
}

/** Thrown by `throw(Term)` in node code (`p.throw(T)`): uncaught, the process ends with `{{nocatch, Term}, Stack}`. */
export class ThrowException extends Error {
  /** @param value the thrown term */
  constructor(readonly value: unknown) {
    super(`throw: ${describe(value)}`);
    this.name = "ThrowException";
  }
}

/** Thrown by `exit(Reason)` in node code: the process ends with `reason`. */
export class ExitException extends Error {
  /** @param reason the exit reason */
  constructor(readonly reason: unknown) {
    super(`exit: ${describe(reason)}`);
    this.name = "ExitException";
  }
}

/** Invalid configuration or parameters, caught at the edge and reported in one line. */
export class ConfigError extends Error {
  /** @param message one clear line saying what is wrong */
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/** A broken invariant inside the simulator: a chatty-sim bug, never a process crash. */
export class SimulatorError extends Error {
  /** @param message what invariant broke */
  constructor(message: string) {
    super(message);
    this.name = "SimulatorError";
  }
}

/** A reason for a message: atoms (strings) as they are, other terms as `~p` prints them, not `[object Object]`. */
function describe(reason: unknown): string {
  if (typeof reason === "string") return reason;
  // Node code may throw or exit with a value that is no term (cyclic, a Proxy…): the message
  // must not throw itself, or the process's crash would become the run's.
  try {
    return formatTerm(reason);
  } catch {
    return "(a value that is no term)";
  }
}
