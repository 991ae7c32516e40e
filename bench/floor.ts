/**
 * The floor: the least a discrete-event simulator can spend per event, measured as the events
 * per second of the fastest `(time, seq)` priority queue we can write in JavaScript, pushed
 * and popped in the broadcast's pattern. It is written out here, not borrowed from the kernel,
 * so that making the kernel's queue faster does not move the yardstick.
 *
 * Two queues over typed arrays, nothing allocated per event (an event's slot is reused when
 * it pops), both popping in `(time, seq)` order:
 * - `heapRate`: a binary min-heap of event indexes, each event's time and seq held beside its
 *   index, so a comparison reads numbers and no object: O(log n) a push or pop;
 * - `queueFloor`: a timing wheel, the floor: one FIFO list per integer microsecond of a window
 *   longer than any latency, threaded through an `Int32Array` of next-indexes, so a push
 *   appends and a pop takes a list's head (a slot's events are in seq order, as they are
 *   pushed in it): O(1). It needs what the pattern gives it, integer times and no event
 *   further ahead than the window, and checks that it has it.
 * The pattern is the broadcast's: `inFlight` events waiting (one per client), each pop followed
 * by one push a LAN latency later (lognormal, median 250 µs, sigma 0.3, plus 80 µs: the `lan`
 * profile), in integer microseconds.
 *
 * `kernelQueueRate` runs the same pattern through the kernel's own queue (`TimeWheel`), with
 * a fresh event object per push as the kernel makes one per message, so the three can be
 * compared side by side.
 */
import { createHash } from "node:crypto";
import { msg } from "../src/nodes/protocol.js";
import { latency, sampleLatency } from "../src/sim/latency.js";
import { type Link, ORDER_RULES } from "../src/sim/network.js";
import { Pid } from "../src/sim/pid.js";
import type { Proc } from "../src/sim/process.js";
import { RECEIVE_OP, type ReceiveRequest } from "../src/sim/receiveIter.js";
import { receiveLoop } from "../src/sim/receiveLoop.js";
import { Rng } from "../src/sim/rng.js";
import { copyTerm } from "../src/sim/termCopy.js";
import { TimeWheel } from "../src/sim/timeWheel.js";

/** How many latencies are drawn up front (the loop takes them in turn, so it draws nothing). */
const DRAWS = 1 << 12;

/** LAN latencies in integer µs, from a fixed LCG (the same every run). */
function lanLatencies(): Int32Array {
  let x = 12345;
  const u = (): number => ((x = (Math.imul(x, 1103515245) + 12345) & 0x7fffffff) + 1) / 0x80000001;
  const out = new Int32Array(DRAWS);
  for (let i = 0; i < DRAWS; i++) out[i] = 80 + Math.round(250 * Math.exp(0.3 * Math.sqrt(-2 * Math.log(u())) * Math.cos(2 * Math.PI * u())));
  return out;
}

/** A `(time, seq)` min-heap of event indexes over typed arrays; grows by doubling. */
export class IndexHeap {
  private time = new Float64Array(1024);
  private seq = new Float64Array(1024);
  private id = new Int32Array(1024);
  size = 0;
  private nextSeq = 0;

  push(t: number, ev: number): void {
    if (this.size === this.id.length) this.grow();
    const time = this.time;
    const seq = this.seq;
    const id = this.id;
    const s = this.nextSeq++;
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const pt = time[parent]!;
      if (pt < t || (pt === t && seq[parent]! < s)) break;
      time[i] = pt;
      seq[i] = seq[parent]!;
      id[i] = id[parent]!;
      i = parent;
    }
    time[i] = t;
    seq[i] = s;
    id[i] = ev;
  }

  /** The earliest event's time (the heap must not be empty). */
  topTime(): number {
    return this.time[0]!;
  }

  /** Removes the earliest event and returns its index (the heap must not be empty). */
  pop(): number {
    const time = this.time;
    const seq = this.seq;
    const id = this.id;
    const top = id[0]!;
    const n = --this.size;
    const lt = time[n]!;
    const ls = seq[n]!;
    const lid = id[n]!;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      let ct = time[c]!;
      let cs = seq[c]!;
      const r = c + 1;
      if (r < n) {
        const rt = time[r]!;
        const rs = seq[r]!;
        if (rt < ct || (rt === ct && rs < cs)) {
          c = r;
          ct = rt;
          cs = rs;
        }
      }
      if (lt < ct || (lt === ct && ls < cs)) break;
      time[i] = ct;
      seq[i] = cs;
      id[i] = id[c]!;
      i = c;
    }
    time[i] = lt;
    seq[i] = ls;
    id[i] = lid;
    return top;
  }

  private grow(): void {
    const n = this.id.length * 2;
    const time = new Float64Array(n);
    const seq = new Float64Array(n);
    const id = new Int32Array(n);
    time.set(this.time);
    seq.set(this.seq);
    id.set(this.id);
    this.time = time;
    this.seq = seq;
    this.id = id;
  }
}

