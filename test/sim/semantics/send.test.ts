/**
 * Send: `Pid ! Msg` never fails; a message that cannot be delivered is dropped and traced
 * with its reason (noproc, node-down, old-incarnation). Intra-node delivery is near zero,
 * and messages between one pair of processes keep their order.
 * Erlang Reference Manual, "Processes", Delivery of Signals (the pairwise ordering
 * guarantee): https://www.erlang.org/doc/system/ref_man_processes.html
 */
import { describe, expect, test } from "vitest";
import { isExit, latency, Name, type Pid, type Proc } from "../../../src/sim/index.js";
import { deliveryTimes, dropsOf, exitReason, HOP, recs, sim, tagged } from "./harness.js";

const A = "a@h";
const B = "b@h";

describe("undeliverable messages are dropped, never raised", () => {
  test("to the pid of a dead process (local and remote): dropped noproc, sender unaffected", () => {
    const s = sim({ nodes: [A, B] });
    const deadLocal = s.spawn(A, function* () {});
    const deadRemote = s.spawn(B, function* () {});
    const sender = s.spawn(A, function* (p: Proc) {
      yield* p.sleep(10); // both are gone by now
      p.send(deadLocal, { tag: "l" });
      p.send(deadRemote, { tag: "r" });
      p.log("sent both");
    });
    s.run();
    expect(dropsOf(s, tagged("l"))).toEqual(["noproc"]);
    expect(dropsOf(s, tagged("r"))).toEqual(["noproc"]);
    expect(exitReason(s, sender)).toBe("normal");
    expect(s.printed(A).map((l) => l.text)).toEqual(["sent both"]);
  });

  test("to a node that is down: dropped node-down at send time", () => {
    const s = sim({ nodes: [A, B] });
    const target = s.spawn(B, function* (p: Proc) {
      yield* p.receive();
    });
    s.at(5, { op: "crash", node: B });
    const sender = s.spawn(A, function* (p: Proc) {
      yield* p.sleep(10);
      p.send(target, { tag: "x" });
      p.send(new Name("srv", B), { tag: "y" });
    });
    s.run();
    expect(dropsOf(s, tagged("x"))).toEqual(["node-down"]);
    expect(dropsOf(s, tagged("y"))).toEqual(["node-down"]);
    const drop = recs(s, "drop").find((d) => d.reason === "node-down")!;
    expect(drop.t).toBe(10);
    expect(exitReason(s, sender)).toBe("normal");
  });

  test("in flight to a node that crashes: dropped node-down", () => {
    const s = sim({ nodes: [A, B] });
    const target = s.spawn(B, function* (p: Proc) {
      yield* p.receive();
    });
    s.spawn(A, function* (p: Proc) {
      p.send(target, { tag: "x" }); // arrives at t=100
    });
    s.at(50, { op: "crash", node: B });
    s.run();
    expect(dropsOf(s, tagged("x"))).toEqual(["node-down"]);
  });

  test("to a pid of an old incarnation after a restart: dropped old-incarnation; the new pid works", () => {
    const got: unknown[] = [];
    const s = sim({ nodes: [A] });
    s.addNode({
      name: B,
      receiveCost: 0,
      sendCost: 0,
      boot: (n) => {
        n.spawn(
          function* srv(p: Proc) {
            for (;;) got.push([p.self().creation, yield* p.receive()]);
          },
          { register: "srv" },
        );
      },
    });
    const old = s.whereis("srv", B)!;
    s.at(1000, { op: "restart", node: B });
    let fresh: Pid | undefined;
    s.spawn(A, function* (p: Proc) {
      p.send(old, { tag: "before" });
      yield* p.sleep(2000);
      fresh = s.whereis("srv", B)!;
      p.send(old, { tag: "stale" });
      p.send(fresh, { tag: "fresh" });
    });
    s.run();
    expect(fresh).toBeDefined();
    expect(fresh!.id).toBe(old.id); // numbering restarts…
    expect(fresh!.creation).toBe(old.creation + 1); // …but the incarnation differs
    expect(fresh!.format()).toBe(old.format()); // and they print alike, as in BEAM
    expect(dropsOf(s, tagged("stale"))).toEqual(["old-incarnation"]);
    expect(got).toEqual([
      [1, { tag: "before" }],
      [2, { tag: "fresh" }],
    ]);
  });
});

