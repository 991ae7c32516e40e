/**
 * Processes: selective receive, `after` timeouts, how a body ends (return → `normal`,
 * throw → crash with that reason), spawn, spawn_link and self.
 * Erlang Reference Manual, "Expressions" (receive) and "Processes" (process termination):
 * https://www.erlang.org/doc/system/ref_man_processes.html
 */
import { describe, expect, test } from "vitest";
import { type Body, ConfigError, ErlangError, type Pid, type Proc, Simulation, TIMEOUT } from "../../../src/sim/index.js";
import { LOCAL, exitReason, exited, isTag, recs, sim, errorExit } from "./harness.js";

const A = "a@h";
const B = "b@h";

describe("selective receive", () => {
  test("takes the first matching message in arrival order and leaves the others in place", () => {
    const s = sim({ nodes: [A] });
    const got: unknown[] = [];
    const pid = s.spawn(A, function* (p: Proc) {
      yield* p.sleep(1000); // let every message arrive first
      got.push(yield* p.receive(isTag("b"))); // skips a1, takes b1 (not b2)
      got.push(yield* p.receive()); // the oldest left: a1
      got.push(yield* p.receive()); // then c
      got.push(yield* p.receive()); // then b2
      got.push(yield* p.receive(undefined, { after: 10 }));
    });
    for (const m of [{ tag: "a", n: 1 }, { tag: "b", n: 1 }, { tag: "c", n: 1 }, { tag: "b", n: 2 }]) s.send(pid, m);
    s.run();
    expect(got).toEqual([{ tag: "b", n: 1 }, { tag: "a", n: 1 }, { tag: "c", n: 1 }, { tag: "b", n: 2 }, TIMEOUT]);
  });

  test("a waiting receive ignores non-matching arrivals and wakes for the first matching one", () => {
    const s = sim({ nodes: [A] });
    const got: unknown[] = [];
    const at: number[] = [];
    const pid = s.spawn(A, function* (p: Proc) {
      got.push(yield* p.receive(isTag("want")));
      at.push(p.now());
      got.push(yield* p.receive());
    });
    s.at(100, { op: "inject", to: pid, msg: { tag: "noise" } });
    s.at(200, { op: "inject", to: pid, msg: { tag: "want" } });
    s.run();
    expect(got).toEqual([{ tag: "want" }, { tag: "noise" }]);
    expect(at).toEqual([201]); // injected at 200, 1 µs intra-node delay
  });

  test("a pattern that throws does not match (a guard that fails)", () => {
    const s = sim({ nodes: [A] });
    const got: unknown[] = [];
    const pid = s.spawn(A, function* (p: Proc) {
      yield* p.sleep(10);
      got.push(yield* p.receive((m) => (m as { x: { y: number } }).x.y === 1));
    });
    s.send(pid, "no x here");
    s.send(pid, { x: { y: 1 } });
    s.run();
    expect(got).toEqual([{ x: { y: 1 } }]);
    expect(exitReason(s, pid)).toBe("normal");
  });
});

