import { expect, test } from "vitest";
import { Simulation, Name, TIMEOUT, type Proc, type Pid, ms } from "../../src/sim/index.js";

/** The smallest useful run: a registered server on one node, a client on another, ping-pong. */
test("smoke: ping-pong by name across two nodes, then a receive that times out", () => {
  const sim = new Simulation({ seed: 1 });
  sim.addNode({ name: "s@h" });
  sim.addNode({ name: "c@h" });
  const got: unknown[] = [];
  const times: number[] = [];
  const server = sim.spawn(
    "s@h",
    function* server(p: Proc) {
      for (;;) {
        const m = (yield* p.receive()) as { tag: string; from: Pid; n: number };
        p.send(m.from, { tag: "pong", n: m.n });
      }
    },
    { register: "srv" },
  );
  const client = sim.spawn("c@h", function* client(p: Proc) {
    for (let i = 0; i < 3; i++) p.send(new Name("srv", "s@h"), { tag: "ping", from: p.self(), n: i });
    for (let i = 0; i < 3; i++) got.push(yield* p.receive());
    const before = p.now();
    got.push(yield* p.receive(undefined, { after: ms(5) }));
    times.push(before, p.now());
  });
  expect(sim.whereis("srv", "s@h")).toBe(server);

  const r = sim.run();

  expect(r.outcome.kind).toBe("quiescent");
  // Process-pair FIFO both ways: pongs come back in ping order; then the timeout.
  expect(got).toEqual([{ tag: "pong", n: 0 }, { tag: "pong", n: 1 }, { tag: "pong", n: 2 }, TIMEOUT]);
  // The timeout fired 5 ms after the receive started (plus the receive cost of resuming).
  expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(ms(5));
  expect(times[1]! - times[0]!).toBeLessThanOrEqual(ms(5) + 1);
  expect(r.stats.sent).toBe(6);
  expect(r.stats.delivered).toBe(6);
  expect(r.stats.received).toBe(6);
  expect(r.stats.spawned).toBe(2);
  expect(Object.values(r.stats.dropped).every((n) => n === 0)).toBe(true);
  // The client ended normally; the server still waits (a registered, live process).
  expect(sim.lookup(client)).toBeUndefined();
  expect(sim.lookup(server)).toBeDefined();
  // A LAN round trip takes at least twice the profile's 80 µs floor.
  expect(r.endTime).toBeGreaterThan(ms(5) + 160);
  // The trace: full mode keeps every record; its hash identifies the run.
  const kinds = sim.trace.records.map((x) => x.k);
  expect(kinds.filter((k) => k === "send")).toHaveLength(6);
  expect(kinds.filter((k) => k === "deliver")).toHaveLength(6);
  expect(kinds.filter((k) => k === "receive")).toHaveLength(6);
  expect(kinds.filter((k) => k === "timeout")).toHaveLength(1);
  expect(sim.trace.records.find((x) => x.k === "exit")).toMatchObject({ k: "exit", pid: client, reason: "normal" });
  expect(r.traceHash).toMatch(/^[0-9a-f]{64}$/);
  expect(r.traceHash).toBe(sim.trace.hash());
});
