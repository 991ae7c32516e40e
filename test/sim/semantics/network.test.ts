/**
 * The network between nodes: latency distributions per directed link, loss and duplication
 * probabilities, and the three ordering modes (`process-pair` is Erlang's guarantee,
 * "Processes", Delivery of Signals: https://www.erlang.org/doc/system/ref_man_processes.html;
 * `node-pair` is what one TCP connection per node pair gives; `none` is datagrams).
 */
import { describe, expect, test } from "vitest";
import { latency, type Latency, Name, type Ordering, type Pid, type Proc } from "../../../src/sim/index.js";
import { HOP, recs, sim } from "./harness.js";

const A = "a@h";
const B = "b@h";

/** Sends `n` messages `{i}` from one process on A to one on B, a few µs apart; returns the simulation. */
function stream(lat: Latency, n: number, opts: { ordering?: Ordering; seed?: number; duplicate?: number; loss?: number } = {}) {
  const s = sim({
    nodes: [A, B],
    seed: opts.seed ?? 11,
    link: { latency: lat, ordering: opts.ordering ?? "process-pair", duplicate: opts.duplicate ?? 0, loss: opts.loss ?? 0 },
  });
  const got: number[] = [];
  const rx = s.spawn(B, function* (p: Proc) {
    for (;;) got.push(((yield* p.receive()) as { i: number }).i);
  });
  s.spawn(A, function* (p: Proc) {
    for (let i = 0; i < n; i++) {
      p.send(rx, { i });
      yield* p.sleep(5);
    }
  });
  s.run();
  return { s, got };
}

/** One-way delays (deliver time − send time) of every delivered message, by send id. */
function delays(s: ReturnType<typeof sim>): number[] {
  const sent = new Map(recs(s, "send").map((r) => [r.id, r.t]));
  return recs(s, "deliver").map((d) => d.t - sent.get(d.id)!);
}

/** True if `xs` is not in increasing order. */
const reordered = (xs: readonly number[]): boolean => xs.some((x, i) => i > 0 && x < xs[i - 1]!);

describe("latency", () => {
  test("constant: every message takes exactly that long", () => {
    const { s, got } = stream(latency.constant(250), 50);
    expect(got).toHaveLength(50);
    expect(new Set(delays(s))).toEqual(new Set([250]));
  });

  test("a per-link override applies to that directed link only", () => {
    const s = sim({ nodes: [A, B], network: { links: [{ from: A, to: B, latency: latency.constant(250) }] } });
    const at: unknown[] = [];
    const rb = s.spawn(B, function* (p: Proc) {
      const from = (yield* p.receive()) as Pid;
      at.push(["B got", p.now()]);
      p.send(from, "back");
    });
    s.spawn(A, function* (p: Proc) {
      p.send(rb, p.self());
      yield* p.receive();
      at.push(["A got", p.now()]);
    });
    s.run();
    expect(at).toEqual([
      ["B got", 250],
      ["A got", 250 + HOP],
    ]);
  });

  test("uniform: every delay lies within [min, max] and they vary", () => {
    const { s } = stream(latency.uniform(200, 900), 400, { ordering: "none" });
    const d = delays(s);
    expect(d).toHaveLength(400);
    expect(Math.min(...d)).toBeGreaterThanOrEqual(200);
    expect(Math.max(...d)).toBeLessThanOrEqual(900);
    // Spread over the range, not stuck at one value.
    expect(Math.min(...d)).toBeLessThan(300);
    expect(Math.max(...d)).toBeGreaterThan(800);
    const mean = d.reduce((a, b) => a + b, 0) / d.length;
    expect(mean).toBeGreaterThan(500);
    expect(mean).toBeLessThan(600);
  });

  test("exponential and lognormal: never below their floor, integer microseconds", () => {
    for (const lat of [latency.exponential(300, 50), latency.lognormal(400, 0.5, 80)]) {
      const { s } = stream(lat, 300, { ordering: "none" });
      const d = delays(s);
      const floor = (lat as { min: number }).min;
      expect(Math.min(...d)).toBeGreaterThanOrEqual(floor);
      expect(d.every(Number.isInteger)).toBe(true);
      expect(new Set(d).size).toBeGreaterThan(50);
    }
  });

  test("the same seed gives the same delays; another seed gives others", () => {
    const a = delays(stream(latency.uniform(10, 10_000), 50, { ordering: "none", seed: 5 }).s);
    const b = delays(stream(latency.uniform(10, 10_000), 50, { ordering: "none", seed: 5 }).s);
    const c = delays(stream(latency.uniform(10, 10_000), 50, { ordering: "none", seed: 6 }).s);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });
});

