/**
 * The hash thread (`hashStream.ts`): takes buffers of records from the ring, writes their lines
 * with the same `LineWriter` the trace writes them with on its own thread, and hashes them. It
 * runs only as a worker thread started by `hashStream.ts` (its `workerData` names the ring); it
 * blocks in `Atomics.wait` between buffers and never returns to its event loop.
 */
import { createHash, type Hash } from "node:crypto";
import { isMainThread, type MessagePort, receiveMessageOnPort, workerData } from "node:worker_threads";
import { BYTES_AT, CLOSE, DIGEST, DIGEST_AT, OPEN, R_DELIVER, R_MSG, R_PID, R_RECEIVE, R_SEND, R_STR, R_TEXT, RING, UPDATE } from "./hashThread.js";
import { join, LineWriter, msgRun, type PidBytes, pidRuns, type Run } from "./lineWriter.js";

/** One stream's state: its hash, its writer, the runs of the pids it was sent, the message of its sends. */
interface Stream {
  readonly hash: Hash;
  readonly writer: LineWriter;
  readonly ctl: Int32Array;
  readonly sab: SharedArrayBuffer;
  readonly pids: PidBytes[];
  /** The bytes of `R_STR` records since the last `R_PID` or `R_MSG`. */
  pending: Uint8Array[];
  msg: Run | null;
}

/** The JSON the `R_STR` records since the last definition carried. */
function taken(s: Stream): Uint8Array {
  const b = s.pending.length === 1 ? s.pending[0]! : join(...s.pending);
  s.pending = [];
  return b;
}

/** Writes the lines of `slots` float64s of records. */
function lines(s: Stream, buf: ArrayBuffer, slots: number): void {
  const f = new Float64Array(buf);
  const u8 = new Uint8Array(buf);
  const w = s.writer;
  const pids = s.pids;
  // Ops, lengths and codes are small integers stored as float64s: `| 0` reads them as such.
  for (let q = 0; q < slots; ) {
    switch (f[q]! | 0) {
      case R_DELIVER:
        w.deliverRuns(f[q + 2]!, f[q + 1]!, pids[f[q + 3]! | 0]!);
        q += 4;
        break;
      case R_RECEIVE:
        w.receiveRuns(f[q + 2]!, f[q + 1]!, pids[f[q + 3]! | 0]!);
        q += 4;
        break;
      case R_SEND: {
        const from = f[q + 3]! | 0;
        w.sendRuns(f[q + 2]!, f[q + 1]!, from < 0 ? null : pids[from]!, s.msg!, pids[f[q + 4]! | 0]!);
        q += 5;
        break;
      }
      case R_STR:
      case R_TEXT: {
        const n = f[q + 1]! | 0;
        const at = (q + 2) << 3;
        if (f[q] === R_STR) s.pending.push(u8.slice(at, at + n));
        else w.raw(u8.subarray(at, at + n));
        q += 2 + ((n + 7) >> 3);
        break;
      }
      case R_PID:
        pids[f[q + 1]! | 0] = pidRuns(taken(s));
        q += 2;
        break;
      case R_MSG:
        s.msg = msgRun(taken(s));
        q += 1;
        break;
      default:
        throw new Error(`hash thread: unknown record ${f[q]} at slot ${q}`);
    }
  }
}

/** The thread's loop: one ring entry at a time. */
function serve(ring: Int32Array, port: MessagePort): void {
  const streams = new Map<number, Stream>();
  Atomics.store(ring, 2, 1);
  Atomics.notify(ring, 2);
  let read = 0;
  for (;;) {
    while (Atomics.load(ring, 0) === read) Atomics.wait(ring, 0, read);
    const e = 4 + (read & (RING - 1)) * 4;
    const op = ring[e]!;
    const id = ring[e + 1]!;
    const n = ring[e + 2]!;
    if (op === OPEN) {
      const m = receiveMessageOnPort(port)!.message as { id: number; sab: SharedArrayBuffer };
      const hash = createHash("sha256");
      streams.set(m.id, { hash, writer: new LineWriter((c) => hash.update(c)), ctl: new Int32Array(m.sab, 0, 1), sab: m.sab, pids: [], pending: [], msg: null });
    } else if (op === CLOSE) {
      streams.delete(id);
    } else if (op === UPDATE) {
      const buf = receiveMessageOnPort(port)!.message as ArrayBuffer;
      lines(streams.get(id)!, buf, n);
      port.postMessage(buf, [buf]);
      Atomics.add(ring, 3, 1);
      Atomics.notify(ring, 3);
    } else if (op === DIGEST) {
      const s = streams.get(id)!;
      s.writer.flush();
      new Uint8Array(s.sab, DIGEST_AT, 32).set(s.hash.copy().digest());
      new Float64Array(s.sab, BYTES_AT, 1)[0] = s.writer.bytes;
      Atomics.add(s.ctl, 0, 1);
      Atomics.notify(s.ctl, 0);
    }
    read = (read + 1) | 0;
    Atomics.store(ring, 1, read);
    Atomics.notify(ring, 1);
  }
}

const data = workerData as { chattyHashRing?: Int32Array; port?: MessagePort } | null;
if (!isMainThread && data?.chattyHashRing !== undefined) serve(data.chattyHashRing, data.port!);
