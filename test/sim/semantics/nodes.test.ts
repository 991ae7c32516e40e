/**
 * Nodes (VMs): a crash ends every process at once and its peers see `noconnection`; a
 * restart starts a new incarnation (new `creation`, pid numbers from 1, the boot script
 * again); pause stops the schedulers while messages keep arriving; `nodes()` lists the
 * connected nodes (auto-connect on first contact). Erlang Reference Manual, "Distributed
 * Erlang" (connections are set up on first use and monitored) and "Processes":
 * https://www.erlang.org/doc/system/ref_man_processes.html
 */
import { describe, expect, test } from "vitest";
import { isExit, type Pid, type Proc, TIMEOUT } from "../../../src/sim/index.js";
import { dropsOf, exitReason, exited, HOP, recs, sim, tagged } from "./harness.js";

const A = "a@h";
const B = "b@h";
const C = "c@h";

function* idle(p: Proc) {
  yield* p.receive(() => false);
}

describe("crash", () => {
  test("every process of the node ends at once, names are freed, timers never fire", () => {
    const s = sim({ nodes: [A, B] });
    const woke: string[] = [];
    const p1 = s.spawn(B, idle, { register: "srv" });
    const p2 = s.spawn(B, function* (p: Proc) {
      yield* p.sleep(5000);
      woke.push("timer fired"); // must not happen
    });
    s.at(1000, { op: "crash", node: B });
    s.run();
    for (const pid of [p1, p2]) {
      expect(exitReason(s, pid)).toBe("node-down");
      expect(recs(s, "exit").find((r) => r.pid === pid)!.t).toBe(1000);
      expect(s.lookup(pid)).toBeUndefined();
    }
    expect(woke).toEqual([]);
    expect(s.whereis("srv", B)).toBeUndefined();
    expect(s.node(B).up).toBe(false);
  });

  test("processes on the crashed node die without exit signals among themselves; remote linked processes see noconnection", () => {
    const s = sim({ nodes: [A, B] });
    const trapped: unknown[] = [];
    let local: Pid | undefined;
    // On B: a trapping process linked to another process on B (it must not get an EXIT: it dies too).
    s.spawn(B, function* (p: Proc) {
      p.trapExit(true);
      local = p.spawnLink(idle);
      trapped.push(yield* p.receive());
    });
    // On A: a non-trapping process linked to a process on B.
    const remoteLinked = s.spawn(A, function* (p: Proc) {
      p.link(local!);
      yield* p.receive(() => false);
    });
    s.at(1000, { op: "crash", node: B });
    s.run();
    expect(trapped).toEqual([]);
    expect(exitReason(s, remoteLinked)).toBe("noconnection");
  });

  test("lines printed before the crash are kept", () => {
    const s = sim({ nodes: [A] });
    s.spawn(A, function* (p: Proc) {
      p.log("before");
      yield* p.sleep(5000);
      p.log("after");
    });
    s.at(100, { op: "crash", node: A });
    s.run();
    expect(s.printed(A).map((l) => l.text)).toEqual(["before"]);
  });
});

