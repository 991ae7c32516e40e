/**
 * Links and exit signals, rule by rule, as the Erlang Reference Manual states them
 * ("Processes", sections Links, Sending Exit Signals, Receiving Exit Signals and
 * Irregularities): https://www.erlang.org/doc/system/ref_man_processes.html
 *
 * - an exit signal with reason `normal` is dropped by a receiver that does not trap exits
 *   (unless it sent the signal to itself);
 * - any other reason terminates a non-trapping receiver with that reason;
 * - a trapping receiver gets `{'EXIT', From, Reason}`;
 * - `kill` sent with `exit/2` cannot be trapped and terminates with `killed`; `kill`
 *   arriving through a link is an ordinary reason (trappable, not converted);
 * - a link to a process that does not exist yields an exit signal `noproc` (locally,
 *   `link/1` itself fails with `noproc` when not trapping: erlang:link/1 docs);
 * - a lost connection yields `noconnection`; after `unlink/1` returns, the link's exit
 *   signals no longer affect the caller.
 */
import { describe, expect, test } from "vitest";
import { type Explorer, type ExitMsg, isExit, latency, type Pid, type Proc } from "../../../src/sim/index.js";
import { exitReason, exited, HOP, LOCAL, recs, sim, errorExit } from "./harness.js";

const A = "a@h";
const B = "b@h";

/** A process that waits forever. */
function* idle(p: Proc) {
  yield* p.receive(() => false);
}

/** A trapping process that records every EXIT message it gets (with arrival time) into `out`. */
const trapper = (out: unknown[]) =>
  function* trapper(p: Proc) {
    p.trapExit(true);
    for (;;) {
      const m = yield* p.receive(isExit);
      out.push({ ...m, t: p.now() });
    }
  };

describe("a linked process's exit", () => {
  test("normal does not kill a linked process that does not trap exits", () => {
    const s = sim({ nodes: [A] });
    const alive: number[] = [];
    let child: Pid | undefined;
    const parent = s.spawn(A, function* (p: Proc) {
      child = p.spawnLink(function* (q: Proc) {
        yield* q.sleep(10);
      });
      yield* p.sleep(100);
      alive.push(p.now());
    });
    s.run();
    expect(exitReason(s, child!)).toBe("normal");
    expect(alive).toEqual([100]);
    expect(exitReason(s, parent)).toBe("normal");
    // The signal did reach the parent; it was ignored, not lost.
    const sig = recs(s, "signal").find((r) => r.from === child && r.sig === "exit")!;
    expect(sig.reason).toBe("normal");
    expect(recs(s, "deliver").some((d) => d.id === sig.id && d.to === parent)).toBe(true);
  });

  test("an abnormal reason kills a linked non-trapping process with that reason, and so on down the chain", () => {
    const s = sim({ nodes: [A] });
    const pids: Pid[] = [];
    s.spawn(A, function* head(p: Proc) {
      const mid = p.spawnLink(function* mid(q: Proc) {
        pids.push(q.spawnLink(idle));
        yield* q.receive(() => false);
      });
      pids.push(mid);
      yield* p.sleep(10);
      p.exit({ tag: "fatal" });
    });
    s.run();
    expect(pids).toHaveLength(2);
    for (const pid of pids) expect(exitReason(s, pid)).toEqual({ tag: "fatal" });
  });

  test("link/1 then a crash of either end: the same rule both ways (links are bidirectional)", () => {
    const s = sim({ nodes: [A] });
    const a = s.spawn(A, idle);
    const b = s.spawn(A, function* (p: Proc) {
      p.link(a);
      yield* p.sleep(10);
      p.exit("b_died");
    });
    s.run();
    expect(exitReason(s, b)).toBe("b_died");
    expect(exitReason(s, a)).toBe("b_died");
  });

  test("a trapping process gets {'EXIT', From, Reason} instead, for normal and abnormal reasons", () => {
    const s = sim({ nodes: [A] });
    const out: unknown[] = [];
    let c1: Pid | undefined, c2: Pid | undefined;
    const parent = s.spawn(A, function* (p: Proc) {
      p.trapExit(true);
      c1 = p.spawnLink(function* (q: Proc) {
        yield* q.sleep(10);
      });
      c2 = p.spawnLink(function* (q: Proc) {
        yield* q.sleep(20);
        q.exit("oops");
      });
      out.push(yield* p.receive());
      out.push(yield* p.receive());
    });
    s.run();
    expect(out).toEqual([
      { tag: "EXIT", from: c1!, reason: "normal" } satisfies ExitMsg,
      { tag: "EXIT", from: c2!, reason: "oops" } satisfies ExitMsg,
    ]);
    expect(exitReason(s, parent)).toBe("normal");
  });

  test("trap_exit returns the previous value", () => {
    const s = sim({ nodes: [A] });
    const out: boolean[] = [];
    s.spawn(A, function* (p: Proc) {
      out.push(p.trapExit(true), p.trapExit(false), p.trapExit(false));
    });
    s.run();
    expect(out).toEqual([false, true, false]);
  });
});

