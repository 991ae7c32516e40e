/**
 * The command line, run as a subprocess of the built CLI (`dist/src/cli.js`; `npm test`
 * builds it first, and `test/globalSetup.ts` rebuilds it when it is missing or older than
 * the sources). Exit codes, the one-line error contract, `--json` output, and determinism
 * across operating-system processes. No assertion here depends on wall-clock time.
 */
import { describe, expect, test } from "vitest";
import { spawnSync } from "node:child_process";
import { runDemo } from "../src/demo.js";
import { SWEEP_V8_FLAGS } from "../src/sweep.js";
import { cli, type Ran } from "./cliHarness.js";

/** The bad-input contract: exit 2, nothing on stdout, exactly one line on stderr, no stack trace. */
function expectBadInput(r: Ran, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  const lines = r.stderr.split("\n");
  expect(lines).toHaveLength(2); // one line and its newline
  expect(lines[1]).toBe("");
  expect(lines[0]).toMatch(/^chatty-sim: /);
  expect(lines[0]).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at |Error:|internal error/);
}

describe("chatty-sim help", () => {
  test("help exits 0 and prints the usage", () => {
    const r = cli("help");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: chatty-sim <command>/);
    expect(r.stdout).toMatch(/demo/);
    expect(r.stdout).toMatch(/bench broadcast/);
    expect(r.stderr).toBe("");
  });

  test("--help and no command print the same usage", () => {
    const help = cli("help").stdout;
    expect(cli("--help")).toEqual({ code: 0, stdout: help, stderr: "" });
    expect(cli()).toEqual({ code: 0, stdout: help, stderr: "" });
  });
});

describe("bad input: exit 2, one line on stderr, no stack trace", () => {
  test.each([
    [["frobnicate"], /unknown command "frobnicate"/],
    [["demo", "--seed", "abc"], /bad seed "abc"/],
    [["demo", "--seed", "-1"], /bad seed "-1"/],
    [["demo", "--seed", "1.5"], /bad seed "1\.5"/],
    [["demo", "--seed"], /--seed needs a value/],
    [["demo", "--bogus"], /unknown option --bogus/],
    [["demo", "--json=yes"], /--json takes no value/],
    [["demo", "extra"], /demo takes no arguments/],
    [["demo", "--set", "a=b"], /unknown option --set/],
    [["bench"], /unknown benchmark ""/],
    [["bench", "nosuch"], /unknown benchmark "nosuch"/],
    [["bench", "broadcast", "more"], /unexpected argument "more"/],
    [["bench", "broadcast", "--clients", "0"], /bad --clients "0"/],
    [["bench", "broadcast", "--lines", "x"], /bad --lines "x"/],
    [["bench", "broadcast", "--nodes", "-2"], /bad --nodes "-2"/],
    [["bench", "broadcast", "--trace", "loud"], /bad --trace "loud"/],
    [["bench", "broadcast", "--seed", "abc"], /bad seed "abc"/],
    [["bench", "broadcast", "--rounds", "0"], /bad --rounds "0"/],
    [["bench", "sweep", "--rounds", "x"], /bad --rounds "x"/],
    [["bench", "broadcast", "--verbose"], /unknown option --verbose/],
  ])("chatty-sim %j", (args, message) => {
    expectBadInput(cli(...args), message);
  });
});

