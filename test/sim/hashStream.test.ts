/**
 * The hash thread (`hashStream.ts`): a stream handed to it gives the digest a stream hashed on
 * its own thread gives, byte for byte, however the bytes come: across the threshold, exactly at
 * it, with digests taken in the middle, several streams at once, and whole traces in modes hash
 * and full.
 */
import { createHash } from "node:crypto";
import { afterEach, describe, expect, test } from "vitest";
import { SHARED_BUFFER_BYTES, Sha256Stream, setOffloadBytes } from "../../src/sim/hashStream.js";
import { Pid } from "../../src/sim/pid.js";
import type { Proc } from "../../src/sim/process.js";
import { Simulation } from "../../src/sim/simulation.js";
import { recordJson, Trace, type TraceMode, type TraceRecord } from "../../src/sim/trace.js";

const before = setOffloadBytes(null);
setOffloadBytes(before);
afterEach(() => void setOffloadBytes(before));

/** Deterministic bytes: chunk `i` of `n` bytes. */
function chunk(i: number, n: number): Uint8Array {
  const c = new Uint8Array(n);
  for (let j = 0; j < n; j++) c[j] = (i * 31 + j * 7) & 0xff;
  return c;
}

const sha256 = (parts: readonly Uint8Array[]): string => {
  const h = createHash("sha256");
  for (const p of parts) h.update(p);
  return h.digest("hex");
};

/** Feeds `chunks` to a stream as `LineWriter` does: from a buffer it reuses once the stream returns. */
function feed(s: Sha256Stream, chunks: readonly Uint8Array[]): void {
  let buf = new Uint8Array(1 << 16);
  for (const c of chunks) {
    if (c.length > buf.length) buf = new Uint8Array(c.length);
    buf.set(c);
    s.update(buf.subarray(0, c.length));
    buf.fill(0);
  }
}

describe("Sha256Stream", () => {
  test("offloaded past the threshold, with chunks across and over a shared buffer and digests on the way: the digest of the same bytes", () => {
    setOffloadBytes(5000);
    const chunks = Array.from({ length: 40 }, (_, i) => chunk(i, i === 20 ? 3 * SHARED_BUFFER_BYTES + 17 : i === 30 ? SHARED_BUFFER_BYTES - 4000 : 1000 + 37 * i));
    const s = new Sha256Stream();
    feed(s, chunks.slice(0, 4));
    expect(s.offloaded).toBe(false);
    expect(s.digest()).toBe(sha256(chunks.slice(0, 4)));
    feed(s, chunks.slice(4, 10));
    expect(s.offloaded).toBe(true);
    expect(s.digest()).toBe(sha256(chunks.slice(0, 10)));
    expect(s.digest()).toBe(sha256(chunks.slice(0, 10)));
    feed(s, chunks.slice(10)); // one of them bigger than a shared buffer
    expect(s.digest()).toBe(sha256(chunks));
  });

  test("exactly at the threshold the stream is offloaded; a byte short, it is not", () => {
    const chunks = Array.from({ length: 5 }, (_, i) => chunk(i, 1000));
    for (const [at, offloaded] of [[5000, true], [5001, false]] as const) {
      setOffloadBytes(at);
      const s = new Sha256Stream();
      feed(s, chunks);
      expect(s.offloaded).toBe(offloaded);
      expect(s.digest()).toBe(sha256(chunks));
    }
  });

  test("never offloaded when the threshold is null", () => {
    setOffloadBytes(null);
    const s = new Sha256Stream();
    const chunks = Array.from({ length: 30 }, (_, i) => chunk(i, 60_000));
    feed(s, chunks);
    expect(s.offloaded).toBe(false);
    expect(s.digest()).toBe(sha256(chunks));
  });

  test("several streams at once, interleaved chunk by chunk", () => {
    setOffloadBytes(3000);
    const streams = Array.from({ length: 6 }, () => ({ s: new Sha256Stream(), fed: [] as Uint8Array[] }));
    for (let i = 0; i < 60; i++) {
      const x = streams[i % streams.length]!;
      const c = chunk(i, 500 + 211 * i);
      feed(x.s, [c]);
      x.fed.push(c);
      if (i % 7 === 0) expect(x.s.digest()).toBe(sha256(x.fed));
    }
    for (const x of streams) {
      expect(x.s.offloaded).toBe(true);
      expect(x.s.digest()).toBe(sha256(x.fed));
    }
  });
});

