/**
 * Registered names: register/unregister/whereis, names freed on exit, `badarg` where
 * Erlang raises it, and what sending to a name does when nobody has it.
 * Erlang Reference Manual, "Processes", Registered Processes and Irregularities
 * (synchronous error checking of `!` to a local name):
 * https://www.erlang.org/doc/system/ref_man_processes.html
 */
import { describe, expect, test } from "vitest";
import { ErlangError, Name, type Pid, type Proc } from "../../../src/sim/index.js";
import { dropsOf, exitReason, recs, sim, tagged, errorExit } from "./harness.js";

const A = "a@h";
const B = "b@h";

/** Runs `f` and returns the `badarg`-style reason it raised, or "ok". */
function attempt(f: () => unknown): unknown {
  try {
    f();
    return "ok";
  } catch (e) {
    if (e instanceof ErlangError) return e.reason;
    throw e;
  }
}

describe("register, whereis, unregister", () => {
  test("register makes a name resolve to the pid; unregister removes it", () => {
    const s = sim({ nodes: [A] });
    const seen: unknown[] = [];
    const pid = s.spawn(A, function* (p: Proc) {
      seen.push(p.whereis("srv"));
      seen.push(p.register("srv"));
      seen.push(p.whereis("srv"));
      yield* p.sleep(10);
      seen.push(p.unregister("srv"));
      seen.push(p.whereis("srv"));
    });
    s.run();
    expect(seen).toEqual([undefined, true, pid, true, undefined]);
    expect(recs(s, "register")).toEqual([{ t: 0, k: "register", name: "srv", pid }]);
    expect(recs(s, "unregister")).toEqual([{ t: 10, k: "unregister", name: "srv", pid }]);
  });

  test("a process may register another local process", () => {
    const s = sim({ nodes: [A] });
    let child: Pid | undefined;
    s.spawn(A, function* (p: Proc) {
      child = p.spawn(function* (q: Proc) {
        yield* q.receive();
      });
      p.register("worker", child);
      p.send("worker", "go");
    });
    s.run();
    expect(s.whereis("worker", A)).toBeUndefined(); // freed when it exited
    expect(recs(s, "register")[0]!.pid).toBe(child);
    expect(exitReason(s, child!)).toBe("normal");
  });

  test("sim.spawn with register names the process from outside, like the shell", () => {
    const s = sim({ nodes: [A] });
    const pid = s.spawn(
      A,
      function* (p: Proc) {
        yield* p.receive();
      },
      { register: "srv" },
    );
    expect(s.whereis("srv", A)).toBe(pid);
  });

  test("the name is freed when its process exits, and can be taken again", () => {
    const s = sim({ nodes: [A] });
    const out: unknown[] = [];
    const first = s.spawn(
      A,
      function* (p: Proc) {
        yield* p.sleep(10);
        p.exit("crash");
      },
      { register: "srv" },
    );
    const second = s.spawn(A, function* (p: Proc) {
      out.push(attempt(() => p.register("srv"))); // taken at t=0
      yield* p.sleep(20);
      out.push(p.whereis("srv"));
      out.push(p.register("srv"));
      out.push(p.whereis("srv"));
    });
    s.run();
    expect(out).toEqual(["badarg", undefined, true, second]);
    expect(recs(s, "unregister").map((r) => [r.t, r.name, r.pid])).toEqual([
      [10, "srv", first],
      [20, "srv", second], // freed again when the second one ends
    ]);
  });
});

describe("names and exit signals", () => {
  test("the name is released before the exit signal is sent: a supervisor can re-register it at once", () => {
    // Reference Manual, "Processes", Directly Visible Erlang Resources: link exit signals
    // are sent after the registered name has been released.
    const s = sim({ nodes: [A] });
    const out: unknown[] = [];
    s.spawn(A, function* supervisor(p: Proc) {
      p.trapExit(true);
      const first = p.spawnLink(function* (q: Proc) {
        q.register("srv");
        yield* q.sleep(10);
        q.exit("crash");
      });
      yield* p.receive((m) => (m as { tag?: string }).tag === "EXIT");
      const second = p.spawn(function* (q: Proc) {
        yield* q.receive();
      });
      out.push(p.register("srv", second), p.whereis("srv") === second, first !== second);
      p.send("srv", "stop");
    });
    s.run();
    expect(out).toEqual([true, true, true]);
  });
});

