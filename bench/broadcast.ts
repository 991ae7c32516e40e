/**
 * Benchmark `broadcast`: the handout's central server (`src/nodes/server.ts`, handout
 * variant) with N clients on other nodes and one typist sending M chat lines; every line is
 * delivered to every client, with the kernel's full semantics (pids, mailboxes, FIFO links,
 * sampled LAN latency, processing cost). The clients are the handout's background task
 * without its terminal output (printing is not what is measured, and the Erlang reference
 * does not print either).
 *
 * Two phases: the joins (each one broadcast to every client so far), then the lines, which
 * are what is timed: `deliveries` are the N × M lines the clients receive. The bare-queue
 * floor and, when `erl` is installed, the same workload on real Erlang/OTP are measured in
 * the same run, so the ratios mean something on a noisy machine.
 */
import { MYSERVER, msg, parse } from "../src/nodes/protocol.js";
import { SPECS as SERVER_SPECS } from "../src/nodes/server.js";
import { launch } from "../src/scenarios/launch.js";
import { ConfigError, DEFAULT_LIMITS, SimulatorError, meanLatency, Name, PROFILES, STOP, Simulation, receiveLoop, type Body, type LinkConfig, type Limits, type Proc, type RunResult, type TraceMode } from "../src/sim/index.js";
import { offloadAfter } from "../src/sim/hashStream.js";
import { setCopying } from "../src/sim/termCopy.js";
import { runErlangBroadcast, type ErlangResult } from "./erlang.js";
import { heapRate, kernelQueueRate, partsFloor, queueFloor, sha256Rate } from "./floor.js";
import { costByPart, profiled, type PartCost } from "./profile.js";

/** Parameters of one broadcast benchmark run. */
export interface BroadcastParams {
  /** Clients joined to the server. */
  readonly clients: number;
  /** Chat lines, each broadcast to every client. */
  readonly lines: number;
  /** Nodes the clients are spread over (the server and the typist have their own). */
  readonly nodes: number;
  /** Trace mode of the measured run. */
  readonly trace: TraceMode;
  readonly seed: number;
  /** Times each measurement is made, in turn; the fastest counts. */
  readonly rounds: number;
}

/** What one simulated line phase measured. */
export interface PhaseResult {
  readonly trace: TraceMode;
  /** Lines delivered to clients in the line phase (clients × lines when nothing is lost). */
  readonly deliveries: number;
  /** Events the kernel handled in the simulation (both phases). */
  readonly events: number;
  /** Of those, step ends the kernel settled without the queue (`Simulation.stepEndsSettled`). */
  readonly stepEndsSettled: number;
  /** Virtual time at the end of the run. */
  readonly virtualSeconds: number;
  readonly wallSeconds: number;
  /**
   * CPU time of the process over the line phase (`process.cpuUsage`, every thread): above the
   * wall time when a long trace's lines are written and hashed on the hash thread (`src/sim/hashStream.ts`), a second core.
   */
  readonly cpuSeconds: number;
  readonly deliveriesPerSecond: number;
  readonly traceHash: string | null;
  /** Bytes of canonical lines the trace wrote (and hashed) in the line phase; 0 with trace off (and full, which hashes at the end). */
  readonly traceBytes: number;
}

