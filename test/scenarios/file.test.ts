/**
 * Scenario files: every chat scenario written out runs back to the same trace; the shipped
 * JSON Schema accepts what `export` writes and rejects bad files; a bad file is one line
 * naming the place and the problem, exit 2; sweep and explore take files too.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, test } from "vitest";
import { findScenario, parseParams, parseScenarioFile, runScenario, scenarioFile, SCENARIOS, type Scenario } from "../../src/scenarios/index.js";
import { SCENARIO_SCHEMA } from "../../src/scenarios/fileSchema.js";
import { ConfigError } from "../../src/sim/index.js";
import { cli, cliJs } from "../cliHarness.js";

const SMALL: Record<string, [string, string][]> = { "q-a": [["clients", "20"]], "q-j": [["clients", "20"]] };
const dir = mkdtempSync(join(tmpdir(), "chatty-files-"));
const fileOf = (s: Scenario, sets: [string, string][] = SMALL[s.name] ?? []): Record<string, unknown> => scenarioFile(s, { seed: 1, params: parseParams(s.params, sets), trace: "off" });
/** Writes `json` to a fresh file and returns its path. */
const write = (name: string, json: unknown): string => {
  const p = join(dir, `${name}.json`);
  writeFileSync(p, JSON.stringify(json, null, 2));
  return p;
};
/** `chatty-sim ...args` run in directory `cwd`. */
const cliIn = (cwd: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [cliJs, ...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const chat = SCENARIOS;
const validate = new Ajv2020({ strict: true, allErrors: true }).compile(SCENARIO_SCHEMA);

describe("export and run back", () => {
  test("every named scenario, of every system, keeps its world as data", () => {
    expect(SCENARIOS.filter((s) => s.world === undefined).map((s) => s.name)).toEqual([]);
    expect(new Set(SCENARIOS.map((s) => (fileOf(s) as { system: string }).system))).toEqual(new Set(["server", "server2", "theychat", "idle"]));
  });
  test.each(chat.map((s) => s.name))("%s written as a file runs to the same trace hash and verdicts (seeds 1 and 7)", (name) => {
    const s = findScenario(name);
    const path = write(name, fileOf(s));
    const back = findScenario(path);
    expect(back.name).toBe(path);
    for (const seed of [1, 7]) {
      const a = runScenario(s, seed, SMALL[name] ?? []);
      const b = runScenario(back, seed);
      expect(b.traceHash).toBe(a.traceHash);
      expect(b.checks).toEqual(a.checks);
    }
  });
  test("parameters given to export are baked into the file, and --set still works on the file", () => {
    const s = findScenario("q-e");
    const sets: [string, string][] = [["system", "server2"], ["loss", "0.1"], ["ordering", "none"], ["latency", "uniform:1ms..20ms"], ["variant", "fixed"]];
    const f = fileOf(s, sets);
    expect(f["network"]).toMatchObject({ profile: "wan", loss: 0.1, ordering: "none", latency: "uniform:1ms..20ms" });
    const back = parseScenarioFile(JSON.parse(JSON.stringify(f)), "q-e-file");
    expect(runScenario(back, 3).traceHash).toBe(runScenario(s, 3, sets).traceHash);
    expect(runScenario(back, 3, [["loss", "0"]]).traceHash).toBe(runScenario(s, 3, sets.filter(([k]) => k !== "loss")).traceHash);
  });
  test("every node's netTicktime is baked into the file, validated by the schema, and read back", () => {
    const s = findScenario("partition");
    const sets: [string, string][] = [["ticktime", "400ms"]];
    const f = fileOf(s, sets);
    expect(f["netTicktime"]).toBe("400ms");
    expect(validate(f)).toBe(true);
    const back = parseScenarioFile(JSON.parse(JSON.stringify(f)), "partition-file");
    const r = runScenario(back, 1);
    expect(r.traceHash).toBe(runScenario(s, 1, sets).traceHash);
    expect(r.checks.find((c) => c.check === "completeness")!.status).toBe("violated"); // a 1 s cut outlasts a 400 ms tick
  });
  test("TheyChat's baseline without backup and the fault-tolerance failures are baked into the file; the schema accepts them", () => {
    for (const [name, sets] of [["theychat-server-crash", [["backup", "no"]]], ["fault-tolerance", [["system", "server"], ["failure", "partition"]]], ["server-restart", [["variant", "fixed"]]]] as [string, [string, string][]][]) {
      const s = findScenario(name);
      const f = fileOf(s, sets);
      expect(validate(f), JSON.stringify(validate.errors)).toBe(true);
      const back = parseScenarioFile(JSON.parse(JSON.stringify(f)), `${name}-file`);
      expect(runScenario(back, 2).traceHash).toBe(runScenario(s, 2, sets).traceHash);
    }
    expect(fileOf(findScenario("theychat-server-crash"), [["backup", "no"]])["backup"]).toBe(false);
  });
  test("roles give one role other node code than the rest", () => {
    const f = { ...fileOf(findScenario("ms2")), variant: "handout" };
    const hash = (roles: unknown, variant = "handout") => runScenario(parseScenarioFile({ ...f, variant, ...(roles === undefined ? {} : { roles }) }, "ms2-roles"), 1).traceHash;
    const handout = hash(undefined);
    const fixed = hash(undefined, "fixed");
    const server = hash({ server: "fixed" });
    const client = hash({ client: "fixed" });
    expect(new Set([handout, fixed, server, client]).size).toBe(4);
    expect(hash({ server: "fixed", client: "fixed" })).toBe(fixed);
    expect(hash({ server: "handout", client: "handout" }, "fixed")).toBe(handout);
    expect(() => parseScenarioFile({ ...f, roles: { server2: "fixed" } }, "x")).toThrow('roles: unknown key "server2" (keys: server, client)');
  });
});

describe("the JSON Schema", () => {
  test.each(chat.map((s) => s.name))("accepts the file of %s", (name) => {
    const ok = validate(JSON.parse(JSON.stringify(fileOf(findScenario(name)))));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });
  test("rejects what the reader rejects for its shape", () => {
    const base = fileOf(findScenario("ms1"));
    for (const bad of [{ ...base, format: "x" }, { ...base, nodes: [] }, { ...base, until: "soon" }, { ...base, checks: ["fast"] }, { ...base, network: { latency: "5ms" } }]) {
      expect(validate(bad)).toBe(false);
      expect(() => parseScenarioFile(bad, "bad")).toThrow(ConfigError);
    }
  });
  test("chatty-sim schema prints it", () => {
    const r = cli("schema");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(JSON.stringify(SCENARIO_SCHEMA)));
  });
});

describe("bad files: one line naming the place and the problem", () => {
  const base = (): Record<string, unknown> => JSON.parse(JSON.stringify(fileOf(findScenario("ms4"))));
  const cases: [string, (f: Record<string, any>) => void, string][] = [
    ["a latency whose min is above its max", (f) => (f.network.links = [{ from: "server1@10.0.0.1", to: "server2@10.0.0.2" }, { from: "server1@10.0.0.1", to: "server3@10.0.0.3" }, { from: "server2@10.0.0.2", to: "server1@10.0.0.1", latency: "uniform:5ms..1ms" }]), 'network.links[2].latency: "uniform:5ms..1ms": max (1000) is below min (5000)'],
    ["a link to a node that is not in the world", (f) => (f.network.links = [{ from: "server1@10.0.0.1", to: "mars@1.2.3.4" }]), 'network.links[0].to: "mars@1.2.3.4" is not a node of this world'],
    ["a client on a server that does not exist", (f) => (f.clients[1].server = 9), "clients[1].server: expected an integer from 0 to 2, got 9"],
    ["a bad duration", (f) => (f.clients[0].actions[0].at = "3 weeks"), 'clients[0].actions[0].at: "3 weeks" is not a duration'],
    ["an unknown key", (f) => (f.clients[0].colour = "red"), 'clients[0]: unknown key "colour"'],
    ["a missing key", (f) => delete f.until, "until: missing"],
    ["an unknown check", (f) => (f.checks = ["fifo", "speed"]), 'checks[1]: expected one of "fifo"'],
    ["a second server2 server that joins nobody", (f) => delete f.servers[1].boot, "servers[1].boot: missing"],
    ["a fault on an unknown node", (f) => (f.faults = [{ at: "1s", op: "crash", node: "nobody@x" }]), 'faults[0].node: "nobody@x" is not a node'],
    ["a probability above 1", (f) => (f.network.loss = 2), "network.loss: expected a probability from 0 to 1, got 2"],
    ["a key of another system", (f) => (f.topics = []), '(top): unknown key "topics"'],
  ];
  test.each(cases)("%s", (_, mutate, message) => {
    const f = base();
    mutate(f);
    const path = write(`bad-${cases.findIndex((c) => c[2] === message)}`, f);
    const r = cli("run", path);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n")).toHaveLength(2);
    expect(r.stderr).toContain(`chatty-sim: ${path}: ${message}`);
    expect(r.stderr).not.toMatch(/\n\s+at |Error:/);
  });
  test("TheyChat and idle-chat files are checked the same way", () => {
    const they = JSON.parse(JSON.stringify(fileOf(findScenario("theychat-topics")))) as Record<string, any>;
    they.clients[2].script[1].op = "shout";
    expect(() => parseScenarioFile(they, "t")).toThrow('clients[2].script[1].op: expected one of "join", "send", "leave", "crash", got "shout"');
    const kill = JSON.parse(JSON.stringify(fileOf(findScenario("theychat-router-crash")))) as Record<string, any>;
    kill.faults[0].target.node = "router@elsewhere";
    expect(() => parseScenarioFile(kill, "t")).toThrow('faults[0].target.node: "router@elsewhere" is not a node of this world');
    const idle = JSON.parse(JSON.stringify(fileOf(findScenario("idle-timeout")))) as Record<string, any>;
    expect(() => parseScenarioFile({ ...idle, servers: [] }, "i")).toThrow('unknown key "servers"');
    expect(() => parseScenarioFile({ ...idle, maxPseudoLength: 0 }, "i")).toThrow("maxPseudoLength: expected an integer from 1 to 100, got 0");
    const { maxIdle: _, ...noIdle } = idle;
    expect(() => parseScenarioFile(noIdle, "i")).toThrow("maxIdle: missing");
  });
  test("an idle-chat file's settings are its own: a shorter maxIdle disconnects Cy sooner, and the check follows", () => {
    const idle = JSON.parse(JSON.stringify(fileOf(findScenario("idle-timeout"), [["maxIdle", "3s"]]))) as Record<string, any>;
    expect(idle.maxIdle).toBe("3s");
    const r = runScenario(parseScenarioFile(idle, "i"), 1);
    expect(r.traceHash).toBe(runScenario(findScenario("idle-timeout"), 1, [["maxIdle", "3s"]]).traceHash);
    expect(r.checks.find((c) => c.check === "idle-user-kicked")!.status).toBe("holds");
  });
  test("a file that is not JSON, and one that is not there", () => {
    const p = join(dir, "broken.json");
    writeFileSync(p, "{ nope");
    expect(cli("run", p).stderr).toMatch(/^chatty-sim: .*broken\.json: not JSON \(/);
    const r = cli("sweep", join(dir, "missing.json"), "--seeds", "1..2");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read scenario file .*missing\.json: ENOENT\n$/);
  });
  test("export of an unknown scenario, or with a bad parameter, is bad input", () => {
    expect(cli("export", "nope").code).toBe(2);
    expect(cli("export", "q-e", "--set", "loss=3").stderr).toMatch(/^chatty-sim: bad value "3" for loss/);
  });
});

describe("files in every command", () => {
  test("chatty-sim export writes a file that chatty-sim run replays, in another process, to the same hash", () => {
    const out = join(dir, "qe-cli.json");
    expect(cli("export", "q-e", "--set", "system=server2", "--out", out).code).toBe(0);
    const a = JSON.parse(cli("run", "q-e", "--set", "system=server2", "--seed", "5", "--json").stdout);
    const b = JSON.parse(cli("run", out, "--seed", "5", "--json").stdout);
    expect(b.traceHash).toBe(a.traceHash);
    expect(b.replay).toBe(`chatty-sim run ${out} --seed 5`);
  });
  test("a sweep of a file on worker threads tallies like the named scenario, from another directory", () => {
    const path = write("ms5-sweep", fileOf(findScenario("ms5")));
    const json = (r: ReturnType<typeof cli>) => {
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout) as { checks: { name: string; holds: number; violated: number; firstViolation: { replay: string } | null }[] };
    };
    const named = json(cli("sweep", "ms5", "--seeds", "1..12", "--workers", "2", "--json"));
    const file = json(cliIn(dir, "sweep", "ms5-sweep.json", "--seeds", "1..12", "--workers", "2", "--json"));
    expect(file.checks.map((c) => [c.name, c.holds, c.violated])).toEqual(named.checks.map((c) => [c.name, c.holds, c.violated]));
    expect(file.checks.find((c) => c.violated > 0)!.firstViolation!.replay).toBe(`chatty-sim run ${path} --seed 1`);
  });
  test("explore takes a file", () => {
    const path = write("ms1-explore", fileOf(findScenario("ms1")));
    const r = cli("explore", path, "--max-runs", "20", "--json");
    expect(r.code).toBe(0);
    const named = cli("explore", "ms1", "--max-runs", "20", "--json");
    const strip = (s: string) => JSON.stringify({ ...JSON.parse(s), scenario: undefined, elapsedMs: undefined });
    expect(strip(r.stdout).replaceAll(path, "ms1")).toBe(strip(named.stdout));
  });
});