describe("receive ... after", () => {
  test("times out after exactly the given virtual time", () => {
    const s = sim({ nodes: [A] });
    const out: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      const start = p.now();
      out.push(yield* p.receive(undefined, { after: 5000 }));
      out.push(p.now() - start);
    });
    s.run();
    expect(out).toEqual([TIMEOUT, 5000]);
    expect(recs(s, "timeout")).toHaveLength(1);
  });

  test("after 0 polls: a matching message already there is taken, otherwise TIMEOUT at once", () => {
    const s = sim({ nodes: [A] });
    const out: unknown[] = [];
    const pid = s.spawn(A, function* (p: Proc) {
      out.push(yield* p.receive(undefined, { after: 0 })); // mailbox empty at t=0
      out.push(p.now());
      yield* p.sleep(50);
      out.push(yield* p.receive(isTag("x"), { after: 0 })); // arrived at t=1
      out.push(yield* p.receive(isTag("x"), { after: 0 })); // nothing left
      out.push(p.now());
    });
    s.send(pid, { tag: "x" });
    s.run();
    expect(out).toEqual([TIMEOUT, 0, { tag: "x" }, TIMEOUT, 50]);
  });

  test("receiveBy gives up at an absolute deadline (at once if it has passed), and without one waits", () => {
    const s = sim({ nodes: [A] });
    const out: unknown[] = [];
    const pid = s.spawn(A, function* (p: Proc) {
      out.push(yield* p.receiveBy(undefined, 300)); // nothing comes: TIMEOUT at t=300
      out.push(p.now());
      out.push(yield* p.receiveBy(undefined, 100)); // already past: a poll
      out.push(p.now());
      out.push(yield* p.receiveBy(isTag("x"), undefined)); // no deadline: until x arrives, injected at t=2000
      out.push(p.now());
    });
    s.at(2000, { op: "inject", to: pid, msg: { tag: "x" } });
    s.run();
    expect(out).toEqual([TIMEOUT, 300, TIMEOUT, 300, { tag: "x" }, 2000 + LOCAL]);
  });

  test("a message that arrives in time cancels the timer", () => {
    const s = sim({ nodes: [A] });
    const out: unknown[] = [];
    const pid = s.spawn(A, function* (p: Proc) {
      out.push(yield* p.receive(undefined, { after: 1000 }));
      out.push(p.now());
      // A stale timer from the first receive would fire at t=1000 and wake this one early.
      out.push(yield* p.receive(undefined, { after: 5000 }));
      out.push(p.now());
    });
    s.at(300, { op: "inject", to: pid, msg: "hello" });
    s.run();
    expect(out).toEqual(["hello", 301, TIMEOUT, 5301]);
    expect(recs(s, "timeout").map((r) => r.t)).toEqual([5301]);
  });

  test("a non-matching message does not cancel the timer", () => {
    const s = sim({ nodes: [A] });
    const out: unknown[] = [];
    const pid = s.spawn(A, function* (p: Proc) {
      out.push(yield* p.receive(isTag("yes"), { after: 1000 }));
      out.push(p.now());
    });
    s.at(300, { op: "inject", to: pid, msg: { tag: "no" } });
    s.run();
    expect(out).toEqual([TIMEOUT, 1000]);
  });

  test("sleep is a receive that matches nothing: messages wait in the mailbox", () => {
    const s = sim({ nodes: [A] });
    const out: unknown[] = [];
    const pid = s.spawn(A, function* (p: Proc) {
      out.push(yield* p.sleep(700));
      out.push(p.now());
      out.push(yield* p.receive(undefined, { after: 0 }));
    });
    s.send(pid, "queued");
    s.run();
    expect(out).toEqual([TIMEOUT, 700, "queued"]);
  });
});

describe("how a process ends", () => {
  test("a body that returns exits with reason normal", () => {
    const s = sim({ nodes: [A] });
    const pid = s.spawn(A, function* (p: Proc) {
      yield* p.sleep(10);
      return "ignored return value";
    });
    const r = s.run();
    expect(r.outcome.kind).toBe("quiescent");
    expect(exitReason(s, pid)).toBe("normal");
    expect(s.lookup(pid)).toBeUndefined();
    expect(s.printed(A)).toEqual([]); // a normal exit is not an error
  });

  test("a JS throw of a value is Erlang's throw: it crashes with {{nocatch, Value}, Stack}, logs it, and the simulation goes on", () => {
    const s = sim({ nodes: [A] });
    const later: number[] = [];
    const bad = s.spawn(A, function* crasher(p: Proc) {
      yield* p.sleep(100);
      throw { tag: "boom", n: 42 };
    });
    s.spawn(A, function* survivor(p: Proc) {
      yield* p.sleep(500);
      later.push(p.now());
    });
    const r = s.run();
    expect(r.outcome.kind).toBe("quiescent");
    expect(exitReason(s, bad)).toEqual(errorExit({ tag: "nocatch", value: { tag: "boom", n: 42 } }, "crasher"));
    expect(later).toEqual([500]);
    const lines = s.printed(A);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.text).toBe(`Error in process ${bad.format(A)} on node ${A} with exit value: {{nocatch,{boom,42}},[{chatty_sim,crasher,0,[]}]}`);
    expect(lines[0]!.pid).toBe(bad);
    expect(lines[0]!.t).toBe(100);
  });

  test("a JS Error is an error {js_error, Name, Message}; an ErlangError's reason R gives {R, Stack}", () => {
    const s = sim({ nodes: [A] });
    const e1 = s.spawn(A, function* (p: Proc) {
      yield* p.sleep(1);
      throw new TypeError("x is undefined");
    });
    const e2 = s.spawn(A, function* (p: Proc) {
      yield* p.sleep(1);
      throw new ErlangError("badarith");
    });
    s.run();
    expect(exitReason(s, e1)).toEqual(errorExit({ tag: "js_error", name: "TypeError", message: "x is undefined" }));
    expect(exitReason(s, e2)).toEqual(errorExit("badarith"));
    const lines = s.printed(A).map((l) => l.text);
    expect(lines).toEqual([
      `Error in process ${e1.format(A)} on node ${A} with exit value: {{js_error,"TypeError","x is undefined"},[{chatty_sim,anonymous,0,[]}]}`,
      `Error in process ${e2.format(A)} on node ${A} with exit value: {badarith,[{chatty_sim,anonymous,0,[]}]}`,
    ]);
  });

  test("exit(Reason) ends the process with that reason and logs nothing (exit/1 is not an error)", () => {
    const s = sim({ nodes: [A] });
    const pid = s.spawn(A, function* (p: Proc) {
      yield* p.sleep(1);
      p.exit({ tag: "shutdown", why: "done" });
    });
    s.run();
    expect(exitReason(s, pid)).toEqual({ tag: "shutdown", why: "done" });
    expect(s.printed(A)).toEqual([]);
  });
});

