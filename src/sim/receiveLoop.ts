/**
 * A body that is one receive loop, Erlang's most common process shape:
 *
 * ```erlang
 * init(Args) -> ..., loop(State).
 * loop(State) ->
 *     receive
 *         Msg -> ..., loop(NewState)      % or no recursion: the process ends
 *     end.
 * ```
 *
 * written as `receiveLoop(name, init, handle)`: `init` is the code before the first receive
 * and returns the first state; `handle` gets each message with the state and returns the
 * next state (the recursion) or `STOP` (no recursion: the process ends, reason `normal`).
 * It is the same process, call for call, as the generator
 *
 * ```ts
 * function* name(p) {
 *   let s = init(p);
 *   for (;;) {
 *     const m = yield* p.receive();
 *     const next = handle(p, s, m);
 *     if (next === STOP) return;
 *     s = next;
 *   }
 * }
 * ```
 *
 * (the tests run both and compare their traces), run without a generator: the kernel calls
 * `handle` as a method, which the JIT can inline into the step, where resuming a generator
 * cannot be: the broadcast benchmark, whose receivers are such loops, takes 0.83× the wall
 * time it took with generators (`bench ab`). A body with more than one receive, or a receive
 * with a pattern or a timeout, stays a generator.
 */
import type { Body, Proc, ReceiveRequest } from "./process.js";
import { RECEIVE_OP } from "./receiveIter.js";

/** What `handle` returns to end the loop (the Erlang clause that does not recurse). */
export const STOP: unique symbol = Symbol("stop");
/** The type of `STOP`. */
export type Stop = typeof STOP;

const DONE: IteratorReturnResult<unknown> = Object.freeze({ done: true, value: undefined });

/** The iterator the kernel resumes (it calls only `next`); see the module comment. */
class ReceiveLoop<S> implements IterableIterator<ReceiveRequest, unknown, unknown> {
  private state: S | undefined = undefined;
  private started = false;

  constructor(
    private readonly p: Proc,
    private readonly init: (p: Proc) => S | Stop,
    private readonly handle: (p: Proc, state: S, m: unknown) => S | Stop,
  ) {}

  /** Itself, so that a generator may delegate to it (`yield* body(p)`), as to any body. */
  [Symbol.iterator](): this {
    return this;
  }

  next(m?: unknown): IteratorResult<ReceiveRequest, unknown> {
    const p = this.p;
    let s: S | Stop;
    if (this.started) s = this.handle(p, this.state as S, m);
    else {
      this.started = true;
      s = this.init(p);
    }
    if (s === STOP) {
      this.state = undefined;
      return DONE;
    }
    this.state = s;
    // What `yield* p.receive()` does: arm the receive, and yield through it.
    p.receive();
    return RECEIVE_OP.next();
  }
}

/**
 * A process body that runs `init`, then gives every message it receives (any message, in
 * arrival order, no timeout) to `handle` until `handle` returns `STOP`. `name` labels the
 * process, as a generator function's name does.
 */
export function receiveLoop<S>(name: string, init: (p: Proc) => S | Stop, handle: (p: Proc, state: S, m: unknown) => S | Stop): Body {
  const body = (p: Proc): ReceiveLoop<S> => new ReceiveLoop(p, init, handle);
  Object.defineProperty(body, "name", { value: name });
  return body;
}
