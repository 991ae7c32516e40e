/**
 * The floor: a bare `(time, seq)` binary min-heap push-and-pop loop, the least any discrete
 * event simulator can spend per event. It is written out here rather than borrowed from the
 * kernel, so that making the kernel's queue faster does not move the yardstick.
 */

interface Ev {
  time: number;
  seq: number;
}

/** Events per wall-clock second of a bare heap holding `inFlight` events while `events` pass through it. */
export function queueFloor(events: number, now: () => number, inFlight = 1000): number {
  const h: Ev[] = [];
  let seq = 0;
  let x = 12345;
  const rand = (): number => (x = (x * 1103515245 + 12345) & 0x7fffffff) % 1000;
  const push = (e: Ev): void => {
    e.seq = seq++;
    let i = h.length;
    h.push(e);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent]!;
      if (p.time < e.time || (p.time === e.time && p.seq < e.seq)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = e;
  };
  const pop = (): Ev => {
    const top = h[0]!;
    const last = h.pop()!;
    const size = h.length;
    if (size > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) break;
        let c = l;
        let ce = h[l]!;
        if (l + 1 < size) {
          const re = h[l + 1]!;
          if (re.time < ce.time || (re.time === ce.time && re.seq < ce.seq)) {
            c = l + 1;
            ce = re;
          }
        }
        if (last.time < ce.time || (last.time === ce.time && last.seq < ce.seq)) break;
        h[i] = ce;
        i = c;
      }
      h[i] = last;
    }
    return top;
  };
  for (let i = 0; i < inFlight; i++) push({ time: rand(), seq: 0 });
  const t0 = now();
  for (let i = 0; i < events; i++) {
    const e = pop();
    // A fresh event per step, as a simulator allocates one per message.
    push({ time: e.time + rand(), seq: 0 });
  }
  return events / Math.max((now() - t0) / 1000, 1e-9);
}
