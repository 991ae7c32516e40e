/**
 * Hostile node code never crashes or hangs the host (issue 21): limits with typed outcomes
 * (trace records kept, processes alive, mailbox length), validated; every `Proc` call counts
 * as work; a value that is no term crashes its process, not the run; a bad timeout crashes
 * with `timeout_value`; messages are copied at send.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, test } from "vitest";
import { ConfigError, DEFAULT_LIMITS, Simulation, stackOf, type Pid, type Proc, type RunResult } from "../../src/sim/index.js";
import { root } from "../cliHarness.js";

/** The `Why` of an exit reason `{{bad_term, Why}, Stack}`. */
const errorOf = (reason: unknown): { why: string } => (reason as { tag: { why: string } }).tag;

/** Exit reasons by process label, from a full trace. */
function exits(sim: Simulation): Record<string, unknown> {
  const labels = new Map<string, string>();
  const out: Record<string, unknown> = {};
  for (const r of sim.trace.records) {
    if (r.k === "spawn") labels.set(r.pid.key(), r.label);
    if (r.k === "exit") out[labels.get(r.pid.key()) ?? r.pid.key()] = r.reason;
  }
  return out;
}

/**
 * A sender on `a@h` sends the term `make()` makes to a vandal on `b@h`, which changes what it
 * got (`m.items.push`, `m.tag =`), then to a late receiver, which takes it after the vandal is done.
 */
function vandalRun(trace: "hash" | "full", make: () => unknown): { sim: Simulation; vandal: unknown; late: unknown; vandalExit: unknown; hash: string | null } {
  const sim = new Simulation({ seed: 1, trace });
  sim.addNode({ name: "a@h" });
  sim.addNode({ name: "b@h" });
  let vandalGot: unknown;
  let lateGot: unknown;
  const vandal = sim.spawn("b@h", function* vandal(p: Proc) {
    const m = (yield* p.receive()) as { tag: string; items: string[] };
    vandalGot = m;
    m.items.push("vandal");
    m.tag = "vandal";
  });
  const late = sim.spawn("b@h", function* late(p: Proc) {
    yield* p.sleep(1_000_000); // after the vandal has changed its copy
    lateGot = yield* p.receive();
  });
  sim.spawn("a@h", function* sender(p: Proc) {
    const m = make();
    p.send(vandal, m);
    p.send(late, m);
  });
  const hash = sim.run().traceHash;
  const exit = sim.trace.records.find((r) => r.k === "exit" && r.pid === vandal) as { reason: unknown } | undefined;
  return { sim, vandal: vandalGot, late: lateGot, vandalExit: exit?.reason, hash };
}

/** A simulation with one node `a@h` (and `b@h`), trace full, these limits. */
function sim2(limits: Partial<typeof DEFAULT_LIMITS> = {}): Simulation {
  const sim = new Simulation({ seed: 1, limits });
  sim.addNode({ name: "a@h" });
  sim.addNode({ name: "b@h" });
  return sim;
}

/** A process that ends normally at 1 s: the run went on past whatever crashed. */
function* witness(p: Proc) {
  yield* p.sleep(1_000_000);
}

