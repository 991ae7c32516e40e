/**
 * Erlang rules the kernel once got wrong (issue 15), each checked against OTP 25 with a
 * small program under `erl` (the expected values below are what BEAM printed):
 * - rule 1: `exit(self(), Reason)` when not trapping exits is `exit(Reason)` and cannot be
 *   caught; `exit(self(), kill)` kills even a trapping caller with `killed` (Reference
 *   Manual, "Processes", Receiving Exit Signals: `kill` is untrappable; the `erlang:exit/2`
 *   docs: "If Pid is the calling process ... the process exits");
 * - rule 4: `spawn_monitor/1` is atomic: the DOWN carries the child's reason even if it ends
 *   at once (the `erlang:spawn_monitor/1` docs: "spawned and monitored atomically");
 * - rule 5: `monitor(process, RegName)` with a bare local name: the DOWN names
 *   `{RegName, node()}` (the `erlang:monitor/2` docs);
 * - rule 7: a spawn on a node that cannot be reached returns the pid of a local process
 *   that stands in for the child: it logs `** Can not start erlang:apply,[Fun,[]] on Node **`
 *   (with ` ([link])` or ` ([monitor])` after it for spawn_link and spawn_monitor) and exits
 *   with `noconnection`;
 * - rule 2: a sender's messages and signals to one process keep their order whether it is named
 *   by pid or by name (Reference Manual, "Processes", Signal Delivery: the order between a
 *   pair of processes);
 * - rule 8: a message a process sends itself is in its mailbox when `send` returns (BEAM;
 *   the Reference Manual, "Message Passing", promises only order, so a delay of 0 is allowed);
 * - rule 3: `link/1`, `monitor/2` and `is_process_alive/1` are in order with the caller's other
 *   signals to the target;
 * - rule 6: the exit reasons of uncaught errors, throws and exits, and their error reports.
 */
import { describe, expect, test } from "vitest";
import { type DownMsg, ErlangError, ExitException, latency, Name, type Pid, type Proc, type Ref, stackOf, ThrowException } from "../../../src/sim/index.js";
import { exitReason, recs, sim } from "./harness.js";

const A = "a@h";

describe("rule 1: exit(self(), Reason)", () => {
  test("from a process not trapping exits, nothing after the call runs, and a catch does not save it", () => {
    const s = sim({ nodes: [A] });
    const p1 = s.spawn(A, function* (p: Proc) {
      try {
        p.exit(p.self(), "boom");
      } catch {
        // A JS catch sees the throw, but the process ends regardless.
      }
      return; // a body that returns normally after catching
    });
    s.run();
    expect(exitReason(s, p1)).toBe("boom");
    // In the calling step, at once: no signal in flight.
    expect(recs(s, "exit").filter((r) => r.pid === p1).map((r) => r.t)).toEqual([0]);
    expect(recs(s, "signal")).toEqual([]);
  });

  test("API calls after a caught exit(self(), R) do not happen: the send is never made", () => {
    const s = sim({ nodes: [A] });
    const sink = s.spawn(A, function* (p: Proc) {
      yield* p.receive(() => false);
    });
    const p1 = s.spawn(A, function* (p: Proc) {
      try {
        p.exit(p.self(), "boom");
      } catch (e) {
        expect(e).toBeInstanceOf(ExitException);
      }
      try {
        p.send(sink, "after");
      } catch {
        // ends here too
      }
    });
    s.run();
    expect(exitReason(s, p1)).toBe("boom");
    expect(recs(s, "send").some((r) => r.msg === "after")).toBe(false);
  });

  test("exit(self(), kill) kills even a trapping caller at once, with killed", () => {
    const s = sim({ nodes: [A] });
    const p2 = s.spawn(A, function* (p: Proc) {
      p.trapExit(true);
      try {
        p.exit(p.self(), "kill");
      } catch {
        // cannot be caught
      }
      yield* p.receive();
    });
    s.run();
    expect(exitReason(s, p2)).toBe("killed");
    expect(recs(s, "exit").find((r) => r.pid === p2)!.t).toBe(0);
  });
});

describe("rule 4: spawn_monitor is atomic", () => {
  test("a child that ends in its first step: the DOWN carries its real reason", () => {
    const s = sim({ nodes: [A] });
    const got: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      const [child, ref] = p.spawnMonitor(function* early() {
        throw new ExitException("early");
      });
      got.push(child, ref, yield* p.receive());
    });
    s.run();
    const [child, ref, down] = got as [Pid, Ref, DownMsg];
    expect(down).toEqual({ tag: "DOWN", ref, type: "process", pid: child, reason: "early" } satisfies DownMsg);
  });
});

