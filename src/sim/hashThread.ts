/**
 * The hash thread seen from the thread that writes a trace (`hashStream.ts` decides when): a ring
 * of operations in shared memory, a pool of buffers transferred to it and back, and each
 * stream's records written into those buffers as numbers (`Remote`). The hash thread's side is
 * `hashWorker.ts`, which writes the lines from the records with the trace's own `LineWriter` and
 * hashes them.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import { SimulatorError } from "./errors.js";
import { type Name, Pid } from "./pid.js";
import { canonicalJson, pidJson } from "./term.js";

/** Bytes of each buffer of records handed to the hash thread (one wake-up of it per buffer). */
export const BUFFER_BYTES = 1 << 20;
/** Buffers the hash thread may have to hash at once; past it, the writer waits for one to come back. */
const MAX_IN_FLIGHT = 4;
/** Entries of the ring of operations (a power of two). */
export const RING = 64;
/** Ring operations: a stream opened (its shared memory on the port), a buffer of records (the buffer on the port), a digest asked for, a stream closed. */
export const OPEN = 1;
export const UPDATE = 2;
export const DIGEST = 3;
export const CLOSE = 4;
/**
 * Records in a buffer, each a few float64s: the op, then its fields. `STR` carries UTF-8 bytes
 * (padded to 8) that a later `PID` or `MSG` takes as its JSON; a long string comes in several.
 */
export const R_DELIVER = 1; // id, t, pid code
export const R_RECEIVE = 2; // id, t, pid code
export const R_SEND = 3; // id, t, from code (-1: from outside), to code; the message is the last MSG
export const R_STR = 4; // byte length, bytes
export const R_PID = 5; // code: the runs of the pid (or name) whose JSON the STRs since carried
export const R_MSG = 6; // the message of the sends that follow: the JSON the STRs since carried
export const R_TEXT = 7; // byte length, bytes: lines (or part of them) as they are
/** A stream's shared memory, by byte offset: the digest counter (an int32 at 0), the bytes of lines written (a float64 at `BYTES_AT`), the digest (32 bytes at `DIGEST_AT`). */
export const BYTES_AT = 8;
export const DIGEST_AT = 16;
const STREAM_BYTES = DIGEST_AT + 32;
/** How long a wait for the hash thread may last before the run fails rather than hangs (a watchdog only: nothing a run computes depends on time). */
const STALL_MS = 60_000;
/** How long the hash thread may take to start before a run hashes on its own thread instead (also a watchdog). */
const START_MS = 10_000;
/** Float64 slots of a buffer. */
const SLOTS = BUFFER_BYTES >> 3;
/** Slots always free when a fixed-size record starts (the longest, a send, takes 5). */
const FIXED = 8;

/** Waits until `ctl[i]` is no longer `value`, failing if the hash thread seems gone. */
function waitWhile(ctl: Int32Array, i: number, value: number): void {
  while (Atomics.load(ctl, i) === value) {
    if (Atomics.wait(ctl, i, value, STALL_MS) === "timed-out") throw new SimulatorError("the trace's hash thread stopped answering");
  }
}

/**
 * The hash thread's module: the build's (`dist`), also when this module is run from its
 * TypeScript source (under vitest, after `npm test` has built), since a worker thread cannot
 * load TypeScript.
 */
function workerFile(): URL {
  const here = new URL("./hashWorker.js", import.meta.url);
  if (!import.meta.url.endsWith(".ts")) return here;
  const built = new URL("../../dist/src/sim/hashWorker.js", import.meta.url);
  if (!existsSync(fileURLToPath(built))) throw new Error("the hash thread's module is not built");
  return built;
}

/** The hash thread, seen from the thread that writes the records: a ring of operations to it, and the pool of buffers. */
export class HashThread {
  /** [0]: entries written, [1]: entries done (both wrap at 2^31), [2]: 1 once the thread runs, [3]: buffers given back, then `RING` entries of four ints. */
  private readonly ring = new Int32Array(new SharedArrayBuffer(16 + RING * 16));
  private readonly port: MessagePort;
  private written = 0;
  private nextId = 1;
  /** Buffers handed over so far (the hash thread counts those it gave back). */
  private shipped = 0;
  /** Closes the streams of traces that were collected, so the hash thread lets go of their state. */
  private readonly closer = new FinalizationRegistry<number>((id) => this.push(CLOSE, id, 0));

