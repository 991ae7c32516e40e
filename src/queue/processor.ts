/**
 * A queue job's work, run by BullMQ in a child process of `chatty-sim worker` (a sandboxed
 * processor: the worker keeps renewing the job's lock while this process computes).
 *
 * `CHATTY_SIM_QUEUE_FAULT` injects faults for the fault tests, never set otherwise:
 * `throw:SEED:N` throws at seed SEED on the job's first N attempts (`all`: on every one), and
 * `slow:MS` makes each job wait MS milliseconds first.
 */
import { hostname } from "node:os";
import type { SandboxedJob } from "bullmq";
import { findScenario } from "../scenarios/index.js";
import { prepareModules } from "../scenarios/modules.js";
import { runItem } from "../explore/search.js";
import { sweepOne, SweepTally } from "../sweep.js";
import { ConfigError } from "../sim/errors.js";
import type { JobData, JobResult } from "./jobs.js";

/** This worker process, as results name it. */
const WORKER = `${hostname()}:${process.pid}`;

// A job process whose `chatty-sim worker` died (kill -9) must end too. BullMQ's child (6.7, on
// Node 20) reports an uncaught error to its parent and then exits; with the parent gone, the
// report fails (EPIPE), the failure is itself uncaught, and so on for ever, without the event
// loop ever getting to see the channel closed: a core busy for good (seen, with `ps` and
// strace). The parent is gone when this process's parent pid is no longer its own. Nothing of
// this process's is wanted then: its job is run elsewhere once its lock runs out.
const PARENT = process.ppid;
process.on("uncaughtException", () => {
  if (process.ppid !== PARENT) process.exit(1);
});

/** A fault to inject, from the environment. */
function fault(): { throwAt: number; times: number } | { slowMs: number } | null {
  const f = process.env.CHATTY_SIM_QUEUE_FAULT;
  const t = f === undefined ? null : /^throw:(\d+):(\d+|all)$/.exec(f);
  if (t !== null) return { throwAt: Number(t[1]), times: t[2] === "all" ? Infinity : Number(t[2]) };
  const s = f === undefined ? null : /^slow:(\d+)$/.exec(f);
  return s === null ? null : { slowMs: Number(s[1]) };
}

/** Runs a job: its seeds, or its explore runs. A bad input is unrecoverable (no retry can mend it). */
export function runJob(data: JobData, attemptsMade: number): JobResult {
  const f = fault();
  if (f !== null && "slowMs" in f) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, f.slowMs);
  /** The error of the run at `where` (`seed 7`, `choices 0,2`): the coordinator's failure line names it. */
  const at = (where: string, e: unknown): Error => {
    const err = new Error(`${where}: ${e instanceof Error ? e.message : String(e)}`);
    // BullMQ fails a job with this name at once, without the retries.
    if (e instanceof ConfigError) err.name = "UnrecoverableError";
    return err;
  };
  switch (data.kind) {
    case "sweep": {
      const tally = new SweepTally(data.scenario, data.sets);
      for (let s = data.from; s <= data.to; s++) {
        try {
          if (f !== null && "throwAt" in f && f.throwAt === s && attemptsMade < f.times) throw new Error(`injected fault (attempt ${attemptsMade + 1})`);
          tally.add(sweepOne(data.scenario, s, data.sets));
        } catch (e) {
          throw at(`seed ${s}`, e);
        }
      }
      return { kind: "sweep", worker: WORKER, checks: tally.checks(), moduleFault: tally.moduleFault() };
    }
    case "explore": {
      const scenario = findScenario(data.scenario);
      const items = data.prefixes.map((p) => {
        try {
          return runItem(scenario, data.sets, p, data);
        } catch (e) {
          throw at(`choices ${p.join(",")}`, e);
        }
      });
      return { kind: "explore", worker: WORKER, items };
    }
  }
}

/** BullMQ's entry point for a sandboxed processor. */
export default async function processJob(job: SandboxedJob<JobData, JobResult>): Promise<JobResult> {
  await prepareModules(findScenario(job.data.scenario), job.data.sets); // a user's modules, named by --set role=FILE
  return runJob(job.data, job.attemptsMade);
}
