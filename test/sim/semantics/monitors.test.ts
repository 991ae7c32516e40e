/**
 * Monitors and monitor_node. Erlang Reference Manual, "Processes", Monitors
 * (https://www.erlang.org/doc/system/ref_man_processes.html) and the `erlang` module docs
 * of monitor/2, demonitor/2 and monitor_node/2:
 * - `{'DOWN', Ref, process, Item, Reason}` when the monitored process ends; `noproc` if it
 *   does not exist; `noconnection` if the connection to its node is lost or cannot be made;
 *   Item is the pid, or `{Name, Node}` when monitored by name;
 * - each monitor is independent; `demonitor` stops the DOWN, `flush` also removes one
 *   already in the mailbox;
 * - `monitor_node(Node, true)` gives `{nodedown, Node}` when the connection fails, at once
 *   if it cannot be made, once per call.
 */
import { describe, expect, test } from "vitest";
import { type DownMsg, isDown, isNodeDown, latency, Name, type Pid, type Proc, type Ref, TIMEOUT } from "../../../src/sim/index.js";
import { exitReason, HOP, LOCAL, recs, sim } from "./harness.js";

const A = "a@h";
const B = "b@h";
const C = "c@h";

function* idle(p: Proc) {
  yield* p.receive(() => false);
}

/** A watcher body: monitors `target()`, then records what arrives (and when) into `out`. */
const watch = (target: () => Pid | Name, out: unknown[], wait = 10_000) =>
  function* watcher(p: Proc) {
    const ref = p.monitor(target());
    out.push(ref);
    for (;;) {
      const m = yield* p.receive(undefined, { after: wait });
      if (m === TIMEOUT) return;
      out.push(m, p.now());
    }
  };

describe("DOWN", () => {
  test("a monitored local process that crashes: DOWN with its reason", () => {
    const s = sim({ nodes: [A] });
    const target = s.spawn(A, function* (p: Proc) {
      yield* p.sleep(50);
      p.exit("boom");
    });
    const out: unknown[] = [];
    s.spawn(A, watch(() => target, out));
    s.run();
    const ref = out[0] as Ref;
    expect(out.slice(1)).toEqual([{ tag: "DOWN", ref, type: "process", pid: target, reason: "boom" } satisfies DownMsg, 50 + LOCAL]);
  });

  test("a normal exit gives DOWN normal (monitors see every exit, unlike links)", () => {
    const s = sim({ nodes: [A] });
    const target = s.spawn(A, function* (p: Proc) {
      yield* p.sleep(50);
    });
    const out: unknown[] = [];
    const watcher = s.spawn(A, watch(() => target, out));
    s.run();
    expect((out[1] as DownMsg).reason).toBe("normal");
    expect(exitReason(s, watcher)).toBe("normal");
  });

  test("a remote monitor: DOWN crosses the network", () => {
    const s = sim({ nodes: [A, B] });
    const target = s.spawn(B, function* (p: Proc) {
      yield* p.sleep(500);
      p.exit("bye");
    });
    const out: unknown[] = [];
    s.spawn(A, watch(() => target, out));
    s.run();
    expect(out.slice(1)).toEqual([{ tag: "DOWN", ref: out[0], type: "process", pid: target, reason: "bye" }, 500 + HOP]);
  });

  test("a monitor does not link: the watcher survives a crash", () => {
    const s = sim({ nodes: [A] });
    const target = s.spawn(A, function* (p: Proc) {
      yield* p.sleep(5);
      p.exit("boom");
    });
    const out: unknown[] = [];
    const watcher = s.spawn(A, watch(() => target, out, 100));
    s.run();
    expect(exitReason(s, watcher)).toBe("normal");
  });

  test("two monitors on one process are independent: two DOWNs with their own refs", () => {
    const s = sim({ nodes: [A] });
    const target = s.spawn(A, function* (p: Proc) {
      yield* p.sleep(5);
    });
    const got: unknown[] = [];
    const refs: Ref[] = [];
    s.spawn(A, function* (p: Proc) {
      refs.push(p.monitor(target), p.monitor(target));
      got.push(yield* p.receive(isDown), yield* p.receive(isDown));
    });
    s.run();
    expect(refs[0]).not.toBe(refs[1]);
    expect((got as DownMsg[]).map((d) => d.ref)).toEqual(refs);
  });

  test("a process's last messages arrive before its DOWN (signal order per pair), whatever the latency", () => {
    const s = sim({ nodes: [A, B], link: { latency: latency.uniform(10, 5000) }, seed: 9 });
    const got: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      const target = p.spawn(
        function* (q: Proc) {
          const to = (yield* q.receive()) as Pid;
          for (let i = 0; i < 20; i++) q.send(to, i);
        },
        { node: B },
      );
      p.monitor(target);
      p.send(target, p.self());
      for (;;) {
        const m = yield* p.receive();
        got.push(isDown(m) ? "DOWN" : m);
        if (isDown(m)) break;
      }
    });
    s.run();
    expect(got).toEqual([...Array.from({ length: 20 }, (_, i) => i), "DOWN"]);
  });

  test("monitoring a pid that is already dead gives DOWN noproc (local and remote)", () => {
    const s = sim({ nodes: [A, B] });
    const deadLocal = s.spawn(A, function* () {});
    const deadRemote = s.spawn(B, function* () {});
    const got: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      yield* p.sleep(10);
      const r1 = p.monitor(deadLocal);
      const d1 = yield* p.receive(isDown);
      got.push(d1.ref === r1, d1.pid, d1.reason, p.now());
      const r2 = p.monitor(deadRemote);
      const d2 = yield* p.receive(isDown);
      got.push(d2.ref === r2, d2.pid, d2.reason, p.now());
    });
    s.run();
    expect(got).toEqual([true, deadLocal, "noproc", 10 + 2 * LOCAL, true, deadRemote, "noproc", 10 + 2 * LOCAL + 2 * HOP]);
  });

  test("monitoring a pid of an old incarnation of a restarted node gives DOWN noproc", () => {
    const s = sim({ nodes: [A, B] });
    const old = s.spawn(B, idle);
    s.at(100, { op: "restart", node: B });
    const got: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      yield* p.sleep(1000);
      const ref = p.monitor(old);
      const d = yield* p.receive(isDown, { after: 10_000 });
      got.push(d === TIMEOUT ? "no DOWN" : [d.ref === ref, d.reason]);
    });
    s.run();
    expect(got).toEqual([[true, "noproc"]]);
  });

  test("monitoring {Name, Node} with nobody registered gives DOWN noproc naming {Name, Node}", () => {
    const s = sim({ nodes: [A, B] });
    const got: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      const remote = new Name("srv", B);
      const local = new Name("srv", A);
      p.monitor(remote);
      p.monitor(local);
      got.push(yield* p.receive(isDown), yield* p.receive(isDown));
    });
    s.run();
    const [d1, d2] = got as DownMsg[];
    // The local one answers first.
    expect(d1!.pid).toEqual(new Name("srv", A));
    expect(d1!.reason).toBe("noproc");
    expect(d2!.pid).toEqual(new Name("srv", B));
    expect(d2!.reason).toBe("noproc");
  });

  test("monitoring a registered {Name, Node}: DOWN names {Name, Node} and carries the reason", () => {
    const s = sim({ nodes: [A, B] });
    s.spawn(
      B,
      function* (p: Proc) {
        yield* p.sleep(300);
        p.exit("srv_crash");
      },
      { register: "srv" },
    );
    const out: unknown[] = [];
    s.spawn(A, watch(() => new Name("srv", B), out));
    s.run();
    expect(out.slice(1)).toEqual([{ tag: "DOWN", ref: out[0], type: "process", pid: new Name("srv", B), reason: "srv_crash" }, 300 + HOP]);
  });
});

