/**
 * What a body yields when it receives, and the iterator behind `yield* p.receive(...)`: one
 * per process, reused for every receive, so a receive allocates nothing.
 */

/** What a body yields: the marker of a pending receive (its details live on the `Proc`). */
export interface ReceiveRequest {
  readonly receive: true;
}

/** The one value bodies yield. */
export const RECEIVE: ReceiveRequest = Object.freeze({ receive: true });

/** The reusable iterator behind `yield* p.receive(...)`: one per process, no allocation per receive. */
export class ReceiveIter implements Iterator<ReceiveRequest, unknown, unknown> {
  private armed = false;

  arm(): this {
    this.armed = true;
    return this;
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