/** Events per wall-clock second of the typed-array heap holding `inFlight` events while `events` pass through it. */
export function heapRate(events: number, now: () => number, inFlight = 1000): number {
  const lat = lanLatencies();
  const heap = new IndexHeap();
  // Each event's payload is an index into its slot, reused when it pops: here, its client.
  for (let i = 0; i < inFlight; i++) heap.push(lat[i & (DRAWS - 1)]!, i);
  let sink = 0;
  const t0 = now();
  for (let i = 0; i < events; i++) {
    const t = heap.topTime();
    const ev = heap.pop();
    sink += ev;
    heap.push(t + lat[i & (DRAWS - 1)]!, ev);
  }
  const wall = Math.max((now() - t0) / 1000, 1e-9);
  if (sink < 0) throw new Error("unreachable"); // keeps the loop's work observable
  return events / wall;
}

/**
 * The floor's wheel: a FIFO list per integer microsecond of a window longer than `maxAhead`,
 * for `inFlight` events (an event is its index), threaded through typed arrays; `push(ev, t)`
 * appends event `ev` at time `t`, and a pop takes the head of the first non-empty slot.
 */
function typedWheel(maxAhead: number, inFlight: number) {
  let bits = 1;
  while (1 << bits <= maxAhead) bits++;
  const mask = (1 << bits) - 1;
  const head = new Int32Array(1 << bits).fill(-1);
  const tail = new Int32Array(1 << bits).fill(-1);
  const next = new Int32Array(inFlight).fill(-1);
  const time = new Float64Array(inFlight);
  const push = (ev: number, t: number): void => {
    const s = t & mask;
    time[ev] = t;
    next[ev] = -1;
    if (head[s] === -1) head[s] = ev;
    else next[tail[s]!] = ev;
    tail[s] = ev;
  };
  return { mask, head, next, time, push };
}

/** Events per wall-clock second of the typed-array timing wheel (the floor) holding `inFlight` events while `events` pass through it. */
export function queueFloor(events: number, now: () => number, inFlight = 1000): number {
  const lat = lanLatencies();
  let maxLat = 0;
  for (const l of lat) maxLat = Math.max(maxLat, l);
  const { mask, head, next, time, push } = typedWheel(maxLat, inFlight);
  for (let i = 0; i < inFlight; i++) push(i, lat[i & (DRAWS - 1)]!);
  let cur = 0;
  let sink = 0;
  const t0 = now();
  for (let i = 0; i < events; i++) {
    let s = cur & mask;
    while (head[s] === -1) s = ++cur & mask;
    const ev = head[s]!;
    head[s] = next[ev]!;
    sink += ev;
    push(ev, time[ev]! + lat[i & (DRAWS - 1)]!);
  }
  const wall = Math.max((now() - t0) / 1000, 1e-9);
  if (sink < 0) throw new Error("unreachable");
  return events / wall;
}

/** An event as the kernel's queue holds one. */
class Ev {
  seq = 0;
  constructor(
    public time: number,
    readonly client: number,
  ) {}
}

/** Events per wall-clock second of the kernel's `TimeWheel` in the same pattern as `queueFloor`, a new event object per push. */
export function kernelQueueRate(events: number, now: () => number, inFlight = 1000): number {
  const lat = lanLatencies();
  const q = new TimeWheel<Ev>();
  for (let i = 0; i < inFlight; i++) q.push(new Ev(lat[i & (DRAWS - 1)]!, i));
  let sink = 0;
  const t0 = now();
  for (let i = 0; i < events; i++) {
    const e = q.pop()!;
    sink += e.client;
    q.push(new Ev(e.time + lat[i & (DRAWS - 1)]!, e.client));
  }
  const wall = Math.max((now() - t0) / 1000, 1e-9);
  if (sink < 0) throw new Error("unreachable");
  return events / wall;
}