describe("demonitor", () => {
  test("demonitor before the exit: no DOWN ever arrives", () => {
    const s = sim({ nodes: [A, B] });
    const target = s.spawn(B, function* (p: Proc) {
      yield* p.sleep(500);
      p.exit("boom");
    });
    const got: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      const ref = p.monitor(target);
      yield* p.sleep(300);
      got.push(p.demonitor(ref));
      got.push(yield* p.receive(undefined, { after: 5000 }));
    });
    s.run();
    expect(got).toEqual([true, TIMEOUT]);
  });

  test("a DOWN already in flight when demonitor is called is dropped as demonitored", () => {
    const s = sim({ nodes: [A, B] });
    const target = s.spawn(B, function* (p: Proc) {
      yield* p.sleep(500);
      p.exit("boom"); // DOWN arrives at A at t=600
    });
    const got: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      const ref = p.monitor(target);
      yield* p.sleep(550);
      p.demonitor(ref);
      got.push(yield* p.receive(undefined, { after: 5000 }));
    });
    s.run();
    expect(got).toEqual([TIMEOUT]);
    const down = recs(s, "signal").find((r) => r.sig === "down")!;
    expect(recs(s, "drop").find((d) => d.id === down.id)?.reason).toBe("demonitored");
  });

  test("demonitor with flush removes a DOWN already in the mailbox; without flush it stays", () => {
    const s = sim({ nodes: [A] });
    const t1 = s.spawn(A, function* () {});
    const t2 = s.spawn(A, function* () {});
    const got: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      const r1 = p.monitor(t1);
      const r2 = p.monitor(t2);
      p.send(p.self(), "marker");
      yield* p.sleep(100); // both DOWNs are in the mailbox now
      p.demonitor(r1, { flush: true });
      p.demonitor(r2);
      for (;;) {
        const m = yield* p.receive(undefined, { after: 0 });
        if (m === TIMEOUT) break;
        got.push(isDown(m) ? ["DOWN", m.ref === r2] : m);
      }
    });
    s.run();
    expect(got).toEqual(["marker", ["DOWN", true]]);
  });

  test("demonitor of an unknown or spent ref is a no-op returning true", () => {
    const s = sim({ nodes: [A] });
    const got: unknown[] = [];
    const target = s.spawn(A, function* () {});
    s.spawn(A, function* (p: Proc) {
      const ref = p.monitor(target);
      yield* p.receive(isDown);
      got.push(p.demonitor(ref), p.demonitor(p.makeRef(), { flush: true }));
    });
    s.run();
    expect(got).toEqual([true, true]);
  });
});

