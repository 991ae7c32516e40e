/**
 * `receiveLoop` (src/sim/receiveLoop.ts) is the same process as its generator twin, call for
 * call: every test runs one world twice, once with the loop and once with the generator the
 * module comment gives, and compares the whole canonical traces (with costs, sampled latency,
 * crashes in `handle` and `init`, exit signals, messages waiting before the first step).
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { type Body, formatTerm, latency, Name, type Pid, type Proc, receiveLoop, Simulation, STOP, type Stop } from "../../../src/sim/index.js";
import { exitReason, recs } from "./harness.js";

const A = "a@h";
const B = "b@h";

type Init<S> = (p: Proc) => S | Stop;
type Handle<S> = (p: Proc, s: S, m: unknown) => S | Stop;

/** The generator `receiveLoop(name, init, handle)` stands for (the module comment's), named `name`. */
function twin<S>(name: string, init: Init<S>, handle: Handle<S>): Body {
  const gens: Record<string, Body> = {
    *[name](p: Proc) {
      const first = init(p);
      if (first === STOP) return;
      let s: S = first;
      for (;;) {
        const m = yield* p.receive();
        const next = handle(p, s, m);
        if (next === STOP) return;
        s = next;
      }
    },
  };
  return gens[name]!;
}

/** A world with costs and lognormal latency between two nodes; `build` spawns into it with the body maker given. */
function world(make: typeof receiveLoop, build: (s: Simulation, make: typeof receiveLoop) => void, seed = 7): Simulation {
  const s = new Simulation({ seed, trace: "full", network: { default: { latency: latency.lognormal(250, 0.4, 50), loss: 0, duplicate: 0, ordering: "process-pair" } } });
  s.addNode({ name: A, receiveCost: 3, sendCost: 2 });
  s.addNode({ name: B, receiveCost: 1, sendCost: 1 });
  build(s, make);
  s.run();
  return s;
}

/** Runs `build` with loops and with their twins: the two traces, line for line. */
function both(build: (s: Simulation, make: typeof receiveLoop) => void, seed?: number): { loop: Simulation; gen: Simulation } {
  const loop = world(receiveLoop, build, seed);
  const gen = world(twin as typeof receiveLoop, build, seed);
  return { loop, gen };
}

function expectSameRun(r: { loop: Simulation; gen: Simulation }): void {
  expect([...r.loop.trace.lines()]).toEqual([...r.gen.trace.lines()]);
  expect(r.loop.run().traceHash).toBe(r.gen.run().traceHash);
}

/** A counter that replies `{count, N}` to `{From, _}` and stops at `{stop}`. */
const counter = (make: typeof receiveLoop): Body =>
  make(
    "counter",
    () => 0,
    (p, n, m) => {
      const o = m as { tag?: string; from?: Pid };
      if (o.tag === "stop") return STOP;
      if (o.from !== undefined) p.send(o.from, { tag: "count", n: n + 1 });
      return n + 1;
    },
  );

/** A sender that sends `k` requests to `{counter, A}` and then `{stop}` if `stop`, taking the replies. */
const asker = (k: number, stop: boolean): Body =>
  function* asker(p: Proc) {
    for (let i = 0; i < k; i++) p.send(new Name("counter", A), { tag: "ask", from: p.self() });
    if (stop) p.send(new Name("counter", A), { tag: "stop" });
    for (;;) yield* p.receive();
  };

