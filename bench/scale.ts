/**
 * Benchmark `scale`: the chat at sizes where the questions get interesting.
 *
 * - `deliveries`: 100,000 clients on one server, 100 lines: 10,000,000 deliveries, with peak
 *   RSS. The handout's server learns its clients by joins, and each join is broadcast to
 *   every client so far (N²/2 deliveries: 5·10⁹ for 100,000 clients), so here the server is
 *   `process_requests(Clients)` started with the list already made, as
 *   `spawn(fun() -> process_requests(Clients) end)` would be in Erlang, and only the
 *   handout's `{send, Name, Text}` clause is exercised.
 * - `idle`: 1,000,000 processes blocked in `receive`: memory per process (heap growth after
 *   a full garbage collection, over the count).
 */
import v8 from "node:v8";
import vm from "node:vm";
import { broadcast, msg, parse } from "../src/nodes/protocol.js";
import { DEFAULT_LIMITS, PROFILES, Simulation, type Body, type Pid, type Proc } from "../src/sim/index.js";

/** Parameters of the `deliveries` part. */
export interface ScaleParams {
  readonly clients: number;
  readonly lines: number;
  readonly nodes: number;
  readonly seed: number;
}

/** What the `deliveries` part measured. */
export interface ScaleDeliveriesResult {
  readonly params: ScaleParams;
  readonly deliveries: number;
  readonly events: number;
  readonly virtualSeconds: number;
  /** Spawning the clients and the server. */
  readonly setupSeconds: number;
  /** The line phase. */
  readonly wallSeconds: number;
  readonly deliveriesPerSecond: number;
  readonly peakRssMb: number;
  /** The run's trace hash (null when untraced, the default). */
  readonly traceHash: string | null;
}

/** What the `idle` part measured. */
export interface ScaleIdleResult {
  readonly processes: number;
  readonly wallSeconds: number;
  /** Heap growth after a full GC, per process. */
  readonly bytesPerProcess: number;
  /** Resident set growth, per process (includes allocator slack). */
  readonly rssBytesPerProcess: number;
  readonly peakRssMb: number;
}

/** `process_requests(Clients)` of the handout's server, entered with a ready list; only the `send` clause is needed here. */
export function relayFrom(clients: readonly Pid[]): Body {
  return function* server(p: Proc) {
    for (;;) {
      const m = yield* p.receive();
      const r = parse(m);
      if (r?.tag !== "send") return "ok"; // the catch-all: prints in the handout, and ends
      broadcast(p, clients, msg.message(r.name, r.text));
    }
  };
}

/** A client's background task without output: takes lines forever. */
function* listener(p: Proc): ReturnType<Body> {
  for (;;) yield* p.receive();
}

/**
 * 100,000 clients, 100 lines (or as given), untraced unless `trace` says otherwise (`bench ab`
 * compares two builds' trace hashes); `now` is the wall clock in ms.
 */
export function runScaleDeliveries(params: ScaleParams, now: () => number, trace: "off" | "hash" = "off"): ScaleDeliveriesResult {
  const t0 = now();
  // Room for every client, as `erl +P` gives it.
  const sim = new Simulation({ seed: params.seed, trace, network: { default: PROFILES.lan }, limits: { maxProcesses: Math.max(DEFAULT_LIMITS.maxProcesses, 2 * params.clients) } });
  sim.addNode({ name: "server@scale" });
  sim.addNode({ name: "typist@scale" });
  const nodes = Math.min(params.nodes, params.clients);
  for (let i = 0; i < nodes; i++) sim.addNode({ name: `n${i}@scale` });
  const clients: Pid[] = [];
  for (let c = 0; c < params.clients; c++) clients.push(sim.spawn(`n${c % nodes}@scale`, listener));
  const server = sim.spawn("server@scale", relayFrom(clients), { register: "myserver" });
  const lines = params.lines;
  sim.spawn("typist@scale", function* typist(p: Proc) {
    for (let l = 0; l < lines; l++) p.send(server, msg.send("bench", "hello"));
  });
  const t1 = now();
  const r = sim.run();
  const wall = Math.max((now() - t1) / 1000, 1e-9);
  const deliveries = r.stats.delivered - lines; // not the server's own
  return {
    params,
    deliveries,
    events: r.events,
    virtualSeconds: r.endTime / 1e6,
    setupSeconds: (t1 - t0) / 1000,
    wallSeconds: wall,
    deliveriesPerSecond: deliveries / wall,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    traceHash: r.traceHash,
  };
}

/** A full garbage collection, without starting node with `--expose-gc`. */
function fullGc(): void {
  v8.setFlagsFromString("--expose-gc");
  (vm.runInNewContext("gc") as () => void)();
}

/** `processes` processes, each blocked in `receive`; `now` is the wall clock in ms. */
export function runScaleIdle(processes: number, now: () => number): ScaleIdleResult {
  fullGc();
  const heap0 = process.memoryUsage().heapUsed;
  const rss0 = process.memoryUsage().rss;
  const t0 = now();
  const sim = new Simulation({ seed: 1, trace: "off", limits: { maxProcesses: Math.max(DEFAULT_LIMITS.maxProcesses, processes) } });
  sim.addNode({ name: "idle@scale" });
  for (let i = 0; i < processes; i++) sim.spawn("idle@scale", listener);
  sim.run();
  const wall = (now() - t0) / 1000;
  fullGc();
  const heap1 = process.memoryUsage().heapUsed;
  const rss1 = process.memoryUsage().rss;
  // Keep the simulation alive through the measurement.
  if (sim.stats.spawned !== processes) throw new Error("spawn count mismatch");
  return {
    processes,
    wallSeconds: wall,
    bytesPerProcess: (heap1 - heap0) / processes,
    rssBytesPerProcess: (rss1 - rss0) / processes,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}
