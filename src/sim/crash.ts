/**
 * How a body that throws ends its process: Erlang's three classes of exception and the exit
 * reason each gives when nothing catches it (Reference Manual, "Errors and Error Handling";
 * checked against OTP 25):
 *
 * | raised by                           | class   | exit reason                 | error report |
 * |-------------------------------------|---------|-----------------------------|--------------|
 * | `p.exit(T)` (`ExitException`)       | `exit`  | `T`                         | no           |
 * | `p.error(R)`, a BIF (`ErlangError`) | `error` | `{R, Stack}`                | yes          |
 * | `p.throw(T)` (`ThrowException`)     | `throw` | `{{nocatch, T}, Stack}`     | yes          |
 * | a JS `Error` (TypeError, …)         | `error` | `{{js_error, Name, Message}, Stack}` | yes |
 * | a JS `throw` of any other value V   | `throw` | `{{nocatch, V}, Stack}`     | yes          |
 *
 * A JS `throw` of a plain value is the same construct as Erlang's `throw/1`, hence its class;
 * a JS `Error` is a fault in the code, like Erlang's `badarith` or `function_clause`.
 *
 * The Stack is a short, deterministic stand-in: BEAM gives the call stack as
 * `[{Module, Function, Arity, Location}]`; node code is JavaScript, so the stack here is one
 * frame naming the process (its label), `[{chatty_sim, Label, 0, []}]`: the same in every run
 * and on every machine, never a JS stack (which would name files and lines of the host).
 */
import { types } from "node:util";
import { ErlangError, ExitException, ThrowException } from "./errors.js";
import { BadTerm, badTermReason, copyTerm } from "./termCopy.js";

/** The class of an Erlang exception. */
export type ExceptionClass = "exit" | "error" | "throw";

/** What an uncaught exception makes of its process. */
export interface Crash {
  readonly class: ExceptionClass;
  /** The exit reason, a copied term. */
  readonly reason: unknown;
}

/** The stand-in stack of a process labelled `label`: `[{chatty_sim, Label, 0, []}]` (see the module comment). */
export function stackOf(label: string): unknown[] {
  return [{ tag: "chatty_sim", fun: { tag: label }, arity: 0, location: [] }];
}

/** `{Reason, Stack}`: a tuple whose first element may be any term. */
function withStack(reason: unknown, label: string): unknown {
  return { tag: reason, stack: stackOf(label) };
}

/**
 * The class and exit reason of what the body of the process labelled `label` threw. A value
 * that is no term (thrown, or given to `exit/1`) becomes the error `{bad_term, Why}`, so that
 * it reaches neither the trace nor other processes.
 */
export function crashOf(e: unknown, label: string): Crash {
  try {
    if (types.isProxy(e)) throw new BadTerm("a Proxy"); // before `instanceof` runs its traps
    if (e instanceof ExitException) return { class: "exit", reason: copyTerm(e.reason) };
    if (e instanceof ErlangError) return { class: "error", reason: withStack(copyTerm(e.reason), label) };
    if (e instanceof ThrowException) return { class: "throw", reason: withStack({ tag: "nocatch", value: copyTerm(e.value) }, label) };
    if (e instanceof Error) return { class: "error", reason: withStack({ tag: "js_error", name: String(e.name), message: String(e.message) }, label) };
    return { class: "throw", reason: withStack({ tag: "nocatch", value: copyTerm(e) }, label) };
  } catch (x) {
    return { class: "error", reason: withStack(badTermReason(x instanceof BadTerm ? x : new BadTerm("reading it threw")), label) };
  }
}
