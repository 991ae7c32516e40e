/**
 * `explore` with huge bounds (issue 21): its memory is bounded (`--max-states`, on by
 * default), and Ctrl-C prints the partial result instead of nothing.
 */
import { spawn } from "node:child_process";
import { expect, test } from "vitest";
import { cli, cliJs, root } from "../cliHarness.js";
import { DEFAULT_MAX_STATES, search } from "../../src/explore/search.js";
import { findScenario } from "../../src/scenarios/index.js";

test("--max-states stops the search, which says it is not exhaustive", () => {
  const r = cli("explore", "ms4", "--max-runs", "1000000", "--max-depth", "1000", "--max-states", "50", "--json");
  expect(r.code).toBe(0);
  const j = JSON.parse(r.stdout) as { exhausted: boolean; stop: string; states: number; maxStates: number };
  expect(j).toMatchObject({ exhausted: false, stop: "max-states", maxStates: 50 });
  expect(j.states).toBeLessThanOrEqual(50);
  expect(cli("explore", "ms4", "--max-states", "50").stdout).toMatch(/NOT exhaustive.*--max-states/);
});

test("the library bounds states by default, and BFS counts the runs waiting", () => {
  expect(DEFAULT_MAX_STATES).toBeGreaterThan(0);
  const r = search(findScenario("ms4"), [], { strategy: "bfs", maxDepth: 1000, maxRuns: 1_000_000, maxStates: 30 });
  expect(r.stop).toBe("max-states");
  expect(r.progress.runs).toBeLessThan(60);
});

test("Ctrl-C prints what the search found so far and exits 130", async () => {
  const child = spawn(process.execPath, [cliJs, "explore", "ms4", "--max-runs", "1000000", "--max-depth", "1000"], { cwd: root, env: { ...process.env, NO_COLOR: "1" } });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
  const code = await new Promise<number | null>((resolve) => {
    child.stderr.setEncoding("utf8").on("data", (s: string) => {
      // The first progress line: the search is under way.
      if (stderr === "" && /explore: \d+ runs/.test(s)) child.kill("SIGINT");
      stderr += s;
    });
    child.on("close", (c) => resolve(c));
  });
  expect(code).toBe(130);
  expect(stdout).toMatch(/NOT exhaustive: interrupted after \d+ runs/);
  // Each check's verdict so far: violated, or held in what was explored (never "holds in every interleaving").
  expect(stdout).toMatch(/^ {2}completeness: (VIOLATED|holds in all \d+ interleavings judged, but the search was cut short)/m);
  expect(stdout).not.toMatch(/holds in every interleaving/);
});
