import { createHash } from "node:crypto";
import { describe, expect, test } from "vitest";
import { Name, Pid, Ref } from "../../src/sim/pid.js";
import type { Proc } from "../../src/sim/process.js";
import { Simulation } from "../../src/sim/simulation.js";
import { Trace, type TraceMode, type TraceRecord } from "../../src/sim/trace.js";

const a = new Pid("a@h", 1, 1, 1);
const b = new Pid("b@h", 2, 1, 1);

/** A small trace with one record of every kind. */
const sample: TraceRecord[] = [
  { t: 0, k: "spawn", pid: a, parent: null, label: "server" },
  { t: 0, k: "register", name: "srv", pid: a },
  { t: 0, k: "connection", a: "a@h", b: "b@h", up: true, reason: null },
  { t: 1, k: "send", id: 0, from: b, to: new Name("srv", "a@h"), msg: { tag: "join", from: b, name: "John" } },
  { t: 1, k: "signal", id: 1, sig: "monitor", from: b, to: a, reason: null, ref: new Ref("b@h", 1) },
  { t: 250, k: "deliver", id: 0, to: a },
  { t: 250, k: "receive", id: 0, pid: a },
  { t: 260, k: "log", pid: a, text: "[JOIN] John joined the chat" },
  { t: 300, k: "drop", id: 1, reason: "partition" },
  { t: 400, k: "timeout", pid: b },
  { t: 500, k: "fault", op: "crash", detail: { op: "crash", node: "a@h" } },
  { t: 500, k: "unregister", name: "srv", pid: a },
  { t: 500, k: "exit", pid: a, reason: "node-down" },
];

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

function traceOf(mode: TraceMode, records: readonly TraceRecord[]): Trace {
  const tr = new Trace(mode);
  for (const r of records) tr.add(r);
  return tr;
}

describe("Trace", () => {
  test("off keeps nothing and has no hash", () => {
    const tr = new Trace("off");
    expect(tr.on).toBe(false);
    expect(tr.hash()).toBeNull();
    expect(tr.records).toEqual([]);
    expect([...tr.lines()]).toEqual([]);
  });

  test("full keeps the records and writes them as canonical JSON lines", () => {
    const tr = traceOf("full", sample);
    expect(tr.on).toBe(true);
    expect(tr.length).toBe(sample.length);
    expect(tr.records).toEqual(sample);
    const lines = [...tr.lines()];
    expect(lines).toHaveLength(sample.length);
    expect(lines[3]).toBe('{"from":"<b@h.1.1>","id":0,"k":"send","msg":{"from":"<b@h.1.1>","name":"John","tag":"join"},"t":1,"to":"{srv,a@h}"}\n');
    expect(lines[0]).toBe('{"k":"spawn","label":"server","parent":null,"pid":"<a@h.1.1>","t":0}\n');
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
  });

  test("the hash is the SHA-256 of the canonical lines", () => {
    const tr = traceOf("full", sample);
    expect(tr.hash()).toBe(sha256([...tr.lines()].join("")));
  });

  // Golden: pins the canonical form of every record kind. It changes only if the trace format does.
  test("golden hash of the sample trace", () => {
    expect(traceOf("full", sample).hash()).toBe("4733684318d2a7b9c2432af162313beda5188b2930a123a27d9f86dbf2f0abf7");
  });

  test("an empty trace hashes the empty string", () => {
    expect(new Trace("full").hash()).toBe(sha256(""));
    expect(new Trace("hash").hash()).toBe(sha256(""));
  });

  test("hash mode gives the same hash as full mode and keeps no records", () => {
    const h = traceOf("hash", sample);
    expect(h.records).toEqual([]);
    expect(h.length).toBe(sample.length);
    expect(h.hash()).toBe(traceOf("full", sample).hash());
  });

  test("hash mode and full mode agree on a trace far over the 64 KB hashing chunk", () => {
    const many: TraceRecord[] = [];
    for (let i = 0; i < 5000; i++) many.push({ t: i, k: "log", pid: a, text: `line ${i} ${"x".repeat(i % 50)}` });
    expect(traceOf("hash", many).hash()).toBe(traceOf("full", many).hash());
  });

  test("hash() is stable when called again", () => {
    for (const mode of ["hash", "full"] as const) {
      const tr = traceOf(mode, sample);
      expect(tr.hash()).toBe(tr.hash());
    }
  });

  test("records added after hash() count: the hash moves on and equals a fresh trace's", () => {
    const more: TraceRecord[] = [];
    for (let i = 0; i < 3000; i++) more.push({ t: 1000 + i, k: "log", pid: b, text: `more ${i} ${"y".repeat(40)}` });
    for (const mode of ["hash", "full"] as const) {
      const tr = traceOf(mode, sample);
      const first = tr.hash();
      for (const r of more) tr.add(r); // > 64 KB: the running hash must not have been finalised
      const second = tr.hash();
      expect(second).not.toBe(first);
      expect(second).toBe(traceOf("full", [...sample, ...more]).hash());
    }
  });

  test("a simulation run again after a first run reports the hash of the whole trace", () => {
    const build = (mode: TraceMode) => {
      const sim = new Simulation({ seed: 3, trace: mode });
      sim.addNode({ name: "a@h" });
      const pid = sim.spawn("a@h", function* echo(p: Proc) {
        for (;;) p.log(String(yield* p.receive()));
      });
      return { sim, pid };
    };
    for (const mode of ["hash", "full"] as const) {
      const { sim, pid } = build(mode);
      const r1 = sim.run();
      sim.send(pid, "again");
      const r2 = sim.run();
      expect(r2.traceHash).not.toBe(r1.traceHash);
      const other = build("full");
      other.sim.run();
      other.sim.send(other.pid, "again");
      other.sim.run();
      expect(r2.traceHash).toBe(other.sim.trace.hash());
    }
  });
});