describe("spawn, spawn_link, self", () => {
  test("a body that is neither a generator function nor a receiveLoop: badarg in the spawner, ConfigError from outside; no process is made", () => {
    const s = sim({ nodes: [A, "b@h"] });
    const plain = ((q: Proc) => {
      q.log("ran"); // outside any step: this throws, and the spawn fails
    }) as unknown as Body;
    const caught: unknown[] = [];
    const parent = s.spawn(A, function* spawner(p: Proc) {
      for (const spawn of [() => p.spawn(plain), () => p.spawnLink(plain, { node: "b@h" }), () => p.spawn((() => 42) as unknown as Body)]) {
        try {
          spawn();
        } catch (e) {
          caught.push(e instanceof ErlangError ? e.reason : e);
        }
      }
      p.spawn(plain);
    });
    s.run();
    expect(caught).toEqual(["badarg", "badarg", "badarg"]);
    expect(exitReason(s, parent)).toEqual(errorExit("badarg", "spawner"));
    expect(recs(s, "spawn").map((r) => r.pid)).toEqual([parent]);
    expect(recs(s, "log").filter((r) => r.text === "ran")).toEqual([]);
    expect(() => s.spawn(A, plain)).toThrow(new ConfigError("cannot spawn plain on a@h: its body is not a generator function (function*) or a receiveLoop"));
    // The failed spawns took no pid: the next process is the spawner's successor.
    expect(s.spawn(A, function* next() {}).id).toBe(parent.id + 1);
  });

  test("spawn returns the child's pid, which is what the child's self() returns", () => {
    const s = sim({ nodes: [A] });
    const seen: Pid[] = [];
    let child: Pid | undefined;
    const parent = s.spawn(A, function* (p: Proc) {
      child = p.spawn(function* kid(q: Proc) {
        const m = (yield* q.receive()) as { from: Pid };
        q.send(m.from, q.self());
      });
      p.send(child, { from: p.self() });
      seen.push((yield* p.receive()) as Pid);
    });
    s.run();
    expect(child).toBeDefined();
    expect(seen).toEqual([child]);
    expect(seen[0]).toBe(child); // pids are shared objects: === is pid equality
    const sp = recs(s, "spawn").find((r) => r.pid === child)!;
    expect(sp.parent).toBe(parent);
    expect(sp.label).toBe("kid");
    expect(child!.node).toBe(A);
    expect(exitReason(s, child!)).toBe("normal");
  });

  test("spawn with a node option starts the process on that node", () => {
    const s = sim({ nodes: [A, B] });
    const where: string[] = [];
    s.spawn(A, function* (p: Proc) {
      const c = p.spawn(
        function* (q: Proc) {
          where.push(q.nodeName());
        },
        { node: B },
      );
      where.push(c.node);
    });
    s.run();
    expect(where.sort()).toEqual([B, B]);
  });

  test("spawn on a node that is down returns a new local pid each time, of a process that stands in and exits with noconnection; spawn_link gets its EXIT", () => {
    const s = sim({ nodes: [A, B] });
    s.at(5, { op: "crash", node: B });
    const ran: string[] = [];
    const out: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      p.trapExit(true);
      yield* p.sleep(10);
      const ghost = p.spawn(
        function* () {
          ran.push("ghost");
        },
        { node: B },
      );
      const linked = p.spawnLink(
        function* () {
          ran.push("linked");
        },
        { node: B },
      );
      out.push(ghost, yield* p.receive(), linked);
    });
    s.run();
    expect(ran).toEqual([]);
    // As on OTP 25: `spawn(b@nowhere, F)` twice gives <0.87.0> and <0.88.0>, local pids.
    const [ghost, exit, linked] = out as [Pid, unknown, Pid];
    expect([ghost.node, linked.node]).toEqual([A, A]);
    expect(ghost.key()).not.toBe(linked.key());
    expect(exit).toEqual({ tag: "EXIT", from: linked, reason: "noconnection" });
    expect(exitReason(s, ghost)).toBe("noconnection");
    expect(s.printed(A).map((l) => [l.pid, l.text])).toEqual([
      [ghost, "** Can not start erlang:apply,[#Fun<anonymous>,[]] on b@h **"],
      [linked, "** Can not start erlang:apply,[#Fun<anonymous>,[]] ([link]) on b@h **"],
    ]);
  });

  test("is_process_alive for local pids; badarg for a remote one", () => {
    const s = sim({ nodes: [A, B] });
    const out: unknown[] = [];
    const remote = s.spawn(B, function* (p: Proc) {
      yield* p.sleep(100);
    });
    const pid = s.spawn(A, function* (p: Proc) {
      const c = p.spawn(function* (q: Proc) {
        yield* q.sleep(10);
      });
      out.push(yield* p.isProcessAlive(c), yield* p.isProcessAlive(p.self()));
      yield* p.sleep(20);
      out.push(yield* p.isProcessAlive(c));
      yield* p.isProcessAlive(remote);
    });
    s.run();
    expect(out).toEqual([true, true, false]);
    expect(exitReason(s, pid)).toEqual(errorExit("badarg"));
  });

  test("exit(self(), kill) ends the caller with killed", () => {
    const s = sim({ nodes: [A] });
    const pid = s.spawn(A, function* (p: Proc) {
      p.trapExit(true);
      p.exit(p.self(), "kill");
      yield* p.sleep(100);
    });
    s.run();
    expect(exitReason(s, pid)).toBe("killed");
  });

  test("spawn (no link): a crashing child does not affect its parent", () => {
    const s = sim({ nodes: [A] });
    let child: Pid | undefined;
    const parent = s.spawn(A, function* (p: Proc) {
      child = p.spawn(function* (q: Proc) {
        yield* q.sleep(10);
        q.exit("child_crash");
      });
      yield* p.sleep(100);
    });
    s.run();
    expect(exitReason(s, child!)).toBe("child_crash");
    expect(exitReason(s, parent)).toBe("normal");
  });

  test("spawn_link: the child's crash kills the parent with the same reason", () => {
    const s = sim({ nodes: [A] });
    let child: Pid | undefined;
    const parent = s.spawn(A, function* (p: Proc) {
      child = p.spawnLink(function* (q: Proc) {
        yield* q.sleep(10);
        q.exit("child_crash");
      });
      yield* p.sleep(100);
      p.log("parent survived"); // must not happen
    });
    s.run();
    expect(exitReason(s, child!)).toBe("child_crash");
    expect(exitReason(s, parent)).toBe("child_crash");
    expect(s.printed(A).map((l) => l.text)).not.toContain("parent survived");
  });

  test("spawn_link: the parent's crash kills the child", () => {
    const s = sim({ nodes: [A] });
    let child: Pid | undefined;
    s.spawn(A, function* (p: Proc) {
      child = p.spawnLink(function* (q: Proc) {
        yield* q.receive();
      });
      yield* p.sleep(5);
      p.exit("parent_crash");
    });
    s.run();
    expect(exited(s, child!)).toBe(true);
    expect(exitReason(s, child!)).toBe("parent_crash");
  });
});