/** What `bench broadcast` reports. The top-level fields describe the run in `params.trace`. */
export interface BroadcastResult extends Omit<PhaseResult, "trace"> {
  readonly params: BroadcastParams;
  /** The join phase: deliveries of `{join, Name}` and its wall time. */
  readonly join: { readonly deliveries: number; readonly wallSeconds: number };
  /** The floor: events/s of a typed-array timing wheel in the broadcast's pattern (`bench/floor.ts`). */
  readonly floorEventsPerSecond: number;
  /** The same pattern through a typed-array binary heap. */
  readonly heapEventsPerSecond: number;
  /** The same pattern through the kernel's own queue alone (`TimeWheel`, an event object per push). */
  readonly kernelQueueEventsPerSecond: number;
  /** Events/s of the floor doing also the parts no faithful simulator can skip (`partsFloor`: draw, copy, FIFO clamp, a `receiveLoop` given its message). */
  readonly partsFloorEventsPerSecond: number;
  /** The same with each receiver a generator resumed (`partsFloor`'s `body`): what resuming a generator costs is the difference. */
  readonly partsFloorGeneratorEventsPerSecond: number;
  /** Bytes/s of SHA-256 alone (`sha256Rate`), in the same rounds. */
  readonly sha256BytesPerSecond: number;
  /** Bytes of lines a trace writes and hashes on its own thread before it hands the rest to the hash thread (`src/sim/hashStream.ts`; null: never). */
  readonly hashOffloadBytes: number | null;
  /** deliveriesPerSecond / floorEventsPerSecond. */
  readonly ratioToFloor: number;
  /** Peak resident set of this process after the measured run, in MB. */
  readonly peakRssMb: number;
  /** With trace `off`: the same run with trace `hash`, and its wall time over this one's. */
  readonly traced: (PhaseResult & { readonly costRatio: number }) | null;
  /**
   * With trace `off` and asked for (`full`): the same run with trace `full` (every record kept
   * in memory, as `chatty-sim run` keeps them for its screens and checks), measured after the
   * others so that `peakRssMb` is theirs.
   */
  readonly tracedFull: (PhaseResult & { readonly costRatio: number }) | null;
  /**
   * With trace `off`: the same run with parts of the network's semantics taken out, to show
   * what they cost (`LESS_SEMANTICS`). Not chatty-sim's semantics: for the report only.
   */
  readonly lessSemantics: readonly (PhaseResult & { readonly what: string })[] | null;
  /**
   * With trace `off`: the runs in trace off and hash again with messages not copied at send
   * (`setCopying(false)`: not chatty-sim's semantics, which copy as Erlang does), to show what
   * the copy costs. Measured in turn with the others.
   */
  readonly uncopied: { readonly off: PhaseResult; readonly hash: PhaseResult } | null;
  /**
   * With trace `off` and asked for (`profile`): the line phase run once more in trace off and
   * in trace hash under the sampling profiler, and what a delivery costs, part by part
   * (`bench/profile.ts`), after the other runs.
   */
  readonly profile: { readonly off: ProfiledPhase; readonly hash: ProfiledPhase } | null;
  /** The real-Erlang reference (or why there is none). */
  readonly erlang: ErlangResult | { readonly available: false; readonly reason: "skipped" };
  /** deliveriesPerSecond / Erlang's, or null without Erlang. */
  readonly ratioToErlang: number | null;
  /**
   * Each round's own ratios (the two sides run back to back in it): trace hash's wall time over
   * trace off's (with trace `off`), and trace off's deliveries/s over Erlang's (with `erl`).
   */
  readonly rounds: { readonly hashOverOff: readonly number[]; readonly overErlang: readonly number[] };
}

/** A line phase run under the profiler: its wall time (the profiler's cost included) and its parts. */
export interface ProfiledPhase {
  readonly wallSeconds: number;
  readonly deliveries: number;
  readonly parts: readonly PartCost[];
}

/** The nodes of the benchmark. */
export const SERVER_NODE = "server@bench";
const TYPIST_NODE = "typist@bench";
const clientNode = (i: number, nodes: number): string => `n${i % nodes}@bench`;

/**
 * A client's background task (`init_client` + `process_requests()` of the handout's
 * client.erl) without the `io:format` calls: joins, then takes what the server sends. A
 * receive loop, as the background task of `src/nodes/client.ts` is.
 */
export function benchClient(server: Name, name: string): Body {
  return receiveLoop(
    "client",
    (p) => {
      p.send(server, msg.clientJoinReq(name, p.self()));
      return true;
    },
    (_p, state, m) => {
      switch (parse(m)?.tag) {
        case "join":
        case "leave":
        case "message":
          return state;
        case "exit":
          return STOP;
        default:
          return STOP; // the catch-all: prints in the handout, and ends
      }
    },
  );
}

/** The LAN profile with every latency its mean. */
const CONSTANT_LAN: LinkConfig = { ...PROFILES.lan, latency: { kind: "constant", us: Math.round(meanLatency(PROFILES.lan.latency)) } };

/**
 * The measured run with parts of the network's semantics taken out, to show what they cost:
 * every latency the LAN profile's mean (no draws, and the lines reach the clients in the
 * order they were sent, which changes the schedule), then also no delivery order (no per-pair
 * FIFO bookkeeping, the same schedule).
 */
export const LESS_SEMANTICS: readonly { readonly what: string; readonly link: LinkConfig }[] = [
  { what: `constant latency (${Math.round(meanLatency(CONSTANT_LAN.latency))} µs, the LAN mean): no draws, arrivals in send order`, link: CONSTANT_LAN },
  { what: "the same and no ordering: no FIFO bookkeeping either", link: { ...CONSTANT_LAN, ordering: "none" } },
];