describe("limits with typed outcomes", () => {
  test("a process sending to itself forever stops at the trace records kept", () => {
    const sim = sim2({ maxTraceRecords: 10_000, maxEvents: 1_000_000 });
    sim.spawn("a@h", function* loop(p: Proc) {
      for (;;) {
        p.send(p.self(), "again");
        yield* p.receive();
      }
    });
    const r = sim.run();
    expect(r.outcome).toMatchObject({ kind: "runaway", limit: "trace-records" });
    expect(sim.trace.records.length).toBeLessThan(10_010); // checked after each event
  });

  test("with the trace off, observations are kept all the same, and a process observing forever stops at the same limit", () => {
    const sim = new Simulation({ seed: 1, trace: "off", limits: { maxTraceRecords: 5_000, maxEvents: 1_000_000 } });
    sim.addNode({ name: "a@h" });
    sim.spawn("a@h", function* watcher(p: Proc) {
      for (;;) {
        p.observe("screen:x", "again");
        yield* p.sleep(1);
      }
    });
    const r = sim.run();
    expect(r.outcome).toMatchObject({ kind: "runaway", limit: "trace-records" });
    expect(sim.trace.observations.length).toBeLessThan(5_010);
  });

  test("endless spawning: spawn raises system_limit in the spawner at the process limit, the run goes on", () => {
    const sim = sim2({ maxProcesses: 100, maxEvents: 200_000 });
    let spawned = 0;
    sim.spawn("a@h", function* spawner(p: Proc) {
      for (;;) {
        p.spawn(function* idle(q: Proc) {
          yield* q.receive();
        });
        spawned++;
        yield* p.sleep(0);
      }
    });
    sim.spawn("b@h", witness);
    const r = sim.run();
    expect(r.outcome.kind).toBe("quiescent"); // the idle processes wait forever
    expect(exits(sim)).toMatchObject({ spawner: { tag: "system_limit", stack: stackOf("spawner") }, witness: "normal" });
    expect(spawned).toBe(98); // 100 alive: the spawner, the witness and 98 idle processes
  });

  test("a mailbox flood stops at the mailbox limit", () => {
    const sim = sim2({ maxMailbox: 1_000, maxEvents: 1_000_000 });
    const sink = sim.spawn("b@h", function* sink(p: Proc) {
      yield* p.receive(() => false);
    });
    sim.spawn("a@h", function* flood(p: Proc) {
      for (;;) {
        for (let i = 0; i < 10; i++) p.send(sink, i);
        yield* p.sleep(1);
      }
    });
    const r = sim.run();
    expect(r.outcome).toMatchObject({ kind: "runaway", limit: "mailbox" });
    expect((r.outcome as { message: string }).message).toMatch(/sink/);
  });

  test.each([
    [{ maxEvents: NaN }],
    [{ maxEvents: -1 }],
    [{ maxEvents: 1.5 }],
    [{ maxTime: Infinity }],
    [{ maxWorkPerStep: 0 }],
    [{ maxTraceRecords: Number.NaN }],
    [{ maxProcesses: "10" as unknown as number }],
    [{ maxMailbox: -5 }],
    [{ maxEvent: 10 } as never],
  ])("limits %j are rejected", (limits) => {
    expect(() => new Simulation({ seed: 1, limits })).toThrow(ConfigError);
  });

  test("the defaults are bounded and Erlang's where Erlang has one", () => {
    expect(DEFAULT_LIMITS.maxProcesses).toBe(262_144); // erlang:system_info(process_limit) without +P
    for (const v of Object.values(DEFAULT_LIMITS)) expect(Number.isSafeInteger(v) && v > 0).toBe(true);
  });

  test("under the defaults (trace full), a self-send loop ends with a typed outcome in a 1 GB heap", () => {
    const sim = pathToFileURL(join(root, "dist", "src", "sim", "index.js")).href;
    const script = `
      const { Simulation } = await import(${JSON.stringify(sim)});
      const s = new Simulation({ seed: 1 });
      s.addNode({ name: "a@h" });
      s.spawn("a@h", function* loop(p) { for (;;) { p.send(p.self(), { tag: "again" }); yield* p.receive(); } });
      console.log(JSON.stringify(s.run().outcome));`;
    const r = spawnSync(process.execPath, ["--max-old-space-size=1024", "--input-type=module", "-e", script], { cwd: root, encoding: "utf8", timeout: 50_000 });
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: "runaway", limit: "trace-records" });
  });
});

describe("every Proc call is work", () => {
  test.each([["p.now() < 1e15"], ["p.self() !== null"], ["p.nodeName() !== ''"]])("while (%s) {} ends with step-work", (cond) => {
    const sim = pathToFileURL(join(root, "dist", "src", "sim", "index.js")).href;
    const script = `
      const { Simulation } = await import(${JSON.stringify(sim)});
      const s = new Simulation({ seed: 1, limits: { maxWorkPerStep: 100000 } });
      s.addNode({ name: "a@h" });
      s.spawn("a@h", function* spin(p) { while (${cond}) {} });
      console.log(JSON.stringify(s.run().outcome));`;
    // A hang is what failed: a child with a time limit, so the suite itself cannot hang.
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8", timeout: 20_000 });
    expect(r.signal).toBeNull();
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: "runaway", limit: "step-work" });
  });
});