describe("BIFs with arguments of the wrong type", () => {
  test.each([
    ["send", (p: Proc) => p.send(null as unknown as Pid, "x")],
    ["monitor", (p: Proc) => p.monitor(null as unknown as Pid)],
    ["link", (p: Proc) => p.link(42 as unknown as Pid)],
  ])("%s crashes the caller with badarg; the simulation goes on", (_, call) => {
    const s = sim({ nodes: ["a@h"] });
    const pid = s.spawn("a@h", function* bad(p: Proc) {
      call(p);
      yield* p.receive();
    });
    expect(s.run().outcome.kind).toBe("quiescent");
    expect(exitReason(s, pid)).toEqual(errorExit("badarg", "bad"));
  });
});

describe("the receive iterator all processes share", () => {
  test("a body that calls receive without yield* and ends does not take another process's message from it", () => {
    const s = new Simulation({ seed: 1 });
    s.addNode({ name: "a@h" });
    const got: unknown[] = [];
    const b = s.spawn("a@h", function* b(p: Proc) {
      for (;;) got.push(yield* p.receive());
    });
    s.spawn("a@h", function* a(p: Proc) {
      p.send(b, "one");
      p.receive(); // armed, never yielded through: the process ends with it so
    });
    s.spawn("a@h", function* c(p: Proc) {
      p.send(b, "two");
      yield* p.receive(undefined, { after: 5 });
      p.send(b, "three");
      void p.receive(); // and again, after a receive that was taken
    });
    expect(s.run().outcome.kind).toBe("quiescent");
    expect(got).toEqual(["one", "two", "three"]);
  });
});
