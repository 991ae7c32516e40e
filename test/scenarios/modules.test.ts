/**
 * Users' node modules (`--set server2=FILE`, a scenario file's `roles`) and `chatty-sim
 * claims`: a module loads and runs against the process API; one that is missing, throws at
 * load, exports the wrong shape or loops forever is one line naming it, exit 2, never a
 * hang; the example module's fix shows in the claims table, computed, and every replay
 * command there reproduces with the module.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { Ajv2020 } from "ajv/dist/2020.js";
import { SCENARIO_SCHEMA } from "../../src/scenarios/fileSchema.js";
import { cli, root, type Ran } from "../cliHarness.js";
import { mergeModuleFaults, SweepTally, type SweepRun } from "../../src/sweep.js";

const EXAMPLE = "./examples/my-server2.js";
let dir: string;

/** The bad-input contract: exit 2, nothing on stdout, one line on stderr naming the module, no stack trace. */
function expectModuleError(r: Ran, module: string, message: RegExp): void {
  expect(r.stdout).toBe("");
  expect(r.stderr.split("\n")).toHaveLength(2);
  expect(r.stderr).toMatch(new RegExp(`^chatty-sim: module ${module.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}: `));
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  expect(r.code).toBe(2);
}

const write = (name: string, text: string): string => {
  const f = join(dir, name);
  writeFileSync(f, text);
  return f;
};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "chatty-modules-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("--set server2=FILE: a user's module", () => {
  test("the example module runs in place of server2, and its fix is its own: the rejoin's lists agree where the handout's do not", () => {
    const mine = JSON.parse(cli("run", "rejoin-after-crash", "--set", `server2=${EXAMPLE}`, "--json").stdout) as { checks: { name: string; status: string }[]; nodes: Record<string, { printed: string[] }>; replay: string };
    const handout = JSON.parse(cli("run", "rejoin-after-crash", "--json").stdout) as typeof mine;
    expect(mine.checks.find((c) => c.name === "membership")!.status).toBe("holds");
    expect(handout.checks.find((c) => c.name === "membership")!.status).toBe("violated");
    // Its own code ran: it prints its own "[SERVER DOWN]" line, which the handout has not.
    expect(Object.values(mine.nodes).flatMap((n) => n.printed).some((l) => l.startsWith("[SERVER DOWN]"))).toBe(true);
    expect(mine.replay).toContain(`--set server2=${EXAMPLE}`);
  });

  test("the same seed and module give the same trace, in another process and through a sweep's worker processes", () => {
    const a = cli("run", "ms4", "--seed", "3", "--set", `server2=${EXAMPLE}`, "--json");
    const b = cli("run", "ms4", "--seed", "3", "--set", `server2=${EXAMPLE}`, "--json");
    expect(JSON.parse(a.stdout).traceHash).toBe(JSON.parse(b.stdout).traceHash);
    const s = JSON.parse(cli("sweep", "rejoin-after-crash", "--seeds", "1..6", "--workers", "3", "--set", `server2=${EXAMPLE}`, "--json").stdout) as { workers: number; checks: { name: string; holds: number }[] };
    expect(s.workers).toBe(3);
    expect(s.checks.find((c) => c.name === "membership")!.holds).toBe(6);
  });

  test("a scenario file names the module per role, relative to the file, and runs to the module's trace", () => {
    const file = join(dir, "rejoin.scenario.json");
    execFileSync(process.execPath, [join(root, "dist/src/cli.js"), "export", "rejoin-after-crash", "--out", file], { cwd: root });
    const json = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    writeFileSync(join(dir, "mine.js"), readFileSync(join(root, "examples/my-server2.js")));
    writeFileSync(file, JSON.stringify({ ...json, roles: { server2: "./mine.js" } }));
    const viaFile = JSON.parse(cli("run", file, "--json").stdout) as { traceHash: string; checks: { name: string; status: string }[] };
    const viaSet = JSON.parse(cli("run", "rejoin-after-crash", "--set", `server2=${EXAMPLE}`, "--json").stdout) as typeof viaFile;
    expect(viaFile.checks.find((c) => c.name === "membership")!.status).toBe("holds");
    // The processes' labels name the file, and both files are called alike: same trace.
    writeFileSync(join(dir, "my-server2.js"), readFileSync(join(root, "examples/my-server2.js")));
    writeFileSync(file, JSON.stringify({ ...json, roles: { server2: "./my-server2.js" } }));
    expect(JSON.parse(cli("run", file, "--json").stdout).traceHash).toBe(viaSet.traceHash);
    // --set still overrides the file's role.
    expect(JSON.parse(cli("run", file, "--set", "server2=handout", "--json").stdout).checks.find((c: { name: string }) => c.name === "membership").status).toBe("violated");
    // A bad role value is one line naming the place.
    writeFileSync(file, JSON.stringify({ ...json, roles: { server2: "./mine.txt" } }));
    const bad = cli("run", file);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/roles\.server2: "\.\/mine\.txt" is neither handout, fixed nor a module file/);
  });

  test("the JSON Schema takes a module per server role; export writes the module given into the file, which runs back to the same trace", () => {
    const validate = new Ajv2020({ strict: true, allErrors: true }).compile(SCENARIO_SCHEMA);
    const file = join(dir, "exported.scenario.json");
    expect(cli("export", "rejoin-after-crash", "--set", `server2=${EXAMPLE}`, "--out", file).code).toBe(0);
    const json = JSON.parse(readFileSync(file, "utf8")) as { roles: Record<string, string> };
    expect(json.roles.server2).toBe(join(root, "examples", "my-server2.js"));
    expect(validate(json)).toBe(true);
    expect(validate({ ...json, roles: { server2: "./mine.txt" } })).toBe(false);
    expect(validate({ ...json, roles: { client: "./mine.js" } })).toBe(false);
    const a = JSON.parse(cli("run", file, "--seed", "4", "--json").stdout) as { traceHash: string };
    expect(a.traceHash).toBe(JSON.parse(cli("run", "rejoin-after-crash", "--seed", "4", "--set", `server2=${EXAMPLE}`, "--json").stdout).traceHash);
  });

  test("view takes a scenario file and a module, like run", () => {
    const file = join(dir, "ms1.scenario.json");
    expect(cli("export", "ms1", "--out", file).code).toBe(0);
    const out = join(dir, "ms1.html");
    const r = cli("view", file, "--out", out);
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8")).toMatch(/<html/i);
    const out2 = join(dir, "mine.html");
    expect(cli("view", "ms4", "--set", `server2=${EXAMPLE}`, "--out", out2).code).toBe(0);
    expect(readFileSync(out2, "utf8")).toContain("server2[my-server2.js]");
  });

  test("a TypeScript module runs through the loader the README names (node --import tsx)", () => {
    const ts = write(
      "typed-server.ts",
      `import type { Proc } from "../../src/sim/index.js";
interface Req { readonly tag?: string; readonly from?: never; readonly name?: string; readonly text?: string }
export default {
  role: "server",
  *run(p: Proc) {
    let clients: never[] = [];
    for (;;) {
      const m = (yield* p.receive()) as Req;
      if (m.tag === "client_join_req") { clients = [m.from!, ...clients]; for (const c of clients) p.send(c, { tag: "join", name: m.name }); }
      else if (m.tag === "send") for (const c of clients) p.send(c, { tag: "message", name: m.name, text: m.text });
    }
  },
};
`,
    );
    const env = { ...process.env, NO_COLOR: "1" };
    const r = spawnSync(process.execPath, ["--import", "tsx", join(root, "dist/src/cli.js"), "run", "ms1", "--set", `server=${ts}`, "--json"], { cwd: root, encoding: "utf8", env });
    expect(r.status).toBe(0);
    expect((JSON.parse(r.stdout) as { checks: { name: string; status: string }[] }).checks.find((c) => c.name === "completeness")!.status).toBe("holds");
    // Without the loader: one line saying what to do.
    expectModuleError(cli("run", "ms1", "--set", `server=${ts}`), ts, /Unknown file extension "\.ts".*needs a loader: node --import tsx/);
    // A sweep's worker processes get the loader too: the same tallies on 2 workers as on one.
    const sweep = (workers: string) => spawnSync(process.execPath, ["--import", "tsx", join(root, "dist/src/cli.js"), "sweep", "ms1", "--seeds", "1..6", "--workers", workers, "--set", `server=${ts}`, "--json"], { cwd: root, encoding: "utf8", env });
    const [one, two] = [sweep("1"), sweep("2")];
    expect(two.status, two.stderr).toBe(0);
    const tallies = (out: string) => JSON.parse(out) as { workers: number; checks: { name: string; holds: number }[] };
    expect(tallies(two.stdout).workers).toBe(2);
    expect(tallies(two.stdout).checks).toEqual(tallies(one.stdout).checks);
    expect(tallies(two.stdout).checks.find((c) => c.name === "completeness")!.holds).toBe(6);
  });

  test("a sweep worker process that ends before its seeds are done fails the sweep with one line, exit 2, not a hang", () => {
    // Loads as any module does, and in a sweep's worker process (the one with an IPC channel) ends it.
    const f = write("exits-in-worker.js", `if (process.send !== undefined) process.exit(7);\nexport default { role: "server2", *run(p) { for (;;) yield* p.receive(); } };\n`);
    const r = cli("sweep", "ms4", "--seeds", "1..40", "--workers", "2", "--set", `server2=${f}`);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toBe("chatty-sim: a sweep worker process ended before its seeds were done (exit code 7)\n");
  });
});

