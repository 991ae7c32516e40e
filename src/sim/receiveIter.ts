/**
 * What a body yields when it receives, and the iterator behind `yield* p.receive(...)`: one
 * for every process (`RECEIVE_OP`), so a receive allocates nothing and a process carries no
 * iterator of its own (a million idle processes, 40 MB less).
 *
 * One is enough because `yield*` uses it at once and then only to resume: `p.receive()` arms
 * it and `yield*` calls `next()` straight away (nothing runs between the two), which yields
 * the marker and disarms it; when the process runs again, `next(v)` finds it disarmed and
 * returns `v`, the message. Every process in between armed and disarmed it the same way. A
 * body that calls `p.receive()` without `yield*` leaves it armed: the scheduler disarms it
 * before it resumes a process (`disarm`), so that slip stays that body's own.
 */

/** What a body yields: the marker of a pending receive (its details live on the `Proc`). */
export interface ReceiveRequest {
  readonly receive: true;
}

/** The one value bodies yield. */
export const RECEIVE: ReceiveRequest = Object.freeze({ receive: true });

/** The reusable iterator behind `yield* p.receive(...)`: no allocation per receive. */
export class ReceiveIter implements Iterator<ReceiveRequest, unknown, unknown> {
  private armed = false;

  arm(): this {
    this.armed = true;
    return this;
  }

  /** Forgets an arming that no `yield*` took (before a process is resumed). */
  disarm(): void {
    this.armed = false;
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(v?: unknown): IteratorResult<ReceiveRequest, unknown> {
    if (this.armed) {
      this.armed = false;
      return YIELDED;
    }
    // One result object for every process: `yield*` reads it at once, before anything else runs.
    RETURNED.value = v;
    return RETURNED;
  }
}

const YIELDED: IteratorYieldResult<ReceiveRequest> = Object.freeze({ done: false, value: RECEIVE });
const RETURNED: { done: true; value: unknown } = { done: true, value: undefined };

/** The iterator every process's receive yields through (see the module comment). */
export const RECEIVE_OP = new ReceiveIter();
