/**
 * Faults on the timeline: kill, partition (symmetric and one-way), heal and auto-reconnect,
 * set-loss, set-latency, inject and spawn. Crash, restart, pause and resume are in
 * nodes.test.ts. Every fault is traced as a `fault` record at its time.
 */
import { describe, expect, test } from "vitest";
import { latency, Name, type Pid, type Proc } from "../../../src/sim/index.js";
import { deliveryTimes, dropsOf, exitReason, HOP, LOCAL, recs, sim, tagged } from "./harness.js";

const A = "a@h";
const B = "b@h";
const C = "c@h";

function* idle(p: Proc) {
  yield* p.receive(() => false);
}

/** A process that records every message with its arrival time into `out`. */
const sink = (out: unknown[]) =>
  function* sink(p: Proc) {
    for (;;) out.push([yield* p.receive(), p.now()]);
  };

describe("kill", () => {
  test("by pid and by {Name, Node}; traced as a fault at its time", () => {
    const s = sim({ nodes: [A, B] });
    const p1 = s.spawn(A, idle);
    const p2 = s.spawn(B, idle, { register: "srv" });
    s.at(100, { op: "kill", target: p1 });
    s.at(200, { op: "kill", target: new Name("srv", B) });
    s.run();
    expect(exitReason(s, p1)).toBe("killed");
    expect(exitReason(s, p2)).toBe("killed");
    expect(recs(s, "fault").map((r) => [r.t, r.op])).toEqual([
      [100, "kill"],
      [200, "kill"],
    ]);
  });
});