describe("a broadcast's message JSON, made once per step", () => {
  /** One step: `sender` sends its object to every peer, changing it between some of the sends. */
  function broadcastRun(mode: TraceMode) {
    const sim = new Simulation({ seed: 5, trace: mode });
    sim.addNode({ name: "a@h" });
    sim.addNode({ name: "b@h" });
    const peers = Array.from({ length: 9 }, () => sim.spawn("b@h", function* peer(p: Proc) {
      yield* p.receive();
    }));
    sim.spawn("a@h", function* sender(p: Proc) {
      const m: Record<string, unknown> = { tag: "message", name: "bench", text: "hello" };
      p.send(peers[0]!, m);
      p.send(peers[1]!, m); // unchanged: the JSON is reused
      m.text = "changed";
      p.send(peers[2]!, m);
      delete m.name;
      p.send(peers[3]!, m);
      m.name = "bench"; // the same keys again, in another order: another term
      p.send(peers[4]!, m);
      p.send(peers[5]!, { text: "changed", tag: "message", name: "bench" }); // that order, a new object
      delete m.name;
      m.nick = "bench"; // as many keys, another name
      p.send(peers[6]!, m);
      delete m.nick;
      m.name = "bench";
      m.extra = [1, { deep: true }];
      p.send(peers[7]!, m);
      (m.extra as unknown[])[1] = { deep: false };
      p.send(peers[8]!, m);
    });
    sim.run();
    return sim.trace;
  }

  test("a sender that changes its object between two sends of one step is traced as it sent it", () => {
    const full = broadcastRun("full");
    const lines = [...full.lines()];
    const sent = lines.filter((l) => l.includes('"k":"send"')).map((l) => l.slice(l.indexOf('"msg":') + 6, l.indexOf(',"t":')));
    expect(sent).toEqual([
      '{"name":"bench","tag":"message","text":"hello"}',
      '{"name":"bench","tag":"message","text":"hello"}',
      '{"name":"bench","tag":"message","text":"changed"}',
      '{"tag":"message","text":"changed"}',
      '{"name":"bench","tag":"message","text":"changed"}',
      '{"name":"bench","tag":"message","text":"changed"}',
      '{"nick":"bench","tag":"message","text":"changed"}',
      '{"extra":[1,{"deep":true}],"name":"bench","tag":"message","text":"changed"}',
      '{"extra":[1,{"deep":false}],"name":"bench","tag":"message","text":"changed"}',
    ]);
    const hash = broadcastRun("hash");
    expect(hash.hash()).toBe(sha256(lines.join("")));
    expect(full.hash()).toBe(hash.hash());
  });
});
