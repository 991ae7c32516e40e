/** The queue URL: parsed into parts, shown without credentials; job ids from content. */
import { describe, expect, it } from "vitest";
import { parseQueueUrl, redact } from "../../src/queue/url.js";
import { jobId, replayOf } from "../../src/queue/jobs.js";
import { sweepJobs } from "../../src/queue/sweep.js";
import { ConfigError } from "../../src/sim/errors.js";
import { findScenario, parseParams, scenarioFile } from "../../src/scenarios/index.js";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

describe("parseQueueUrl", () => {
  it("takes host, port, database and credentials, and displays none of the credentials", () => {
    const u = parseQueueUrl("redis://me:p%40ss@db.example:6380/3");
    expect(u).toMatchObject({ host: "db.example", port: 6380, db: 3, username: "me", password: "p@ss", display: "redis://db.example:6380/3" });
    expect(parseQueueUrl("redis://127.0.0.1")).toMatchObject({ port: 6379, db: 0, display: "redis://127.0.0.1:6379/0" });
    expect(parseQueueUrl("redis://[::1]:7000").host).toBe("::1");
  });
  it("refuses what it cannot use, without repeating it", () => {
    for (const bad of ["nope", "http://h:1", "redis://:pw@h:1/x", "redis://:pw@h:1/0?tls=1", "redis://:%zz@h:1"]) {
      expect(() => parseQueueUrl(bad)).toThrow(ConfigError);
      try {
        parseQueueUrl(bad);
      } catch (e) {
        expect((e as Error).message).not.toContain(bad);
        expect((e as Error).message).not.toContain("pw");
      }
    }
  });
  it("redacts the password, raw and escaped, from a library's message", () => {
    const u = parseQueueUrl("redis://:a%2Fb@h:1");
    expect(redact(u, "x a/b y a%2Fb")).toBe("x *** y ***");
  });
});

describe("jobs", () => {
  it("cut a range into contiguous jobs whose ids depend on their content only", () => {
    const jobs = sweepJobs("ms4", [5, 29], [], 10);
    expect(jobs.map((j) => [j.from, j.to])).toEqual([[5, 14], [15, 24], [25, 29]]);
    expect(jobs.map(jobId)).toEqual(sweepJobs("ms4", [5, 29], [], 10).map(jobId));
    expect(new Set(jobs.map(jobId)).size).toBe(3);
    expect(jobId(jobs[0]!)).not.toBe(jobId(sweepJobs("ms4", [5, 29], [["variant", "fixed"]], 10)[0]!));
    expect(jobId(jobs[0]!)).toMatch(/^sweep-[0-9a-f]{32}$/);
  });
  it("change when a scenario file's content changes under the same path (no stale results reused)", () => {
    const file = join(mkdtempSync(join(tmpdir(), "chatty-job-")), "my.scenario.json");
    writeFileSync(file, '{"a":1}');
    const [job] = sweepJobs(file, [1, 10], [], 10);
    const before = jobId(job!);
    expect(jobId(job!)).toBe(before);
    writeFileSync(file, '{"a":2}');
    expect(jobId(job!)).not.toBe(before);
  });
  it("change when a user module's content changes under the same path, given by --set or by a scenario file's roles", () => {
    const dir = mkdtempSync(join(tmpdir(), "chatty-job-"));
    const module = join(dir, "mine.js");
    writeFileSync(module, "// one\n");
    const scenario = join(dir, "my.scenario.json");
    const ms4 = findScenario("ms4");
    const file = scenarioFile(ms4, { seed: 1, params: parseParams(ms4.params, [["server2", module]]), trace: "off" });
    expect(file["roles"]).toEqual({ server2: module });
    writeFileSync(scenario, JSON.stringify(file));
    for (const job of [sweepJobs("ms4", [1, 10], [["server2", module]], 10)[0]!, sweepJobs(scenario, [1, 10], [], 10)[0]!]) {
      writeFileSync(module, "// one\n");
      const before = jobId(job);
      expect(jobId(job)).toBe(before);
      writeFileSync(module, "// two\n");
      expect(jobId(job)).not.toBe(before);
    }
  });
});

describe("replayOf", () => {
  it("names the run a failed job's error names, else the job as a local sweep", () => {
    const [job] = sweepJobs("q-d", [11, 20], [["variant", "fixed"]], 10);
    expect(replayOf(job!, "seed 15: boom")).toBe("chatty-sim run q-d --seed 15 --set variant=fixed");
    expect(replayOf(job!, "job stalled more than allowable limit")).toBe("chatty-sim sweep q-d --seeds 11..20 --set variant=fixed");
    const explore = { kind: "explore", scenario: "world", sets: [], seed: 1, losses: 1, crashes: 0, maxDepth: 40, prefixes: [[0, 1], [0, 2]] } as const;
    expect(replayOf(explore, "choices 0,2: boom")).toBe("chatty-sim explore world --losses 1 --replay 0,2");
  });
});