describe("partition", () => {
  test("symmetric, no connection up: messages both ways are dropped (partition) at send time (auto-connect fails)", () => {
    const s = sim({ nodes: [A, B] });
    const ra = s.spawn(A, idle);
    const rb = s.spawn(B, idle);
    s.at(10, { op: "partition", a: [A], b: [B] });
    s.spawn(A, function* (p: Proc) {
      yield* p.sleep(20);
      p.send(rb, { tag: "a->b" });
    });
    s.spawn(B, function* (p: Proc) {
      yield* p.sleep(20);
      p.send(ra, { tag: "b->a" });
    });
    s.run();
    expect(dropsOf(s, tagged("a->b"))).toEqual(["partition"]);
    expect(dropsOf(s, tagged("b->a"))).toEqual(["partition"]);
    expect(recs(s, "drop").every((d) => d.t === 20)).toBe(true);
  });

  test("symmetric, shorter than net_ticktime (60 s by default): nothing is lost; what reached the cut arrives at the heal, in order", () => {
    const s = sim({ nodes: [A, B] });
    const got: unknown[] = [];
    const rb = s.spawn(B, sink(got));
    const watcher = s.spawn(A, function* (p: Proc) {
      p.monitor(rb);
      p.monitorNode(B, true);
      yield* p.receive(undefined, { after: 5_000_000 });
    });
    s.spawn(A, function* (p: Proc) {
      p.send(rb, { tag: "early" }); // arrives at 100
      yield* p.sleep(40);
      p.send(rb, { tag: "in-flight" }); // reaches the cut at 140
      yield* p.sleep(100);
      p.send(rb, { tag: "during" }); // sent across the cut at 140: the connection is still up
    });
    s.at(120, { op: "partition", a: [A], b: [B] });
    s.at(1_000_000, { op: "heal" });
    s.run();
    expect(got).toEqual([
      [{ tag: "early" }, 100],
      [{ tag: "in-flight" }, 1_000_000],
      [{ tag: "during" }, 1_000_000],
    ]);
    expect(recs(s, "drop")).toEqual([]);
    expect(recs(s, "connection").map((r) => [r.t, r.up])).toEqual([[0, true]]);
    expect(exitReason(s, watcher)).toBe("normal"); // no DOWN, no nodedown: it timed out
  });

  test("symmetric, longer than net_ticktime: the connection goes down when the ticker notices; held and in-flight messages are lost then", () => {
    // Tick time 400 µs: each node's ticker looks every 100 µs from its start (0). The look at
    // 100 is the last to read anything from the other end (B the early message, A the setup;
    // neither end ticked, for the setup was written in that interval): the fourth after it, at
    // 500, notices the cut at 120.
    const s = sim({ nodes: [A, B], netTicktime: 400 });
    const got: unknown[] = [];
    const rb = s.spawn(B, sink(got));
    const downs: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      p.monitorNode(B, true);
      downs.push(yield* p.receive(), p.now());
    });
    s.spawn(A, function* (p: Proc) {
      p.send(rb, { tag: "early" }); // arrives at 100
      yield* p.sleep(40);
      p.send(rb, { tag: "held" }); // reaches the cut at 140
      yield* p.sleep(310);
      p.send(rb, { tag: "in-flight" }); // on its way when the connection goes down
    });
    s.at(120, { op: "partition", a: [A], b: [B] });
    s.run();
    expect(got).toEqual([[{ tag: "early" }, 100]]);
    expect(recs(s, "connection").filter((r) => !r.up).map((r) => [r.t, r.reason])).toEqual([[500, "partition"]]);
    expect(dropsOf(s, tagged("held"))).toEqual(["partition"]);
    expect(recs(s, "drop").find((d) => d.reason === "partition")!.t).toBe(500);
    expect(recs(s, "send").find((r) => tagged("in-flight")(r.msg))!.t).toBeLessThan(500);
    expect(dropsOf(s, tagged("in-flight"))).toEqual(["partition"]);
    expect(downs).toEqual([{ tag: "nodedown", node: B }, 500 + LOCAL]);
  });

  /** A node crashing behind a cut, seen from A: a monitor, a node monitor and what A sends. Tick time 400 µs: the cut at 120 is noticed at 500. */
  function crashBehindCut(faults: (s: ReturnType<typeof sim>) => void) {
    const s = sim({ nodes: [A, B], netTicktime: 400 });
    const rb = s.spawn(B, idle);
    const seen: unknown[] = [];
    const nodesSeen: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      p.send(rb, { tag: "hello" }); // connects at 0
      p.monitor(rb);
      p.monitorNode(B, true);
      yield* p.sleep(250);
      nodesSeen.push(p.nodes());
      p.send(rb, { tag: "late" }); // after the crash: held at the cut
      for (;;) {
        const m = (yield* p.receive()) as { tag: string; reason?: unknown };
        seen.push([m.tag, m.reason ?? null, p.now()]);
      }
    });
    s.at(120, { op: "partition", a: [A], b: [B] });
    faults(s);
    s.run();
    return { s, seen, nodesSeen };
  }

  /** A noticed B gone at `t`: its monitor and node monitor fired then, the connection went down for `reason`, and A's late message was lost with it. */
  function noticedAt(r: ReturnType<typeof crashBehindCut>, t: number, reason: string): void {
    expect(r.seen).toEqual([
      ["DOWN", "noconnection", t + LOCAL],
      ["nodedown", null, t + LOCAL],
    ]);
    expect(recs(r.s, "connection").filter((c) => !c.up).map((c) => [c.t, c.reason])).toEqual([[t, reason]]);
    expect(dropsOf(r.s, tagged("late"))).toEqual([reason]);
  }

  test("a node that crashes behind a cut: the other end learns it only when its ticker notices, as if the node had gone silent", () => {
    const r = crashBehindCut((s) => s.at(200, { op: "crash", node: B }));
    expect(r.nodesSeen).toEqual([[B]]); // at 250: still connected, as far as A can tell
    noticedAt(r, 500, "partition");
  });

  test("a spawn_link on a node that crashed behind a cut: no process, no print; the link breaks when the ticker notices", () => {
    const exits: unknown[] = [];
    const { s } = crashBehindCut((s) => {
      s.at(200, { op: "crash", node: B });
      s.at(300, {
        op: "spawn",
        node: A,
        body: function* spawner(p: Proc) {
          p.trapExit(true);
          p.spawnLink(idle, { node: B });
          const m = (yield* p.receive()) as { tag: string; reason: unknown };
          exits.push([m.tag, m.reason, p.now()]);
        },
      });
    });
    expect(exits).toEqual([["EXIT", "noconnection", 500 + LOCAL]]);
    expect(recs(s, "spawn").filter((r) => r.t >= 300).map((r) => r.label)).toEqual(["spawner"]);
    expect(recs(s, "log")).toEqual([]);
  });

  test("a node that crashes behind a cut: its own ticker, had it been the quicker, no longer counts", () => {
    const downAt = (crash: boolean): number => {
      const s = sim({ nodes: [A], netTicktime: 400 });
      s.addNode({ name: B, receiveCost: 0, sendCost: 0, netTicktime: 200 }); // B looks every 50 µs and read A's message at 100: it notices the cut at 300, A at 500
      const rb = s.spawn(B, idle);
      s.spawn(A, function* (p: Proc) {
        p.send(rb, "hello");
      });
      s.at(120, { op: "partition", a: [A], b: [B] });
      if (crash) s.at(200, { op: "crash", node: B });
      s.run();
      return recs(s, "connection").find((r) => !r.up)!.t;
    };
    expect(downAt(false)).toBe(300);
    expect(downAt(true)).toBe(500);
  });

  test("a node that crashes behind a cut that heals first: the connection goes down at the heal (the dead node's host resets it)", () => {
    const r = crashBehindCut((s) => {
      s.at(200, { op: "crash", node: B });
      s.at(400, { op: "heal", a: [A], b: [B] });
    });
    noticedAt(r, 400, "node-down");
  });

  test("a node restarted behind a cut has no connection: its sends are dropped (partition) until the heal; the other end keeps the old one until its ticker notices", () => {
    const gotA: unknown[] = [];
    const fromB: unknown[] = [];
    const r = crashBehindCut((s) => {
      s.at(200, { op: "restart", node: B });
      const ra = s.spawn(A, sink(gotA));
      const talk = (tag: string) =>
        function* talk(p: Proc) {
          fromB.push([tag, p.nodes()]);
          p.send(ra, { tag });
        };
      s.at(300, { op: "spawn", node: B, body: talk("cut") });
      s.at(800, { op: "heal", a: [A], b: [B] });
      s.at(900, { op: "spawn", node: B, body: talk("healed") });
    });
    expect(fromB).toEqual([
      ["cut", []],
      ["healed", []],
    ]);
    expect(dropsOf(r.s, tagged("cut"))).toEqual(["partition"]);
    expect(gotA).toEqual([[{ tag: "healed" }, 900 + HOP]]);
    // The old incarnation's monitor breaks when A's ticker notices, not at the restart.
    noticedAt(r, 500, "partition");
    expect(recs(r.s, "connection").map((c) => [c.t, c.up])).toEqual([
      [0, true],
      [500, false],
      [900, true],
    ]);
  });

  test("the look that last read anything decides: a message, a tick or the setup, 4 looks before the cut is noticed", () => {
    // Tick time 400 µs: looks every 100 µs from 0; a hop takes 100 µs.
    const downAt = (cutAt: number, sends: readonly (readonly [from: string, at: number])[]): number => {
      const s = sim({ nodes: [A, B], netTicktime: 400 });
      const ra = s.spawn(A, idle);
      const rb = s.spawn(B, idle);
      s.spawn(A, function* (p: Proc) {
        p.send(rb, "setup"); // connects at 0
      });
      for (const [from, at] of sends) {
        s.at(at, { op: "spawn", node: from, body: function* (p: Proc) { p.send(from === A ? rb : ra, "late"); } });
      }
      s.at(cutAt, { op: "partition", a: [A], b: [B] });
      s.run();
      return recs(s, "connection").find((r) => !r.up)!.t;
    };
    // Idle: the look at 100 read the setup; nobody ticked then (the setup was written in that interval).
    expect(downAt(120, [])).toBe(500);
    // Busy: each end read a message at 120 or 130, after the look at 100: the look at 200 read it.
    expect(downAt(150, [[A, 30], [B, 20]])).toBe(600);
    // Idle, a longer wait: both ends wrote nothing in (100, 200], so each ticked at 200; the ticks, read at 300, count.
    expect(downAt(320, [])).toBe(700);
  });

  test("net_ticktime: with Erlang's default a cut is noticed 45 to 75 s after it starts; the node with the shorter tick time decides", () => {
    // A says hello at 0, then the connection is idle. Each ticker looks every 15 s from 0.
    for (const [cutAt, tickB, want] of [
      [1_000_000, undefined, 75_000_000], // the look at 15 s read the setup and the hello, then four more
      [20_000_000, undefined, 75_000_000], // the same: 55 s after the cut (no tick came: each end wrote the setup before 15 s, and the ticks at 30 s meet the cut)
      [15_000_000, undefined, 75_000_000], // a cut at a look: that look still read what came before it
      [40_000_000, undefined, 105_000_000], // the ticks sent at 30 s (nothing written since 15 s) were read: the look at 45 s, then four more
      [1_000_000, 8_000_000, 10_000_000], // B looks every 2 s: the look at 2 s read the hello, then four more
    ] as const) {
      const s = sim({ nodes: [A] });
      s.addNode({ name: B, receiveCost: 0, sendCost: 0, ...(tickB === undefined ? {} : { netTicktime: tickB }) });
      const rb = s.spawn(B, idle);
      s.spawn(A, function* (p: Proc) {
        p.send(rb, "hello");
      });
      s.at(cutAt, { op: "partition", a: [A], b: [B] });
      s.run();
      const down = recs(s, "connection").find((r) => !r.up)!;
      expect(down.t).toBe(want);
      if (tickB === undefined) expect(down.t - cutAt >= 45_000_000 && down.t - cutAt < 75_000_000).toBe(true);
    }
  });

  test("between groups: every cross pair is cut, pairs inside a group are not", () => {
    const s = sim({ nodes: [A, B, C] });
    const got: unknown[] = [];
    const rb = s.spawn(B, sink(got));
    const rc = s.spawn(C, sink(got));
    s.at(10, { op: "partition", a: [A], b: [B, C] });
    s.spawn(A, function* (p: Proc) {
      yield* p.sleep(20);
      p.send(rb, { tag: "a->b" });
      p.send(rc, { tag: "a->c" });
    });
    s.spawn(B, function* (p: Proc) {
      yield* p.sleep(20);
      p.send(rc, { tag: "b->c" });
    });
    s.run();
    expect(dropsOf(s, tagged("a->b"))).toEqual(["partition"]);
    expect(dropsOf(s, tagged("a->c"))).toEqual(["partition"]);
    expect(got).toEqual([[{ tag: "b->c" }, 20 + HOP]]);
  });

  test("one-way: a->b is dropped, b->a still flows, and the connection stays up (no noconnection)", () => {
    const s = sim({ nodes: [A, B] });
    const gotA: unknown[] = [];
    const gotB: unknown[] = [];
    const ra = s.spawn(A, sink(gotA));
    const rb = s.spawn(B, sink(gotB));
    const watcher = s.spawn(A, function* (p: Proc) {
      p.monitor(rb);
      p.monitorNode(B, true);
      yield* p.receive(undefined, { after: 5000 });
    });
    s.at(10, { op: "partition", a: [A], b: [B], oneWay: true });
    s.spawn(A, function* (p: Proc) {
      yield* p.sleep(20);
      p.send(rb, { tag: "a->b" });
    });
    s.spawn(B, function* (p: Proc) {
      yield* p.sleep(20);
      p.send(ra, { tag: "b->a" });
    });
    s.run();
    expect(dropsOf(s, tagged("a->b"))).toEqual(["partition"]);
    expect(gotB).toEqual([]);
    expect(gotA).toEqual([[{ tag: "b->a" }, 20 + HOP]]);
    expect(recs(s, "connection").filter((r) => !r.up)).toEqual([]);
    expect(exitReason(s, watcher)).toBe("normal"); // it timed out: no DOWN, no nodedown
  });

  test("heal after the connection went down: the next send reconnects (auto-connect) and delivers", () => {
    const s = sim({ nodes: [A, B], netTicktime: 200 });
    const got: unknown[] = [];
    const rb = s.spawn(B, sink(got));
    const nodesSeen: unknown[] = [];
    s.at(10, { op: "partition", a: [A], b: [B] }); // looks every 50 µs: noticed at 250
    s.at(500, { op: "heal", a: [A], b: [B] });
    s.spawn(A, function* (p: Proc) {
      p.send(rb, { tag: "before" });
      yield* p.sleep(100);
      p.send(rb, { tag: "during" });
      yield* p.sleep(500);
      nodesSeen.push(p.nodes()); // healed but not reconnected yet
      p.send(rb, { tag: "after" });
      nodesSeen.push(p.nodes());
    });
    s.run();
    expect(dropsOf(s, tagged("before"))).toEqual(["partition"]); // held at the cut from 100, lost at 250
    expect(dropsOf(s, tagged("during"))).toEqual(["partition"]);
    expect(got).toEqual([[{ tag: "after" }, 600 + HOP]]);
    expect(nodesSeen).toEqual([[], [B]]);
    expect(recs(s, "connection").map((r) => [r.t, r.up])).toEqual([
      [0, true],
      [250, false],
      [600, true],
    ]);
  });

  test("heal with no groups heals every partition", () => {
    const s = sim({ nodes: [A, B, C] });
    const got: unknown[] = [];
    const rb = s.spawn(B, sink(got));
    const rc = s.spawn(C, sink(got));
    s.at(10, { op: "partition", a: [A], b: [B] });
    s.at(10, { op: "partition", a: [A], b: [C], oneWay: true });
    s.at(50, { op: "heal" });
    s.spawn(A, function* (p: Proc) {
      yield* p.sleep(100);
      p.send(rb, "b");
      p.send(rc, "c");
    });
    s.run();
    expect(got).toEqual([
      ["b", 100 + HOP],
      ["c", 100 + HOP],
    ]);
  });
});