  constructor() {
    const { port1, port2 } = new MessageChannel();
    // No flags from this process (a profiler's, say).
    const w = new Worker(workerFile(), { execArgv: [], workerData: { chattyHashRing: this.ring, port: port2 }, transferList: [port2] });
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

  /** Registers a stream whose shared memory is `sab`; `owner` closes it when collected. */
  open(sab: SharedArrayBuffer, owner: object): number {
    const id = this.nextId++;
    this.port.postMessage({ id, sab });
    this.push(OPEN, id, 0);
    this.closer.register(owner, id);
    return id;
  }

  /** Hands a buffer of `slots` float64s of records of stream `id` to the hash thread. */
  update(id: number, buf: ArrayBuffer, slots: number): void {
    this.port.postMessage(buf, [buf]);
    this.shipped = (this.shipped + 1) | 0;
    this.push(UPDATE, id, slots);
  }

  /**
   * A buffer to fill: one given back, else a new one while fewer than `MAX_IN_FLIGHT` are being
   * hashed, else the next one given back. (A buffer a stream holds is not counted: a trace
   * dropped in the middle of a run takes its buffer with it.)
   */
  buffer(): ArrayBuffer {
    for (;;) {
      const back = receiveMessageOnPort(this.port);
      if (back !== undefined) return back.message as ArrayBuffer;
      const given = Atomics.load(this.ring, 3);
      if (((this.shipped - given) | 0) < MAX_IN_FLIGHT) return new ArrayBuffer(BUFFER_BYTES);
      waitWhile(this.ring, 3, given);
    }
  }

  /** Appends an operation to the ring (waiting while it is full) and wakes the hash thread. */
  push(op: number, id: number, n: number): void {
    const ring = this.ring;
    for (;;) {
      const done = Atomics.load(ring, 1);
      if (((this.written - done) | 0) < RING) break;
      waitWhile(ring, 1, done);
    }
    const e = 4 + (this.written & (RING - 1)) * 4;
    ring[e] = op;
    ring[e + 1] = id;
    ring[e + 2] = n;
    this.written = (this.written + 1) | 0;
    Atomics.store(ring, 0, this.written);
    Atomics.notify(ring, 0);
  }
}

/** This thread's hash thread: null until one is needed, false if one could not be started. */
let thread: HashThread | null | false = null;

/** This thread's hash thread, started on first use; null if there can be none. */
export function hashThread(): HashThread | null {
  if (thread === null) {
    try {
      thread = new HashThread();
    } catch {
      thread = false; // no threads here: hash on this thread
    }
  }
  return thread === false ? null : thread;
}

/** A stream's buffer when it holds none. */
const NO_BUFFER = new Float64Array(0);

/**
 * A stream's side of the hash thread: records written as numbers into a buffer, handed over
 * when full. Each pid (or registered name) gets a code the first time it is written, and its
 * JSON goes with that first record; a message's JSON goes once for the sends of a broadcast.
 */
export class Remote {
  private readonly sab = new SharedArrayBuffer(STREAM_BYTES);
  private readonly ctl = new Int32Array(this.sab, 0, 1);
  private readonly id: number;
  /** The buffer being filled (none between a digest and the next record: `q` is then past its end, so the next record takes one). */
  private f: Float64Array = NO_BUFFER;
  private u8: Uint8Array = new Uint8Array(0);
  /** The next free slot of `f`. */
  private q = SLOTS;
  private readonly encoder = new TextEncoder();
  /** Codes by the pid's or name's JSON (a pid also keeps its code: `Pid.codeIn`). */
  private readonly byJson = new Map<string, number>();
  private lastMsgJson: string | null = null;

  constructor(private readonly thread: HashThread, owner: object) {
    this.id = thread.open(this.sab, owner);
  }

  deliver(t: number, id: number, to: Pid): void {
    this.record(R_DELIVER, id, t, this.code(to));
  }

  receive(t: number, id: number, pid: Pid): void {
    this.record(R_RECEIVE, id, t, this.code(pid));
  }

  /** A record of four slots (a send adds a fifth). */
  private record(op: number, id: number, t: number, code: number): void {
    if (this.q > SLOTS - FIXED) this.ship();
    const f = this.f;
    const q = this.q;
    f[q] = op;
    f[q + 1] = id;
    f[q + 2] = t;
    f[q + 3] = code;
    this.q = q + 4;
  }