describe("exit/2", () => {
  test("exit(Pid, kill) cannot be trapped: the target dies with killed", () => {
    const s = sim({ nodes: [A] });
    const trapped: unknown[] = [];
    const target = s.spawn(A, trapper(trapped));
    s.spawn(A, function* (p: Proc) {
      yield* p.sleep(5);
      p.exit(target, "kill");
    });
    s.run();
    expect(exitReason(s, target)).toBe("killed");
    expect(trapped).toEqual([]);
  });

  test("processes linked to a killed process see killed, not kill", () => {
    const s = sim({ nodes: [A] });
    const trapped: unknown[] = [];
    let victim: Pid | undefined, bystander: Pid | undefined;
    const watcher = s.spawn(A, function* (p: Proc) {
      p.trapExit(true);
      victim = p.spawnLink(function* (q: Proc) {
        bystander = q.spawnLink(idle); // linked, not trapping
        yield* q.receive(() => false);
      });
      const m = yield* p.receive(isExit);
      trapped.push(m);
    });
    s.spawn(A, function* (p: Proc) {
      yield* p.sleep(5);
      p.exit(victim!, "kill");
    });
    s.run();
    expect(exitReason(s, victim!)).toBe("killed");
    expect(exitReason(s, bystander!)).toBe("killed");
    expect(trapped).toEqual([{ tag: "EXIT", from: victim, reason: "killed" }]);
    expect(exitReason(s, watcher)).toBe("normal");
  });

  test("kill arriving through a link is an ordinary reason: trappable, and not turned into killed", () => {
    const s = sim({ nodes: [A] });
    const trapped: unknown[] = [];
    let c1: Pid | undefined, c2: Pid | undefined, plain: Pid | undefined;
    s.spawn(A, function* (p: Proc) {
      p.trapExit(true);
      c1 = p.spawnLink(function* (q: Proc) {
        yield* q.sleep(5);
        q.exit("kill"); // exit/1 with reason kill
      });
      trapped.push(yield* p.receive(isExit));
    });
    s.spawn(A, function* (p: Proc) {
      plain = p.spawnLink(idle);
      c2 = p.spawnLink(function* (q: Proc) {
        yield* q.sleep(5);
        q.exit("kill");
      });
      yield* p.receive(() => false);
    });
    s.run();
    expect(trapped).toEqual([{ tag: "EXIT", from: c1, reason: "kill" }]);
    // The non-trapping parent of c2 dies with kill, and passes kill on to `plain`.
    expect(exitReason(s, c2!)).toBe("kill");
    expect(exitReason(s, plain!)).toBe("kill");
  });

  test("exit(Pid, normal) is ignored by a non-trapping target", () => {
    const s = sim({ nodes: [A] });
    const out: unknown[] = [];
    const target = s.spawn(A, function* (p: Proc) {
      out.push(yield* p.receive(undefined, { after: 100 }));
    });
    s.spawn(A, function* (p: Proc) {
      yield* p.sleep(5);
      p.exit(target, "normal");
    });
    s.run();
    expect(out).toHaveLength(1);
    expect(typeof out[0]).toBe("symbol"); // it timed out undisturbed
    expect(exitReason(s, target)).toBe("normal");
    expect(recs(s, "exit").find((r) => r.pid === target)!.t).toBe(100);
  });

  test("exit(Pid, normal) reaches a trapping target as {'EXIT', Sender, normal}", () => {
    const s = sim({ nodes: [A] });
    const trapped: unknown[] = [];
    const target = s.spawn(A, trapper(trapped));
    const sender = s.spawn(A, function* (p: Proc) {
      yield* p.sleep(5);
      p.exit(target, "normal");
    });
    s.run();
    expect(trapped).toEqual([{ tag: "EXIT", from: sender, reason: "normal", t: 6 }]);
    expect(exited(s, target)).toBe(false);
  });

  test("exit(self(), normal) terminates the caller with normal (the documented irregularity)", () => {
    const s = sim({ nodes: [A] });
    const after: string[] = [];
    const pid = s.spawn(A, function* (p: Proc) {
      p.exit(p.self(), "normal");
      yield* p.sleep(100);
      after.push("still alive");
    });
    s.run();
    expect(exitReason(s, pid)).toBe("normal");
    expect(after).toEqual([]);
    // At once, in the calling step (issue 15, rule 1), not after the local delay.
    expect(recs(s, "exit").find((r) => r.pid === pid)!.t).toBe(0);
  });

  test("exit(Pid, Other) kills a non-trapping target with Other and reaches a trapping one as a message", () => {
    const s = sim({ nodes: [A, B] });
    const trapped: unknown[] = [];
    const plain = s.spawn(B, idle);
    const trapping = s.spawn(B, trapper(trapped));
    const sender = s.spawn(A, function* (p: Proc) {
      p.exit(plain, "shutdown");
      p.exit(trapping, "shutdown");
    });
    s.run();
    expect(exitReason(s, plain)).toBe("shutdown");
    expect(trapped).toEqual([{ tag: "EXIT", from: sender, reason: "shutdown", t: HOP }]);
  });

  test("the kill fault is exit(Pid, kill) from outside; with another reason it is trappable", () => {
    const s = sim({ nodes: [A] });
    const trapped: unknown[] = [];
    const t1 = s.spawn(A, trapper(trapped));
    const t2 = s.spawn(A, trapper(trapped));
    s.at(10, { op: "kill", target: t1 });
    s.at(10, { op: "kill", target: t2, reason: "please" });
    s.run();
    expect(exitReason(s, t1)).toBe("killed");
    expect(exited(s, t2)).toBe(false);
    expect(trapped).toEqual([{ tag: "EXIT", from: null, reason: "please", t: 11 }]);
  });
});