describe("delivery times", () => {
  test("between processes of one node: the configured near-zero local delay (1 µs by default)", () => {
    const s = sim({ nodes: [A, B] });
    const rx = s.spawn(A, function* (p: Proc) {
      yield* p.receive();
      yield* p.receive();
    });
    const remote = s.spawn(B, function* (p: Proc) {
      yield* p.receive();
    });
    s.spawn(A, function* (p: Proc) {
      yield* p.sleep(40);
      p.send(rx, { tag: "local" });
      p.send(remote, { tag: "remote" });
    });
    s.run();
    expect(deliveryTimes(s, tagged("local"))).toEqual([41]);
    expect(deliveryTimes(s, tagged("remote"))).toEqual([40 + HOP]);
  });

  test("network.local sets the intra-node delay (0 allowed)", () => {
    const s = sim({ nodes: [A], network: { local: 0 } });
    const rx = s.spawn(A, function* (p: Proc) {
      yield* p.receive();
    });
    s.spawn(A, function* (p: Proc) {
      yield* p.sleep(40);
      p.send(rx, { tag: "m" });
    });
    s.run();
    expect(deliveryTimes(s, tagged("m"))).toEqual([40]);
  });
});

describe("process-pair FIFO (Erlang's only ordering guarantee)", () => {
  for (const [name, lat] of [
    ["uniform", latency.uniform(10, 5000)],
    ["exponential", latency.exponential(1000, 10)],
    ["lognormal", latency.lognormal(500, 1.5, 10)],
  ] as const) {
    test(`one sender's messages to one receiver arrive in send order (${name} latency)`, () => {
      const s = sim({ nodes: [A, B], link: { latency: lat }, seed: 7 });
      const got: number[] = [];
      const rx = s.spawn(B, function* (p: Proc) {
        for (let i = 0; i < 200; i++) got.push(((yield* p.receive()) as { n: number }).n);
      });
      s.spawn(A, function* (p: Proc) {
        for (let i = 0; i < 200; i++) {
          p.send(rx, { n: i });
          if (i % 7 === 0) yield* p.sleep(3);
        }
      });
      s.run();
      expect(got).toEqual(Array.from({ length: 200 }, (_, i) => i));
    });
  }

  test("a process's messages arrive before the exit signal it sends when it dies", () => {
    const s = sim({ nodes: [A, B], link: { latency: latency.uniform(10, 5000) }, seed: 3 });
    const got: unknown[] = [];
    s.spawn(B, function* (p: Proc) {
      p.trapExit(true);
      const peer = p.spawnLink(
        function* (q: Proc) {
          const to = (yield* q.receive()) as Pid;
          for (let i = 0; i < 20; i++) q.send(to, i);
          q.exit("bye");
        },
        { node: A },
      );
      p.send(peer, p.self());
      for (;;) {
        const m = yield* p.receive();
        got.push(isExit(m) ? "EXIT" : m);
        if (isExit(m)) break;
      }
    });
    s.run();
    expect(got).toEqual([...Array.from({ length: 20 }, (_, i) => i), "EXIT"]);
  });

  test("messages from outside (sim.send) to a process keep their order on one node", () => {
    const s = sim({ nodes: [A] });
    const got: unknown[] = [];
    const rx = s.spawn(A, function* (p: Proc) {
      for (let i = 0; i < 5; i++) got.push(yield* p.receive());
    });
    for (let i = 0; i < 5; i++) s.send(rx, i);
    s.run();
    expect(got).toEqual([0, 1, 2, 3, 4]);
  });
});