describe("rule 5: monitor(process, RegName) with a bare local name", () => {
  test("works, and the DOWN names {RegName, node()}", () => {
    const s = sim({ nodes: [A] });
    s.spawn(A, function* (p: Proc) {
      yield* p.receive((m) => m === "stop");
    }, { register: "nm" });
    const got: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      const ref = p.monitor("nm");
      p.send("nm", "stop");
      got.push(ref, yield* p.receive());
    });
    s.run();
    const [ref, down] = got as [Ref, DownMsg];
    expect(down).toEqual({ tag: "DOWN", ref, type: "process", pid: new Name("nm", A), reason: "normal" });
  });
});

describe("rule 7: spawning on a node that cannot be reached", () => {
  test("returns a pid whose monitor fails with noconnection, and logs BEAM's Can not start line", () => {
    const s = sim({ nodes: [A] });
    const got: unknown[] = [];
    const parent = s.spawn(A, function* (p: Proc) {
      const [pid, ref] = p.spawnMonitor(function* child() {}, { node: "nosuch@nohost" });
      got.push(pid, ref, yield* p.receive());
    });
    s.run();
    const [pid, ref, down] = got as [Pid, Ref, DownMsg];
    expect(down).toEqual({ tag: "DOWN", ref, type: "process", pid, reason: "noconnection" });
    // The warning comes from the process that stands in for the child, whose pid spawn returned (OTP 25).
    expect(s.printed(A).map((l) => [l.pid, l.text])).toEqual([[pid, "** Can not start erlang:apply,[#Fun<child>,[]] ([monitor]) on nosuch@nohost **"]]);
    expect(pid.node).toBe(A);
    expect(parent.node).toBe(A);
  });
});

describe("rule 8: a message to oneself", () => {
  test("is in the mailbox when send returns, by pid and by registered name", () => {
    const s = sim({ nodes: [A] });
    const seen: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      p.send(p.self(), "by-pid");
      p.send("me", "by-name");
      seen.push(p.messageQueueLen(), p.now());
      seen.push(yield* p.receive(undefined, { after: 0 }), yield* p.receive(undefined, { after: 0 }));
    }, { register: "me" });
    s.run();
    expect(seen).toEqual([2, 0, "by-pid", "by-name"]);
    const sends = recs(s, "send");
    expect(recs(s, "deliver").map((r) => [r.id, r.t])).toEqual(sends.map((r) => [r.id, r.t]));
  });
});

describe("rule 2: one sender's messages and signals to one process stay in order however it is addressed", () => {
  const B = "b@h";
  /** Sends 1 to rx's pid, then 2 to {rx, B}, then 3 to the pid, over a link whose latency varies widely; what rx got. */
  function mixed(seed: number): unknown[] {
    const s = sim({ seed, link: { latency: latency.uniform(10, 10_000) }, nodes: [A, B] });
    const got: unknown[] = [];
    const rx = s.spawn(B, function* (p: Proc) {
      for (;;) got.push(yield* p.receive());
    }, { register: "rx" });
    s.spawn(A, function* (p: Proc) {
      p.send(rx, 1);
      p.send(new Name("rx", B), 2);
      p.send(rx, 3);
    });
    s.run();
    return got;
  }

  test("a message to B's pid and one to B's registered name arrive in send order (20 seeds)", () => {
    for (let seed = 1; seed <= 20; seed++) expect(mixed(seed)).toEqual([1, 2, 3]);
  });

  test("a monitor request on {Name, Node} is not overtaken by a message sent after it", () => {
    for (let seed = 1; seed <= 20; seed++) {
      const s = sim({ seed, link: { latency: latency.uniform(10, 10_000) }, nodes: [A, B] });
      const got: unknown[] = [];
      const rx = s.spawn(B, function* (p: Proc) {
        yield* p.receive((m) => m === "stop");
      }, { register: "rx" });
      s.spawn(A, function* (p: Proc) {
        const ref = p.monitor(new Name("rx", B));
        p.send(rx, "stop");
        got.push(ref, yield* p.receive());
      });
      s.run();
      expect((got[1] as DownMsg).reason).toBe("normal");
    }
  });
});