describe("receive patterns are work", () => {
  // A pattern is applied when a message arrives and after a step, outside the process's step:
  // a pattern that spins on Proc calls must trip the work guard there too, not hang the host.
  test.each([["when a message arrives", "arrival"], ["on a message already in the mailbox", "mailbox"]])("a pattern that loops, %s, ends with step-work", (_, when) => {
    const sim = pathToFileURL(join(root, "dist", "src", "sim", "index.js")).href;
    const script = `
      const { Simulation } = await import(${JSON.stringify(sim)});
      const s = new Simulation({ seed: 1, limits: { maxWorkPerStep: 100000 } });
      s.addNode({ name: "a@h" });
      const spin = (p) => (m) => { while (p.now() >= 0) {} return true; };
      const looper = s.spawn("a@h", function* looper(p) {
        ${when === "mailbox" ? "p.send(p.self(), 'hi');" : ""}
        yield* p.receive(spin(p));
      });
      ${when === "arrival" ? 's.spawn("a@h", function* sender(p) { yield* p.sleep(10); p.send(looper, "hi"); });' : ""}
      console.log(JSON.stringify(s.run().outcome));`;
    const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8", timeout: 20_000 });
    expect(r.signal).toBeNull();
    expect(r.stderr).toBe("");
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: "runaway", limit: "step-work" });
    expect(JSON.parse(r.stdout).message).toMatch(/looper/);
  });
});

describe("a value that is no term crashes its process, and the run goes on", () => {
  const cyclic = (): unknown => {
    const o: Record<string, unknown> = { tag: "loop" };
    o.self = o;
    return o;
  };
  const deep = (): unknown => {
    let o: unknown = "bottom";
    for (let i = 0; i < 20_000; i++) o = { tag: "box", o };
    return o;
  };
  const getter = (): unknown => ({
    tag: "trap",
    get x(): never {
      throw new Error("gotcha");
    },
  });
  const proxy = (): unknown =>
    new Proxy(
      { tag: "p" },
      {
        ownKeys: () => {
          throw new Error("trap");
        },
      },
    );
  // Its getPrototypeOf trap runs at any `instanceof` or prototype read, before anything can tell it is a Proxy.
  const protoProxy = (): unknown =>
    new Proxy(
      { tag: "p" },
      {
        getPrototypeOf: () => {
          throw new Error("proto trap");
        },
      },
    );
  const cases: [string, () => unknown, RegExp][] = [
    ["cyclic", cyclic, /cyclic/],
    ["20,000 deep", deep, /deeper than/],
    ["a throwing getter", getter, /gotcha/],
    ["a Proxy", proxy, /Proxy/],
    ["a Proxy whose getPrototypeOf trap throws", protoProxy, /Proxy|proto trap/],
  ];

  test.each(cases)("sending %s", (_, make, why) => {
    const sim = sim2();
    const to = sim.spawn("b@h", function* receiver(p: Proc) {
      yield* p.receive();
    });
    sim.spawn("a@h", function* sender(p: Proc) {
      p.send(to, make());
    });
    sim.spawn("b@h", witness);
    let r: RunResult | undefined;
    expect(() => (r = sim.run())).not.toThrow();
    expect(r!.traceHash).toMatch(/^[0-9a-f]{64}$/);
    const e = exits(sim);
    // An error: {{bad_term, Why}, Stack} (crash.ts).
    expect(e.sender).toMatchObject({ tag: { tag: "bad_term" }, stack: stackOf("sender") });
    expect(errorOf(e.sender).why).toMatch(why);
    expect(e.witness).toBe("normal");
  });

  test.each(cases)("throwing %s, and exit() with it", (_, make, why) => {
    const sim = sim2();
    const watcher = sim.spawn("b@h", function* watcher(p: Proc) {
      p.trapExit(true);
      yield* p.receive();
      yield* p.receive();
    });
    sim.spawn("a@h", function* thrower(p: Proc) {
      p.link(watcher);
      throw make();
    });
    sim.spawn("a@h", function* exiter(p: Proc) {
      p.link(watcher);
      p.exit(make());
    });
    sim.spawn("b@h", witness);
    let r: RunResult | undefined;
    expect(() => (r = sim.run())).not.toThrow();
    expect(r!.traceHash).toMatch(/^[0-9a-f]{64}$/);
    const e = exits(sim);
    for (const who of ["thrower", "exiter"]) {
      expect(e[who]).toMatchObject({ tag: { tag: "bad_term" }, stack: stackOf(who) });
      expect(errorOf(e[who]).why).toMatch(why);
    }
    expect(e.witness).toBe("normal");
    expect(e.watcher).toBe("normal");
  });
});

