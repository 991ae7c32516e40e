/**
 * Benchmark `queue`: seeds per second of a sweep on the job queue with 1, 2 and 4 workers
 * (each its own `chatty-sim worker` process, one job at a time), beside the same sweep on this
 * machine (`--workers 1`, and on every core), measured side by side in one run: rounds
 * alternate, the fastest of each is kept. Redis is a redis-server of the benchmark's own on a
 * loopback port, emptied before every queued sweep so that nothing is resumed. The workers are
 * started (and their modules loaded) before the clock starts, as a standing pool would be; the
 * coordinator is a fresh process, as the local sweeps are.
 */
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { ConfigError, SimulatorError } from "../src/sim/index.js";
import type { SweepResult } from "../src/sweep.js";
import { startRedis } from "./redisServer.js";
import { BUILT_CLI, runChild, type Exited } from "./sweep.js";

/** Parameters of the queue benchmark. */
export interface QueueBenchParams {
  readonly scenario: string;
  /** Seeds 1..seeds are swept. */
  readonly seeds: number;
  /** Worker counts measured (default 1, 2, 4). */
  readonly workers: readonly number[];
  readonly rounds: number;
}

/** One sweep measured. */
export interface QueueTiming {
  /** How it ran: `local --workers N` or `queue, N workers`. */
  readonly how: string;
  readonly workers: number;
  readonly wallSeconds: number;
  readonly seedsPerSecond: number;
  /** seedsPerSecond over the local one-worker sweep's. */
  readonly ratio: number;
}

/** What `bench queue` reports. */
export interface QueueBenchResult {
  readonly params: QueueBenchParams;
  readonly cores: number;
  readonly rows: readonly QueueTiming[];
  /** Every sweep gave the same tallies (`workers` aside). */
  readonly sameTally: boolean;
}

/** Starts `n` worker processes and resolves once each takes jobs; `stop` ends them. */
async function startWorkers(cli: string, url: string, n: number): Promise<{ stop: () => Promise<void> }> {
  const ps = Array.from({ length: n }, () => spawn(process.execPath, [cli, "worker", "--queue", url], { stdio: ["ignore", "ignore", "pipe"] }));
  await Promise.all(
    ps.map(
      (p) =>
        new Promise<void>((resolve, reject) => {
          let err = "";
          p.stderr!.on("data", (b: Buffer) => {
            err += b.toString();
            if (err.includes("taking jobs")) resolve();
          });
          p.once("exit", (code) => reject(new SimulatorError(`bench queue: a worker exited with ${code}: ${err.trim().split("\n").pop() ?? ""}`)));
        }),
    ),
  );
  return {
    stop: async () => {
      await Promise.all(ps.map((p) => new Promise((r) => (p.exitCode !== null ? r(null) : (p.once("exit", r), p.kill("SIGTERM"))))));
    },
  };
}

/** Measures the sweeps; `now` is the wall clock in ms; `progress` hears which one starts. */
export async function runQueueBench(params: QueueBenchParams, now: () => number, cli: string = BUILT_CLI, progress?: (what: string) => void): Promise<QueueBenchResult> {
  const redis = await startRedis().catch((e: Error) => {
    throw new ConfigError(`bench queue needs redis-server: ${e.message.split("\n")[0]}`);
  });
  const cores = availableParallelism();
  const sweepArgs = ["sweep", params.scenario, "--seeds", `1..${params.seeds}`, "--json"];
  const parse = (p: Exited): SweepResult => {
    if (p.status !== 0) throw new ConfigError(`bench queue: ${p.startError ?? (p.stderr.trim().split("\n").pop() || `exit ${p.status}`)}`);
    return JSON.parse(p.stdout) as SweepResult;
  };
  const timed = async (args: readonly string[]): Promise<{ r: SweepResult; wallSeconds: number }> => {
    const t0 = now();
    const p = await runChild(process.execPath, [cli, ...args]);
    return { r: parse(p), wallSeconds: Math.max((now() - t0) / 1000, 1e-9) };
  };
  const kinds: { how: string; workers: number; run: () => Promise<{ r: SweepResult; wallSeconds: number }> }[] = [
    { how: "local --workers 1", workers: 1, run: () => timed([...sweepArgs, "--workers", "1"]) },
    { how: `local --workers ${cores}`, workers: cores, run: () => timed([...sweepArgs, "--workers", String(cores)]) },
    ...params.workers.map((n) => ({
      how: `queue, ${n} worker${n === 1 ? "" : "s"}`,
      workers: n,
      run: async () => {
        await redis.flush();
        const ws = await startWorkers(cli, redis.url, n);
        try {
          return await timed([...sweepArgs, "--queue", redis.url]);
        } finally {
          await ws.stop();
        }
      },
    })),
  ];
  const best = new Map<string, { r: SweepResult; wallSeconds: number }>();
  try {
    for (let round = 0; round < params.rounds; round++) {
      for (const k of kinds) {
        progress?.(`queue, round ${round + 1} of ${params.rounds}: ${k.how}`);
        const m = await k.run();
        const b = best.get(k.how);
        if (b === undefined || m.wallSeconds < b.wallSeconds) best.set(k.how, m);
      }
    }
  } finally {
    await redis.stop();
  }
  const base = best.get(kinds[0]!.how)!;
  const tally = (r: SweepResult): string => JSON.stringify(r.checks);
  const rows = kinds.map((k): QueueTiming => {
    const m = best.get(k.how)!;
    const seedsPerSecond = params.seeds / m.wallSeconds;
    return { how: k.how, workers: k.workers, wallSeconds: m.wallSeconds, seedsPerSecond, ratio: seedsPerSecond / (params.seeds / base.wallSeconds) };
  });
  return { params, cores, rows, sameTally: [...best.values()].every((m) => tally(m.r) === tally(base.r)) };
}
