/**
 * A trace's canonical lines and their SHA-256, made on this thread or, once a run has written a
 * lot of lines, on a helper thread. Writing the lines and hashing them cost more than the
 * simulation itself, and they need nothing but the records, so a long run hands both to a second
 * core: this thread writes each hot record (send, deliver, receive) as a few numbers into a
 * buffer, with each pid's and each message's JSON sent once, and the hash thread
 * (`hashThread.ts`, `hashWorker.ts`) writes the lines from them with the same `LineWriter` and hashes them. A
 * full buffer is transferred to the hash thread, not copied, and comes back to be filled again;
 * `digest()` waits (`Atomics.wait`) for the digest of everything written so far.
 *
 * A run that stays under `offloadAfter()` bytes (sweeps make thousands of those) writes and
 * hashes its lines here and never starts a thread. Up to the threshold a stream keeps a copy of
 * the bytes it has hashed, since a `Hash` cannot be moved to another thread: when the threshold
 * is crossed, the hash thread starts a fresh SHA-256 from those bytes and takes over. Either way
 * the digest is the SHA-256 of the same bytes (`test/sim/hashStream.test.ts`).
 *
 * One hash thread per JavaScript thread that needs one, started on first use and unref'd, so it
 * never keeps a process alive; it keeps the state of every stream handed to it, which several
 * traces may be at once. A run that offloads uses two cores: its CPU time is more than its wall
 * time (`bench broadcast` reports both).
 */
import { createHash, type Hash } from "node:crypto";
import { hashThread, Remote } from "./hashThread.js";
import { LineWriter } from "./lineWriter.js";
import type { Name, Pid } from "./pid.js";
import { canonicalJson } from "./term.js";
import { recordJson, type TraceRecord } from "./trace.js";

let offloadBytes: number | null = 8 << 20;

/**
 * Bytes a stream writes and hashes on its own thread before it hands its lines to the hash
 * thread (null: never). Streams made afterwards use it; returns the old value (for tests and
 * benchmarks).
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

/**
 * A trace's canonical lines, written and hashed as records come: on this thread with a
 * `LineWriter`, or, past the threshold, on the hash thread. The SHA-256 is never finalised (a
 * copy is), so a run may go on after `digest()`.
 */
export class LineHash {
  private hash: Hash | null = createHash("sha256");
  private writer: LineWriter | null;
  private remote: Remote | null = null;
  /** Copies of the chunks hashed here, while the stream may still be offloaded (null: it will not be). */
  private kept: Uint8Array[] | null;
  private hashedHere = 0;
  private readonly offloadAt: number;
  /** Set by the writer's sink when the threshold is crossed: the stream is offloaded after the record. */
  private due = false;

  constructor() {
    this.offloadAt = offloadBytes ?? Infinity;
    this.kept = offloadBytes === null ? null : [];
    this.writer = new LineWriter((chunk) => this.hashHere(chunk));
  }

  /** Whether the hash thread writes and hashes this stream's lines. */
  get offloaded(): boolean {
    return this.remote !== null;
  }

  /** Bytes of lines written so far (once offloaded, asked of the hash thread: a wait). */
  get bytes(): number {
    return this.remote === null ? this.writer!.bytes : this.remote.digest().bytes;
  }

  deliver(t: number, id: number, to: Pid): void {
    const r = this.remote;
    if (r !== null) return r.deliver(t, id, to);
    this.writer!.deliver(t, id, to);
    if (this.due) this.offload();
  }

  receive(t: number, id: number, pid: Pid): void {
    const r = this.remote;
    if (r !== null) return r.receive(t, id, pid);
    this.writer!.receive(t, id, pid);
    if (this.due) this.offload();
  }

  send(t: number, id: number, from: Pid | null, to: Pid | Name, msgJson: string): void {
    const r = this.remote;
    if (r !== null) return r.send(t, id, from, to, msgJson);
    this.writer!.send(t, id, from, to, msgJson);
    if (this.due) this.offload();
  }

  /** Any record; `msgJson`, for a send, is its message's JSON if already made. */
  write(rec: TraceRecord, msgJson?: string): void {
    const r = this.remote;
    if (r === null) {
      this.writer!.write(rec, msgJson);
      if (this.due) this.offload();
    } else if (rec.k === "deliver") r.deliver(rec.t, rec.id, rec.to);
    else if (rec.k === "receive") r.receive(rec.t, rec.id, rec.pid);
    else if (rec.k === "send") r.send(rec.t, rec.id, rec.from, rec.to, msgJson ?? canonicalJson(rec.msg));
    else r.line(recordJson(rec));
  }

  /** SHA-256 (hex) of all the lines so far. */
  digest(): string {
    if (this.remote === null) {
      this.writer!.flush();
      if (this.due) this.offload();
    }
    return this.remote !== null ? this.remote.digest().hex : this.hash!.copy().digest("hex");
  }

  /** The writer's sink: hashes a chunk here, and keeps a copy while the stream may be offloaded. */
  private hashHere(chunk: Uint8Array): void {
    this.hash!.update(chunk);
    this.hashedHere += chunk.length;
    if (this.kept === null) return;
    this.kept.push(chunk.slice());
    if (this.hashedHere >= this.offloadAt) this.due = true;
  }

  /** Hands the stream to the hash thread, with the bytes hashed here so far (or keeps it here if there is none). */
  private offload(): void {
    this.writer!.flush();
    this.due = false;
    const kept = this.kept!;
    this.kept = null;
    const t = hashThread();
    if (t === null) return;
    const remote = new Remote(t, this);
    for (const c of kept) remote.raw(c);
    this.remote = remote;
    this.hash = null;
    this.writer = null;
  }
}
