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
 * keys and two runs of at most `MAX_UNCHECKED` bytes.
 */
const SLACK = 512;
/** Runs of bytes longer than this make room first. */
const MAX_UNCHECKED = 128;
/** Runs of bytes up to this long are copied byte by byte; longer ones with `set`, which costs more to call. */
const SHORT_RUN = 12;
/** Bounds of the pid cache: node indexes and pid numbers beyond them are not kept. */
const MAX_CACHED_NODES = 1 << 12;
const MAX_CACHED_IDS = 1 << 18;

/** A pid and the runs of bytes it appears in. */
interface PidBytes {
  readonly pid: Pid;
  /** `,"to":<pid>}\n`: the end of a deliver line, and of a send line to a pid. */
  readonly to: Uint8Array;
  /** `,"k":"receive","pid":<pid>,"t":`: the middle of a receive line. */
  readonly receive: Uint8Array;
  /** `{"from":<pid>,"id":`: the start of a send line from a process. */
  readonly from: Uint8Array;
}

/** The digits of 00..99, two bytes each. */
const PAIRS = Uint8Array.from({ length: 200 }, (_, i) => 48 + (i % 2 === 0 ? Math.floor(i / 20) : (i >> 1) % 10));

/** Runs of bytes, one after the other. */
function join(...parts: Uint8Array[]): Uint8Array {
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
const ID = bytes('{"id":');
const DELIVER_T = bytes(',"k":"deliver","t":');
const TO = bytes(',"to":');
const RECEIVE_PID = bytes(',"k":"receive","pid":');
const T = bytes(',"t":');
const END = bytes("}\n");
const FROM = bytes('{"from":');
const NULL = bytes("null");
const SEND_MSG = bytes(',"id":');
const K_SEND_MSG = bytes(',"k":"send","msg":');

/** Writes lines into a buffer and passes full chunks to `sink` (which must consume them before returning). */
export class LineWriter {
  private buf = new Uint8Array(CHUNK + SLACK);
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
  /**
   * The last message JSON written by a send, and the run of bytes around it,
   * `,"k":"send","msg":<json>,"t":` (a broadcast repeats it).
   */
  private lastMsgJson = "";
  private lastMsgBytes: Uint8Array | null = null;

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
    if (this.pos > CHUNK) this.flush();
    this.put(ID);
    this.int(id);
    this.put(DELIVER_T);
    this.int(t);
    this.put(this.pid(to).to);
  }

  /** `{ t, k: "receive", id, pid }` without the record. */
  receive(t: number, id: number, pid: Pid): void {
    if (this.pos > CHUNK) this.flush();
    this.put(ID);
    this.int(id);
    this.put(this.pid(pid).receive);
    this.int(t);
    this.put(END);
  }

  /** `{ t, k: "send", id, from, to, msg }` without the record, given the message's JSON. */
  send(t: number, id: number, from: Pid | null, to: Pid | Name, msgJson: string): void {
    if (this.pos > CHUNK) this.flush();
    if (from === null) {
      this.put(FROM);
      this.put(NULL);
      this.put(SEND_MSG);
    } else {
      this.put(this.pid(from).from);
    }
    this.int(id);
    this.msg(msgJson);
    this.int(t);
    if (to instanceof Pid) {
      this.put(this.pid(to).to);
    } else {
      this.put(TO);
      this.text(canonicalJson(to));
      this.put(END);
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
      if (n + SLACK > this.buf.length) this.buf = new Uint8Array(n + SLACK);
    }
  }

  /** Copies a run of bytes (unchecked within the slack; a longer run makes room first). */
  private put(b: Uint8Array): void {
    const n = b.length;
    if (n <= SHORT_RUN) {
      const buf = this.buf;
      let p = this.pos;
      for (let i = 0; i < n; i++) buf[p++] = b[i]!;
      this.pos = p;
      return;
    }
    if (n > MAX_UNCHECKED) this.room(n);
    this.buf.set(b, this.pos);
    this.pos += n;
  }

  /** A number as canonical JSON: digits for a non-negative safe integer, else as `recordJson` would. */
  private int(n: number): void {
    if (!(Number.isSafeInteger(n) && n >= 0)) {
      this.text(Number.isFinite(n) ? String(n) : JSON.stringify(String(n)));
      return;
    }
    const buf = this.buf;
    if (n < 10) {
      buf[this.pos++] = 48 + n;
      return;
    }
    if (n > 0x7fffffff) {
      let digits = 2;
      for (let m = 100; m <= n && digits < 16; m *= 10) digits++;
      let p = (this.pos += digits);
      for (let m = n; m > 0; m = Math.floor(m / 10)) buf[--p] = 48 + (m % 10);
      return;
    }
    // Two digits at a time, from a table.
    const digits = n < 100 ? 2 : n < 1e3 ? 3 : n < 1e4 ? 4 : n < 1e5 ? 5 : n < 1e6 ? 6 : n < 1e7 ? 7 : n < 1e8 ? 8 : n < 1e9 ? 9 : 10;
    let p = (this.pos += digits);
    let m = n;
    while (m >= 100) {
      const q = (m / 100) | 0;
      const r = (m - q * 100) << 1;
      buf[--p] = PAIRS[r + 1]!;
      buf[--p] = PAIRS[r]!;
      m = q;
    }
    if (m >= 10) {
      buf[--p] = PAIRS[(m << 1) + 1]!;
      buf[--p] = PAIRS[m << 1]!;
    } else {
      buf[--p] = 48 + m;
    }
  }

  /** `,"k":"send","msg":<json>,"t":`, as bytes kept from the previous send when the JSON is the same string. */
  private msg(json: string): void {
    if (json !== this.lastMsgJson || this.lastMsgBytes === null) {
      this.lastMsgJson = json;
      this.lastMsgBytes = join(K_SEND_MSG, this.encoder.encode(json), T);
    }
    const b = this.lastMsgBytes;
    this.room(b.length);
    this.put(b);
  }

  /** A pid's runs of bytes, from the cache when it was written before. */
  private pid(p: Pid): PidBytes {
    const byNode = this.pidBytes[p.nodeIndex];
    const known = byNode?.[p.id];
    if (known !== undefined && known.pid === p) return known;
    const json = this.encoder.encode(pidJson(p));
    const made: PidBytes = { pid: p, to: join(TO, json, END), receive: join(RECEIVE_PID, json, T), from: join(FROM, json, SEND_MSG) };
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