/** More than the events (and trace full's records) of both phases: four for each delivery, and some. */
export const workBound = (params: BroadcastParams): number => 4 * (params.clients * params.lines + params.clients * (params.clients + 1)) + 1000;

/**
 * Room for the whole workload, as `bench scale` makes room for its processes: the joins (each
 * one broadcast to every client so far) and the lines, each delivery an arrival and at most a
 * step end or two, and in trace full every record kept (about three a delivery). Without it, some
 * 7,000 clients would trip the default events limit in the joins alone (two events a delivery).
 */
export function broadcastLimits(params: BroadcastParams, trace: TraceMode): Partial<Limits> {
  const work = workBound(params);
  const maxEvents = Math.max(DEFAULT_LIMITS.maxEvents, work);
  return trace === "full" ? { maxEvents, maxTraceRecords: Math.max(DEFAULT_LIMITS.maxTraceRecords, work) } : { maxEvents };
}

/** One run of both phases: the line phase's result, and the join phase's figures. */
export type PhaseRun = PhaseResult & { readonly joinDeliveries: number; readonly joinWall: number };

/** What makes each run of `runBroadcast`: in this thread (`inThisThread`), or each in a thread of its own (`phaseWorker.ts`). */
export type PhaseRunner = (params: BroadcastParams, trace: TraceMode, link: LinkConfig, copy: boolean) => Promise<PhaseRun>;

/** Runs each phase in this thread, one after the other, on the clock `now`. */
export const inThisThread =
  (now: () => number): PhaseRunner =>
  (params, trace, link, copy) =>
    Promise.resolve(runBroadcastPhase(params, trace, now, link, copy));

/**
 * Runs both phases once, in the given trace mode, over LAN links (or `link`); `now` is the
 * wall clock in ms, injected.
 */
export function runBroadcastPhase(
  params: BroadcastParams,
  trace: TraceMode,
  now: () => number,
  link: LinkConfig = PROFILES.lan,
  copy = true,
  lines: (run: () => RunResult) => RunResult = (run) => run(),
): PhaseRun {
  const was = setCopying(copy);
  try {
    return phaseRun(params, trace, now, link, lines);
  } finally {
    setCopying(was);
  }
}

function phaseRun(
  params: BroadcastParams,
  trace: TraceMode,
  now: () => number,
  link: LinkConfig,
  lines: (run: () => RunResult) => RunResult,
): PhaseRun {
  const sim = new Simulation({ seed: params.seed, trace, network: { default: link }, limits: broadcastLimits(params, trace) });
  sim.addNode({ name: SERVER_NODE });
  sim.addNode({ name: TYPIST_NODE });
  for (let i = 0; i < Math.min(params.nodes, params.clients); i++) sim.addNode({ name: clientNode(i, params.nodes) });
  const server = new Name(MYSERVER, SERVER_NODE);
  launch(sim, SERVER_NODE, SERVER_SPECS.handout, {});
  for (let c = 0; c < params.clients; c++) sim.spawn(clientNode(c, params.nodes), benchClient(server, `client${c + 1}`));
  const t0 = now();
  sim.run();
  const joinWall = (now() - t0) / 1000;
  const joinDeliveries = sim.stats.delivered;
  const count = params.lines;
  sim.spawn(TYPIST_NODE, function* typist(p: Proc) {
    for (let l = 0; l < count; l++) p.send(server, msg.send("bench", "hello"));
  });
  const before = sim.stats.delivered;
  const bytesBefore = sim.trace.bytes;
  const t1 = now();
  const cpu0 = process.cpuUsage();
  const r = lines(() => sim.run());
  const cpu = process.cpuUsage(cpu0);
  // A run a limit cut short is not the workload: say so rather than time part of it.
  if (r.outcome.kind !== "quiescent") throw new SimulatorError(`bench broadcast: the trace ${trace} run ended ${r.outcome.kind}${"message" in r.outcome ? `: ${r.outcome.message}` : ""}`);
  const wall = Math.max((now() - t1) / 1000, 1e-9);
  // The server's own deliveries (one per line) are not lines delivered to clients.
  const deliveries = sim.stats.delivered - before - count;
  return {
    trace,
    deliveries,
    events: r.events,
    stepEndsSettled: sim.stepEndsSettled,
    virtualSeconds: r.endTime / 1e6,
    wallSeconds: wall,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    deliveriesPerSecond: deliveries / wall,
    traceHash: r.traceHash,
    traceBytes: sim.trace.bytes - bytesBefore,
    joinDeliveries,
    joinWall,
  };
}