describe("set-loss and set-latency", () => {
  test("set-loss 1 on a directed link drops its messages as loss; the reverse link and later p=0 deliver", () => {
    const s = sim({ nodes: [A, B] });
    const gotA: unknown[] = [];
    const gotB: unknown[] = [];
    const ra = s.spawn(A, sink(gotA));
    const rb = s.spawn(B, sink(gotB));
    s.at(10, { op: "set-loss", from: [A], to: [B], p: 1 });
    s.at(300, { op: "set-loss", from: [A], to: [B], p: 0 });
    s.spawn(A, function* (p: Proc) {
      yield* p.sleep(20);
      p.send(rb, { tag: "lost" });
      yield* p.sleep(300);
      p.send(rb, { tag: "kept" });
    });
    s.spawn(B, function* (p: Proc) {
      yield* p.sleep(20);
      p.send(ra, { tag: "reverse" });
    });
    s.run();
    expect(dropsOf(s, tagged("lost"))).toEqual(["loss"]);
    expect(gotB).toEqual([[{ tag: "kept" }, 320 + HOP]]);
    expect(gotA).toEqual([[{ tag: "reverse" }, 20 + HOP]]);
  });

  test("loss does not apply to signals: a link's exit signal still arrives", () => {
    const s = sim({ nodes: [A, B], link: { loss: 1 } });
    const target = s.spawn(B, function* (p: Proc) {
      yield* p.sleep(1000); // well after the link request arrives (t=100)
      p.exit("boom");
    });
    const linked = s.spawn(A, function* (p: Proc) {
      p.link(target);
      yield* p.receive(() => false);
    });
    s.run();
    expect(exitReason(s, linked)).toBe("boom");
  });

  test("set-latency changes the arrival time of messages sent afterwards", () => {
    const s = sim({ nodes: [A, B] });
    const got: unknown[] = [];
    const rb = s.spawn(B, sink(got));
    s.at(500, { op: "set-latency", from: [A], to: [B], latency: latency.constant(1000) });
    s.spawn(A, function* (p: Proc) {
      p.send(rb, "old");
      yield* p.sleep(600);
      p.send(rb, "new");
    });
    s.run();
    expect(got).toEqual([
      ["old", HOP],
      ["new", 600 + 1000],
    ]);
  });

  test("set-latency without endpoints applies to every link", () => {
    const s = sim({ nodes: [A, B, C] });
    const got: unknown[] = [];
    const rb = s.spawn(B, sink(got));
    s.at(0, { op: "set-latency", latency: latency.constant(7) });
    s.spawn(C, function* (p: Proc) {
      yield* p.sleep(10);
      p.send(rb, "c");
    });
    s.run();
    expect(deliveryTimes(s, (m) => m === "c")).toEqual([17]);
  });
});