describe("link/1 to a process that is not there", () => {
  test("local, not trapping: link fails with noproc and the caller crashes", () => {
    const s = sim({ nodes: [A] });
    const dead = s.spawn(A, function* () {});
    const pid = s.spawn(A, function* (p: Proc) {
      yield* p.sleep(5);
      p.link(dead);
    });
    s.run();
    expect(exitReason(s, pid)).toEqual(errorExit("noproc"));
  });

  test("local, trapping: {'EXIT', Pid, noproc} arrives", () => {
    const s = sim({ nodes: [A] });
    const dead = s.spawn(A, function* () {});
    const out: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      p.trapExit(true);
      yield* p.sleep(5);
      out.push(p.link(dead));
      out.push(yield* p.receive());
    });
    s.run();
    expect(out).toEqual([true, { tag: "EXIT", from: dead, reason: "noproc" }]);
  });

  test("remote, not trapping: the link request finds no process and a noproc exit signal kills the caller", () => {
    const s = sim({ nodes: [A, B] });
    const dead = s.spawn(B, function* () {});
    const pid = s.spawn(A, function* (p: Proc) {
      yield* p.sleep(5);
      p.link(dead); // returns; the answer comes back over the network
      yield* p.receive(() => false);
    });
    s.run();
    expect(exitReason(s, pid)).toBe("noproc");
    expect(recs(s, "exit").find((r) => r.pid === pid)!.t).toBe(5 + 2 * HOP);
  });

  test("remote, trapping: {'EXIT', Pid, noproc} arrives after a round trip", () => {
    const s = sim({ nodes: [A, B] });
    const dead = s.spawn(B, function* () {});
    const out: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      p.trapExit(true);
      yield* p.sleep(5);
      p.link(dead);
      out.push(yield* p.receive(), p.now());
    });
    s.run();
    expect(out).toEqual([{ tag: "EXIT", from: dead, reason: "noproc" }, 5 + 2 * HOP]);
  });

  test("linking to oneself, or twice, does nothing more", () => {
    const s = sim({ nodes: [A] });
    const out: unknown[] = [];
    const other = s.spawn(A, function* (p: Proc) {
      yield* p.sleep(10);
      p.exit("x");
    });
    s.spawn(A, function* (p: Proc) {
      p.trapExit(true);
      p.link(p.self());
      p.link(other);
      p.link(other);
      out.push(yield* p.receive());
      out.push(yield* p.receive(undefined, { after: 100 }));
    });
    s.run();
    expect(out[0]).toEqual({ tag: "EXIT", from: other, reason: "x" });
    expect(typeof out[1]).toBe("symbol"); // exactly one EXIT
  });
});