describe("monitors and lost connections", () => {
  test("a remote monitor and a node crash: DOWN noconnection", () => {
    const s = sim({ nodes: [A, B] });
    const target = s.spawn(B, idle);
    const out: unknown[] = [];
    s.spawn(A, watch(() => target, out));
    s.at(1000, { op: "crash", node: B });
    s.run();
    expect(out.slice(1)).toEqual([{ tag: "DOWN", ref: out[0], type: "process", pid: target, reason: "noconnection" }, 1000 + LOCAL]);
  });

  test("a remote monitor and a partition longer than net_ticktime: DOWN noconnection when it is noticed, though the target lives on", () => {
    // Tick time 400 µs: looks every 100 µs; the cut at 1000 is noticed at 1400.
    const s = sim({ nodes: [A, B], netTicktime: 400 });
    const target = s.spawn(B, function* (p: Proc) {
      yield* p.sleep(5000);
    });
    const out: unknown[] = [];
    s.spawn(A, watch(() => target, out));
    s.at(1000, { op: "partition", a: [A], b: [B] });
    s.run();
    expect((out[1] as DownMsg).reason).toBe("noconnection");
    expect(out[2]).toBe(1400 + LOCAL);
    expect(exitReason(s, target)).toBe("normal"); // it ended on its own, later
    expect(out).toHaveLength(3); // and its real exit is not reported twice
  });

  test("monitoring a process on a node that is down: DOWN noconnection at once", () => {
    const s = sim({ nodes: [A, B] });
    const target = s.spawn(B, idle);
    s.at(5, { op: "crash", node: B });
    const got: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      yield* p.sleep(10);
      p.monitor(target);
      const d = yield* p.receive(isDown);
      got.push(d.reason, p.now());
    });
    s.run();
    expect(got).toEqual(["noconnection", 10 + LOCAL]);
  });
});

describe("monitor_node", () => {
  test("{nodedown, Node} when the monitored node crashes", () => {
    const s = sim({ nodes: [A, B] });
    const got: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      got.push(p.monitorNode(B, true));
      got.push(yield* p.receive(isNodeDown), p.now());
    });
    s.at(700, { op: "crash", node: B });
    s.run();
    expect(got).toEqual([true, { tag: "nodedown", node: B }, 700 + LOCAL]);
  });

  test("{nodedown, Node} on a partition, for the monitors on both sides", () => {
    const s = sim({ nodes: [A, B] });
    const got: unknown[] = [];
    for (const [me, other] of [[A, B], [B, A]] as const) {
      s.spawn(me, function* (p: Proc) {
        p.monitorNode(other, true);
        got.push([me, yield* p.receive(isNodeDown)]);
      });
    }
    s.at(700, { op: "partition", a: [A], b: [B] });
    s.run();
    expect(got).toEqual([
      [A, { tag: "nodedown", node: B }],
      [B, { tag: "nodedown", node: A }],
    ]);
  });

  test("monitor_node on a node that is already down: {nodedown, Node} at once", () => {
    const s = sim({ nodes: [A, B] });
    s.at(5, { op: "crash", node: B });
    const got: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      yield* p.sleep(10);
      p.monitorNode(B, true);
      got.push(yield* p.receive(isNodeDown), p.now());
    });
    s.run();
    expect(got).toEqual([{ tag: "nodedown", node: B }, 10 + LOCAL]);
  });

  test("monitor_node on an unreachable (partitioned) node: {nodedown, Node} at once", () => {
    const s = sim({ nodes: [A, B] });
    s.at(5, { op: "partition", a: [A], b: [B] });
    const got: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      yield* p.sleep(10);
      p.monitorNode(B, true);
      got.push(yield* p.receive(isNodeDown), p.now());
    });
    s.run();
    expect(got).toEqual([{ tag: "nodedown", node: B }, 10 + LOCAL]);
  });

  test("one nodedown per monitor_node call; monitor_node(Node, false) removes one; other nodes are unaffected", () => {
    const s = sim({ nodes: [A, B, C] });
    const got: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      p.monitorNode(B, true);
      p.monitorNode(B, true);
      p.monitorNode(B, true);
      p.monitorNode(B, false);
      p.monitorNode(C, true);
      for (;;) {
        const m = yield* p.receive(undefined, { after: 5000 });
        if (m === TIMEOUT) break;
        got.push(m);
      }
    });
    s.at(700, { op: "crash", node: B });
    s.run();
    expect(got).toEqual([
      { tag: "nodedown", node: B },
      { tag: "nodedown", node: B },
    ]);
  });

  test("monitor_node(Node, false) for every call: no nodedown", () => {
    const s = sim({ nodes: [A, B] });
    const got: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      p.monitorNode(B, true);
      p.monitorNode(B, false);
      got.push(yield* p.receive(undefined, { after: 5000 }));
    });
    s.at(700, { op: "crash", node: B });
    s.run();
    expect(got).toEqual([TIMEOUT]);
  });
});
