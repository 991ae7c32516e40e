import { expect, test } from "vitest";
import { Simulation, Name, type Proc, type Pid, ms } from "../../src/sim/index.js";

test("smoke", () => {
  const sim = new Simulation({ seed: 1 });
  sim.addNode({ name: "s@h" });
  sim.addNode({ name: "c@h" });
  const got: unknown[] = [];
  sim.spawn("s@h", function* server(p: Proc) {
    for (;;) {
      const m = (yield* p.receive()) as { tag: string; from: Pid; n: number };
      p.send(m.from, { tag: "pong", n: m.n });
    }
  }, { register: "srv" });
  sim.spawn("c@h", function* client(p: Proc) {
    for (let i = 0; i < 3; i++) p.send(new Name("srv", "s@h"), { tag: "ping", from: p.self(), n: i });
    for (let i = 0; i < 3; i++) got.push(yield* p.receive());
    const t = yield* p.receive(undefined, { after: ms(5) });
    got.push(t);
  });
  const r = sim.run();
  expect(r.outcome.kind).toBe("quiescent");
  expect(got.length).toBe(4);
  console.log(got, r, sim.trace.records.length);
});