describe("unlink/1", () => {
  test("after unlink the other's crash does not affect the caller", () => {
    const s = sim({ nodes: [A] });
    const alive: number[] = [];
    let child: Pid | undefined;
    const parent = s.spawn(A, function* (p: Proc) {
      child = p.spawnLink(function* (q: Proc) {
        yield* q.sleep(10);
        q.exit("crash");
      });
      p.unlink(child);
      yield* p.sleep(100);
      alive.push(p.now());
    });
    s.run();
    expect(exitReason(s, child!)).toBe("crash");
    expect(alive).toEqual([100]);
    expect(exitReason(s, parent)).toBe("normal");
  });

  test("unlink by the other end works too, and the caller's own crash then spares the other", () => {
    const s = sim({ nodes: [A] });
    let child: Pid | undefined;
    const parent = s.spawn(A, function* (p: Proc) {
      child = p.spawnLink(function* (q: Proc) {
        const parentPid = (yield* q.receive()) as Pid;
        q.unlink(parentPid);
        yield* q.sleep(100);
      });
      p.send(child, p.self());
      yield* p.sleep(10);
      p.exit("parent_crash");
    });
    s.run();
    expect(exitReason(s, parent)).toBe("parent_crash");
    expect(exitReason(s, child!)).toBe("normal");
  });

  test("an exit signal already in flight when unlink is called is dropped as unlinked", () => {
    const s = sim({ nodes: [A, B] });
    const out: unknown[] = [];
    const remote = s.spawn(B, function* (p: Proc) {
      yield* p.receive(); // the link request is in, now any message
      p.exit("remote_crash"); // at t=150, exit signal arrives at A at t=250
    });
    const local = s.spawn(A, function* (p: Proc) {
      p.link(remote);
      yield* p.sleep(50);
      p.send(remote, "die");
      yield* p.sleep(150); // t=200: signal is in flight
      p.unlink(remote);
      out.push(yield* p.receive(undefined, { after: 500 }));
    });
    s.run();
    expect(exitReason(s, remote)).toBe("remote_crash");
    expect(exitReason(s, local)).toBe("normal");
    const sig = recs(s, "signal").find((r) => r.from === remote && r.sig === "exit")!;
    expect(recs(s, "drop").find((d) => d.id === sig.id)?.reason).toBe("unlinked");
  });
});

describe("unlink/1 racing the link request", () => {
  test("link then unlink before the request arrives: no link is left on the remote end", () => {
    // Otherwise a later lost connection would send the remote process a noconnection exit
    // signal for a link that no longer exists, and kill it.
    const s = sim({ nodes: [A, B] });
    const remote = s.spawn(B, idle);
    const local = s.spawn(A, function* (p: Proc) {
      p.link(remote);
      p.unlink(remote);
      yield* p.receive(() => false);
    });
    s.at(1000, { op: "partition", a: [A], b: [B] });
    s.run();
    expect(exited(s, remote)).toBe(false);
    expect(exited(s, local)).toBe(false);
    const req = recs(s, "signal").find((r) => r.sig === "link")!;
    expect(recs(s, "drop").find((d) => d.id === req.id)?.reason).toBe("unlinked");
  });
});