describe("a bad timeout crashes the process with timeout_value", () => {
  test.each([[-5], [NaN], [Infinity], [1.5]])("p.sleep(%s)", (t) => {
    const sim = sim2();
    sim.spawn("a@h", function* sleeper(p: Proc) {
      yield* p.sleep(t);
    });
    sim.spawn("a@h", function* receiver(p: Proc) {
      yield* p.receive(undefined, { after: t });
    });
    sim.spawn("b@h", witness);
    expect(() => sim.run()).not.toThrow();
    expect(exits(sim)).toMatchObject({ sleeper: { tag: "timeout_value", stack: stackOf("sleeper") }, receiver: { tag: "timeout_value", stack: stackOf("receiver") }, witness: "normal" });
  });
});

describe("messages are copied at send, as Erlang copies them", () => {
  test("a sender that changes a message after sending it changes nothing the receiver or the trace has", () => {
    const sim = sim2();
    const got: unknown[] = [];
    const to = sim.spawn("b@h", function* receiver(p: Proc) {
      got.push(yield* p.receive());
    });
    sim.spawn("a@h", function* sender(p: Proc) {
      const m = { tag: "list", items: ["a"] };
      p.send(to, m);
      m.items.push("changed");
      m.tag = "changed";
    });
    sim.run();
    expect(got).toEqual([{ tag: "list", items: ["a"] }]);
    const send = sim.trace.records.find((r) => r.k === "send")!;
    expect((send as { msg: unknown }).msg).toEqual({ tag: "list", items: ["a"] });
  });

  test("a message sent from outside (Simulation.send) is copied too; one that is no term is a ConfigError", () => {
    const sim = sim2();
    const got: unknown[] = [];
    const to = sim.spawn("b@h", function* receiver(p: Proc) {
      got.push(yield* p.receive());
    });
    const m = { tag: "list", items: ["a"] };
    sim.send(to, m);
    m.items.push("changed");
    sim.run();
    expect(got).toEqual([{ tag: "list", items: ["a"] }]);
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(() => sim.send(to, cyclic)).toThrow(ConfigError);
    expect(() => sim.send(to, cyclic)).toThrow(/not an Erlang term \(cyclic/);
  });

  test("a receiver that changes its copy changes nothing another receiver or the trace has; hash and full agree", () => {
    const full = vandalRun("full", () => ({ tag: "list", items: ["a"] }));
    expect(full.late).toEqual({ tag: "list", items: ["a"] });
    const sends = full.sim.trace.records.filter((r) => r.k === "send").map((r) => (r as { msg: unknown }).msg);
    expect(sends).toEqual([{ tag: "list", items: ["a"] }, { tag: "list", items: ["a"] }]);
    expect(full.vandalExit).toBe("normal");
    expect(full.hash).toBe(vandalRun("hash", () => ({ tag: "list", items: ["a"] })).hash);
  });

  test("pids in a message stay the same pids", () => {
    const sim = sim2();
    let same = false;
    const to = sim.spawn("b@h", function* receiver(p: Proc) {
      const m = (yield* p.receive()) as { from: Pid };
      same = m.from === sender;
    });
    const sender = sim.spawn("a@h", function* sender(p: Proc) {
      p.send(to, { tag: "hi", from: p.self() });
    });
    sim.run();
    expect(same).toBe(true);
  });

  test("a term frozen all the way down is shared, not copied: every receiver gets it as sent, and one that tries to change it crashes", () => {
    const frozen = (): unknown => Object.freeze({ tag: "list", items: Object.freeze(["a"]) });
    const shared = vandalRun("full", frozen);
    expect(shared.late).toBe(shared.vandal);
    expect(shared.late).toEqual({ tag: "list", items: ["a"] });
    // Changing a frozen array throws a TypeError: the vandal crashes, nobody else sees a thing.
    expect(JSON.stringify(shared.vandalExit)).toMatch(/TypeError/);
    // The send records are the lines a copy would make: trace hash (which writes them as it goes) agrees with full.
    expect(vandalRun("hash", frozen).hash).toBe(shared.hash);
  });
});