describe("chatty-sim demo", () => {
  test("--json prints one valid JSON document with a trace hash", () => {
    const r = cli("demo", "--seed", "3", "--json");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(out.seed).toBe(3);
    expect(out.traceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(out.outcome).toEqual({ kind: "quiescent" });
    expect(out.stats.sent).toBe(out.stats.delivered);
    // Three clients each see the six lines said (their own included).
    const lines = out.printed.flatMap((n: { lines: { text: string }[] }) => n.lines.map((l) => l.text));
    expect(lines).toHaveLength(18);
    expect(lines).toContain("[John] hi from John");
  });

  test("the default seed is 1, and the text form shows the same trace hash and how to reproduce", () => {
    const json = JSON.parse(cli("demo", "--json").stdout);
    expect(json.seed).toBe(1);
    expect(JSON.parse(cli("demo", "--seed", "1", "--json").stdout).traceHash).toBe(json.traceHash);
    const text = cli("demo");
    expect(text.code).toBe(0);
    expect(text.stderr).toBe("");
    expect(text.stdout).toContain(`trace ${json.traceHash}`);
    expect(text.stdout).toContain("reproduce: chatty-sim demo --seed 1");
    expect(text.stdout).toContain("[Mary] bye from Mary");
  });
});

describe("determinism across operating-system processes", () => {
  test("demo --seed 7 gives the same trace hash in two processes and in this one; seed 8 differs", () => {
    const first = JSON.parse(cli("demo", "--seed", "7", "--json").stdout);
    const second = JSON.parse(cli("demo", "--seed", "7", "--json").stdout);
    expect(first.traceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(second.traceHash).toBe(first.traceHash);
    expect(second).toEqual(first);
    const here = runDemo(7);
    expect(here.run.traceHash).toBe(first.traceHash);
    expect(here.run.endTime).toBe(first.endTime);
    expect(JSON.parse(cli("demo", "--seed", "8", "--json").stdout).traceHash).not.toBe(first.traceHash);
  });
});

describe("chatty-sim bench broadcast", () => {
  test("--clients 10 --lines 5 --json delivers 50 messages", () => {
    const r = cli("bench", "broadcast", "--clients", "10", "--lines", "5", "--no-erlang", "--json");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    const out = JSON.parse(r.stdout);
    expect(out.deliveries).toBe(50);
    expect(out.params).toEqual({ clients: 10, lines: 5, nodes: 10, trace: "off", seed: 1, rounds: 3 });
    expect(out.events).toBeGreaterThanOrEqual(50);
    expect(out.traceHash).toBeNull();
    expect(out.tracedFull).toBeNull();
    // Rates exist and are positive; their size depends on the machine, so nothing more is asserted.
    expect(out.deliveriesPerSecond).toBeGreaterThan(0);
    expect(out.floorEventsPerSecond).toBeGreaterThan(0);
  });

  test("with --trace hash the run has a hash, the same in two processes", () => {
    const args = ["bench", "broadcast", "--clients", "6", "--lines", "3", "--nodes", "2", "--trace", "hash", "--seed", "5", "--no-erlang", "--json"];
    const a = JSON.parse(cli(...args).stdout);
    const b = JSON.parse(cli(...args).stdout);
    expect(a.deliveries).toBe(18);
    expect(a.traceHash).toMatch(/^[0-9a-f]{64}$/);
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.events).toBe(a.events);
    expect(b.virtualSeconds).toBe(a.virtualSeconds);
  });

  test("--with-full measures trace full too, with the same trace hash as trace hash", () => {
    const out = JSON.parse(cli("bench", "broadcast", "--clients", "4", "--lines", "2", "--nodes", "2", "--rounds", "1", "--no-erlang", "--with-full", "--json").stdout);
    expect(out.tracedFull.deliveries).toBe(8);
    expect(out.tracedFull.traceHash).toBe(out.traced.traceHash);
  });

  test("the text form exits 0 and reports deliveries", () => {
    const r = cli("bench", "broadcast", "--clients", "4", "--lines", "2", "--nodes", "2", "--no-erlang");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(/broadcast: 4 receivers on 2 nodes, 2 lines, trace off/);
    expect(r.stdout).toMatch(/deliveries\s+8 in /);
  });
});

describe("list, run and sweep", () => {
  test("list names every scenario, one line each; --json gives them as data", () => {
    const t = cli("list");
    expect(t.code).toBe(0);
    const j = cli("list", "--json");
    const names = (JSON.parse(j.stdout) as { name: string }[]).map((s) => s.name);
    expect(names).toContain("ms1");
    expect(names).toContain("q-j");
    expect(t.stdout.trim().split("\n")).toHaveLength(names.length);
  });
  test("run --json follows the output contract, and two processes print the same bytes", () => {
    const a = cli("run", "ms4", "--seed", "3", "--json");
    expect(a.code).toBe(0);
    const r = JSON.parse(a.stdout) as Record<string, unknown>;
    for (const k of ["scenario", "seed", "params", "traceHash", "endTime", "outcome", "clients", "nodes", "checks", "metrics"]) expect(r).toHaveProperty(k);
    const clients = r["clients"] as Record<string, { at: number; event: string; name?: string; text?: string }[]>;
    expect(Object.keys(clients)).toEqual(["John", "Mary", "Ana", "Paul", "Lucy", "Omar"]);
    expect(clients["John"]!.some((e) => e.event === "message" && e.name === "Omar" && e.text === "Omar: line 1")).toBe(true);
    const checks = r["checks"] as { name: string; holds: boolean; detail: string }[];
    expect(checks.every((c) => typeof c.holds === "boolean" && typeof c.detail === "string")).toBe(true);
    expect(cli("run", "ms4", "--seed", "3", "--json").stdout).toBe(a.stdout);
  });
  test("run for people shows the screens, the checks and the replay command", () => {
    const r = cli("run", "ms2");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("[JOIN] John joined the chat");
    expect(r.stdout).toContain("VIOLATED");
    expect(r.stdout).toContain("reproduce: chatty-sim run ms2 --seed 1");
  });
  test("--trace FILE writes the canonical trace, whose SHA-256 is the run's hash", async () => {
    const { mkdtempSync, readFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { createHash } = await import("node:crypto");
    const { join } = await import("node:path");
    const file = join(mkdtempSync(join(tmpdir(), "chatty-")), "t.jsonl");
    const r = cli("run", "ms1", "--json", "--trace", file);
    const hash = (JSON.parse(r.stdout) as { traceHash: string }).traceHash;
    expect(createHash("sha256").update(readFileSync(file)).digest("hex")).toBe(hash);
  });
  test("sweep tallies each check over the seeds, the same on one worker and on two", () => {
    const one = cli("sweep", "q-d", "--seeds", "1..12", "--workers", "1", "--json");
    const two = cli("sweep", "q-d", "--seeds", "1..12", "--workers", "2", "--json");
    expect(one.code).toBe(0);
    const a = JSON.parse(one.stdout) as { runs: number; checks: { name: string; violated: number; firstViolation: { seed: number; replay: string } | null }[] };
    const b = JSON.parse(two.stdout) as typeof a;
    expect(a.runs).toBe(12);
    expect(b.checks).toEqual(a.checks);
    const issue = a.checks.find((c) => c.name === "issue-order")!;
    expect(issue.violated).toBeGreaterThan(0);
    expect(issue.firstViolation!.replay).toBe(`chatty-sim run q-d --seed ${issue.firstViolation!.seed}`);
  });
  test("a sweep's worker processes start with V8 flags this Node takes (one it did not would end each worker at once)", () => {
    expect(SWEEP_V8_FLAGS.length).toBeGreaterThan(0);
    const script = "process.stdout.write(JSON.stringify(process.execArgv))";
    const r = spawnSync(process.execPath, [...SWEEP_V8_FLAGS, "-e", script], { encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([...SWEEP_V8_FLAGS, "-e", script]);
  });
  test.each([
    [["run"], /needs a scenario/],
    [["run", "ms9"], /unknown scenario "ms9"/],
    [["run", "ms1", "--seed", "x"], /bad seed/],
    [["run", "ms1", "--set", "nope=1"], /unknown parameter "nope"/],
    [["run", "ms1", "--set", "variant=better"], /variant/],
    [["run", "ms1", "--set", "loss=1.5"], /loss/],
    [["run", "ms1", "--trace", "/nonexistent/dir/t.jsonl"], /bad --trace "\/nonexistent\/dir\/t.jsonl": no such directory/],
    [["export", "ms1", "--out", "/nonexistent/dir/ms1.json"], /bad --out "\/nonexistent\/dir\/ms1.json": no such directory/],
    [["export", "ms1", "--out", "/tmp"], /bad --out "\/tmp": it is a directory/],
    [["run", "idle-timeout", "--set", "maxIdle=0s"], /idle chat: maxIdle must be a positive duration \(1us at least\), got 0us/],
    [["sweep", "ms1", "--seeds", "5..1"], /bad --seeds/],
    [["sweep", "nope"], /unknown scenario/],
  ])("bad input %j: exit 2 and one line", (args, message) => {
    expectBadInput(cli(...(args as string[])), message);
  });
});