describe("restart", () => {
  test("a new incarnation: creation + 1, pid numbers from 1, the boot script runs again", () => {
    const booted: Pid[] = [];
    const s = sim({ nodes: [A] });
    s.addNode({
      name: B,
      receiveCost: 0,
      sendCost: 0,
      boot: (n) => {
        booted.push(n.spawn(idle, { register: "srv" }));
      },
    });
    s.at(1000, { op: "crash", node: B });
    s.at(2000, { op: "restart", node: B });
    s.run({ until: 3000 });
    expect(booted).toHaveLength(2);
    const [first, second] = booted as [Pid, Pid];
    expect([first.creation, second.creation]).toEqual([1, 2]);
    expect([first.id, second.id]).toEqual([1, 1]);
    expect(s.node(B).creation).toBe(2);
    expect(s.whereis("srv", B)).toBe(second);
    expect(s.lookup(first)).toBeUndefined();
    expect(s.lookup(second)).toBeDefined();
    expect(recs(s, "spawn").filter((r) => r.pid.node === B).map((r) => r.t)).toEqual([0, 2000]);
  });

  test("restarting a node that is up crashes it first", () => {
    const s = sim({ nodes: [A, B] });
    const old = s.spawn(B, idle);
    const out: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      p.trapExit(true);
      p.link(old);
      out.push(yield* p.receive(isExit));
    });
    s.at(1000, { op: "restart", node: B });
    s.run();
    expect(exitReason(s, old)).toBe("node-down");
    expect(out).toEqual([{ tag: "EXIT", from: old, reason: "noconnection" }]);
    expect(s.node(B).up).toBe(true);
    expect(s.node(B).creation).toBe(2);
  });

  test("a message in flight across a restart is lost (node-down); one sent after to the old pid is old-incarnation", () => {
    const s = sim({ nodes: [A, B] });
    const old = s.spawn(B, idle);
    s.spawn(A, function* (p: Proc) {
      yield* p.sleep(950);
      p.send(old, { tag: "in-flight" }); // would arrive at 1050
      yield* p.sleep(100);
      p.send(old, { tag: "after" });
    });
    s.at(1000, { op: "restart", node: B });
    s.run();
    expect(dropsOf(s, tagged("in-flight"))).toEqual(["node-down"]);
    expect(dropsOf(s, tagged("after"))).toEqual(["old-incarnation"]);
  });
});

describe("pause and resume", () => {
  test("messages queue while paused and are processed, in order, on resume", () => {
    const s = sim({ nodes: [A, B] });
    const got: unknown[] = [];
    const rx = s.spawn(B, function* (p: Proc) {
      for (;;) got.push([yield* p.receive(), p.now()]);
    });
    s.at(100, { op: "pause", node: B });
    s.spawn(A, function* (p: Proc) {
      yield* p.sleep(200);
      p.send(rx, 1); // arrives 300, paused
      yield* p.sleep(100);
      p.send(rx, 2); // arrives 400, paused
    });
    s.at(1000, { op: "resume", node: B });
    s.run();
    expect(got).toEqual([
      [1, 1000],
      [2, 1000],
    ]);
    // They were delivered to the mailbox while paused: messages still arrive.
    expect(recs(s, "deliver").filter((d) => d.to === rx).map((d) => d.t)).toEqual([200 + HOP, 300 + HOP]);
  });

  test("a timeout that expires while paused runs when the node resumes", () => {
    const s = sim({ nodes: [A] });
    const out: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      out.push(yield* p.receive(undefined, { after: 500 }), p.now());
    });
    s.at(100, { op: "pause", node: A });
    s.at(2000, { op: "resume", node: A });
    s.run();
    expect(out).toEqual([TIMEOUT, 2000]);
  });

  test("a paused node is still connected: no noconnection, no nodedown", () => {
    const s = sim({ nodes: [A, B] });
    const out: unknown[] = [];
    const target = s.spawn(B, idle);
    s.spawn(A, function* (p: Proc) {
      p.monitor(target);
      p.monitorNode(B, true);
      out.push(yield* p.receive(undefined, { after: 5000 }));
    });
    s.at(100, { op: "pause", node: B });
    s.run();
    expect(out).toEqual([TIMEOUT]);
    expect(exited(s, target)).toBe(false);
  });
});

describe("connections", () => {
  test("nodes() lists the nodes connected by earlier contact (auto-connect), and drops a crashed one", () => {
    const s = sim({ nodes: [A, B, C] });
    const seen: unknown[] = [];
    const rb = s.spawn(B, idle);
    const rc = s.spawn(C, idle);
    s.spawn(A, function* (p: Proc) {
      seen.push(p.nodes());
      p.send(rc, "hi");
      p.send(rb, "hi");
      seen.push(p.nodes());
      yield* p.sleep(2000);
      seen.push(p.nodes());
    });
    s.at(1000, { op: "crash", node: C });
    s.run();
    expect(seen).toEqual([[], [B, C], [B]]);
    const ups = recs(s, "connection").filter((r) => r.up);
    expect(ups.map((r) => [r.a, r.b, r.t])).toEqual([
      [A, C, 0],
      [A, B, 0],
    ]);
    const downs = recs(s, "connection").filter((r) => !r.up);
    expect(downs.map((r) => [r.a, r.b, r.t, r.reason])).toEqual([[A, C, 1000, "node-down"]]);
  });
});