// Rule 3, checked against OTP 25 (`erl`, a trapping caller on one node):
//   Q = spawn(fun() -> receive after infinity -> ok end end), exit(Q, kill), link(Q)
//     -> link returns true, then {'EXIT', Q, noproc}; not trapping, the caller dies with noproc;
//   exit(Q2, kill), monitor(process, Q2) -> {'DOWN', Ref, process, Q2, noproc};
//   exit(Q3, kill), is_process_alive(Q3) -> false; exit(Q5, boom) -> false;
//   Q4 trapping, exit(Q4, boom), is_process_alive(Q4) -> true, {'EXIT', Self, boom} in its queue;
//   Q6 ! hello, is_process_alive(Q6) -> true, [hello] in its queue.
// (Reference Manual, "Processes", Signal Delivery: link, monitor and the exit signal are
// signals between one pair of processes, delivered in the order sent; the
// `erlang:is_process_alive/1` docs: signals the caller sent to Pid are delivered first.)
describe("rule 3: link/1, monitor/2 and is_process_alive/1 are in order with the caller's other signals", () => {
  /** A process that waits for ever. */
  function* idle(p: Proc) {
    yield* p.receive(() => false);
  }

  test("after exit(Q, kill), link(Q) returns true and a trapping caller gets {'EXIT', Q, noproc}, not killed", () => {
    const s = sim({ nodes: [A] });
    const got: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      p.trapExit(true);
      const q = p.spawn(idle);
      p.exit(q, "kill");
      got.push(q, p.link(q), yield* p.receive());
    });
    s.run();
    const [q, linked, exit] = got as [Pid, unknown, unknown];
    expect(linked).toBe(true);
    expect(exit).toEqual({ tag: "EXIT", from: q, reason: "noproc" });
    expect(exitReason(s, q)).toBe("killed");
  });

  test("a caller not trapping exits dies with noproc", () => {
    const s = sim({ nodes: [A] });
    const caller = s.spawn(A, function* (p: Proc) {
      const q = p.spawn(idle);
      p.exit(q, "kill");
      p.link(q);
      yield* p.receive();
    });
    s.run();
    expect(exitReason(s, caller)).toBe("noproc");
  });

  test("after exit(Q, kill), monitor(process, Q) gives DOWN noproc", () => {
    const s = sim({ nodes: [A] });
    const got: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      const q = p.spawn(idle);
      p.exit(q, "kill");
      const ref = p.monitor(q);
      got.push(q, ref, yield* p.receive());
    });
    s.run();
    const [q, ref, down] = got as [Pid, Ref, DownMsg];
    expect(down).toEqual({ tag: "DOWN", ref, type: "process", pid: q, reason: "noproc" } satisfies DownMsg);
  });

  test("is_process_alive(P) delivers the caller's signals to P first: false after kill or a fatal exit, true for a trapping P", () => {
    const s = sim({ nodes: [A] });
    const got: unknown[] = [];
    const trapper = s.spawn(A, function* (p: Proc) {
      p.trapExit(true);
      yield* p.receive(() => false);
    });
    let mbox = -1;
    s.spawn(A, function* (p: Proc) {
      const q1 = p.spawn(idle);
      p.exit(q1, "kill");
      got.push(yield* p.isProcessAlive(q1));
      const q2 = p.spawn(idle);
      p.exit(q2, "boom");
      got.push(yield* p.isProcessAlive(q2));
      p.exit(trapper, "boom");
      got.push(yield* p.isProcessAlive(trapper));
      mbox = s.lookup(trapper)!.mailbox.length;
    });
    s.run();
    expect(got).toEqual([false, false, true]);
    expect(mbox).toBe(1); // {'EXIT', Caller, boom}, in the trapping process's queue
  });

  test("the answer is never seen by the caller's receives", () => {
    const s = sim({ nodes: [A] });
    const got: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      const q = p.spawn(idle);
      got.push(yield* p.isProcessAlive(q));
      got.push(yield* p.receive(undefined, { after: 1000 }));
    });
    s.run();
    expect(got[0]).toBe(true);
    expect(typeof got[1]).toBe("symbol"); // TIMEOUT: nothing left in the mailbox
  });
});

