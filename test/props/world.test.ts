/**
 * The `world` scenario and the world arbitraries: world text round-trips, bad text is a
 * ConfigError, generated worlds are well-formed and run, and a case replays from its
 * command line to the same trace hash.
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { caseSets, caseSize, diagramOf, parseWorld, runCase, worldCase, worldText, type WorldCase } from "../../src/props/index.js";
import { findScenario, runScenario } from "../../src/scenarios/index.js";
import { DEFAULT_WORLD } from "../../src/scenarios/world.js";
import { ConfigError } from "../../src/sim/index.js";

/** The `--set` pairs of a replay command, split the way the CLI's argument parser splits them. */
function setsOf(replay: string): [string, string][] {
  return [...replay.matchAll(/--set (\S+)/g)].map((m) => {
    const e = m[1]!.indexOf("=");
    return [m[1]!.slice(0, e), m[1]!.slice(e + 1)];
  });
}

describe("world text", () => {
  test("round-trips every generated world (200 runs)", () => {
    fc.assert(
      fc.property(worldCase({ faults: ["disconnect", "crash", "partition", "slow"], loss: true }), (c) => {
        expect(parseWorld(worldText(c.world))).toEqual(c.world);
        // Shell-safe without quoting.
        expect(worldText(c.world)).toMatch(/^[A-Za-z0-9/:,.\-_@]+$/);
      }),
      { numRuns: 200, seed: 7 },
    );
  });

  test("the default world parses and names a server2 world of three servers", () => {
    const w = parseWorld(DEFAULT_WORLD);
    expect(w.system).toBe("server2");
    expect(w.servers.length).toBe(3);
    expect(worldText(w)).toBe(DEFAULT_WORLD);
  });

  test.each([
    ["server3/lan/S:t0/C:s0t0/F:/T:1", /system/],
    ["server/moon/S:t0/C:s0t0/F:/T:1", /profile/],
    ["server/lan/S:t0,t5b0/C:s0t0/F:/T:1", /exactly one server/],
    ["server2/lan/S:t0/C:s1t0/F:/T:1", /server 1, which does not exist/],
    ["server2/lan/S:t0/C:s0t0-r0.1.0/F:/T:1", /not another client/],
    ["server2/lan/S:t0/C:s0t0,s0t0-r0.1.0/F:/T:1", /answers line 1 of A, who types 0/],
    ["server2/lan/S:t0/C:s0t0-q5/F:/T:1", /action "q5"/],
    ["server2/lan/S:t0/C:s0t0/F:p0.0t5/T:1", /two different nodes/],
    ["server2/lan/S:t0/C:s0t0/F:/T:soon", /until/],
    ["server2/lan/S:t0/C:s0t0/F:", /expected system/],
  ])("%s is a ConfigError", (text, why) => {
    expect(() => parseWorld(text)).toThrow(ConfigError);
    expect(() => parseWorld(text)).toThrow(why);
    expect(() => runScenario(findScenario("world"), 1, [["world", text]])).toThrow(ConfigError);
  });
});

describe("generated worlds", () => {
  test("respect the sizes asked for and run to quiescence (60 runs)", () => {
    fc.assert(
      fc.property(worldCase({ servers: { min: 1, max: 4 }, clients: { min: 2, max: 6 }, faults: ["disconnect", "crash", "partition", "slow"], loss: true }), (c) => {
        const s = caseSize(c);
        expect(s.servers).toBeGreaterThanOrEqual(1);
        expect(s.servers).toBeLessThanOrEqual(c.world.system === "server" ? 1 : 4);
        expect(s.clients).toBeGreaterThanOrEqual(2);
        expect(s.clients).toBeLessThanOrEqual(6);
        // Servers start before any client, each through an earlier one.
        const lastServer = Math.max(...c.world.servers.map((x) => x.at));
        for (const cl of c.world.clients) expect(cl.at).toBeGreaterThan(lastServer);
        c.world.servers.forEach((x, i) => expect(x.boot === undefined ? i === 0 || c.world.system === "server" : x.boot < i).toBe(true));
        const r = runCase(c);
        expect(r.outcome.kind).toBe("quiescent");
      }),
      { numRuns: 60, seed: 11 },
    );
  });

  test("shrink towards the smallest world: one server, two clients, nothing typed", () => {
    // Every world violates "false", so fast-check shrinks as far as the arbitrary allows.
    const d = fc.check(fc.property(worldCase(), () => false), { numRuns: 1, seed: 3 });
    expect(d.failed).toBe(true);
    const c = d.counterexample![0] as WorldCase;
    expect(caseSize(c)).toEqual({ servers: 1, clients: 2, typed: 0, replies: 0, faults: 0 });
    expect(c.latency).toBeNull();
    expect(c.seed).toBe(0);
  });
});

describe("replay", () => {
  test("a case's replay command reproduces its run: same trace hash through runScenario (20 runs)", () => {
    fc.assert(
      fc.property(worldCase({ faults: ["partition", "slow"], loss: true }), (c) => {
        const r = runCase(c);
        expect(r.replay.startsWith(`chatty-sim run world --seed ${c.seed} `)).toBe(true);
        const again = runScenario(findScenario("world"), c.seed, setsOf(r.replay));
        expect(again.traceHash).toBe(r.traceHash);
        expect(setsOf(r.replay).find(([k]) => k === "world")?.[1]).toBe(caseSets(c).find(([k]) => k === "world")?.[1]);
      }),
      { numRuns: 20, seed: 5 },
    );
  });

  test("the diagram has one lane per process and a row per message taken", () => {
    const c = { seed: 1, variant: "handout", ordering: "process-pair", latency: "1ms", loss: 0, world: parseWorld("server/lan/S:t0/C:s0t1000-m10000,s0t2000/F:/T:100000") } as const;
    const d = diagramOf(c);
    const [head, ...rows] = d.split("\n");
    expect(head!.trim().split(/\s+/)).toEqual(["server1", "A", "A.bg", "B", "B.bg"]);
    // A types A1: to the server, then to both background tasks, taken 1 ms later each.
    expect(rows.filter((r) => r.includes('{send,"A","A1"}'))).toHaveLength(1);
    expect(rows.filter((r) => r.includes('{message,"A","A1"}'))).toHaveLength(2);
    expect(rows.find((r) => r.includes('{send,"A","A1"}'))).toMatch(/^\s+11\.002ms\s+\|<-------o/);
    expect(d).not.toContain("!!");
  });
});
