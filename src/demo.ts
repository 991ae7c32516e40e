/**
 * The demo run: a relay server on one node and three clients on three others over a LAN,
 * each client saying two lines. It shows the kernel end to end (names, pids, FIFO links,
 * printed lines, the trace hash) until the named scenarios take its place.
 */
import { Name, PROFILES, Simulation, ms, type Micros, type Pid, type Proc, type RunResult } from "./sim/index.js";

/** What the demo returns: the run, and what each node printed. */
export interface DemoResult {
  readonly seed: number;
  readonly run: RunResult;
  readonly printed: { node: string; lines: { t: Micros; text: string }[] }[];
}

type RelayMsg = { tag: "join"; from: Pid; name: string } | { tag: "say"; name: string; text: string };

/** Runs the demo with a seed. */
export function runDemo(seed: number): DemoResult {
  const sim = new Simulation({ seed, network: { default: PROFILES.lan } });
  sim.addNode({ name: "server@lan" });
  sim.spawn(
    "server@lan",
    function* relay(p: Proc) {
      const clients: Pid[] = [];
      for (;;) {
        const m = (yield* p.receive()) as RelayMsg;
        if (m.tag === "join") clients.push(m.from);
        else for (const c of clients) p.send(c, m);
      }
    },
    { register: "relay" },
  );
  const names = ["John", "Mary", "Ana"];
  names.forEach((name, i) => {
    const node = `${name.toLowerCase()}@lan`;
    sim.addNode({ name: node });
    sim.spawn(node, function* client(p: Proc) {
      const server = new Name("relay", "server@lan");
      p.send(server, { tag: "join", from: p.self(), name });
      yield* p.sleep(ms(1 + i));
      p.send(server, { tag: "say", name, text: `hi from ${name}` });
      yield* p.sleep(ms(2));
      p.send(server, { tag: "say", name, text: `bye from ${name}` });
      for (;;) {
        const m = yield* p.receive(undefined, { after: ms(50) });
        if (typeof m === "symbol") return;
        const say = m as Extract<RelayMsg, { tag: "say" }>;
        p.log(`[${say.name}] ${say.text}`);
      }
    });
  });
  const run = sim.run();
  const printed = sim.allNodes().map((n) => ({ node: n.name, lines: n.printed.map((l) => ({ t: l.t, text: l.text })) }));
  return { seed, run, printed };
}