describe("loss and duplication", () => {
  test("duplication probability 1: every message is delivered twice (same send id)", () => {
    const { s, got } = stream(latency.constant(100), 10, { duplicate: 1 });
    expect(got).toEqual(Array.from({ length: 10 }, (_, i) => [i, i]).flat());
    const ids = recs(s, "deliver").map((d) => d.id);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(10);
  });

  test("loss probability 1: every message is dropped as loss", () => {
    const { s, got } = stream(latency.constant(100), 10, { loss: 1 });
    expect(got).toEqual([]);
    const drops = recs(s, "drop");
    expect(drops).toHaveLength(10);
    expect(drops.every((d) => d.reason === "loss")).toBe(true);
    expect(s.stats.dropped.loss).toBe(10);
  });

  test("loss 0.5: some dropped, some delivered, and every message accounted for", () => {
    const { s, got } = stream(latency.constant(100), 200, { loss: 0.5 });
    const lost = recs(s, "drop").filter((d) => d.reason === "loss").length;
    expect(lost + got.length).toBe(200);
    expect(lost).toBeGreaterThan(60);
    expect(lost).toBeLessThan(140);
  });
});

describe("ordering modes", () => {
  const wide = latency.uniform(10, 5000);

  test("none: one sender's messages to one receiver can be reordered", () => {
    const { got } = stream(wide, 100, { ordering: "none" });
    expect(got).toHaveLength(100);
    expect(reordered(got)).toBe(true);
  });

  test("process-pair: the same traffic arrives in send order", () => {
    const { got } = stream(wide, 100, { ordering: "process-pair" });
    expect(got).toEqual(Array.from({ length: 100 }, (_, i) => i));
  });

  /**
   * Two senders on A each stream to their own receiver on B. Returns the send ids in the
   * order they were delivered, and, per pair, the sequence numbers received.
   */
  function twoPairs(ordering: Ordering) {
    const s = sim({ nodes: [A, B], seed: 4, link: { latency: wide, ordering } });
    const got: Record<string, number[]> = { r1: [], r2: [] };
    const mk = (name: string) =>
      s.spawn(B, function* (p: Proc) {
        for (;;) got[name]!.push(((yield* p.receive()) as { i: number }).i);
      });
    const r1 = mk("r1");
    const r2 = mk("r2");
    for (const rx of [r1, r2]) {
      s.spawn(A, function* (p: Proc) {
        for (let i = 0; i < 60; i++) {
          p.send(rx, { i });
          yield* p.sleep(7);
        }
      });
    }
    s.run();
    return { order: recs(s, "deliver").map((d) => d.id), got };
  }

  test("process-pair: FIFO per pair, but messages of different pairs on one node pair may overtake each other", () => {
    const { order, got } = twoPairs("process-pair");
    expect(got.r1).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(got.r2).toEqual(Array.from({ length: 60 }, (_, i) => i));
    expect(reordered(order)).toBe(true);
  });

  test("node-pair: everything from one node to another arrives in send order", () => {
    const { order, got } = twoPairs("node-pair");
    expect(order).toHaveLength(120);
    expect(reordered(order)).toBe(false);
    expect(got.r1).toEqual(Array.from({ length: 60 }, (_, i) => i));
  });
});

describe("a connection that goes down takes its order with it", () => {
  // What was on its way on a connection is lost when it goes down; a message on the next
  // connection is in order with nothing before it (on BEAM each connection is its own TCP
  // stream). m1 (sent at 0, due at 1000) is lost when b@h crashes at 100; m2, sent at 400
  // over the new connection with a 10 µs latency, arrives at 410. Node-pair order kept it
  // behind m1 until 1000 before; process-pair order never did (m2 goes to the new sink).
  for (const ordering of ["node-pair", "process-pair"] as const) {
    test(`${ordering}: a message on a new connection does not wait for one lost with the old`, () => {
      const s = sim({ nodes: ["a@h", "b@h"], link: { latency: latency.constant(1000), ordering } });
      const sink = function* sink(p: Proc) {
        for (;;) yield* p.receive();
      };
      s.spawn("b@h", sink, { register: "sink" });
      s.spawn("a@h", function* sender(p: Proc) {
        p.send(new Name("sink", "b@h"), "m1");
        yield* p.sleep(400);
        p.send(new Name("sink", "b@h"), "m2");
      });
      s.at(100, { op: "crash", node: "b@h" });
      s.at(200, { op: "restart", node: "b@h" });
      s.at(200, { op: "spawn", node: "b@h", body: sink, register: "sink" });
      s.at(300, { op: "set-latency", latency: latency.constant(10) });
      s.run();
      const sent = recs(s, "send").filter((r) => r.msg === "m1" || r.msg === "m2");
      const m2 = sent.find((r) => r.msg === "m2")!;
      expect(recs(s, "deliver").filter((r) => sent.some((x) => x.id === r.id)).map((r) => [r.id === m2.id ? "m2" : "m1", r.t])).toEqual([["m2", 410]]);
    });
  }
});
