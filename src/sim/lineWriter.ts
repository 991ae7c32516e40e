/**
 * Canonical trace lines written straight into bytes for hashing. The trace's identity is the
 * SHA-256 of its canonical JSON lines; making each line as a string and having the hash
 * encode it again costs more than the simulation itself, so the hot records (send, deliver,
 * receive) are written here as bytes, ASCII digits and all, into a reused buffer that is
 * handed to the hash 64 KB at a time. Every other record goes through `recordJson`. The bytes
 * are exactly the UTF-8 of `recordJson(r)`; `test/sim/lineWriter.test.ts` holds it to that.
 *
 * Most of a line is constant for a given pid (`,"to":"<n@h.3.1>"}\n`) or message, so each
 * pid's three such runs, and the run around the last message, are made once and copied whole:
 * copying bytes one at a time costs more than the rest of the line.
 */
import { type Name, Pid } from "./pid.js";
import { canonicalJson, pidJson } from "./term.js";
import { recordJson, type TraceRecord } from "./trace.js";

const CHUNK = 1 << 16;
/**
 * Room always free when a record starts (and again after any text of unbounded length or
 * any run of bytes longer than `MAX_UNCHECKED`), so the fixed parts and numbers are written
 * without bounds checks: the longest stretch of them is two 16-digit numbers, 40 bytes of
 * keys and three runs of at most `MAX_UNCHECKED` bytes (and up to 3 bytes of a run's padding).
 */
const SLACK = 512;
/** Runs of bytes longer than this make room first. */
const MAX_UNCHECKED = 128;
/** Runs up to this long are copied four bytes a store; longer ones with `set`, which costs more to call. */
const WORD_RUN = 20;
/** Bounds of the pid cache (node indexes and pid numbers beyond them are not kept) and of the name cache (emptied when full). */
const MAX_CACHED_NODES = 1 << 12;
const MAX_CACHED_IDS = 1 << 18;
const MAX_CACHED_NAMES = 1 << 10;

/**
 * A run of bytes copied whole into lines: also as little-endian 32-bit words (the last one
 * padded), which a short run is copied by, four bytes a store through a `DataView` (a call to
 * `Uint8Array.set` costs more than copying a short run this way). The padding lands past the
 * run, in the slack, and is overwritten by what follows.
 */
export class Run {
  readonly words: Int32Array;
  constructor(readonly bytes: Uint8Array) {
    const padded = new Uint8Array((bytes.length + 3) & ~3);
    padded.set(bytes);
    const dv = new DataView(padded.buffer);
    this.words = Int32Array.from({ length: padded.length >> 2 }, (_, i) => dv.getInt32(4 * i, true));
  }
}

/** A pid (or a registered name) and the runs of bytes it appears in. */
export interface PidBytes {
  /** The pid these runs are of (null: runs made from JSON alone, on the hash thread). */
  readonly pid: Pid | null;
  /** `,"to":<pid>}\n`: the end of a deliver line, and of a send line to a pid. */
  readonly to: Run;
  /** `,"k":"receive","pid":<pid>,"t":`: the middle of a receive line. */
  readonly receive: Run;
  /** `{"from":<pid>,"id":`: the start of a send line from a process. */
  readonly from: Run;
}

/** The four ASCII digits of 0000..9999, as little-endian words (`0012` is the bytes `0`, `0`, `1`, `2`). */
const DIGITS4 = Int32Array.from({ length: 10_000 }, (_, i) => {
  const d = String(i).padStart(4, "0");
  return (d.charCodeAt(0) | (d.charCodeAt(1) << 8) | (d.charCodeAt(2) << 16) | (d.charCodeAt(3) << 24)) | 0;
});

/** Runs of bytes, one after the other. */
export function join(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of parts) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** Bytes of an ASCII constant. */
const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));
const ID = new Run(bytes('{"id":'));
const DELIVER_T = new Run(bytes(',"k":"deliver","t":'));
const TO = bytes(',"to":');
const RECEIVE_PID = bytes(',"k":"receive","pid":');
const T = bytes(',"t":');
const END = new Run(bytes("}\n"));
const FROM = bytes('{"from":');
const FROM_NULL = new Run(bytes('{"from":null,"id":'));
const SEND_MSG = bytes(',"id":');
const K_SEND_MSG = bytes(',"k":"send","msg":');

/** The runs of bytes a pid's (or a name's) canonical JSON, as UTF-8, appears in. */
export function pidRuns(json: Uint8Array, pid: Pid | null = null): PidBytes {
  return { pid, to: new Run(join(TO, json, END.bytes)), receive: new Run(join(RECEIVE_PID, json, T)), from: new Run(join(FROM, json, SEND_MSG)) };
}

