/**
 * The coordinator's side of the queue: puts a list of jobs on it and waits for every result.
 *
 * Nothing is lost or counted twice: each job's result is taken once, by its id, from the job
 * BullMQ keeps after it completes, however many times a worker started it (a killed worker's
 * job is started again when its lock runs out). A job that vanished from Redis (restarted
 * without persistence) is added again; one that failed in an earlier run is retried once; one
 * that fails every attempt in this run ends the run with a `JobFailed` naming it.
 */
import { Job, Queue } from "bullmq";
import { QueueError } from "./errors.js";
import { checkReachable, errorText, QUEUE_NAME, redisOptions } from "./connection.js";
import { describeJob, jobId, replayOf, type JobData, type JobResult } from "./jobs.js";
import type { QueueUrl } from "./url.js";

/** How often a job is tried before it counts as failed. */
export const ATTEMPTS = 3;

/** How long Redis may be out of reach during a run before the coordinator gives up. */
export const OUTAGE_MS = 30_000;

/** A job failed every attempt: the message names its seeds, the error and the command that replays it here. */
export class JobFailed extends QueueError {
  constructor(data: JobData, reason: string, attempts: number) {
    const why = reason.split("\n")[0];
    super(`job ${jobId(data)} (${describeJob(data)}) failed after ${attempts} attempt${attempts === 1 ? "" : "s"}: ${why}; replay: ${replayOf(data, why ?? "")}`);
  }
}

/** Redis stayed out of reach too long. */
export class QueueLost extends QueueError {}

/** A connection to the queue, for a coordinator. */
export interface QueueHandle {
  readonly url: QueueUrl;
  readonly queue: Queue;
  close(): Promise<void>;
}

/** Checks that the queue at `url` answers (`checkReachable`), then opens it. */
export async function connectQueue(url: QueueUrl): Promise<QueueHandle> {
  await checkReachable(url);
  return openQueue(url);
}

/** Opens the queue (after `checkReachable`). Errors of its connection are kept for the wait loop, not printed. */
export function openQueue(url: QueueUrl): QueueHandle {
  const queue = new Queue(QUEUE_NAME, { connection: redisOptions(url, false) });
  queue.on("error", () => {});
  // Closing waits for pending commands: bounded, so a vanished Redis cannot hold the exit.
  return { url, queue, close: () => within(queue.close(), 5000).catch(() => queue.disconnect()) };
}

/** Progress of a wait: jobs done of all, and how many were done before this run started. */
export type JobProgress = (done: number, total: number, resumed: number) => void;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** `p`, or a rejection after `ms`. */
function within<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([p, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms)))]).finally(() => clearTimeout(timer));
}

/** Adds the jobs (each once, by its id) and returns their results in order. */
export async function runJobs(h: QueueHandle, jobs: readonly JobData[], progress?: JobProgress): Promise<JobResult[]> {
  if (jobs.length === 0) return [];
  const ids = jobs.map(jobId);
  const results: (JobResult | undefined)[] = new Array(jobs.length);
  const pending = new Set(ids.keys());
  let resumed = 0;
  const add = (i: number): Promise<unknown> =>
    h.queue.add(jobs[i]!.kind, jobs[i]!, {
      jobId: ids[i]!,
      attempts: ATTEMPTS,
      backoff: { type: "fixed", delay: 200 },
      // Kept a week: what a rerun resumes from.
      removeOnComplete: { age: 7 * 86400 },
      removeOnFail: { age: 7 * 86400 },
    });
  let lastContact = Date.now();
  /** One pass over the pending jobs; `first`: failed ones are from an earlier run, and are retried. */
  const pass = async (first: boolean): Promise<void> => {
    const order = [...pending];
    for (let k = 0; k < order.length; k += 200) {
      await Promise.all(
        order.slice(k, k + 200).map(async (i) => {
          const state = await h.queue.getJobState(ids[i]!);
          if (state === "completed") {
            const job = await Job.fromId<JobData, JobResult>(h.queue, ids[i]!);
            if (job === undefined) return;
            results[i] = job.returnvalue;
            pending.delete(i);
            if (first) resumed++;
          } else if (state === "failed") {
            const job = await Job.fromId<JobData, JobResult>(h.queue, ids[i]!);
            if (job === undefined) return;
            if (first) await job.retry("failed");
            else throw new JobFailed(jobs[i]!, job.failedReason, job.attemptsMade);
          } else if (state === "unknown") {
            await add(i);
          }
        }),
      );
    }
  };
  let first = true;
  for (;;) {
    try {
      await within(pass(first), 10_000);
      first = false;
      lastContact = Date.now();
    } catch (e) {
      if (e instanceof JobFailed) throw e;
      if (Date.now() - lastContact > OUTAGE_MS) throw new QueueLost(`lost the queue at ${h.url.display} for ${OUTAGE_MS / 1000} s: ${errorText(h.url, e)}`);
    }
    progress?.(jobs.length - pending.size, jobs.length, resumed);
    if (pending.size === 0) return results as JobResult[];
    await sleep(Math.min(500, 100 + pending.size));
  }
}
