/**
 * The kernel's event queue: a timing wheel over integer microseconds, with a `(time, seq)`
 * heap for everything the wheel cannot hold. It pops in exactly the order `EventQueue` would
 * (smallest time, then insertion order), but a push and a pop of an event that falls in the
 * wheel's window cost O(1) instead of O(log n): most of a simulation's events (deliveries a
 * network latency ahead, step ends a processing cost ahead) land within a few milliseconds.
 *
 * The wheel has `size` slots; slot `t mod size` holds, in `seq` order, the events at integer
 * time `t`, for every `t` in the window `[base, base + size)`; `base` follows the last pop.
 * The slots' lists are struct-of-arrays: every event in the wheel has an entry, an index into
 * one array of events and one `Int32Array` of next-indexes that threads each slot's list (and
 * the free entries), so a push or pop allocates nothing and touches a few adjacent numbers.
 * Each slot has a sentinel entry of its own at the front of its list, so an append is the
 * same whether the slot is empty or not: with latencies drawn at random, whether a push
 * finds its slot empty is as random, and with no branch on it the kernel's queue alone takes
 * about 10% less time (`bench/floor.ts`, `kernelQueueRate`, side by side: 33–35 against
 * 36–40 ns an event; the broadcast as a whole, about 1%, within `bench ab`'s noise).
 * Events beyond the window (or at a fractional time) go to the heap, and each pop takes the
 * smaller of the wheel's first event and the heap's by `(time, seq)`. When many events pile
 * up just beyond the window (a server broadcasting to 100,000 clients at 1 µs a send), the
 * wheel doubles until it covers them and takes them over.
 *
 * A `seq` may be reserved and its event pushed later (`reserve`, `pushReserved`): the kernel
 * holds back step ends that nothing may observe, and pushes one only if something might.
 * Such an event, like one moved from the heap, is put in its `seq` place within its slot.
 *
 * The one extra rule, which the simulation keeps by construction: nothing is pushed earlier
 * than the last event popped (virtual time does not go back).
 */
import { SimulatorError } from "./errors.js";
import { EventQueue, type Timed } from "./eventQueue.js";

/** Sizes of the wheel: where it starts, how far it may grow, and how many heap events make it grow. */
export interface WheelShape {
  /** log2 of the initial number of slots. */
  readonly bits: number;
  /** log2 of the most slots it may grow to. */
  readonly maxBits: number;
  /** Heap size beyond which a push just past the window makes the wheel grow. */
  readonly growAfter: number;
}

/** 4,096 slots (4 ms) to start, up to 262,144 (262 ms). */
export const DEFAULT_WHEEL: WheelShape = { bits: 12, maxBits: 18, growAfter: 1024 };

/** A `(time, seq)` priority queue for monotone times; see the module comment. */
export class TimeWheel<E extends Timed> {
  /** Slots in the wheel (a power of two) and the mask for `t mod slotCount`. */
  private slotCount!: number;
  private mask!: number;
  /**
   * Per slot, the entry of its last event, or the slot's own sentinel entry when it is empty.
   * Entries `[0, slotCount)` are the slots' sentinels: slot s's first event is `next[s]`.
   */
  private tails!: Int32Array;
  /** Per entry, its event (undefined when free) and the next entry of its slot's list (or of the free list). */
  private evs!: (E | undefined)[];
  private next!: Int32Array;
  /** The first free entry (-1: none), and how many entries were ever used. */
  private free = -1;
  private used = 0;
  /** One bit per non-empty slot, to skip empty stretches 32 slots at a time. */
  private occupied!: Int32Array;
  private readonly overflow = new EventQueue<E>();
  private base = 0;
  private inWheel = 0;
  private nextSeq = 0;
  /** The slot of the wheel's first event, as found by the last scan (-1: not known). */
  private cachedSlot = -1;

  constructor(private readonly shape: WheelShape = DEFAULT_WHEEL) {
    this.empty(shape.bits);
  }