/** The run `,"k":"send","msg":<json>,"t":` around a message's canonical JSON, as UTF-8. */
export function msgRun(json: Uint8Array): Run {
  return new Run(join(K_SEND_MSG, json, T));
}

/** Writes lines into a buffer and passes full chunks to `sink` (which must consume them before returning). */
export class LineWriter {
  private buf = new Uint8Array(CHUNK + SLACK);
  /** `buf`, for word stores. */
  private view = new DataView(this.buf.buffer);
  private pos = 0;
  /** Bytes handed to the sink so far. */
  private flushed = 0;
  private readonly encoder = new TextEncoder();
  /**
   * Pids already written, and their runs of bytes, by node index and pid number (array
   * lookups, no hashing: a pid is in three records per message). An entry serves only its
   * own pid object; pids beyond the bounds have their runs made afresh each time.
   */
  private readonly pidBytes: (PidBytes | undefined)[][] = [];
  /** Registered names' runs of bytes, by their JSON (at most `MAX_CACHED_NAMES`). */
  private readonly nameBytes = new Map<string, PidBytes>();
  /**
   * The last message JSON written by a send, and the run of bytes around it,
   * `,"k":"send","msg":<json>,"t":` (a broadcast repeats it).
   */
  private lastMsgJson = "";
  private lastMsgBytes: Run | null = null;

  /** @param sink receives each chunk of bytes, in order */
  constructor(private readonly sink: (chunk: Uint8Array) => void) {}

  /** Writes one record's line. `msgJson`, for a send, is its message's JSON if already made. */
  write(r: TraceRecord, msgJson?: string): void {
    switch (r.k) {
      case "deliver":
        return this.deliver(r.t, r.id, r.to);
      case "receive":
        return this.receive(r.t, r.id, r.pid);
      case "send":
        return this.send(r.t, r.id, r.from, r.to, msgJson ?? canonicalJson(r.msg));
      default:
        if (this.pos > CHUNK) this.flush();
        this.text(recordJson(r));
    }
  }

  /** `{ t, k: "deliver", id, to }` without the record. */
  deliver(t: number, id: number, to: Pid): void {
    this.deliverRuns(t, id, this.pid(to));
  }

  /** A deliver line, given the runs of its pid. */
  deliverRuns(t: number, id: number, to: PidBytes): void {
    if (this.pos > CHUNK) this.flush();
    this.put(ID);
    this.int(id);
    this.put(DELIVER_T);
    this.int(t);
    this.put(to.to);
  }

  /** `{ t, k: "receive", id, pid }` without the record. */
  receive(t: number, id: number, pid: Pid): void {
    this.receiveRuns(t, id, this.pid(pid));
  }

  /** A receive line, given the runs of its pid. */
  receiveRuns(t: number, id: number, pid: PidBytes): void {
    if (this.pos > CHUNK) this.flush();
    this.put(ID);
    this.int(id);
    this.put(pid.receive);
    this.int(t);
    this.put(END);
  }

  /** `{ t, k: "send", id, from, to, msg }` without the record, given the message's JSON. */
  send(t: number, id: number, from: Pid | null, to: Pid | Name, msgJson: string): void {
    this.sendRuns(t, id, from === null ? null : this.pid(from), this.msg(msgJson), to instanceof Pid ? this.pid(to) : this.name(to));
  }

  /** A send line, given the runs of its pids (`from` null: sent from outside) and of its message (`msgRun`). */
  sendRuns(t: number, id: number, from: PidBytes | null, msg: Run, to: PidBytes): void {
    if (this.pos > CHUNK) this.flush();
    this.put(from === null ? FROM_NULL : from.from);
    this.int(id);
    this.put(msg);
    this.int(t);
    this.put(to.to);
  }

  /** Bytes of lines made elsewhere (UTF-8 of whole lines, or a stretch of them), as they are. */
  raw(b: Uint8Array): void {
    for (let at = 0; at < b.length; ) {
      if (this.pos >= this.buf.length - SLACK) this.flush();
      const n = Math.min(b.length - at, this.buf.length - SLACK - this.pos);
      this.buf.set(b.subarray(at, at + n), this.pos);
      this.pos += n;
      at += n;
    }
  }

  /** Hands what is buffered to the sink. */
  flush(): void {
    if (this.pos === 0) return;
    this.sink(this.buf.subarray(0, this.pos));
    this.flushed += this.pos;
    this.pos = 0;
  }

  /** Bytes written so far (the length of the canonical lines). */
  get bytes(): number {
    return this.flushed + this.pos;
  }

  /** Makes room for `n` bytes plus the slack. */
  private room(n: number): void {
    if (this.pos + n + SLACK > this.buf.length) {
      this.flush();
      if (n + SLACK > this.buf.length) {
        this.buf = new Uint8Array(n + SLACK);
        this.view = new DataView(this.buf.buffer);
      }
    }
  }

