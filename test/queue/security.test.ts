/**
 * The queue URL's password is never printed, logged or written anywhere (a password-protected
 * redis-server of the test's own; every output of coordinator and workers is searched, and so
 * is everything the run left in Redis), and a bad or unreachable URL is one line, exit 2, soon.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Redis } from "ioredis";
import { cli } from "../cliHarness.js";
import { freePort, startCli, startRedis, startWorkers, stopAll, type RedisServer } from "./harness.js";

const PASSWORD = "s3cr3t-Pw-9d1f";

describe("queue URL", () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis({ password: PASSWORD });
  });
  afterAll(() => redis.stop());

  it("works with a password and never shows it: not in any output, not in Redis", async () => {
    const workers = await startWorkers(redis.url, 2);
    const sweep = startCli(["sweep", "q-d", "--seeds", "1..30", "--queue", redis.url, "--job-seeds", "10"]);
    const json = startCli(["sweep", "q-d", "--seeds", "1..30", "--queue", redis.url, "--job-seeds", "10", "--json"]);
    const explore = startCli(["explore", "world", "--set", "world=server/lan/S:t0/C:s0t0-m0,s0t0-r0.1.0/F:/T:100000", "--check", "reply-after-original", "--queue", redis.url]);
    expect(await sweep.exited).toBe(0);
    expect(await json.exited).toBe(0);
    expect(await explore.exited).toBe(0);
    expect(sweep.stdout).toContain("issue-order");
    await stopAll(workers);
    const wrong = cli("sweep", "q-d", "--seeds", "1..3", "--queue", `redis://:wrong-${PASSWORD}@127.0.0.1:${redis.port}`);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/^chatty-sim: cannot use the queue at redis:\/\/127\.0\.0\.1:\d+\/0: WRONGPASS/);
    const none = cli("worker", "--queue", `redis://127.0.0.1:${redis.port}`);
    expect(none.code).toBe(2);
    const outputs = [...workers, sweep, json, explore].flatMap((p) => [p.stdout, p.stderr]).concat([wrong.stdout, wrong.stderr, none.stdout, none.stderr]);
    expect(outputs.join("\n").length).toBeGreaterThan(1000);
    for (const o of outputs) expect(o).not.toContain(PASSWORD);
    // Nor in what the runs stored: every key and every value in Redis.
    const c = new Redis({ host: "127.0.0.1", port: redis.port, password: PASSWORD });
    const keys = await c.keys("*");
    expect(keys.length).toBeGreaterThan(10);
    for (const k of keys) {
      const type = await c.type(k);
      const value =
        type === "string" ? await c.get(k) : type === "hash" ? await c.hgetall(k) : type === "list" ? await c.lrange(k, 0, -1) : type === "set" ? await c.smembers(k) : type === "zset" ? await c.zrange(k, "0", "-1") : type === "stream" ? await c.xrange(k, "-", "+") : `(${type})`;
      expect(`${k} ${JSON.stringify(value)}`).not.toContain(PASSWORD);
    }
    c.disconnect();
  });

  it.each([
    ["not a URL", `:${PASSWORD}@nowhere`],
    ["another scheme", `http://:${PASSWORD}@127.0.0.1:1/`],
    ["a bad database", `redis://:${PASSWORD}@127.0.0.1:1/x`],
  ])("%s is one line, exit 2, and does not repeat the URL", (_, url) => {
    const r = cli("sweep", "ms4", "--seeds", "1..2", "--queue", url);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^chatty-sim: bad --queue URL: [^\n]*\n$/);
    expect(r.stderr).not.toContain(PASSWORD);
  });

  it("an unreachable Redis is one line and exit 2, within a bounded time", async () => {
    const port = await freePort();
    for (const args of [["sweep", "ms4", "--seeds", "1..2"], ["worker"], ["explore", "world"]]) {
      const t0 = Date.now();
      const r = cli(...args, "--queue", `redis://:${PASSWORD}@127.0.0.1:${port}/2`);
      expect(Date.now() - t0).toBeLessThan(10_000);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(`chatty-sim: cannot use the queue at redis://127.0.0.1:${port}/2: ECONNREFUSED\n`);
    }
  });
});