  /** An empty wheel of 2^bits slots: every slot's list its sentinel alone, no entry in use (the heap is left as it is). */
  private empty(bits: number): void {
    this.slotCount = 1 << bits;
    this.mask = this.slotCount - 1;
    this.tails = new Int32Array(this.slotCount);
    for (let s = 0; s < this.slotCount; s++) this.tails[s] = s;
    this.next = new Int32Array(this.slotCount + 1024).fill(-1, 0, this.slotCount);
    // The sentinels' places are taken, so that the array stays dense.
    this.evs = [];
    for (let s = 0; s < this.slotCount; s++) this.evs.push(undefined);
    this.occupied = new Int32Array(Math.max(1, this.slotCount >>> 5));
    this.free = -1;
    this.used = this.slotCount;
    this.inWheel = 0;
    this.cachedSlot = -1;
  }

  /** Number of events waiting. */
  get size(): number {
    return this.inWheel + this.overflow.size;
  }

  /** The wheel's window in µs (its number of slots): grows, never shrinks. */
  get window(): number {
    return this.slotCount;
  }

  /** The number of pushes so far (the next `seq`). */
  get pushed(): number {
    return this.nextSeq;
  }

  /** Adds an event; stamps it with the next sequence number. Throws if it is earlier than the last pop. */
  push(e: E): void {
    e.seq = this.nextSeq++;
    this.place(e, false);
  }

  /**
   * Takes the next sequence number without pushing anything: the caller may hold an event
   * back and push it later with `pushReserved`, in the place it would have had.
   */
  reserve(): number {
    return this.nextSeq++;
  }

  /** Adds an event whose `seq` came from `reserve()`; it pops in `(time, seq)` order as if pushed then. */
  pushReserved(e: E): void {
    if (!(e.seq >= 0 && e.seq < this.nextSeq)) throw new SimulatorError(`event seq ${e.seq} was not reserved`);
    this.place(e, true);
  }

  /** Puts an event in the wheel or the heap; `inOrder`: it may belong before events already in its slot. */
  private place(e: E, inOrder: boolean): void {
    const t = e.time;
    if (t < this.base) throw new SimulatorError(`event at t=${t} pushed after t=${this.base} was popped`);
    const ahead = t - this.base;
    if (ahead < this.slotCount && Number.isInteger(t)) {
      if (inOrder) this.toSlotInOrder(e);
      else this.toSlot(e);
      // An event earlier than the one found by the last scan: scan again next time.
      if (this.cachedSlot >= 0 && (((t & this.mask) - this.base) & this.mask) < ((this.cachedSlot - this.base) & this.mask)) this.cachedSlot = -1;
      return;
    }
    this.overflow.insert(e);
    if (this.overflow.size > this.shape.growAfter && ahead < 1 << this.shape.maxBits && Number.isInteger(t)) this.grow(ahead);
  }

  /** The earliest event without removing it. */
  peek(): E | undefined {
    const slot = this.firstSlot();
    const o = this.overflow.peek();
    if (slot < 0) return o;
    const w = this.evs[this.next[slot]!]!;
    return o !== undefined && (o.time < w.time || (o.time === w.time && o.seq < w.seq)) ? o : w;
  }

  /** Removes and returns the earliest event (smallest time, then smallest seq). */
  pop(): E | undefined {
    const slot = this.firstSlot();
    const o = this.overflow.peek();
    if (slot < 0) {
      if (o === undefined) return undefined;
      this.overflow.pop();
      this.advance(o.time);
      return o;
    }
    const h = this.next[slot]!;
    const w = this.evs[h]!;
    if (o !== undefined && (o.time < w.time || (o.time === w.time && o.seq < w.seq))) {
      this.overflow.pop();
      this.advance(o.time);
      return o;
    }
    this.evs[h] = undefined; // let it be collected
    const n = this.next[h]!;
    this.next[h] = this.free;
    this.free = h;
    this.next[slot] = n;
    if (n < 0) {
      this.tails[slot] = slot;
      this.occupied[slot >>> 5] &= ~(1 << (slot & 31));
      this.cachedSlot = -1;
    }
    this.inWheel--;
    this.base = w.time;
    return w;
  }