describe("links across nodes and lost connections", () => {
  test("a node crash: linked processes on other nodes see noconnection", () => {
    const s = sim({ nodes: [A, B] });
    const trapped: unknown[] = [];
    let r1: Pid | undefined, r2: Pid | undefined;
    const plain = s.spawn(A, function* (p: Proc) {
      r1 = p.spawnLink(idle, { node: B });
      yield* p.receive(() => false);
    });
    s.spawn(A, function* (p: Proc) {
      p.trapExit(true);
      r2 = p.spawnLink(idle, { node: B });
      trapped.push(yield* p.receive(isExit), p.now());
    });
    s.at(1000, { op: "crash", node: B });
    s.run();
    expect(exitReason(s, plain)).toBe("noconnection");
    expect(trapped).toEqual([{ tag: "EXIT", from: r2, reason: "noconnection" }, 1000 + LOCAL]);
    expect(exitReason(s, r1!)).toBe("node-down");
  });

  test("a partition: both ends of a cross-node link see noconnection though both are alive", () => {
    const s = sim({ nodes: [A, B] });
    const seen: unknown[] = [];
    let remote: Pid | undefined;
    const local = s.spawn(A, function* (p: Proc) {
      p.trapExit(true);
      remote = p.spawnLink(
        function* (q: Proc) {
          q.trapExit(true);
          seen.push(["B", yield* q.receive(isExit)]);
        },
        { node: B },
      );
      seen.push(["A", yield* p.receive(isExit)]);
    });
    s.at(500, { op: "partition", a: [A], b: [B] });
    s.run();
    expect(seen).toContainEqual(["A", { tag: "EXIT", from: remote, reason: "noconnection" }]);
    expect(seen).toContainEqual(["B", { tag: "EXIT", from: local, reason: "noconnection" }]);
  });

  test("linking to a process on an unreachable node gives noconnection at once", () => {
    const s = sim({ nodes: [A, B] });
    const target = s.spawn(B, idle);
    s.at(5, { op: "partition", a: [A], b: [B] });
    const out: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      p.trapExit(true);
      yield* p.sleep(10);
      p.link(target);
      out.push(yield* p.receive(), p.now());
    });
    s.run();
    expect(out).toEqual([{ tag: "EXIT", from: target, reason: "noconnection" }, 10 + LOCAL]);
  });

  test("a remote link established with link/1 carries the exit signal over the network", () => {
    const s = sim({ nodes: [A, B] });
    const remote = s.spawn(B, function* (p: Proc) {
      yield* p.sleep(1000);
      p.exit("remote_crash");
    });
    const local = s.spawn(A, function* (p: Proc) {
      p.link(remote);
      yield* p.receive(() => false);
    });
    s.run();
    expect(exitReason(s, local)).toBe("remote_crash");
    expect(recs(s, "exit").find((r) => r.pid === local)!.t).toBe(1000 + HOP);
  });
});