const a = new Pid("a@h", 0, 1, 1);
const pids = Array.from({ length: 50 }, (_, i) => new Pid(`n${i % 5}@h`, 1 + (i % 5), 1 + i, 1));

/** A trace of `n` deliveries' records, about 270 bytes each (a broadcast's send, deliver and receive). */
function records(n: number, seed: number): TraceRecord[] {
  const out: TraceRecord[] = [];
  for (let i = 0; i < n; i++) {
    const to = pids[(i * 7 + seed) % pids.length]!;
    out.push({ t: 1000 + i, k: "send", id: i, from: a, to, msg: { tag: "message", name: "bench", text: `hello ${seed} ${i >> 6}` } });
    out.push({ t: 1500 + i, k: "deliver", id: i, to });
    out.push({ t: 1501 + i, k: "receive", id: i, pid: to });
  }
  return out;
}

describe("a trace's hash on the hash thread", () => {
  const inline = (mode: TraceMode, rs: readonly TraceRecord[]): string => {
    setOffloadBytes(null);
    const t = new Trace(mode);
    for (const r of rs) t.add(r);
    return t.hash()!;
  };

  test("a big trace hashed in modes hash and full, with hash() called mid-run, equals the inline hash and the SHA-256 of its lines", () => {
    const rs = records(20_000, 1); // about 5 MB
    const lines = rs.map(recordJson);
    const whole = createHash("sha256").update(lines.join("")).digest("hex");
    expect(inline("hash", rs)).toBe(whole);
    for (const mode of ["hash", "full"] as const) {
      setOffloadBytes(256 << 10);
      const t = new Trace(mode);
      rs.slice(0, 10_000).forEach((r) => t.add(r));
      expect(t.hash()).toBe(createHash("sha256").update(lines.slice(0, 10_000).join("")).digest("hex"));
      rs.slice(10_000).forEach((r) => t.add(r));
      expect(t.hashOffloaded).toBe(true);
      expect(t.hash()).toBe(whole);
    }
  });

  test("exactly at the threshold: offloaded by the last flush, in hash()", () => {
    const rs = records(2000, 2);
    const bytes = (() => {
      const t = new Trace("hash");
      rs.forEach((r) => t.add(r));
      t.hash();
      return t.bytes;
    })();
    const want = inline("hash", rs);
    for (const [at, offloaded] of [[bytes, true], [bytes + 1, false], [bytes - 1, true]] as const) {
      setOffloadBytes(at);
      const t = new Trace("hash");
      rs.forEach((r) => t.add(r));
      expect(t.hash()).toBe(want);
      expect(t.hashOffloaded).toBe(offloaded);
    }
  });

  test("several traces at once, records interleaved, one of them in mode full", () => {
    const sets = [1, 2, 3, 4].map((s) => records(3000 + 500 * s, s));
    const want = sets.map((rs, i) => inline(i === 3 ? "full" : "hash", rs));
    setOffloadBytes(128 << 10);
    const traces = sets.map((_, i) => new Trace(i === 3 ? "full" : "hash"));
    const longest = Math.max(...sets.map((s) => s.length));
    for (let j = 0; j < longest; j++) {
      sets.forEach((rs, i) => {
        if (j < rs.length) traces[i]!.add(rs[j]!);
      });
      if (j === 4000) traces[3]!.hash(); // full: offloaded while it hashes its records so far
    }
    expect(traces.map((t) => t.hash())).toEqual(want);
    expect(traces.every((t) => t.hashOffloaded)).toBe(true);
  });

  test("a simulation's run hash is the same with the hash thread", () => {
    const run = () => {
      const sim = new Simulation({ seed: 9, trace: "hash" });
      sim.addNode({ name: "a@h" });
      sim.addNode({ name: "b@h" });
      const peers = Array.from({ length: 50 }, () =>
        sim.spawn("b@h", function* peer(p: Proc) {
          for (;;) yield* p.receive();
        }),
      );
      sim.spawn("a@h", function* sender(p: Proc) {
        for (let i = 0; i < 300; i++) for (const q of peers) p.send(q, { tag: "message", name: "x", text: `line ${i}` });
      });
      const r = sim.run();
      return { hash: r.traceHash, offloaded: sim.trace.hashOffloaded };
    };
    setOffloadBytes(null);
    const here = run();
    setOffloadBytes(1 << 20);
    const there = run();
    expect(here.offloaded).toBe(false);
    expect(there.offloaded).toBe(true);
    expect(there.hash).toBe(here.hash);
  });
});