  /** Copies a run of bytes (unchecked within the slack; a longer run makes room first). */
  private put(r: Run): void {
    const n = r.bytes.length;
    if (n <= WORD_RUN) {
      const w = r.words;
      const v = this.view;
      for (let i = 0, p = this.pos; i < w.length; i++, p += 4) v.setInt32(p, w[i]!, true);
    } else {
      if (n > MAX_UNCHECKED) this.room(n);
      this.buf.set(r.bytes, this.pos);
    }
    this.pos += n;
  }

  /**
   * A number as canonical JSON: digits for a non-negative safe integer, else as `recordJson`
   * would. Below 10^12, four digits a store, from a table: the digits above the last group of
   * four first, as a word whose unused high bytes are overwritten by the next group.
   */
  private int(n: number): void {
    if (!(Number.isSafeInteger(n) && n >= 0)) {
      this.text(Number.isFinite(n) ? String(n) : JSON.stringify(String(n)));
      return;
    }
    const v = this.view;
    let p = this.pos;
    if (n < 1e4) {
      const d = n < 10 ? 1 : n < 100 ? 2 : n < 1e3 ? 3 : 4;
      v.setInt32(p, DIGITS4[n]! >>> ((4 - d) << 3), true);
      this.pos = p + d;
      return;
    }
    if (n < 1e8) {
      const hi = (n / 1e4) | 0;
      const d = hi < 10 ? 1 : hi < 100 ? 2 : hi < 1e3 ? 3 : 4;
      v.setInt32(p, DIGITS4[hi]! >>> ((4 - d) << 3), true);
      v.setInt32(p + d, DIGITS4[n - hi * 1e4]!, true);
      this.pos = p + d + 4;
      return;
    }
    if (n < 1e12) {
      const top = Math.floor(n / 1e8);
      const rest = n - top * 1e8;
      const mid = (rest / 1e4) | 0;
      const d = top < 10 ? 1 : top < 100 ? 2 : top < 1e3 ? 3 : 4;
      v.setInt32(p, DIGITS4[top]! >>> ((4 - d) << 3), true);
      v.setInt32(p + d, DIGITS4[mid]!, true);
      v.setInt32(p + d + 4, DIGITS4[rest - mid * 1e4]!, true);
      this.pos = p + d + 8;
      return;
    }
    let digits = 13;
    for (let m = 1e13; m <= n && digits < 16; m *= 10) digits++;
    const buf = this.buf;
    p = this.pos += digits;
    for (let m = n; m > 0; m = Math.floor(m / 10)) buf[--p] = 48 + (m % 10);
  }

  /** `,"k":"send","msg":<json>,"t":`, as bytes kept from the previous send when the JSON is the same string. */
  private msg(json: string): Run {
    if (json !== this.lastMsgJson || this.lastMsgBytes === null) {
      this.lastMsgJson = json;
      this.lastMsgBytes = msgRun(this.encoder.encode(json));
    }
    return this.lastMsgBytes;
  }

  /** A registered name's runs of bytes (`{Name, Node}`), from the cache when it was written before. */
  private name(to: Name): PidBytes {
    const json = canonicalJson(to);
    let runs = this.nameBytes.get(json);
    if (runs === undefined) {
      if (this.nameBytes.size >= MAX_CACHED_NAMES) this.nameBytes.clear();
      runs = pidRuns(this.encoder.encode(json));
      this.nameBytes.set(json, runs);
    }
    return runs;
  }

  /** A pid's runs of bytes, from the cache when it was written before. */
  private pid(p: Pid): PidBytes {
    const byNode = this.pidBytes[p.nodeIndex];
    const known = byNode?.[p.id];
    if (known !== undefined && known.pid === p) return known;
    const made = pidRuns(this.encoder.encode(pidJson(p)), p);
    if (p.nodeIndex >= 0 && p.nodeIndex < MAX_CACHED_NODES && p.id >= 0 && p.id < MAX_CACHED_IDS && Number.isInteger(p.nodeIndex) && Number.isInteger(p.id)) {
      const list = byNode ?? (this.pidBytes[p.nodeIndex] = []);
      // Fill any gap first, so that the list stays a dense array.
      for (let i = list.length; i < p.id; i++) list.push(undefined);
      list[p.id] = made;
    }
    return made;
  }

  /** Any string, as UTF-8 (ASCII byte by byte; the rest through the encoder). */
  private text(s: string): void {
    const n = s.length;
    this.room(n);
    const buf = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.pos = p;
        this.utf8(s.slice(i));
        return;
      }
      buf[p++] = c;
    }
    this.pos = p;
  }

  private utf8(s: string): void {
    this.room(s.length * 3);
    const r = this.encoder.encodeInto(s, this.buf.subarray(this.pos));
    this.pos += r.written;
  }
}
