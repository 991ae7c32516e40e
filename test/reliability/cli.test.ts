/**
 * Hostile input to the command line (issue 21): output paths checked before any work, stdout
 * that cannot be written, colour switches, strict values, repeated flags, `--trace -`,
 * `--help` per command and `--version`, and error lines cut to their reason.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { cli, cliJs, root, type Ran } from "../cliHarness.js";

/** The bad-input contract: exit 2, nothing on stdout, one line on stderr, no stack trace. */
function expectBadInput(r: Ran, message: RegExp): void {
  expect(r.stderr).toMatch(/^chatty-sim: [^\n]*\n$/);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
}

/** Runs the CLI with its stdout sent to `fd` (a path opened for writing), under a time limit. */
function cliTo(path: string, ...args: string[]): { code: number | null; stderr: string } {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  const r = spawnSync("sh", ["-c", `exec "${process.execPath}" "${cliJs}" "$@" > ${path}`, "sh", ...args], { cwd: root, encoding: "utf8", env, timeout: 30_000 });
  return { code: r.status, stderr: r.stderr };
}

describe("report --out: checked before any work, never half-written", () => {
  test.each([["/proc/x"], ["/dev/null/x"], ["package.json"]])("--out %s is bad input at once", (out) => {
    const r = spawnSync(process.execPath, [cliJs, "report", "--out", out], { cwd: root, encoding: "utf8", timeout: 10_000, env: { ...process.env, NO_COLOR: "1" } });
    expect(r.signal).toBeNull(); // not killed by the time limit: it did not run the job first, nor hang
    expectBadInput({ code: r.status, stdout: r.stdout, stderr: r.stderr }, /--out/);
  });

  test("--out D where D/figures is a file: bad input before any work, and nothing written", () => {
    const d = mkdtempSync(join(tmpdir(), "chatty-out-"));
    writeFileSync(join(d, "figures"), "not a directory");
    const r = spawnSync(process.execPath, [cliJs, "report", "--out", d], { cwd: root, encoding: "utf8", timeout: 10_000, env: { ...process.env, NO_COLOR: "1" } });
    expect(r.signal).toBeNull();
    expectBadInput({ code: r.status, stdout: r.stdout, stderr: r.stderr }, /figures/);
    expect(readdirSync(d)).toEqual(["figures"]);
  });
});

describe("stdout that cannot be written", () => {
  test.each([[["list"]], [["run", "ms1"]], [["run", "ms1", "--json"]], [["sweep", "ms1", "--seeds", "1..3", "--workers", "1"]], [["demo"]], [["help"]]])("%j > /dev/full exits non-zero with one line", (args) => {
    const r = cliTo("/dev/full", ...args);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^chatty-sim: cannot write to stdout: ENOSPC\n$/);
  });

  test("a closed pipe (| head -1) ends quietly", () => {
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${cliJs}" list | head -1; exit \${PIPESTATUS:-0}`], { cwd: root, encoding: "utf8", timeout: 30_000, env: { ...process.env, NO_COLOR: "1" } });
    expect(r.stdout.split("\n")).toHaveLength(2);
    expect(r.stderr).toBe("");
  });
});

describe("colour", () => {
  const colourEnv = (extra: Record<string, string>): NodeJS.ProcessEnv => {
    const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
    delete env.NO_COLOR;
    return { ...env, ...extra };
  };
  const run = (env: NodeJS.ProcessEnv, ...args: string[]): string => spawnSync(process.execPath, [cliJs, ...args], { cwd: root, encoding: "utf8", env }).stdout;
  test("FORCE_COLOR gives colour; NO_COLOR and --no-color take it away", () => {
    expect(run(colourEnv({ FORCE_COLOR: "1" }), "list")).toMatch(/\u001b\[/);
    const env = colourEnv({ NO_COLOR: "1" });
    delete env.FORCE_COLOR;
    // supports-color would see a terminal; NO_COLOR must win over colour the library chose itself.
    expect(run({ ...env, FORCE_COLOR: "3", NO_COLOR: "1" }, "list")).not.toMatch(/\u001b\[/);
    expect(run(colourEnv({ FORCE_COLOR: "1" }), "list", "--no-color")).not.toMatch(/\u001b\[/);
    expect(run(colourEnv({ FORCE_COLOR: "1" }), "--no-color", "list")).not.toMatch(/\u001b\[/);
  });
});

describe("strict values and flags", () => {
  test.each([
    [["run", "ms1", "--set", "latency=5"], /latency.*unit/],
    [["run", "ms1", "--set", "latency=uniform:1..20ms"], /unit/],
    [["run", "ms1", "--set", "loss=0x1"], /bad value "0x1" for loss/],
    [["run", "ms1", "--set", "loss=1e-1"], /bad value "1e-1" for loss/],
    [["run", "ms1", "--seed", "1", "--seed", "2"], /--seed given twice/],
    [["run", "ms1", "--json", "--json"], /--json given twice/],
    [["run", "ms1", "--trace", "-", "--json"], /--trace -/],
  ])("%j", (args, message) => expectBadInput(cli(...args), message));

  test("a duration with a unit still parses", () => {
    expect(cli("run", "ms1", "--set", "latency=5ms", "--set", "loss=0.25", "--json").code).toBe(0);
  });
});

describe("--trace -", () => {
  test("writes the trace to stdout, the same as --trace FILE, and the summary to stderr", () => {
    const d = mkdtempSync(join(tmpdir(), "chatty-trace-"));
    const f = join(d, "t.jsonl");
    expect(cli("run", "ms1", "--trace", f).code).toBe(0);
    const r = cli("run", "ms1", "--trace", "-");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(f, "utf8"));
    expect(r.stderr).toMatch(/trace/);
  });

  test("--trace into a missing directory is bad input before the run", () => {
    expectBadInput(cli("run", "ms1", "--trace", "/nonexistent-dir/t.jsonl"), /--trace/);
  });
});

describe("--help for each command, --version", () => {
  test.each([["list"], ["run"], ["sweep"], ["explore"], ["report"], ["demo"], ["bench"]])("%s --help", (cmd) => {
    const r = cli(cmd, "--help");
    expect(r.code).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toMatch(new RegExp(`^usage: chatty-sim ${cmd}`));
    expect(r.stdout).not.toBe(cli("help").stdout);
  });

  test("bench broadcast --help is that benchmark's", () => {
    const r = cli("bench", "broadcast", "--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^usage: chatty-sim bench broadcast/);
    expect(r.stdout).not.toMatch(/bench sweep/);
  });

  test("--version prints package.json's version", () => {
    const version = (JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string }).version;
    expect(cli("--version")).toEqual({ code: 0, stdout: `chatty-sim ${version}\n`, stderr: "" });
  });
});

describe("over-long error lines", () => {
  test("a 20,000-character scenario name gives a short line that keeps the reason", () => {
    const r = cli("run", "x".repeat(20_000));
    expectBadInput(r, /unknown scenario/);
    expect(r.stderr.length).toBeLessThan(400);
  });

  test("a control character in the input does not break the one line", () => {
    expectBadInput(cli("run", "a\nb"), /unknown scenario "a\\nb"/);
  });
});

void existsSync;
void mkdirSync;
