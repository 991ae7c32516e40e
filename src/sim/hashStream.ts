/**
 * The SHA-256 of a trace's canonical lines, made on this thread or, once a run has written a
 * lot of lines, on a helper thread. Hashing is a fifth of what a traced broadcast costs, and it
 * needs nothing but the bytes, so a long run hands them to a second core: the trace's chunks
 * are copied into large buffers shared with the hash thread, the hash thread hashes each full
 * one and gives it back, and `digest()` waits (`Atomics.wait`) for the digest of everything
 * written so far. Nothing is allocated per chunk: a full buffer is one entry in a ring of small
 * integers and one wake-up. (The buffers are large because waking a sleeping thread costs the
 * waker some microseconds; and the writer does not write into them in place, because V8 copies
 * runs of bytes into shared memory slower than into its own.)
 *
 * A run that stays under `offloadAfter()` bytes (sweeps make thousands of those) hashes on its
 * own thread as before and never starts a thread. Up to the threshold a stream keeps a copy of
 * what it has hashed, since a `Hash` cannot be moved to another thread: when the threshold is
 * crossed, the hash thread starts a fresh SHA-256 from those bytes and takes over. Either way
 * the digest is the SHA-256 of the same bytes (`test/sim/hashStream.test.ts`).
 *
 * One hash thread per JavaScript thread that needs one, started on first use and unref'd, so it
 * never keeps a process alive; it keeps the state of every stream handed to it, which several
 * traces may be at once. A run that offloads uses two cores: its CPU time is more than its wall
 * time (`bench broadcast` reports both).
 */
import { createHash, type Hash } from "node:crypto";
import { MessageChannel, type MessagePort, Worker } from "node:worker_threads";
import { SimulatorError } from "./errors.js";

/** Bytes of each shared buffer: one wake-up of the hash thread per this many bytes of lines. */
export const SHARED_BUFFER_BYTES = 1 << 20;
/** Shared buffers per offloaded stream: the writer fills one while the hash thread hashes the others. */
const BUFFERS = 3;
/** Entries of the ring of operations (a power of two). */
const RING = 64;
/** A stream's shared memory: its buffers' states and the digest counter, then the buffers, then the digest. */
const DATA_AT = 64;
const DIGEST_AT = DATA_AT + BUFFERS * SHARED_BUFFER_BYTES;
const STREAM_BYTES = DIGEST_AT + 32;
/** Ring operations. */
const OPEN = 1;
const UPDATE = 2;
const DIGEST = 3;
const CLOSE = 4;
/** How long a wait for the hash thread may last before the run fails rather than hangs (a watchdog only: nothing a run computes depends on time). */
const STALL_MS = 60_000;
/** How long the hash thread may take to start before a run hashes on its own thread instead (also a watchdog). */
const START_MS = 10_000;

/** The hash thread's code (plain CommonJS, run with `eval`: it needs only Node's own modules). */
const THREAD_SOURCE = `
const { workerData, receiveMessageOnPort } = require("node:worker_threads");
const { createHash } = require("node:crypto");
const { ring, port } = workerData;
const streams = new Map();
Atomics.store(ring, 2, 1);
Atomics.notify(ring, 2);
let read = 0;
for (;;) {
  while (Atomics.load(ring, 0) === read) Atomics.wait(ring, 0, read);
  const e = 4 + (read & ${RING - 1}) * 4;
  const op = ring[e], id = ring[e + 1], b = ring[e + 2], len = ring[e + 3];
  if (op === ${OPEN}) {
    const m = receiveMessageOnPort(port).message;
    streams.set(m.id, { hash: createHash("sha256"), ctl: new Int32Array(m.sab, 0, ${BUFFERS + 1}), data: new Uint8Array(m.sab) });
  } else if (op === ${CLOSE}) {
    streams.delete(id);
  } else {
    const s = streams.get(id);
    if (op === ${UPDATE}) {
      const at = ${DATA_AT} + b * ${SHARED_BUFFER_BYTES};
      s.hash.update(s.data.subarray(at, at + len));
      Atomics.store(s.ctl, b, 0);
      Atomics.notify(s.ctl, b);
    } else {
      s.data.set(s.hash.copy().digest(), ${DIGEST_AT});
      Atomics.add(s.ctl, ${BUFFERS}, 1);
      Atomics.notify(s.ctl, ${BUFFERS});
    }
  }
  read = (read + 1) | 0;
  Atomics.store(ring, 1, read);
  Atomics.notify(ring, 1);
}
`;

let offloadBytes: number | null = 8 << 20;

/**
 * Bytes a stream hashes on its own thread before it hands its lines to the hash thread (null:
 * never). Streams made afterwards use it; returns the old value (for tests and benchmarks).
 */
export function setOffloadBytes(bytes: number | null): number | null {
  const was = offloadBytes;
  offloadBytes = bytes;
  return was;
}

/** Bytes a stream hashes on its own thread before it hands its lines to the hash thread (null: never). */
export function offloadAfter(): number | null {
  return offloadBytes;
}

/** Waits until `ctl[i]` is no longer `value`, failing if the hash thread seems gone. */
function waitWhile(ctl: Int32Array, i: number, value: number): void {
  while (Atomics.load(ctl, i) === value) {
    if (Atomics.wait(ctl, i, value, STALL_MS) === "timed-out") throw new SimulatorError("the trace's hash thread stopped answering");
  }
}

/** The hash thread, seen from the thread that writes the lines: a ring of operations to it. */
class HashThread {
  /** [0]: entries written, [1]: entries done (both wrap at 2^31), [2]: 1 once the thread runs, then `RING` entries of four ints. */
  private readonly ring = new Int32Array(new SharedArrayBuffer(16 + RING * 16));
  private readonly port: MessagePort;
  private written = 0;
  private nextId = 1;
  /** Closes the streams of traces that were collected, so the hash thread lets go of their state. */
  private readonly closer = new FinalizationRegistry<number>((id) => this.push(CLOSE, id, 0, 0));