/** A phase's result without the join phase's figures. */
function phase(r: PhaseResult): PhaseResult {
  const { trace, deliveries, events, stepEndsSettled, virtualSeconds, wallSeconds, cpuSeconds, deliveriesPerSecond, traceHash, traceBytes } = r;
  return { trace, deliveries, events, stepEndsSettled, virtualSeconds, wallSeconds, cpuSeconds, deliveriesPerSecond, traceHash, traceBytes };
}

/**
 * Runs the benchmark: the measured run (and when it is untraced, the traced run and the runs
 * with less semantics), the floor and Erlang, `params.rounds` times in turn; the fastest of
 * each counts, so that a burst of other work on a shared machine slows one run rather than
 * skewing a ratio; the rounds' own ratios (`rounds`) pair runs made back to back. An
 * untraced run is then measured with trace `full` too, as many times, if `opts.full`.
 * `opts.runner` makes the runs (in this thread, on `now`, by default; the command line makes
 * each in a thread of its own, `phaseWorker.ts`); the floors, the profile and the clock of
 * everything else are this thread's and `now`'s.
 */
export async function runBroadcast(
  params: BroadcastParams,
  now: () => number,
  opts: { readonly erlang?: boolean; readonly full?: boolean; readonly profile?: boolean; readonly progress?: (what: string) => void; readonly runner?: PhaseRunner } = {},
): Promise<BroadcastResult> {
  const step = (r: number, what: string): void => opts.progress?.(`broadcast, round ${r + 1} of ${params.rounds}: ${what}`);
  const faster = <T extends { readonly wallSeconds: number }>(a: T | null, b: T): T => (a === null || b.wallSeconds < a.wallSeconds ? b : a);
  const run = opts.runner ?? inThisThread(now);
  let main: PhaseRun | null = null;
  let t: PhaseRun | null = null;
  const less: (PhaseRun | null)[] = LESS_SEMANTICS.map(() => null);
  let offUncopied: PhaseRun | null = null;
  let hashUncopied: PhaseRun | null = null;
  let floor = 0;
  let heap = 0;
  let kernelQueue = 0;
  let parts = 0;
  let partsGenerator = 0;
  let sha = 0;
  let erlang: ErlangResult | { readonly available: false; readonly reason: "skipped" } | null = null;
  const hashOverOff: number[] = [];
  const overErlang: number[] = [];
  const withErlang = opts.erlang !== false;
  for (let r = 0; r < params.rounds; r++) {
    // The two sides of each round's ratio run back to back, and in turn first: in even rounds
    // Erlang, the measured run, then trace hash; in odd ones trace hash, the measured run, then
    // Erlang. So a ratio is taken over the same seconds of the machine, and a machine that
    // speeds up or slows down over a round favours neither side.
    const even = r % 2 === 0;
    let e: ErlangResult | null = null;
    const erl = (): ErlangResult => {
      step(r, "Erlang/OTP");
      return runErlangBroadcast(params.clients, params.lines);
    };
    const hash = async (): Promise<PhaseRun> => {
      step(r, "trace hash");
      return run(params, "hash", PROFILES.lan, true);
    };
    const untraced = params.trace === "off";
    if (even && withErlang) e = erl();
    const h0 = !even && untraced ? await hash() : null;
    step(r, `trace ${params.trace}`);
    const m = await run(params, params.trace, PROFILES.lan, true);
    main = faster(main, m);
    const h = h0 ?? (untraced ? await hash() : null);
    if (!even && withErlang) e = erl();
    if (h !== null) {
      hashOverOff.push(h.wallSeconds / m.wallSeconds);
      t = faster(t, h);
    }
    if (!withErlang) erlang = { available: false, reason: "skipped" };
    else if (e !== null) {
      if (e.available) overErlang.push(m.deliveriesPerSecond / e.deliveriesPerSecond);
      erlang = !e.available ? e : erlang !== null && erlang.available && erlang.wallSeconds <= e.wallSeconds ? erlang : e;
    }
    if (untraced) {
      step(r, "trace off and hash, messages not copied");
      offUncopied = faster(offUncopied, await run(params, "off", PROFILES.lan, false));
      hashUncopied = faster(hashUncopied, await run(params, "hash", PROFILES.lan, false));
      for (const [i, { link, what }] of LESS_SEMANTICS.entries()) {
        step(r, what);
        less[i] = faster(less[i] ?? null, await run(params, "off", link, true));
      }
    }
    step(r, "the bare-queue floor, a typed-array heap, the kernel's queue and the floor with the parts");
    const events = Math.max(main.events, 200_000);
    const inFlight = Math.max(1000, params.clients);
    floor = Math.max(floor, queueFloor(events, now, inFlight));
    heap = Math.max(heap, heapRate(events, now, inFlight));
    kernelQueue = Math.max(kernelQueue, kernelQueueRate(events, now, inFlight));
    parts = Math.max(parts, partsFloor(events, now, inFlight));
    partsGenerator = Math.max(partsGenerator, partsFloor(events, now, inFlight, "generator"));
    sha = Math.max(sha, sha256Rate(Math.max(t?.traceBytes ?? 0, 1 << 20), now));
  }
  if (main === null || erlang === null) throw new ConfigError("bench broadcast needs at least one round");
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  const traced: BroadcastResult["traced"] = t === null ? null : { ...phase(t), costRatio: t.wallSeconds / main.wallSeconds };
  // Profiled in this thread, before trace full: with the runs made here too (the default
  // runner), the heap trace full's kept records leave behind slows every later run's collections
  // (a profiled run after two trace-full runs took 634 ns a delivery, 46 ns of it in the
  // collector, against 454 and 8 before them), and the table is for the runs above.
  let profile: BroadcastResult["profile"] = null;
  if (params.trace === "off" && opts.profile === true) {
    const under = (trace: TraceMode): ProfiledPhase => {
      opts.progress?.(`broadcast: trace ${trace} under the profiler`);
      let prof: ReturnType<typeof profiled<RunResult>>["profile"] | null = null;
      const ph = runBroadcastPhase(params, trace, now, PROFILES.lan, true, (run) => {
        const p = profiled(run);
        prof = p.profile;
        return p.value;
      });
      return { wallSeconds: ph.wallSeconds, deliveries: ph.deliveries, parts: costByPart(prof!, ph.wallSeconds, ph.deliveries) };
    };
    profile = { off: under("off"), hash: under("hash") };
  }
  // Trace full keeps every record (memory grows with the run): only when asked, and last, so
  // that the peak above is the other runs' (and, in this thread, the profile too).
  let full: PhaseRun | null = null;
  if (params.trace === "off" && opts.full === true) {
    for (let r = 0; r < params.rounds; r++) {
      step(r, "trace full");
      full = faster(full, await run(params, "full", PROFILES.lan, true));
    }
  }
  const tracedFull: BroadcastResult["tracedFull"] = full === null ? null : { ...phase(full), costRatio: full.wallSeconds / main.wallSeconds };
  return {
    params,
    deliveries: main.deliveries,
    events: main.events,
    stepEndsSettled: main.stepEndsSettled,
    virtualSeconds: main.virtualSeconds,
    wallSeconds: main.wallSeconds,
    cpuSeconds: main.cpuSeconds,
    deliveriesPerSecond: main.deliveriesPerSecond,
    traceHash: main.traceHash,
    traceBytes: main.traceBytes,
    join: { deliveries: main.joinDeliveries, wallSeconds: main.joinWall },
    floorEventsPerSecond: floor,
    heapEventsPerSecond: heap,
    kernelQueueEventsPerSecond: kernelQueue,
    partsFloorEventsPerSecond: parts,
    partsFloorGeneratorEventsPerSecond: partsGenerator,
    sha256BytesPerSecond: sha,
    hashOffloadBytes: offloadAfter(),
    rounds: { hashOverOff, overErlang },
    ratioToFloor: main.deliveriesPerSecond / floor,
    peakRssMb,
    traced,
    tracedFull,
    lessSemantics: params.trace === "off" ? LESS_SEMANTICS.map(({ what }, i) => ({ ...phase(less[i]!), what })) : null,
    profile,
    uncopied: offUncopied !== null && hashUncopied !== null ? { off: phase(offUncopied), hash: phase(hashUncopied) } : null,
    erlang,
    ratioToErlang: erlang.available ? main.deliveriesPerSecond / erlang.deliveriesPerSecond : null,
  };
}