describe("receiveLoop runs as its generator twin", () => {
  test("a loop that replies and stops: the same trace, and the process labelled by its name", () => {
    const r = both((s, make) => {
      s.spawn(A, counter(make), { register: "counter" });
      s.spawn(B, asker(5, true));
      s.spawn(A, asker(3, false));
    });
    expectSameRun(r);
    const spawn = recs(r.loop, "spawn").find((x) => x.label === "counter");
    expect(spawn).toBeDefined();
    const pid = r.loop.whereis("counter", A);
    expect(pid).toBeUndefined(); // it stopped, so the name is gone
    expect(exitReason(r.loop, spawn!.pid)).toBe("normal");
    expect(recs(r.loop, "receive").length).toBeGreaterThan(8);
  });

  test("messages waiting before its first step are handled in arrival order", () => {
    const seen: unknown[][] = [[], []];
    let run = 0;
    const r = both((s, make) => {
      const out = seen[run++]!;
      const pid = s.spawn(A, make("sink", () => null, (_p, st, m) => (out.push(m), st)));
      for (let i = 0; i < 4; i++) s.send(pid, { tag: "n", i });
    });
    expectSameRun(r);
    expect(seen[0]).toEqual([0, 1, 2, 3].map((i) => ({ tag: "n", i })));
    expect(seen[1]).toEqual(seen[0]);
  });

  test("init that stops ends the process at once, with reason normal", () => {
    const r = both((s, make) => {
      s.spawn(A, make("quitter", (p) => (p.send(new Name("nobody", B), "hi"), STOP), () => STOP));
    });
    expectSameRun(r);
    const pid = recs(r.loop, "spawn")[0]!.pid;
    expect(exitReason(r.loop, pid)).toBe("normal");
  });

  test("an error in handle or in init crashes the process with the error's reason; its links see it", () => {
    const r = both((s, make) => {
      s.spawn(B, function* watcher(p: Proc) {
        const bad = p.spawnLink(
          make("bad", () => 0, (q, n) => {
            if (n === 2) q.send("unregistered_name", "x"); // badarg
            return n + 1;
          }),
          { node: A },
        );
        for (let i = 0; i < 4; i++) p.send(bad, i);
        yield* p.receive();
      });
      s.spawn(A, make("badInit", (p) => p.error("boom"), () => STOP));
    });
    expectSameRun(r);
    const reasonOf = (label: string): string => formatTerm(exitReason(r.loop, recs(r.loop, "spawn").find((x) => x.label === label)!.pid), A);
    expect(reasonOf("bad")).toBe("{badarg,[{chatty_sim,bad,0,[]}]}");
    expect(reasonOf("badInit")).toBe("{boom,[{chatty_sim,badInit,0,[]}]}");
    expect(reasonOf("watcher")).toBe(reasonOf("bad"));
  });

  test("exit signals: one not trapped ends it, a trapped one arrives as an EXIT message", () => {
    const r = both((s, make) => {
      const plain = s.spawn(A, make("plain", () => 0, (_p, n) => n + 1));
      const trapping = s.spawn(A, make("trapping", (p) => (p.trapExit(true), [] as unknown[]), (_p, got, m) => (got.length === 1 ? STOP : [...got, m])));
      s.spawn(B, function* killer(p: Proc) {
        p.exit(plain, "shutdown");
        p.exit(trapping, "shutdown");
        p.send(trapping, "after");
      });
    });
    expectSameRun(r);
    const byLabel = (l: string) => recs(r.loop, "spawn").find((x) => x.label === l)!.pid;
    expect(exitReason(r.loop, byLabel("plain"))).toBe("shutdown");
    expect(exitReason(r.loop, byLabel("trapping"))).toBe("normal");
  });

  test("a generator may delegate to a loop body (yield*), as to any body", () => {
    const r = both((s, make) => {
      const inner = counter(make);
      s.spawn(A, function* counter(p: Proc) {
        return yield* inner(p);
      }, { register: "counter" });
      s.spawn(B, asker(3, true));
    });
    expectSameRun(r);
  });

  test("property: random traffic, replies, stops and crashes give the twin's trace, seed for seed", () => {
    const op = fc.record({ to: fc.constantFrom(0, 1), delay: fc.integer({ min: 0, max: 2000 }), what: fc.constantFrom("ask", "ask", "ask", "crash", "stop", "junk") });
    fc.assert(
      fc.property(fc.array(op, { maxLength: 25 }), fc.integer({ min: 0, max: 1000 }), (ops, seed) => {
        const r = both((s, make) => {
          const loops = [A, B].map((n, i) =>
            s.spawn(n, make(`loop${i}`, () => 0, (p, k, m) => {
              const o = m as { what?: string; from?: Pid };
              if (o.what === "stop") return STOP;
              if (o.what === "crash") throw new Error(`crash after ${k}`);
              if (o.from !== undefined) p.send(o.from, { tag: "reply", k });
              return k + 1;
            })),
          );
          s.spawn(B, function* driver(p: Proc) {
            for (const o of ops) {
              yield* p.sleep(o.delay);
              p.send(loops[o.to]!, o.what === "junk" ? [1, 2] : { what: o.what, from: p.self() });
            }
          });
        }, seed);
        expect(r.loop.run().traceHash).toBe(r.gen.run().traceHash);
      }),
      { numRuns: 40, seed: 19 },
    );
  });
});
