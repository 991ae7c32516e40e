/**
 * Processing cost and schedulers: each receive and each send costs virtual time on the
 * node's scheduler, so a busy process takes time, its queue builds up, and a node with
 * more schedulers runs more processes at once.
 */
import { describe, expect, test } from "vitest";
import type { Pid, Proc } from "../../../src/sim/index.js";
import { LOCAL, recs, sim } from "./harness.js";

const N = "n@h";

/** A body that receives `k` messages and records the time after each into `out`. */
const consumer = (k: number, out: number[]) =>
  function* consumer(p: Proc) {
    for (let i = 0; i < k; i++) {
      yield* p.receive();
      out.push(p.now());
    }
  };

const exitTime = (s: ReturnType<typeof sim>, pid: Pid): number => recs(s, "exit").find((r) => r.pid === pid)!.t;

describe("receive cost", () => {
  test("N messages with receiveCost c take N*c of virtual time, one after another", () => {
    const s = sim();
    s.addNode({ name: N, receiveCost: 100, sendCost: 0 });
    const done: number[] = [];
    const pid = s.spawn(N, consumer(10, done));
    for (let i = 0; i < 10; i++) s.send(pid, i); // all arrive at t=LOCAL
    s.run();
    expect(done).toEqual(Array.from({ length: 10 }, (_, i) => LOCAL + (i + 1) * 100));
    expect(exitTime(s, pid)).toBe(LOCAL + 10 * 100);
    // Each was delivered to the mailbox on arrival and received when the process got to it.
    expect(recs(s, "deliver").every((d) => d.t === LOCAL)).toBe(true);
    expect(recs(s, "receive").map((r) => r.t)).toEqual(Array.from({ length: 10 }, (_, i) => LOCAL + i * 100));
  });

  test("a message that arrives while the process is busy waits until the current step is paid", () => {
    const s = sim();
    s.addNode({ name: N, receiveCost: 1000, sendCost: 0 });
    const done: number[] = [];
    const pid = s.spawn(N, consumer(2, done));
    s.send(pid, "first"); // received at 1, busy until 1001
    s.at(500, { op: "inject", to: pid, msg: "second" }); // arrives at 501, waits
    s.run();
    expect(done).toEqual([1001, 2001]);
  });
});

describe("send cost", () => {
  test("each send advances the sender's clock by sendCost; messages leave at those times", () => {
    const s = sim();
    s.addNode({ name: N, receiveCost: 0, sendCost: 30 });
    const rx = s.spawn(N, function* (p: Proc) {
      for (;;) yield* p.receive();
    });
    const clock: number[] = [];
    s.spawn(N, function* (p: Proc) {
      for (let i = 0; i < 4; i++) {
        p.send(rx, i);
        clock.push(p.now());
      }
    });
    s.run();
    expect(clock).toEqual([30, 60, 90, 120]);
    expect(recs(s, "send").map((r) => r.t)).toEqual([30, 60, 90, 120]);
  });

  test("a costly step holds the scheduler: another process on the node waits for it", () => {
    const s = sim();
    s.addNode({ name: N, receiveCost: 0, sendCost: 50 });
    const started: number[] = [];
    s.spawn(N, function* busy(p: Proc) {
      for (let i = 0; i < 10; i++) p.send(p.self(), i); // 500 µs of work
    });
    s.spawn(N, function* second(p: Proc) {
      started.push(p.now());
    });
    s.run();
    expect(started).toEqual([500]);
  });
});

describe("schedulers", () => {
  /** Two consumers of 10 messages each with receiveCost 100: when does each finish? */
  function twoBusy(schedulers: number): number[] {
    const s = sim();
    s.addNode({ name: N, receiveCost: 100, sendCost: 0, schedulers });
    const pids = [0, 1].map(() => s.spawn(N, consumer(10, [])));
    for (let i = 0; i < 10; i++) for (const pid of pids) s.send(pid, i);
    s.run();
    return pids.map((pid) => exitTime(s, pid));
  }

  test("two schedulers run two busy processes in parallel", () => {
    expect(twoBusy(2)).toEqual([LOCAL + 1000, LOCAL + 1000]);
  });

  test("one scheduler serialises them: together they take twice as long", () => {
    const [a, b] = twoBusy(1);
    expect(Math.max(a!, b!)).toBe(LOCAL + 2000);
    expect(Math.min(a!, b!)).toBeGreaterThanOrEqual(LOCAL + 1000);
  });

  test("the run queue is first come, first served: a process with its next message waiting goes behind one that was ready before its step ended", () => {
    const s = sim();
    s.addNode({ name: N, receiveCost: 100, sendCost: 0 });
    const a: number[] = [];
    const b: number[] = [];
    const pa = s.spawn(N, consumer(2, a));
    const pb = s.spawn(N, consumer(1, b));
    // All three arrive at LOCAL: A's first step runs, B is made ready behind it, A's second waits in its mailbox.
    s.send(pa, 1);
    s.send(pa, 2);
    s.send(pb, 1);
    s.run();
    expect(b).toEqual([LOCAL + 200]);
    expect(a).toEqual([LOCAL + 100, LOCAL + 300]);
  });

  test("schedulers are per node: busy processes on two nodes do not slow each other", () => {
    const s = sim();
    const out: number[] = [];
    const pids: Pid[] = [];
    for (const name of ["x@h", "y@h"]) {
      s.addNode({ name, receiveCost: 100, sendCost: 0 });
      pids.push(s.spawn(name, consumer(10, out)));
    }
    for (let i = 0; i < 10; i++) for (const pid of pids) s.send(pid, i);
    s.run();
    expect(pids.map((pid) => exitTime(s, pid))).toEqual([LOCAL + 1000, LOCAL + 1000]);
  });
});