/**
 * Events per wall-clock second of the floor's timing wheel doing, per event, also the parts
 * no faithful simulator of the broadcast in JavaScript can skip, each the kernel's own: the
 * latency drawn from a seeded stream (`sampleLatency` of the LAN profile's lognormal, a
 * ziggurat normal), the message handed to its receiver through `copyTerm` (the server's
 * `{message, Name, Text}`, `msg.message`: frozen, so shared as the kernel shares it, not
 * copied), the per-pair FIFO clamp (the `process-pair` rule, `ORDER_RULES`: one sender, so its
 * latest arrival at each receiver is in the receiver's pid slot, read and written),
 * and the receiver's body given its message, as the kernel runs a process: by default a
 * `receiveLoop` (`src/sim/receiveLoop.ts`) whose handler counts the message, as the
 * broadcast's clients and server are. What it leaves out is the bookkeeping around them:
 * mailboxes, run queues, step ends, the guards, the network's checks.
 *
 * With `body` "generator", the receiver is the same loop written as a generator function and
 * resumed through `yield*` on the receive iterator, as the kernel runs a `function*` body:
 * the difference between the two is what resuming a generator costs per message.
 */
export function partsFloor(events: number, now: () => number, inFlight = 1000, body: "receiveLoop" | "generator" = "receiveLoop"): number {
  const lan = latency.lognormal(250, 0.3, 80);
  const stream = new Rng(1).stream("floor");
  const { mask, head, next, time, push } = typedWheel(1 << 14, inFlight);
  const pids = Array.from({ length: inFlight }, (_, i) => new Pid("n@bench", 2, i + 1, 1));
  const clamp = ORDER_RULES["process-pair"].clamp;
  const sender = { fifoMap: null } as unknown as Proc; // the rule reads no more of it with one sender
  const message = msg.message("bench", "hello");
  const inbox: unknown[] = new Array(inFlight);
  let seen = 0;
  // Either way, a receiver takes its message with one call, `next`, and does the same with it.
  // The receive it arms is the kernel's own (`RECEIVE_OP`), which all that `Proc.receive` does
  // besides its guard: so the loop runs with a stand-in for its process.
  const proc = { receive: () => RECEIVE_OP.arm() } as unknown as Proc;
  const loop = receiveLoop(
    "client",
    () => 0,
    (_p, n: number, m) => {
      if ((m as { text: string }).text.length > 0) seen++;
      return n;
    },
  );
  const bodies: { next(m: unknown): unknown }[] = pids.map(() => {
    const g = body === "receiveLoop"
      ? loop(proc)
      : (function* client(): Generator<ReceiveRequest, void, unknown> {
        for (;;) {
          const m = (yield* RECEIVE_OP.arm()) as { text: string };
          if (m.text.length > 0) seen++;
        }
      })();
    g.next();
    return g;
  });
  const sample = (): number => sampleLatency(lan, stream);
  for (let i = 0; i < inFlight; i++) {
    inbox[i] = copyTerm(message);
    push(i, sample());
  }
  let cur = 0;
  const t0 = now();
  for (let i = 0; i < events; i++) {
    let s = cur & mask;
    while (head[s] === -1) s = ++cur & mask;
    const ev = head[s]!;
    head[s] = next[ev]!;
    bodies[ev]!.next(inbox[ev]);
    // The next send to this client: its copy, its latency, kept in order behind the last.
    const t = time[ev]!;
    inbox[ev] = copyTerm(message);
    let a = t + sample();
    a = clamp(a, null as unknown as Link, sender, pids[ev]!);
    if (a - t > mask) throw new Error("partsFloor: a latency past the wheel's window");
    push(ev, a);
  }
  const wall = Math.max((now() - t0) / 1000, 1e-9);
  if (seen < 0) throw new Error("unreachable");
  return events / wall;
}

/**
 * Bytes per wall-clock second of SHA-256 alone (node:crypto, as the trace hashes), fed 64 KB
 * at a time as the trace feeds it: the floor of trace hash, which hashes every line.
 */
export function sha256Rate(bytes: number, now: () => number): number {
  const chunk = new Uint8Array(1 << 16).fill(0x7b);
  const h = createHash("sha256");
  const n = Math.max(1, Math.round(bytes / chunk.length));
  const t0 = now();
  for (let i = 0; i < n; i++) h.update(chunk);
  h.digest();
  return (n * chunk.length) / Math.max((now() - t0) / 1000, 1e-9);
}
