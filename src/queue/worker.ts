/**
 * `chatty-sim worker`: takes jobs from the queue and runs them, `concurrency` at a time, each
 * in a child process (BullMQ's sandboxed processor, `processor.ts`), until SIGINT or SIGTERM.
 * A job whose worker dies (kill -9) is started again elsewhere once its lock, renewed every
 * `lockMs / 2` while it runs, has run out.
 */
import { Worker } from "bullmq";
import { fileURLToPath } from "node:url";
import { errorText, QUEUE_NAME, redisOptions } from "./connection.js";
import { describeJob, type JobData, type JobResult } from "./jobs.js";
import type { QueueUrl } from "./url.js";

/** How a worker runs. */
export interface WorkerOpts {
  readonly concurrency: number;
  /** A job's lock: how long after its worker died it is started again (default 10 s). */
  readonly lockMs?: number;
  /** One line per event, for stderr. */
  readonly log: (line: string) => void;
}

/** Runs jobs until a signal; resolves when the worker has closed. */
export async function runWorker(url: QueueUrl, opts: WorkerOpts): Promise<void> {
  const lockMs = opts.lockMs ?? 10_000;
  const w = new Worker<JobData, JobResult>(QUEUE_NAME, fileURLToPath(new URL("./processor.js", import.meta.url)), {
    connection: redisOptions(url, true),
    concurrency: opts.concurrency,
    // Child processes, not worker threads: BullMQ forks them with this process's Node options,
    // so a TypeScript module loaded with `--import tsx` runs in a job as it does here. Node 20's
    // worker threads do not get the loader that `--import` registers, even with it in their
    // execArgv (checked: "Unknown file extension .ts"); a process does, as the local sweep's do.
    useWorkerThreads: false,
    lockDuration: lockMs,
    stalledInterval: Math.max(500, Math.floor(lockMs / 2)),
    // A job restarted after its worker died is not at fault: let it be restarted a few times.
    maxStalledCount: 5,
  });
  let lastError = "";
  w.on("error", (e) => {
    const text = errorText(url, e);
    // One line per distinct error, not one per reconnect attempt.
    if (text !== lastError) opts.log(`worker: ${text} (retrying)`);
    lastError = text;
  });
  w.on("ready", () => {
    if (lastError !== "") opts.log(`worker: connected again to ${url.display}`);
    lastError = "";
  });
  w.on("completed", (job) => opts.log(`worker: done ${describeJob(job.data)}`));
  w.on("failed", (job, e) => opts.log(`worker: failed ${job === undefined ? "a job" : describeJob(job.data)}: ${errorText(url, e)}`));
  opts.log(`worker: taking jobs from ${url.display}, ${opts.concurrency} at a time`);
  await new Promise<void>((resolve) => {
    const stop = (): void => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  opts.log("worker: stopping after the jobs it runs");
  await w.close();
}