describe("bad modules: one line naming the module, exit 2, never a hang", () => {
  test("missing, throws at load, not a module, wrong shape", () => {
    const cases: [string, string | null, RegExp][] = [
      ["missing.js", null, /no such file/],
      ["throws.js", `throw new Error("boom at load");`, /throws at load: Error: boom at load/],
      ["syntax.js", `export default { role: "server2", *run(p) {`, /throws at load: SyntaxError/],
      ["nodefault.js", `export const run = 1;`, /has no default export/],
      ["notobject.js", `export default 42;`, /default export is number, not an object/],
      ["norole.js", `export default { *run(p) {} };`, /has no role/],
      ["wrongrole.js", `export default { role: "server", *run(p) {} };`, /plays role "server", not server2/],
      ["notgen.js", `export default { role: "server2", run(p) { return 1; } };`, /run is not a generator function/],
      ["extra.js", `export default { role: "server2", label: "x", *run(p) {} };`, /unknown key "label"/],
    ];
    for (const [name, text, message] of cases) {
      const f = text === null ? join(dir, name) : write(name, text);
      expectModuleError(cli("run", "ms4", "--set", `server2=${f}`), f, message);
    }
    // The same for every command that takes --set, before any work.
    const f = join(dir, "throws.js");
    expectModuleError(cli("sweep", "ms4", "--seeds", "1..3", "--set", `server2=${f}`), f, /throws at load/);
    expectModuleError(cli("explore", "ms4", "--max-runs", "2", "--set", `server2=${f}`), f, /throws at load/);
    expectModuleError(cli("claims", "--role", "server2", "--module", f), f, /throws at load/);
  });

  test("a module that loops forever trips the work limit and is named as the culprit", () => {
    const f = write("loops.js", `export default { role: "server2", *run(p) { for (;;) p.self(); } };\n`);
    const r = cli("run", "ms4", "--set", `server2=${f}`);
    expect(r.code).toBe(2);
    expect(r.stdout).toMatch(/runaway: process .* \(server2\[loops\.js\]\) made 1,000,000 calls in one step/);
    expect(r.stderr).toMatch(new RegExp(`^chatty-sim: module ${f.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")} \\(server2\\) ran away: process .* made 1,000,000 calls in one step`));
    expect(r.stderr.split("\n")).toHaveLength(2);
    // explore (a search, and a replay) names it too.
    for (const args of [["--max-runs", "2"], ["--replay", "0"]]) {
      const e = cli("explore", "ms4", "--set", `server2=${f}`, ...args);
      expect(e.code).toBe(2);
      expect(e.stderr).toMatch(/^chatty-sim: module .*loops\.js \(server2\) ran away: /m);
    }
    // A sweep (in worker processes too) names it, its first seed and the replay, exit 2; its runs are no check's tally.
    for (const json of [false, true]) {
      const s = cli("sweep", "ms4", "--seeds", "3..6", "--workers", "2", "--set", `server2=${f}`, ...(json ? ["--json"] : []));
      expect(s.code, s.stderr).toBe(2);
      expect(s.stderr).toMatch(/^chatty-sim: module .*loops\.js \(server2\) ran away in 4 of 4 runs, first at seed 3: process .* made 1,000,000 calls in one step.*; replay: chatty-sim run ms4 --seed 3 --set server2=.*loops\.js$/m);
      expect(s.stderr.split("\n")).toHaveLength(2);
      if (json) {
        const out = JSON.parse(s.stdout) as { runs: number; checks: { runs: number }[]; moduleFault: { module: string; role: string; runs: number; seed: number; replay: string } };
        expect(out.runs).toBe(4);
        expect(out.checks.reduce((n, c) => n + c.runs, 0)).toBe(0);
        // Every check is still named, with no runs.
        expect(out.checks.length).toBeGreaterThan(0);
        expect(out.moduleFault).toMatchObject({ module: f, role: "server2", runs: 4, seed: 3, replay: `chatty-sim run ms4 --seed 3 --set server2=${f}` });
      } else {
        expect(s.stdout).toMatch(/ran away in 4 runs[^]*first at seed 3: runaway: [^]*replay: chatty-sim run ms4 --seed 3/);
        expect(s.stdout).toMatch(/^ {2}\S+ +not judged: every run was cut short$/m);
        expect(s.stdout).not.toMatch(/holds in all 0/);
      }
    }
    // In the claims table the module's cell says runaway, not holds: a cut-short run proves nothing.
    const c = cli("claims", "--role", "server2", "--module", f, "--seeds", "1", "--no-explore", "--only", "ms4-everyone-sees-everything", "--json");
    const cell = (JSON.parse(c.stdout) as { claims: { results: { code: string; verdict: string; moduleFault: string | null }[] }[] }).claims[0]!.results;
    expect(cell.map((x) => x.verdict)).toEqual(["runaway", "holds", "holds"]);
    expect(cell[0]!.moduleFault).toMatch(/server2\[loops\.js\]\) made 1,000,000 calls/);
  });

  test("a sweep's tally keeps a module's runaways apart: the lowest seed's, in any order, merged across jobs", () => {
    const fault = (n: number) => ({ module: "./x.js", role: "server2" as const, message: `runaway: process <p> (server2[x.js]) made 1,000,000 calls (${n})` });
    const run = (seed: number, ran: boolean): SweepRun => ({ seed, traceHash: "h", checks: [{ name: "c", status: "holds", summary: "" }], moduleFault: ran ? fault(seed) : null });
    const runs = [run(7, true), run(4, false), run(5, true), run(6, false)];
    for (const order of [runs, [...runs].reverse()]) {
      const t = new SweepTally("ms4", [["server2", "./x.js"]]);
      for (const r of order) t.add(r);
      expect(t.runs).toBe(4);
      expect(t.checks().map((c) => [c.name, c.runs, c.holds])).toEqual([["c", 2, 2]]);
      // A check only cut-short runs had is named, with no runs.
      const only = new SweepTally("ms4", [["server2", "./x.js"]]);
      for (const r of order.filter((x) => x.moduleFault !== null)) only.add(r);
      expect(only.checks().map((c) => [c.name, c.runs, c.holds])).toEqual([["c", 0, 0]]);
      expect(t.moduleFault()).toEqual({ ...fault(5), runs: 2, seed: 5, replay: "chatty-sim run ms4 --seed 5 --set server2=./x.js" });
    }
    const part = (seed: number, runs: number) => ({ ...fault(seed), runs, seed, replay: `r${seed}` });
    expect(mergeModuleFaults([null, part(9, 1), null, part(3, 2)])).toEqual({ ...part(3, 2), runs: 3 });
    expect(mergeModuleFaults([null, null])).toBeNull();
  });

  test("a module for a role the world lacks, and a code value that is no module, are bad input", () => {
    expect(cli("run", "ms1", "--set", `server2=${EXAMPLE}`).stderr).toMatch(/--set server2=… gives code for a role this server world does not have/);
    expect(cli("run", "ms4", "--set", "server2=mine.txt").stderr).toMatch(/bad value "mine.txt" for server2: expected handout, fixed or a module file/);
  });
});