describe("inject and spawn", () => {
  test("inject puts an arbitrary message in a mailbox, by pid or by name; a selective receive skips it", () => {
    const s = sim({ nodes: [A] });
    const got: unknown[] = [];
    const pid = s.spawn(
      A,
      function* (p: Proc) {
        got.push(yield* p.receive((m) => m === "wanted"));
        yield* p.sleep(1000);
        got.push(yield* p.receive(), yield* p.receive());
      },
      { register: "srv" },
    );
    s.at(100, { op: "inject", to: pid, msg: { garbage: [1, 2, 3] } });
    s.at(200, { op: "inject", to: new Name("srv", A), msg: "wanted" });
    s.at(300, { op: "inject", to: pid, msg: 42 });
    s.run();
    expect(got).toEqual(["wanted", { garbage: [1, 2, 3] }, 42]);
    const sends = recs(s, "send");
    expect(sends.map((r) => [r.t, r.from])).toEqual([
      [100, null],
      [200, null],
      [300, null],
    ]);
    expect(deliveryTimes(s, () => true)).toEqual([100 + LOCAL, 200 + LOCAL, 300 + LOCAL]);
  });

  test("spawn starts a process on a node at the given time, optionally registered", () => {
    const s = sim({ nodes: [A] });
    const started: number[] = [];
    s.at(700, {
      op: "spawn",
      node: A,
      register: "late",
      label: "late_starter",
      body: function* (p: Proc) {
        started.push(p.now());
        yield* p.receive();
      },
    });
    let seen: Pid | undefined;
    s.spawn(A, function* (p: Proc) {
      yield* p.sleep(800);
      seen = p.whereis("late");
      p.send("late", "hi");
    });
    s.run();
    expect(started).toEqual([700]);
    const sp = recs(s, "spawn").find((r) => r.label === "late_starter")!;
    expect(sp.t).toBe(700);
    expect(sp.parent).toBeNull();
    expect(seen).toBe(sp.pid);
    expect(exitReason(s, sp.pid)).toBe("normal");
  });
});

