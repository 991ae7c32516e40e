/**
 * `explore --queue` against a redis-server of the test's own and two worker processes: on
 * several configurations (a claim that holds, violated claims, losses, crashes with runs pruned
 * by state hashing, a depth bound, a run budget cut short, the reductions off) the output is the
 * local search's byte for byte: verdicts, shortest counterexamples and every counter.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { cli } from "../cliHarness.js";
import { startCli, startRedis, startWorkers, stopAll, type CliProcess, type RedisServer } from "./harness.js";

const SERVER = "server/lan/S:t0/C:s0t0-m0,s0t0-r0.1.0/F:/T:100000";
const SERVER2 = "server2/lan/S:t0,t0b0/C:s0t0-m0,s1t0-m0/F:/T:100000";

describe("explore --queue", () => {
  let redis: RedisServer;
  let workers: CliProcess[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    workers = await startWorkers(redis.url, 2);
  });
  beforeEach(() => redis.flush());
  afterAll(async () => {
    await stopAll(workers);
    await redis.stop();
  });

  it.each([
    ["a violated claim (server2, total order)", ["--set", `world=${SERVER2}`, "--check", "total-order"]],
    ["a loss budget", ["--set", `world=${SERVER}`, "--losses", "1", "--check", "completeness,fifo"]],
    ["a crash budget (runs pruned by state hashing)", ["--set", `world=${SERVER}`, "--crashes", "1", "--max-depth", "7", "--check", "reply-after-original,told-server-left"]],
    ["a depth bound", ["--set", `world=${SERVER}`, "--crashes", "1", "--max-depth", "4"]],
    ["a run budget that cuts the search short", ["--set", `world=${SERVER}`, "--crashes", "1", "--max-runs", "150"]],
    ["without the reductions", ["--set", `world=${SERVER}`, "--no-hash", "--no-reduce", "--max-runs", "200"]],
  ])("gives the local search's result on %s", async (_, args) => {
    const local = cli("explore", "world", ...args, "--json");
    expect(local.code).toBe(0);
    const c = startCli(["explore", "world", ...args, "--queue", redis.url, "--json"]);
    expect(await c.exited).toBe(0);
    expect(c.stdout).toBe(local.stdout);
  });

  it("prints the same report, counterexample diagram and all", async () => {
    const args = ["--set", `world=${SERVER}`, "--losses", "1", "--check", "completeness"];
    const local = cli("explore", "world", ...args);
    const c = startCli(["explore", "world", ...args, "--queue", redis.url]);
    expect(await c.exited).toBe(0);
    expect(c.stdout).toContain("shortest counterexample");
    expect(c.stdout).toBe(local.stdout);
  });

  it("refuses a depth-first search and a replay on the queue, with one line and exit 2", () => {
    for (const extra of [["--strategy", "dfs"], ["--replay", "0,1"]]) {
      const r = cli("explore", "world", "--set", `world=${SERVER}`, ...extra, "--queue", redis.url);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});