describe("an exit signal in the middle of a step that takes virtual time", () => {
  /**
   * On a node with costs, `sender` takes `go` and sends 1..10 to `sink` in one step (1 µs a
   * send), printing "done" at its end; `sink`, on the same node, monitors it and keeps what
   * it receives. `signals` are sent to the sender from outside while that step runs.
   */
  function midStep(signals: readonly { readonly at: number; readonly reason: unknown }[], trapping = false) {
    const s = sim();
    s.addNode({ name: "a@h", schedulers: 2, sendCost: 1, receiveCost: 1 });
    const got: unknown[] = [];
    const own: unknown[] = [];
    let sender: Pid | undefined;
    const sink = s.spawn("a@h", function* sink(p: Proc) {
      const ref = p.monitor(sender!);
      for (;;) {
        const m = yield* p.receive();
        got.push((m as { ref?: unknown }).ref === ref ? `DOWN ${String((m as { reason: unknown }).reason)}` : m);
      }
    });
    sender = s.spawn("a@h", function* sender(p: Proc) {
      if (trapping) p.trapExit(true);
      yield* p.receive((m) => m === "go");
      for (let i = 1; i <= 10; i++) p.send(sink, i);
      p.log("done");
      for (;;) own.push(yield* p.receive());
    });
    s.at(100, { op: "inject", to: sender, msg: "go" });
    for (const sig of signals) s.at(sig.at, { op: "kill", target: sender, reason: sig.reason });
    s.run();
    const sends = recs(s, "send").filter((r) => r.from === sender);
    const exit = recs(s, "exit").find((r) => r.pid === sender);
    return { s, got, own, sender, sends, exit };
  }

  test("the process ends when the step does: what it sent in the step arrives first, then its DOWN, on its own node too", () => {
    // go arrives at 101; the step runs from 101 to 112 (receive 1 µs, ten sends).
    const { got, sends, exit, s, sender } = midStep([{ at: 105, reason: "kill" }]);
    expect(got).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, "DOWN killed"]);
    expect(exit!.reason).toBe("killed");
    expect(exit!.t).toBe(Math.max(...sends.map((r) => r.t)));
    expect(s.printed("a@h").map((l) => l.text)).toEqual(["done"]);
    expect(exitReason(s, sender!)).toBe("killed");
  });

  test("the first exit signal of the step decides the reason; a trapping process gets them as messages", () => {
    expect(midStep([{ at: 104, reason: "shutdown" }, { at: 106, reason: "kill" }]).exit!.reason).toBe("shutdown");
    const trap = midStep([{ at: 104, reason: "shutdown" }], true);
    expect(trap.exit).toBeUndefined();
    expect(trap.got).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(trap.own).toEqual([{ tag: "EXIT", from: null, reason: "shutdown" }]);
  });

  test("a signal after the step ends it at once", () => {
    const { got, exit } = midStep([{ at: 200, reason: "kill" }]);
    expect(exit!.t).toBe(200 + LOCAL);
    expect(got.at(-1)).toBe("DOWN killed");
  });

  test("is_process_alive after exit(Pid, kill) is false, answered once the step has ended it", () => {
    // erlang:is_process_alive/1: the signals the caller sent Pid before are handled first, so
    // a process killed that way is not alive; here its step ends (and it with it) at 111.
    const s = sim();
    s.addNode({ name: "a@h", schedulers: 2, sendCost: 1, receiveCost: 0 });
    const answers: unknown[] = [];
    const busy = s.spawn("a@h", function* busy(p: Proc) {
      yield* p.receive((m) => m === "go");
      for (let i = 0; i < 10; i++) p.send(p.self(), i);
      for (;;) yield* p.receive(() => false);
    });
    s.spawn("a@h", function* killer(p: Proc) {
      yield* p.sleep(105);
      p.exit(busy, "kill");
      answers.push(yield* p.isProcessAlive(busy), p.now());
    });
    s.at(100, { op: "inject", to: busy, msg: "go" });
    s.run();
    const exit = recs(s, "exit").find((r) => r.pid === busy)!;
    expect(exit.reason).toBe("killed");
    expect(answers[0]).toBe(false);
    expect(answers[1]).toBeGreaterThanOrEqual(exit.t);
  });
  test("a monitor or link request that comes after the exit signal gets noproc, once the step has ended the process", () => {
    // BEAM handles a process's signals in order: a request after the kill is answered for the
    // dead process (OTP 25: monitor/2 and link/1 after exit(P, kill), P busy in a loop: noproc).
    // Here `busy`'s step runs from 100 to 110 (ten sends to itself at 1 µs); the kill reaches it
    // at 105 + LOCAL, in the middle of it.
    const s = sim();
    s.addNode({ name: "a@h", schedulers: 3, sendCost: 1, receiveCost: 0 });
    const got: Record<string, unknown> = {};
    const busy = s.spawn("a@h", function* busy(p: Proc) {
      yield* p.receive((m) => m === "go");
      for (let i = 0; i < 10; i++) p.send(p.self(), i);
      for (;;) yield* p.receive(() => false);
    });
    const downOf = function* (p: Proc, ref: unknown) {
      const m = (yield* p.receive((x) => (x as { ref?: unknown }).ref === ref)) as { reason: unknown };
      return m.reason;
    };
    s.spawn("a@h", function* before(p: Proc) {
      yield* p.sleep(50);
      const ref = p.monitor(busy);
      got.before = yield* downOf(p, ref);
    });
    s.spawn("a@h", function* killer(p: Proc) {
      yield* p.sleep(105);
      p.exit(busy, "kill");
      const ref = p.monitor(busy);
      p.trapExit(true);
      p.link(busy);
      got.monitor = yield* downOf(p, ref);
      got.monitorAt = p.now();
      got.link = ((yield* p.receive((x) => (x as { tag?: unknown }).tag === "EXIT")) as ExitMsg).reason;
    });
    s.spawn("a@h", function* third(p: Proc) {
      yield* p.sleep(107);
      const ref = p.monitor(busy);
      got.third = yield* downOf(p, ref);
    });
    s.at(100 - LOCAL, { op: "inject", to: busy, msg: "go" });
    s.run();
    const exit = recs(s, "exit").find((r) => r.pid === busy)!;
    expect(exit.reason).toBe("killed");
    expect(exit.t).toBe(110);
    // Monitored before the kill: the process's own reason. After it: noproc, from the same sender or another.
    expect(got).toEqual({ before: "killed", monitor: "noproc", monitorAt: expect.any(Number), link: "noproc", third: "noproc" });
    expect(got.monitorAt as number).toBeGreaterThanOrEqual(exit.t);
  });
});