  constructor() {
    const { port1, port2 } = new MessageChannel();
    // No flags from this process (`--input-type=module` would make the source ESM, without `require`).
    const w = new Worker(THREAD_SOURCE, { eval: true, execArgv: [], workerData: { ring: this.ring, port: port2 }, transferList: [port2] });
    w.unref();
    port1.unref();
    this.port = port1;
    // Once per process: a thread that does not start (no threads here, or its code cannot run)
    // leaves the hashing on this thread rather than hanging a run.
    if (Atomics.wait(this.ring, 2, 0, START_MS) === "timed-out" && Atomics.load(this.ring, 2) === 0) {
      void w.terminate();
      throw new Error("the hash thread did not start");
    }
  }

  /** Registers a stream whose shared memory is `sab`, hashed from its start; `owner` closes it when collected. */
  open(sab: SharedArrayBuffer, owner: object): number {
    const id = this.nextId++;
    this.port.postMessage({ id, sab });
    this.push(OPEN, id, 0, 0);
    this.closer.register(owner, id);
    return id;
  }

  /** Appends an operation to the ring (waiting while it is full) and wakes the hash thread. */
  push(op: number, id: number, b: number, len: number): void {
    const ring = this.ring;
    for (;;) {
      const done = Atomics.load(ring, 1);
      if (((this.written - done) | 0) < RING) break;
      waitWhile(ring, 1, done);
    }
    const e = 4 + (this.written & (RING - 1)) * 4;
    ring[e] = op;
    ring[e + 1] = id;
    ring[e + 2] = b;
    ring[e + 3] = len;
    this.written = (this.written + 1) | 0;
    Atomics.store(ring, 0, this.written);
    Atomics.notify(ring, 0);
  }
}

/** This thread's hash thread: null until one is needed, false if one could not be started. */
let thread: HashThread | null | false = null;

function hashThread(): HashThread | null {
  if (thread === null) {
    try {
      thread = new HashThread();
    } catch {
      thread = false; // no threads here: hash on this thread
    }
  }
  return thread === false ? null : thread;
}

/** A stream's side of the hash thread: its shared buffers, filled in turn. */
class Remote {
  readonly sab = new SharedArrayBuffer(STREAM_BYTES);
  private readonly ctl = new Int32Array(this.sab, 0, BUFFERS + 1);
  private readonly buffers = Array.from({ length: BUFFERS }, (_, b) => new Uint8Array(this.sab, DATA_AT + b * SHARED_BUFFER_BYTES, SHARED_BUFFER_BYTES));
  private readonly id: number;
  /** The buffer being filled, and how far. */
  private b = 0;
  private fill = 0;

  constructor(private readonly thread: HashThread, owner: object) {
    this.id = thread.open(this.sab, owner);
  }

  /** Copies bytes into the buffers, handing each one over when it is full. */
  update(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.length; ) {
      const n = Math.min(bytes.length - at, SHARED_BUFFER_BYTES - this.fill);
      this.buffers[this.b]!.set(at === 0 && n === bytes.length ? bytes : bytes.subarray(at, at + n), this.fill);
      at += n;
      this.fill += n;
      if (this.fill === SHARED_BUFFER_BYTES) this.commit();
    }
  }

  /** Hands what the buffer being filled holds to the hash thread, and waits until the next one is free. */
  private commit(): void {
    Atomics.store(this.ctl, this.b, 1);
    this.thread.push(UPDATE, this.id, this.b, this.fill);
    this.b = (this.b + 1) % BUFFERS;
    this.fill = 0;
    waitWhile(this.ctl, this.b, 1);
  }

  /** The SHA-256 (hex) of everything so far. */
  digest(): string {
    if (this.fill > 0) this.commit();
    const seq = Atomics.load(this.ctl, BUFFERS);
    this.thread.push(DIGEST, this.id, 0, 0);
    waitWhile(this.ctl, BUFFERS, seq);
    return Buffer.from(this.sab, DIGEST_AT, 32).toString("hex");
  }
}

/** A running SHA-256 that is never finalised (`digest` hashes a copy), fed chunk by chunk. */
export class Sha256Stream {
  private hash: Hash | null = createHash("sha256");
  private remote: Remote | null = null;
  /** Copies of the chunks hashed here, while the stream may still be offloaded (null: it will not be). */
  private kept: Uint8Array[] | null;
  private hashedHere = 0;
  private readonly offloadAt: number;

  constructor() {
    this.offloadAt = offloadBytes ?? Infinity;
    this.kept = offloadBytes === null ? null : [];
  }

  /** Whether the hash thread hashes this stream. */
  get offloaded(): boolean {
    return this.remote !== null;
  }

  /** Takes the next chunk of bytes (the `LineWriter`'s sink: the chunk is its to reuse on return). */
  update(chunk: Uint8Array): void {
    const r = this.remote;
    if (r !== null) return r.update(chunk);
    this.hash!.update(chunk);
    this.hashedHere += chunk.length;
    const kept = this.kept;
    if (kept === null) return;
    kept.push(chunk.slice());
    if (this.hashedHere < this.offloadAt) return;
    const t = hashThread();
    this.kept = null;
    if (t === null) return;
    const remote = (this.remote = new Remote(t, this));
    for (const c of kept) remote.update(c);
    this.hash = null;
  }

  /** SHA-256 (hex) of all the bytes so far. */
  digest(): string {
    return this.remote !== null ? this.remote.digest() : this.hash!.copy().digest("hex");
  }
}
