/**
 * The hash thread (`hashStream.ts`, `hashWorker.ts`): a stream whose lines it writes and hashes
 * gives the SHA-256 of the lines `recordJson` makes, byte for byte, whatever the records: across
 * the threshold, exactly at it, with digests taken in the middle, several streams at once,
 * streams dropped mid-run, and whole traces in modes hash and full.
 */
import { createHash } from "node:crypto";
import { afterEach, describe, expect, test } from "vitest";
import { LineHash, setOffloadBytes } from "../../src/sim/hashStream.js";
import { BUFFER_BYTES } from "../../src/sim/hashThread.js";
import { Name, Pid } from "../../src/sim/pid.js";
import type { Proc } from "../../src/sim/process.js";
import { Simulation } from "../../src/sim/simulation.js";
import { canonicalJson } from "../../src/sim/term.js";
import { recordJson, Trace, type TraceMode, type TraceRecord } from "../../src/sim/trace.js";

const before = setOffloadBytes(null);
setOffloadBytes(before);
afterEach(() => void setOffloadBytes(before));

const sha256 = (lines: readonly string[]): string => createHash("sha256").update(lines.join("")).digest("hex");

/** Writes records to a stream as the trace does: the hot kinds by their own calls, the rest whole. */
function feed(s: LineHash, rs: readonly TraceRecord[]): void {
  for (const r of rs) {
    if (r.k === "deliver") s.deliver(r.t, r.id, r.to);
    else if (r.k === "receive") s.receive(r.t, r.id, r.pid);
    else if (r.k === "send") s.send(r.t, r.id, r.from, r.to, canonicalJson(r.msg));
    else s.write(r);
  }
}

/** Records of every shape the hash thread is sent: pids cached and not, names, sends from outside, long and non-ASCII text. */
function mixed(n: number): TraceRecord[] {
  const big = "x".repeat(BUFFER_BYTES + 333); // longer than a buffer: sent in pieces
  const out: TraceRecord[] = [];
  for (let i = 0; i < n; i++) {
    const to = i % 11 === 0 ? new Pid(`far${i % 3}@h`, 5000 + (i % 3), 1 << 20, 2) : pids[i % pids.length]!; // beyond the code cache
    const again = new Pid(to.node, to.nodeIndex, to.id, to.creation); // the same pid, another object
    const msg = i % 97 === 0 ? { tag: "big", text: i % 970 === 0 ? big : `é ✓ ${i}` } : { tag: "m", n: i >> 4 };
    out.push({ t: 10 * i, k: "send", id: i, from: i % 13 === 0 ? null : a, to: i % 17 === 0 ? new Name("server", `s${i % 2}@h`) : to, msg });
    out.push({ t: 10 * i + 3, k: "deliver", id: i, to: i % 5 === 0 ? again : to });
    out.push({ t: 10 * i + 4, k: "receive", id: i, pid: to });
    if (i % 29 === 0) out.push({ t: 10 * i + 5, k: "log", pid: to, text: i % 580 === 0 ? big : `line ${i} ü` });
    if (i % 31 === 0) out.push({ t: 10 * i + 6, k: "drop", id: i, reason: "noproc" });
  }
  out.push({ t: 2 ** 40 + 0.5, k: "deliver", id: 2 ** 53, to: a }); // numbers past the fast paths
  return out;
}

describe("LineHash", () => {
  test("offloaded past the threshold, records of every shape, digests and byte counts on the way: the SHA-256 of the lines", () => {
    const rs = mixed(3000);
    const lines = rs.map(recordJson);
    const cut = [0, 1, 900, 2500, rs.length];
    setOffloadBytes(1.5 * BUFFER_BYTES); // crossed by the second part
    const s = new LineHash();
    for (let i = 1; i < cut.length; i++) {
      feed(s, rs.slice(cut[i - 1], cut[i]));
      const want = lines.slice(0, cut[i]);
      expect(s.digest()).toBe(sha256(want));
      expect(s.bytes).toBe(Buffer.byteLength(want.join("")));
      expect(s.offloaded).toBe(i > 1);
    }
    expect(s.digest()).toBe(sha256(lines));
  });

  test("never offloaded when the threshold is null: the lines written here", () => {
    setOffloadBytes(null);
    const rs = [...records(5000, 7), ...mixed(600)]; // names sent to again and again, from the writer's cache
    const s = new LineHash();
    feed(s, rs);
    expect(s.offloaded).toBe(false);
    expect(s.digest()).toBe(sha256(rs.map(recordJson)));
  });

  test("several streams at once, interleaved record by record, with more data than the thread's buffers hold at once", () => {
    setOffloadBytes(3000);
    const sets = [0, 1, 2, 3, 4, 5].map((i) => (i % 2 === 0 ? records(8000 + 1000 * i, i) : mixed(400)));
    const streams = sets.map(() => new LineHash());
    const longest = Math.max(...sets.map((x) => x.length));
    for (let j = 0; j < longest; j++) {
      sets.forEach((rs, i) => {
        if (j < rs.length) feed(streams[i]!, [rs[j]!]);
      });
      if (j % 5000 === 0) expect(streams[j % 6]!.digest()).toBe(sha256(sets[j % 6]!.slice(0, j + 1).map(recordJson)));
    }
    sets.forEach((rs, i) => {
      expect(streams[i]!.offloaded).toBe(true);
      expect(streams[i]!.digest()).toBe(sha256(rs.map(recordJson)));
    });
  });

  test("streams dropped in the middle of a run, each holding a buffer, do not stall the next ones", () => {
    setOffloadBytes(1000);
    for (let i = 0; i < 12; i++) feed(new LineHash(), records(2000, i)); // never digested
    const rs = records(3000, 99);
    const s = new LineHash();
    feed(s, rs);
    expect(s.digest()).toBe(sha256(rs.map(recordJson)));
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