describe("badarg", () => {
  test("registering a taken name crashes the caller with badarg", () => {
    const s = sim({ nodes: [A] });
    s.spawn(
      A,
      function* (p: Proc) {
        yield* p.receive();
      },
      { register: "srv" },
    );
    const intruder = s.spawn(A, function* (p: Proc) {
      p.register("srv");
    });
    s.run();
    expect(exitReason(s, intruder)).toEqual(errorExit("badarg"));
  });

  test("a second name for a process is badarg", () => {
    const s = sim({ nodes: [A] });
    const out: unknown[] = [];
    const pid = s.spawn(A, function* (p: Proc) {
      p.register("one");
      out.push(attempt(() => p.register("two")));
      out.push(p.whereis("one"), p.whereis("two"));
    });
    s.run();
    expect(out).toEqual(["badarg", pid, undefined]);
  });

  test("unregister of a name nobody has is badarg", () => {
    const s = sim({ nodes: [A] });
    const pid = s.spawn(A, function* (p: Proc) {
      p.unregister("nobody");
    });
    s.run();
    expect(exitReason(s, pid)).toEqual(errorExit("badarg"));
  });

  test("registering a dead or a remote pid is badarg", () => {
    const s = sim({ nodes: [A, B] });
    const remote = s.spawn(B, function* (p: Proc) {
      yield* p.receive();
    });
    const out: unknown[] = [];
    s.spawn(A, function* (p: Proc) {
      const dead = p.spawn(function* () {});
      yield* p.sleep(10);
      out.push(attempt(() => p.register("x", dead)));
      out.push(attempt(() => p.register("y", remote)));
    });
    s.run();
    expect(out).toEqual(["badarg", "badarg"]);
  });
});

describe("sending to names", () => {
  test("a bare local name that is registered delivers", () => {
    const s = sim({ nodes: [A] });
    const got: unknown[] = [];
    s.spawn(
      A,
      function* (p: Proc) {
        got.push(yield* p.receive());
      },
      { register: "srv" },
    );
    s.spawn(A, function* (p: Proc) {
      p.send("srv", { tag: "hi" });
    });
    s.run();
    expect(got).toEqual([{ tag: "hi" }]);
  });

  test("a bare local name that is not registered raises badarg in the sender, and nothing is sent", () => {
    const s = sim({ nodes: [A] });
    const after: string[] = [];
    const sender = s.spawn(A, function* (p: Proc) {
      p.send("nobody", { tag: "lost" });
      after.push("still running"); // must not run
    });
    s.run();
    expect(after).toEqual([]);
    expect(exitReason(s, sender)).toEqual(errorExit("badarg"));
    expect(recs(s, "send").filter((r) => tagged("lost")(r.msg))).toEqual([]);
    expect(s.printed(A)[0]!.text).toContain("badarg");
  });

  test("a bare name registered on another node is not local: badarg", () => {
    const s = sim({ nodes: [A, B] });
    s.spawn(
      B,
      function* (p: Proc) {
        yield* p.receive();
      },
      { register: "srv" },
    );
    const sender = s.spawn(A, function* (p: Proc) {
      p.send("srv", "x");
    });
    s.run();
    expect(exitReason(s, sender)).toEqual(errorExit("badarg"));
  });

  test("{Name, Node} with nobody registered is dropped as unregistered; the sender goes on", () => {
    const s = sim({ nodes: [A, B] });
    const after: number[] = [];
    const sender = s.spawn(A, function* (p: Proc) {
      p.send(new Name("nobody", B), { tag: "remote" });
      p.send(new Name("nobody", A), { tag: "local" });
      after.push(p.now());
    });
    s.run();
    expect(after).toEqual([0]);
    expect(exitReason(s, sender)).toBe("normal");
    expect(dropsOf(s, tagged("remote"))).toEqual(["unregistered"]);
    expect(dropsOf(s, tagged("local"))).toEqual(["unregistered"]);
    // Dropped on arrival, not at send: the name is resolved at the destination.
    const remoteDrop = recs(s, "drop").find((d) => d.id === recs(s, "send").find((r) => tagged("remote")(r.msg))!.id)!;
    expect(remoteDrop.t).toBe(100);
  });

  test("{Name, Node} is resolved when the message arrives, not when it is sent", () => {
    const s = sim({ nodes: [A, B] });
    const got: unknown[] = [];
    // Registers at t=50; the message sent at t=0 arrives at t=100 and finds it.
    s.spawn(B, function* late(p: Proc) {
      yield* p.sleep(50);
      p.register("srv");
      got.push(yield* p.receive());
    });
    s.spawn(A, function* (p: Proc) {
      p.send(new Name("srv", B), "early");
    });
    s.run();
    expect(got).toEqual(["early"]);
  });
});