describe("spawn and set faults as a shell would type them", () => {
  test("a spawn that registers a taken name: the process runs unregistered and the shell prints badarg", () => {
    const s = sim({ nodes: [A] });
    const first = s.spawn(A, idle, { register: "srv" });
    const got: unknown[] = [];
    s.at(100, { op: "spawn", node: A, register: "srv", label: "second", body: sink(got) });
    s.run();
    expect(s.whereis("srv", A)).toBe(first);
    expect(s.printed(A).map((l) => l.text)).toEqual([expect.stringContaining("bad argument")]);
    expect(recs(s, "spawn").map((r) => r.label)).toContain("second");
  });
  test("a spawn on a node that is down does nothing", () => {
    const s = sim({ nodes: [A] });
    s.at(10, { op: "crash", node: A });
    s.at(20, { op: "spawn", node: A, body: idle });
    const r = s.run();
    expect(r.outcome.kind).toBe("quiescent");
    expect(recs(s, "spawn")).toHaveLength(0);
  });
  test("bad set-latency, set-loss and unknown nodes are refused when scheduled", () => {
    const s = sim({ nodes: [A, B] });
    expect(() => s.at(0, { op: "set-latency", latency: { kind: "constant", us: -5 } })).toThrow(/non-negative/);
    expect(() => s.at(0, { op: "set-loss", p: 2 })).toThrow(/probability/);
    expect(() => s.at(0, { op: "crash", node: "nope@h" })).toThrow(/no node/);
  });
});