// Rule 6, checked against OTP 25 (`erl`; spawn_monitor(F), the DOWN's reason, and the error
// logger's report, `Error in process <0.80.0> with exit value:` and the reason):
//   error(badarg)  -> {badarg, [{r6,'-main/0-fun-1-',0,[{file,"r6.erl"},{line,10}]}]}, reported
//   X + 1 (X = a)  -> {badarith, [{erlang,'+',[a,1],[...]}, ...]}, reported
//   throw(boom)    -> {{nocatch,boom}, [...]}, reported
//   error({custom,1}) -> {{custom,1}, [...]}, reported
//   exit(boom)     -> boom, exit({shutdown,x}) -> {shutdown,x}, no report
// (Reference Manual, "Errors and Error Handling": the exit reason of an uncaught exception of
// class error is {Reason, Stack}, of class throw {{nocatch, Term}, Stack}, of class exit Term.)
// The stack here is the stand-in [{chatty_sim, Label, 0, []}] (crash.ts).
describe("rule 6: exit reasons of run-time errors are Erlang's", () => {
  /** The DOWN reason and the printed lines of a process with body `f`, labelled `label`. */
  function crash(f: (p: Proc) => void): { reason: unknown; lines: string[]; pid: Pid } {
    const s = sim({ nodes: [A] });
    const got: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      const [pid] = p.spawnMonitor(function* victim(q: Proc) {
        yield* q.sleep(1);
        f(q);
      });
      got.push(pid, ((yield* p.receive()) as DownMsg).reason);
    });
    s.run();
    const pid = got[0] as Pid;
    return { pid, reason: got[1], lines: s.printed(A).filter((l) => l.pid === pid).map((l) => l.text) };
  }
  const report = (pid: Pid, v: string): string => `Error in process ${pid.format(A)} on node ${A} with exit value: ${v}`;

  test("p.error(badarg): {badarg, Stack}, with an error report", () => {
    const c = crash((q) => q.error("badarg"));
    expect(c.reason).toEqual({ tag: "badarg", stack: stackOf("victim") });
    expect(c.lines).toEqual([report(c.pid, "{badarg,[{chatty_sim,victim,0,[]}]}")]);
  });

  test("a BIF's error (a send to a bare name nobody has): {badarg, Stack}", () => {
    const c = crash((q) => q.send("nobody", "x"));
    expect(c.reason).toEqual({ tag: "badarg", stack: stackOf("victim") });
    expect(c.lines).toEqual([report(c.pid, "{badarg,[{chatty_sim,victim,0,[]}]}")]);
  });

  test("p.error(badarith) and p.error({custom, 1}): the reason, whatever term, first in the pair", () => {
    expect(crash((q) => q.error("badarith")).reason).toEqual({ tag: "badarith", stack: stackOf("victim") });
    const c = crash((q) => q.error({ tag: "custom", n: 1 }));
    expect(c.reason).toEqual({ tag: { tag: "custom", n: 1 }, stack: stackOf("victim") });
    expect(c.lines).toEqual([report(c.pid, "{{custom,1},[{chatty_sim,victim,0,[]}]}")]);
  });

  test("p.throw(boom) uncaught: {{nocatch, boom}, Stack}, with an error report", () => {
    const c = crash((q) => q.throw("boom"));
    expect(c.reason).toEqual({ tag: { tag: "nocatch", value: "boom" }, stack: stackOf("victim") });
    expect(c.lines).toEqual([report(c.pid, '{{nocatch,"boom"},[{chatty_sim,victim,0,[]}]}')]);
  });

  test("p.exit(T): plain T, no report", () => {
    const c = crash((q) => q.exit({ tag: "shutdown", why: "x" }));
    expect(c.reason).toEqual({ tag: "shutdown", why: "x" });
    expect(c.lines).toEqual([]);
  });

  test("a JS exception: an Error is class error {js_error, Name, Message}; any other thrown value is class throw", () => {
    const c = crash(() => {
      throw new RangeError("too far");
    });
    expect(c.reason).toEqual({ tag: { tag: "js_error", name: "RangeError", message: "too far" }, stack: stackOf("victim") });
    expect(c.lines).toEqual([report(c.pid, '{{js_error,"RangeError","too far"},[{chatty_sim,victim,0,[]}]}')]);
    const v = crash(() => {
      throw 42;
    });
    expect(v.reason).toEqual({ tag: { tag: "nocatch", value: 42 }, stack: stackOf("victim") });
  });

  test("the classes can be told apart by a catching body", () => {
    const s = sim({ nodes: [A] });
    const seen: string[] = [];
    s.spawn(A, function* (p: Proc) {
      for (const raise of [() => p.error("e"), () => p.throw("t"), () => p.exit("x")]) {
        try {
          raise();
        } catch (e) {
          seen.push(e instanceof ErlangError ? "error" : e instanceof ThrowException ? "throw" : e instanceof ExitException ? "exit" : "?");
        }
      }
    });
    s.run();
    expect(seen).toEqual(["error", "throw", "exit"]);
  });
});