describe("chatty-sim claims --role server2 --module FILE", () => {
  interface Row {
    id: string;
    mode: string | null;
    exhaustive: boolean;
    results: { code: string; verdict: string; runs: number; replay: string | null }[];
  }
  const claims = (...args: string[]): { role: string; module: string; claims: Row[] } => {
    const r = cli("claims", "--role", "server2", "--module", EXAMPLE, "--json", ...args);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout);
  };

  test("every sweep claim about server2, the module beside handout and fixed; the fix shows; replays reproduce with the module", () => {
    const out = claims("--seeds", "3", "--no-explore");
    expect(out.claims.length).toBeGreaterThan(10);
    expect(out.claims.every((c) => c.results.map((x) => x.code).join() === `${EXAMPLE},handout,fixed`)).toBe(true);
    const rejoin = out.claims.find((c) => c.id === "rejoin-server-lists-agree")!;
    const [mine, handout, fixed] = rejoin.results;
    expect([mine!.verdict, handout!.verdict, fixed!.verdict]).toEqual(["holds", "violated", "holds"]);
    expect(handout!.replay).toMatch(/^chatty-sim run rejoin-after-crash --seed \d+ .*--set server2=handout/);
    // A claim the module violates: its replay command names the module and, run, violates it again.
    const cell = out.claims.flatMap((c) => c.results.filter((x) => x.code === EXAMPLE && x.verdict === "violated").map((x) => ({ c, x })))[0]!;
    expect(cell.x.replay).toContain(`--set server2=${EXAMPLE}`);
    const args = cell.x.replay!.replace(/^chatty-sim /, "").split(" ");
    const replayed = JSON.parse(cli(...args, "--json").stdout) as { checks: { name: string; status: string }[] };
    expect(replayed.checks.some((v) => v.status === "violated")).toBe(true);
  });

  test("exhaustive claims too: the module's counterexample replays with explore --replay", () => {
    const out = claims("--only", "x-server-lists-agree-concurrent");
    expect(out.claims.map((c) => c.mode)).toEqual(["process-pair", "node-pair", "none"]);
    expect(out.claims.every((c) => c.exhaustive)).toBe(true);
    const none = out.claims.find((c) => c.mode === "none")!.results[0]!;
    expect(none.verdict).toBe("violated");
    expect(none.replay).toMatch(/^chatty-sim explore world .*--set server2=\.\/examples\/my-server2\.js .*--replay [\d,]+$/);
    const r = cli(...none.replay!.replace(/^chatty-sim /, "").split(" "), "--json");
    expect((JSON.parse(r.stdout) as { checks: { name: string; status: string }[] }).checks.find((c) => c.name === "membership")!.status).toBe("violated");
  });

  test("the table for people, progress on stderr, and bad arguments", () => {
    const r = cli("claims", "--role", "server2", "--module", EXAMPLE, "--seeds", "2", "--no-explore", "--only", "rejoin-server-lists-agree");
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/rejoin-server-lists-agree/);
    expect(r.stdout).toMatch(/\.\/examples\/my-server2\.js\s+holds/);
    expect(r.stdout).toMatch(/handout\s+VIOLATED\s+2\/2 runs violated\s+replay: chatty-sim run rejoin-after-crash/);
    expect(r.stderr).toMatch(/claims: 100% \(3\/3/);
    for (const [args, message] of [
      [["--module", EXAMPLE], /claims needs --role/],
      [["--role", "client", "--module", EXAMPLE], /bad --role "client"/],
      [["--role", "server2"], /claims needs --module/],
      [["--role", "server2", "--module", EXAMPLE, "--only", "nope"], /--only: no claim "nope" about server2/],
      [["--role", "server2", "--module", EXAMPLE, "--set", "server2=fixed"], /--set server2=… is the claims' to choose/],
    ] as const) {
      const b = cli("claims", ...args);
      expect(b.code).toBe(2);
      expect(b.stderr).toMatch(message);
    }
  });
});
