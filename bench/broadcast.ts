/**
 * Benchmark: one process broadcasting to N receivers spread over other nodes, with the
 * full kernel semantics (pids, mailboxes, FIFO links, sampled latency, processing cost).
 * Reports deliveries per wall-clock second beside the bare `(time, seq)` queue floor, both
 * measured in the same run so the ratio means something on a noisy machine.
 */
import { EventQueue, PROFILES, Simulation, type Pid, type Proc, type TraceMode } from "../src/sim/index.js";

/** Parameters of one broadcast benchmark run. */
export interface BroadcastParams {
  /** Receiving processes. */
  readonly clients: number;
  /** Messages broadcast to every receiver. */
  readonly lines: number;
  /** Nodes the receivers are spread over (the broadcaster has its own). */
  readonly nodes: number;
  readonly trace: TraceMode;
  readonly seed: number;
}

/** What one run measured. */
export interface BroadcastResult {
  readonly params: BroadcastParams;
  readonly deliveries: number;
  readonly events: number;
  readonly virtualSeconds: number;
  readonly wallSeconds: number;
  readonly deliveriesPerSecond: number;
  readonly floorEventsPerSecond: number;
  readonly ratioToFloor: number;
  readonly peakRssMb: number;
  readonly traceHash: string | null;
}

/** Runs the broadcast workload once. `now` is the wall clock, injected (benchmarks only). */
export function runBroadcast(params: BroadcastParams, now: () => number): BroadcastResult {
  const sim = new Simulation({ seed: params.seed, trace: params.trace, network: { default: PROFILES.lan } });
  sim.addNode({ name: "bcast@bench" });
  for (let i = 0; i < params.nodes; i++) sim.addNode({ name: `n${i}@bench` });
  const receivers: Pid[] = [];
  const expect = params.lines;
  for (let c = 0; c < params.clients; c++) {
    receivers.push(
      sim.spawn(`n${c % params.nodes}@bench`, function* receiver(p: Proc) {
        for (let i = 0; i < expect; i++) yield* p.receive();
      }),
    );
  }
  sim.spawn("bcast@bench", function* broadcaster(p: Proc) {
    for (let l = 0; l < params.lines; l++) {
      for (const r of receivers) p.send(r, { tag: "message", name: "bench", text: "line" });
      yield* p.sleep(1);
    }
  });
  const t0 = now();
  const r = sim.run();
  const wall = (now() - t0) / 1000;
  const floor = queueFloor(Math.max(r.events, 100_000), now);
  const dps = r.stats.delivered / wall;
  return {
    params,
    deliveries: r.stats.delivered,
    events: r.events,
    virtualSeconds: r.endTime / 1e6,
    wallSeconds: wall,
    deliveriesPerSecond: dps,
    floorEventsPerSecond: floor,
    ratioToFloor: dps / floor,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    traceHash: r.traceHash,
  };
}

/** Events per second of a bare `(time, seq)` push-and-pop loop: the least a DES can spend per event. */
export function queueFloor(events: number, now: () => number): number {
  const q = new EventQueue<{ time: number; seq: number }>();
  let x = 12345;
  const t0 = now();
  // Keep ~1,000 events in flight, like a broadcast's pending deliveries.
  for (let i = 0; i < 1000; i++) q.push({ time: (x = (x * 1103515245 + 12345) & 0x7fffffff) % 1000, seq: 0 });
  for (let i = 0; i < events; i++) {
    const e = q.pop()!;
    q.push({ time: e.time + ((x = (x * 1103515245 + 12345) & 0x7fffffff) % 1000), seq: 0 });
  }
  return events / ((now() - t0) / 1000);
}