describe("the runtime's answer for a dead process keeps that process's order", () => {
  // B sends A a message and ends; A then monitors (or links to) B, whose node answers with
  // DOWN (or EXIT) noproc. The answer speaks for B: it must not overtake what B sent A
  // before it ended (signals from one process to another arrive in order; on BEAM both go
  // over the one connection between the nodes, in order).
  const order = (seed: number, how: "monitor" | "link", explorer?: Explorer): string[] => {
    const s = sim({ seed, link: { latency: latency.lognormal(100, 1.5) } });
    s.addNode({ name: A, receiveCost: 0, sendCost: 0 });
    s.addNode({ name: B, receiveCost: 0, sendCost: 0 });
    if (explorer !== undefined) s.explore(explorer);
    const got: string[] = [];
    let b: Pid | undefined;
    const a = s.spawn(A, function* (p: Proc) {
      p.trapExit(true);
      yield* p.sleep(1);
      if (how === "monitor") p.monitor(b!);
      else p.link(b!);
      for (let i = 0; i < 2; i++) {
        const m = (yield* p.receive()) as { tag: string };
        got.push(m.tag);
      }
    });
    b = s.spawn(B, function* (p: Proc) {
      p.send(a, { tag: "m" });
    });
    s.run();
    return got;
  };
  test.each(["monitor", "link"] as const)("%s: over 200 seeds of a spread-out latency, the noproc answer always comes after B's message", (how) => {
    for (let seed = 1; seed <= 200; seed++) expect(order(seed, how), `seed ${seed}`).toEqual(["m", how === "monitor" ? "DOWN" : "EXIT"]);
  });
  test.each(["monitor", "link"] as const)("%s: in explore mode, no interleaving has the noproc answer before B's message", (how) => {
    // Every choice sequence, depth first: each run records how many choices each point had.
    const seen = new Set<string>();
    const todo: number[][] = [[]];
    let runs = 0;
    while (todo.length > 0 && runs < 10_000) {
      const prefix = todo.pop()!;
      const widths: number[] = [];
      const got = order(1, how, { choose: (cs) => (widths.push(cs.length), prefix[widths.length - 1] ?? 0) });
      runs++;
      seen.add(got.join(","));
      for (let i = prefix.length; i < widths.length; i++) for (let c = 1; c < widths[i]!; c++) todo.push([...prefix, ...Array<number>(i - prefix.length).fill(0), c]);
    }
    expect(todo).toEqual([]); // all of them
    expect(runs).toBeGreaterThan(1);
    expect([...seen]).toEqual([`m,${how === "monitor" ? "DOWN" : "EXIT"}`]);
  });
});