  send(t: number, id: number, from: Pid | null, to: Pid | Name, msgJson: string): void {
    const fc = from === null ? -1 : this.code(from);
    const tc = to instanceof Pid ? this.code(to) : this.jsonCode(canonicalJson(to));
    if (msgJson !== this.lastMsgJson) {
      this.str(msgJson);
      this.op(R_MSG);
      this.lastMsgJson = msgJson;
    }
    this.record(R_SEND, id, t, fc);
    this.f[this.q++] = tc; // within the FIXED slots `record` made room for
  }

  /** Any other record, as its line. */
  line(text: string): void {
    this.bytes(R_TEXT, text);
  }

  /** Bytes of lines as they are (those hashed on this thread before the stream was offloaded). */
  raw(b: Uint8Array): void {
    this.chunks(R_TEXT, b);
  }

  /** SHA-256 (hex) of everything so far, and the bytes of lines it covers. */
  digest(): { hex: string; bytes: number } {
    this.give();
    const seq = Atomics.load(this.ctl, 0);
    this.thread.push(DIGEST, this.id, 0);
    waitWhile(this.ctl, 0, seq);
    return { hex: Buffer.from(this.sab, DIGEST_AT, 32).toString("hex"), bytes: new Float64Array(this.sab, BYTES_AT, 1)[0]! };
  }

  /** Hands the buffer over and takes the next one. */
  private ship(): void {
    this.give();
    const b = this.thread.buffer();
    this.f = new Float64Array(b);
    this.u8 = new Uint8Array(b);
    this.q = 0;
  }

  /** Hands the buffer over, if the stream holds one (even empty: it goes back to the pool). */
  private give(): void {
    if (this.f === NO_BUFFER) return;
    this.thread.update(this.id, this.f.buffer as ArrayBuffer, this.q);
    this.f = NO_BUFFER;
    this.u8 = new Uint8Array(0);
    this.q = SLOTS;
  }

  /** A record of one slot (`R_MSG`), or two (`R_PID` and its code). */
  private op(op: number, code = -1): void {
    if (this.q > SLOTS - FIXED) this.ship();
    this.f[this.q++] = op;
    if (op === R_PID) this.f[this.q++] = code;
  }

  /** A pid's code, defined on first use (kept on the pid for the stream it was last written to). */
  private code(p: Pid): number {
    const c = p.codeIn(this.id);
    if (c >= 0) return c;
    const code = this.jsonCode(pidJson(p));
    p.setCode(this.id, code);
    return code;
  }

  /** The code of a pid's or name's JSON, defined on first use. */
  private jsonCode(json: string): number {
    let code = this.byJson.get(json);
    if (code === undefined) {
      code = this.byJson.size;
      this.byJson.set(json, code);
      this.str(json);
      this.op(R_PID, code);
    }
    return code;
  }

  /** A string's UTF-8 as `R_STR` records. */
  private str(s: string): void {
    this.bytes(R_STR, s);
  }

  /** A string's UTF-8 as records of kind `op`: in place when it fits, else in pieces. */
  private bytes(op: number, s: string): void {
    const room = (SLOTS - FIXED - this.q - 2) << 3;
    if (s.length * 3 <= room) {
      const at = (this.q + 2) << 3;
      const { written } = this.encoder.encodeInto(s, this.u8.subarray(at, at + room));
      this.f[this.q] = op;
      this.f[this.q + 1] = written;
      this.q += 2 + ((written + 7) >> 3);
    } else {
      this.chunks(op, this.encoder.encode(s));
    }
  }

  /** Bytes as records of kind `op`, as many as it takes. */
  private chunks(op: number, b: Uint8Array): void {
    for (let at = 0; at < b.length; ) {
      if (this.q > SLOTS - FIXED - 16) this.ship();
      const n = Math.min(b.length - at, (SLOTS - FIXED - this.q - 2) << 3);
      this.f[this.q] = op;
      this.f[this.q + 1] = n;
      this.u8.set(b.subarray(at, at + n), (this.q + 2) << 3);
      this.q += 2 + ((n + 7) >> 3);
      at += n;
    }
  }
}
