/**
 * `sweep --queue` against a redis-server of the test's own, with a coordinator and two workers
 * as separate processes: the result is the local sweep's, through a worker killed mid-job, a
 * job that throws, Redis restarted, and a coordinator killed and run again.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli, root } from "../cliHarness.js";
import { childrenOf, running, startCli, startRedis, startWorkers, stopAll, type CliProcess, type RedisServer } from "./harness.js";

/** The local sweep's JSON, `workers` aside (the queue's counts the worker processes that ran its jobs). */
function local(scenario: string, seeds: string): unknown {
  const r = cli("sweep", scenario, "--seeds", seeds, "--workers", "1", "--json");
  expect(r.code).toBe(0);
  return { ...JSON.parse(r.stdout), workers: "any" };
}

/** The queued sweep's JSON, `workers` aside; checks it is the local one byte for byte. */
function sameAsLocal(c: CliProcess, scenario: string, seeds: string): void {
  const q = JSON.parse(c.stdout) as { workers: number };
  expect(q.workers).toBeGreaterThanOrEqual(1);
  expect(JSON.stringify({ ...q, workers: "any" })).toBe(JSON.stringify(local(scenario, seeds)));
}

describe("sweep --queue", () => {
  let redis: RedisServer;
  const workers: CliProcess[] = [];
  beforeAll(async () => {
    redis = await startRedis({ appendonly: true });
  });
  beforeEach(async () => {
    await stopAll(workers.splice(0));
    await redis.flush();
  });
  afterAll(async () => {
    await stopAll(workers.splice(0));
    await redis.stop();
  });

  it("gives the local sweep's tallies, byte for byte, on two workers", async () => {
    workers.push(...(await startWorkers(redis.url, 2)));
    const c = startCli(["sweep", "q-d", "--seeds", "3..62", "--queue", redis.url, "--job-seeds", "10", "--json"]);
    expect(await c.exited).toBe(0);
    sameAsLocal(c, "q-d", "3..62");
    // Both workers ran jobs.
    expect(workers.every((w) => w.stderr.includes("worker: done q-d seeds"))).toBe(true);
  });

  it("runs a worker's jobs --concurrency at a time, each in a process of its own", async () => {
    const w = startCli(["worker", "--queue", redis.url, "--concurrency", "2"], { CHATTY_SIM_QUEUE_FAULT: "slow:300" });
    workers.push(w);
    await w.waitFor("2 at a time");
    const c = startCli(["sweep", "ms4", "--seeds", "1..40", "--queue", redis.url, "--job-seeds", "10", "--json"]);
    expect(await c.exited).toBe(0);
    expect((JSON.parse(c.stdout) as { workers: number }).workers).toBe(2);
    sameAsLocal(c, "ms4", "1..40");
  });

  it("loses nothing when a worker is killed (-9) in the middle of a job", async () => {
    workers.push(...(await startWorkers(redis.url, 2, { CHATTY_SIM_QUEUE_FAULT: "slow:400" })));
    const c = startCli(["sweep", "ms4", "--seeds", "1..50", "--queue", redis.url, "--job-seeds", "10", "--json"]);
    // Jobs take 400 ms or more each: 200 ms after a job finished, the worker is in its next one.
    await workers[0]!.waitFor("worker: done");
    await new Promise((r) => setTimeout(r, 200));
    const jobProcesses = childrenOf(workers[0]!.proc.pid!);
    expect(jobProcesses.length).toBeGreaterThan(0);
    workers[0]!.proc.kill("SIGKILL");
    expect(await c.exited).toBe(0);
    sameAsLocal(c, "ms4", "1..50");
    expect(workers[0]!.proc.signalCode).toBe("SIGKILL");
    // Its job process ends too (once its job is over), rather than outlive it.
    for (let i = 0; i < 100 && jobProcesses.some(running); i++) await new Promise((r) => setTimeout(r, 100));
    expect(jobProcesses.filter(running)).toEqual([]);
  });

  it("retries a job that throws, and counts its seeds once", async () => {
    workers.push(...(await startWorkers(redis.url, 2, { CHATTY_SIM_QUEUE_FAULT: "throw:15:1" })));
    const c = startCli(["sweep", "q-d", "--seeds", "1..40", "--queue", redis.url, "--job-seeds", "10", "--json"]);
    expect(await c.exited).toBe(0);
    expect(workers.map((w) => w.stderr).join("")).toContain("failed q-d seeds 11..20: seed 15: injected fault (attempt 1)");
    sameAsLocal(c, "q-d", "1..40");
  });

  it("reports a job that fails every attempt with its seeds and replay command, and exits 1", async () => {
    workers.push(...(await startWorkers(redis.url, 2, { CHATTY_SIM_QUEUE_FAULT: "throw:15:all" })));
    const c = startCli(["sweep", "q-d", "--seeds", "1..40", "--queue", redis.url, "--job-seeds", "10", "--json"]);
    expect(await c.exited).toBe(1);
    const lines = c.stderr.trim().split("\n").filter((l) => !l.startsWith("queue:"));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^chatty-sim: job sweep-[0-9a-f]+ \(q-d seeds 11\.\.20\) failed after 3 attempts: seed 15: injected fault \(attempt 3\); replay: chatty-sim run q-d --seed 15$/);
    expect(c.stdout).toBe("");
  });

  it("reports a user module's runaway as the local sweep does (first seed, replay), and exits 2", async () => {
    const module = join(mkdtempSync(join(tmpdir(), "chatty-queue-")), "loops.js");
    writeFileSync(module, `export default { role: "server2", *run(p) { for (;;) p.self(); } };\n`);
    workers.push(...(await startWorkers(redis.url, 2)));
    const c = startCli(["sweep", "ms4", "--seeds", "1..20", "--queue", redis.url, "--job-seeds", "5", "--set", `server2=${module}`, "--json"]);
    expect(await c.exited).toBe(2);
    const here = cli("sweep", "ms4", "--seeds", "1..20", "--workers", "1", "--set", `server2=${module}`, "--json");
    expect(here.code).toBe(2);
    expect(JSON.stringify({ ...JSON.parse(c.stdout), workers: "any" })).toBe(JSON.stringify({ ...JSON.parse(here.stdout), workers: "any" }));
    expect((JSON.parse(c.stdout) as { moduleFault: unknown }).moduleFault).toMatchObject({ module, runs: 20, seed: 1, replay: `chatty-sim run ms4 --seed 1 --set server2=${module}` });
    expect(c.stderr).toMatch(/^chatty-sim: module .*loops\.js \(server2\) ran away in 20 of 20 runs, first at seed 1: .*; replay: chatty-sim run ms4 --seed 1 --set server2=/m);
  });

  it("runs a TypeScript module on workers started with the loader the README names (node --import tsx)", async () => {
    const module = join(mkdtempSync(join(tmpdir(), "chatty-queue-")), "loops.ts");
    writeFileSync(module, `export default { role: "server2", *run(p: { self(): unknown }): Generator<never, void> { for (;;) p.self(); } };\n`);
    workers.push(...(await startWorkers(redis.url, 2, {}, ["--import", "tsx"])));
    const c = startCli(["sweep", "ms4", "--seeds", "1..8", "--queue", redis.url, "--job-seeds", "4", "--set", `server2=${module}`, "--json"], {}, root, ["--import", "tsx"]);
    // It ran away on every seed: loaded and run in the jobs, not a load error.
    expect(await c.exited, c.stderr).toBe(2);
    expect((JSON.parse(c.stdout) as { moduleFault: unknown }).moduleFault).toMatchObject({ module, runs: 8, seed: 1 });
    expect(workers.every((w) => !w.stderr.includes("Unknown file extension"))).toBe(true);
  });

  it("finds a module given by a relative path from the coordinator's directory, not the workers'", async () => {
    const dir = mkdtempSync(join(tmpdir(), "chatty-queue-"));
    writeFileSync(join(dir, "loops.js"), `export default { role: "server2", *run(p) { for (;;) p.self(); } };\n`);
    workers.push(...(await startWorkers(redis.url, 1))); // started in the project's root
    const c = startCli(["sweep", "ms4", "--seeds", "1..4", "--queue", redis.url, "--set", "server2=./loops.js", "--json"], {}, dir);
    expect(await c.exited, c.stderr).toBe(2); // the module ran away: it was found and loaded
    expect((JSON.parse(c.stdout) as { moduleFault: unknown }).moduleFault).toMatchObject({ module: join(dir, "loops.js"), runs: 4, seed: 1 });
  });

  it("goes on when Redis restarts in the middle of the run", async () => {
    workers.push(...(await startWorkers(redis.url, 2, { CHATTY_SIM_QUEUE_FAULT: "slow:200" })));
    const c = startCli(["sweep", "ms4", "--seeds", "1..60", "--queue", redis.url, "--job-seeds", "10", "--json"]);
    await c.waitFor(/sweep: [1-5]\/6 jobs done/);
    await redis.restart();
    // The restart came in the middle of the run: the coordinator was still waiting.
    expect(c.proc.exitCode).toBeNull();
    expect(await c.exited).toBe(0);
    sameAsLocal(c, "ms4", "1..60");
  });

  it("adds again the jobs a Redis without persistence lost when it restarted", async () => {
    const bare = await startRedis();
    const ws = await startWorkers(bare.url, 2, { CHATTY_SIM_QUEUE_FAULT: "slow:200" });
    try {
      const c = startCli(["sweep", "ms4", "--seeds", "1..60", "--queue", bare.url, "--job-seeds", "10", "--json"]);
      await c.waitFor(/sweep: [1-4]\/6 jobs done/);
      await bare.restart(); // empty: every job, finished or not, is gone from Redis
      expect(await c.exited).toBe(0);
      sameAsLocal(c, "ms4", "1..60");
    } finally {
      await stopAll(ws);
      await bare.stop();
    }
  });

  it("picks up the finished jobs when the coordinator is run again after it died", async () => {
    workers.push(...(await startWorkers(redis.url, 2, { CHATTY_SIM_QUEUE_FAULT: "slow:200" })));
    const first = startCli(["sweep", "ms4", "--seeds", "101..160", "--queue", redis.url, "--job-seeds", "10", "--json"]);
    await first.waitFor(/sweep: [2-5]\/6 jobs done/);
    first.proc.kill("SIGKILL");
    await first.exited;
    const doneThen = Number(/sweep: (\d)\/6 jobs done\n$/.exec(first.stderr)![1]);
    const again = startCli(["sweep", "ms4", "--seeds", "101..160", "--queue", redis.url, "--job-seeds", "10", "--json"]);
    expect(await again.exited).toBe(0);
    // Every job finished before the coordinator died is taken as it is, not run again.
    const resumed = Number(/(\d+) done before \(resumed\)/.exec(again.stderr)![1]);
    expect(resumed).toBeGreaterThanOrEqual(doneThen);
    sameAsLocal(again, "ms4", "101..160");
  });
});
