/**
 * What a delivery costs, part by part: the broadcast's line phase run under V8's sampling
 * profiler (`node:inspector`, in this process, the same samples `node --cpu-prof` takes), each
 * sample's function put in a part of the simulator by the file it is in, and each part's share
 * of the samples turned into nanoseconds per delivery of that run. The profiler slows the run
 * a little; the shares are what it is for.
 */
import { Session } from "node:inspector";

/** A part of the simulator and the files (or V8 frames) it is made of, in the order the report lists them. */
export const PARTS: readonly { readonly part: string; readonly files: RegExp }[] = [
  { part: "event queue (timeWheel, eventQueue)", files: /\/sim\/(timeWheel|eventQueue)\.js$/ },
  { part: "network: latency draws, FIFO order (network, latency, rng, seedrandom)", files: /\/sim\/(network|latency|rng)\.js$|seedrandom/ },
  { part: "copy at send (termCopy)", files: /\/sim\/termCopy\.js$/ },
  // The run loop is inlined into `Simulation.run`, so V8 puts its samples there.
  { part: "kernel: send, deliver, run loop (kernel, timedDriver, simulation, events, and the rest of src/sim)", files: /\/sim\/(kernel|timedDriver|simulation|events|envelope|outcome|limits|faults|explore|host|errors|time|index)\.js$/ },
  { part: "scheduling and steps (scheduler, stepEnds, process, receiveIter, receiveLoop, node, mailbox)", files: /\/sim\/(scheduler|stepEnds|process|receiveIter|receiveLoop|spawn|crash|node|mailbox|signals|pid)\.js$/ },
  { part: "node code: the server, the clients, the protocol", files: /\/nodes\/|\/bench\/broadcast\.js$/ },
  { part: "trace: canonical lines and SHA-256, or records for the hash thread (trace, lineWriter, hashStream, hashThread, term, crypto)", files: /\/sim\/(trace|lineWriter|hashStream|hashThread|term)\.js$|crypto/ },
  { part: "garbage collection", files: /^\(garbage collector\)$/ },
];
/** Everything else (the profiler's own frames, the runtime). */
export const OTHER = "other";

/** One part's share of a profiled run. */
export interface PartCost {
  readonly part: string;
  /** Share of the run's samples. */
  readonly share: number;
  /** Nanoseconds per delivery: share × wall time / deliveries. */
  readonly nsPerDelivery: number;
}

/** A cpuprofile as `Profiler.stop` returns it (the fields used here). */
interface CpuProfile {
  readonly nodes: readonly { readonly id: number; readonly callFrame: { readonly url: string; readonly functionName: string } }[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** The part a frame belongs to. */
export function partOf(url: string, functionName: string): string {
  const where = url === "" ? `(${functionName.replace(/^\(|\)$/g, "")})` : url;
  for (const p of PARTS) if (p.files.test(where)) return p.part;
  return OTHER;
}

/** Runs `body` under the sampling profiler (every `intervalUs` µs) and returns what it returned with its profile. */
export function profiled<T>(body: () => T, intervalUs = 100): { readonly value: T; readonly profile: CpuProfile } {
  const s = new Session();
  s.connect();
  let profile: CpuProfile | null = null;
  try {
    s.post("Profiler.enable");
    s.post("Profiler.setSamplingInterval", { interval: intervalUs });
    s.post("Profiler.start");
    let value: T;
    try {
      value = body();
    } finally {
      // The in-process session answers synchronously.
      s.post("Profiler.stop", (err, r) => {
        if (err === null) profile = r.profile as unknown as CpuProfile;
      });
    }
    if (profile === null) throw new Error("the profiler returned no profile");
    return { value, profile };
  } finally {
    s.disconnect();
  }
}

/**
 * Samples that are not the run's: V8's idle time, and the in-process session's own `dispatch`
 * (the native frame of `Session.post`), where the time of starting and stopping the profiler,
 * building its profile included, lands.
 */
export function isIdle(url: string, functionName: string): boolean {
  return url === "" && (functionName === "(idle)" || functionName === "dispatch");
}

/** Each part's share of `profile`'s sampled time (the profiler's own and idle time left out), as ns per delivery of a run of `wallSeconds`. */
export function costByPart(profile: CpuProfile, wallSeconds: number, deliveries: number): PartCost[] {
  const partById = new Map<number, string>();
  for (const n of profile.nodes) {
    partById.set(n.id, isIdle(n.callFrame.url, n.callFrame.functionName) ? "" : partOf(n.callFrame.url, n.callFrame.functionName));
  }
  const time = new Map<string, number>([...PARTS.map((p) => [p.part, 0] as [string, number]), [OTHER, 0]]);
  let total = 0;
  profile.samples.forEach((id, i) => {
    const part = partById.get(id) ?? OTHER;
    const dt = profile.timeDeltas[i] ?? 0;
    if (part === "") return;
    time.set(part, time.get(part)! + dt);
    total += dt;
  });
  return [...time].map(([part, t]) => {
    const share = total > 0 ? t / total : 0;
    return { part, share, nsPerDelivery: (share * wallSeconds * 1e9) / Math.max(deliveries, 1) };
  });
}