  /** A free entry holding `e`, its next-index -1. */
  private entry(e: E): number {
    let i = this.free;
    if (i >= 0) this.free = this.next[i]!;
    else {
      i = this.used++;
      if (i === this.next.length) {
        const next = new Int32Array(2 * i);
        next.set(this.next);
        this.next = next;
      }
    }
    this.evs[i] = e;
    this.next[i] = -1;
    return i;
  }

  /** Appends an event whose time is in the window to its slot (its `seq` is the newest). */
  private toSlot(e: E): void {
    const slot = e.time & this.mask;
    const i = this.entry(e);
    // After the slot's last entry, its sentinel when empty: no branch on which.
    this.next[this.tails[slot]!] = i;
    this.tails[slot] = i;
    this.occupied[slot >>> 5] |= 1 << (slot & 31);
    this.inWheel++;
  }

  /** Puts an event whose time is in the window into its slot, in its `seq` place (a reserved one, or one from the heap). */
  private toSlotInOrder(e: E): void {
    const slot = e.time & this.mask;
    const tail = this.tails[slot]!;
    if (tail === slot || this.evs[tail]!.seq < e.seq) return this.toSlot(e);
    // Not the newest: after the last entry with a smaller seq (the slot's list is short), or the sentinel.
    let prev = slot;
    let j = this.next[slot]!;
    while (this.evs[j]!.seq < e.seq) {
      prev = j;
      j = this.next[j]!;
    }
    const i = this.entry(e);
    this.next[i] = j;
    this.next[prev] = i;
    this.inWheel++;
  }

  /** Moves the window's start up to `t` (the time just popped). */
  private advance(t: number): void {
    const b = Math.floor(t);
    if (b > this.base) {
      this.base = b;
      this.cachedSlot = -1;
    }
  }

  /**
   * Doubles the wheel until `ahead` µs fit, then moves into it every heap event the new
   * window covers, each in its `seq` place among the wheel's own.
   */
  private grow(ahead: number): void {
    let bits = Math.log2(this.slotCount);
    while (1 << bits <= ahead && bits < this.shape.maxBits) bits++;
    // Every slot's events, each slot's in seq order.
    const old: E[][] = [];
    for (let s = 0; s < this.slotCount; s++) {
      const list: E[] = [];
      for (let j = this.next[s]!; j >= 0; j = this.next[j]!) list.push(this.evs[j]!);
      if (list.length > 0) old.push(list);
    }
    this.empty(bits);
    for (let o = this.overflow.peek(); o !== undefined && o.time - this.base < this.slotCount && Number.isInteger(o.time); o = this.overflow.peek()) {
      this.toSlotInOrder(this.overflow.pop()!);
    }
    for (const list of old) for (const e of list) this.toSlotInOrder(e);
  }

  /** The slot of the wheel's earliest event, or -1 when the wheel is empty. */
  private firstSlot(): number {
    if (this.inWheel === 0) return -1;
    if (this.cachedSlot >= 0) return this.cachedSlot;
    const from = this.base & this.mask;
    const bits = this.occupied;
    const words = bits.length;
    let w = from >>> 5;
    let word = bits[w]! & (-1 << (from & 31));
    // Every wheel event lies within one window from base, so the first set bit going round
    // from base's slot is the earliest; words + 1 words cover the start word twice.
    for (let k = 0; k <= words; k++) {
      if (word !== 0) return (this.cachedSlot = (w << 5) + (31 - Math.clz32(word & -word)));
      w = w + 1 === words ? 0 : w + 1;
      word = bits[w]!;
    }
    throw new SimulatorError("time wheel: events counted but none found");
  }
}
