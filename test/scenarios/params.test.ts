import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { COMMON_PARAMS, formatValue, parseParams, setArgs, type ParamSpec } from "../../src/scenarios/index.js";
import { ConfigError } from "../../src/sim/index.js";

const SPECS: readonly ParamSpec[] = [
  ...COMMON_PARAMS,
  { kind: "int", name: "n", doc: "", default: 3, min: 1, max: 10 },
  { kind: "duration", name: "d", doc: "", default: 1000 },
];

describe("parameters", () => {
  test("defaults when nothing is set; frozen values", () => {
    const v = parseParams(SPECS, []);
    expect(v).toMatchObject({ variant: "handout", ordering: "process-pair", latency: null, loss: 0, n: 3, d: 1000 });
    expect(Object.isFrozen(v)).toBe(true);
    expect(setArgs(SPECS, v)).toEqual([]);
  });
  test.each([
    [["n", "0"], /from 1 to 10/],
    [["n", "2.5"], /integer/],
    [["d", "soon"], /duration/],
    [["loss", "-0.1"], /probability/],
    [["ordering", "random"], /one of process-pair, node-pair, none/],
    [["who", "x"], /unknown parameter "who"/],
  ])("%j is refused with a ConfigError that says why", (pair, why) => {
    expect(() => parseParams(SPECS, [pair as [string, string]])).toThrow(ConfigError);
    expect(() => parseParams(SPECS, [pair as [string, string]])).toThrow(why);
  });
  test("property (300 runs): the --set arguments a result prints parse back to the same values", () => {
    const latencyText = fc.oneof(
      fc.integer({ min: 0, max: 10_000_000 }).map((u) => `${u}us`),
      fc.tuple(fc.integer({ min: 0, max: 1000 }), fc.integer({ min: 0, max: 1000 })).map(([a, b]) => `uniform:${Math.min(a, b)}ms..${Math.max(a, b)}ms`),
      fc.tuple(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 0, max: 5 })).map(([m, b]) => `exp:${m}ms+${b}ms`),
      fc.tuple(fc.integer({ min: 1, max: 100 }), fc.double({ min: 0, max: 2, noNaN: true })).map(([m, s]) => `lognormal:${m}ms,${s}`),
    );
    fc.assert(
      fc.property(latencyText, fc.integer({ min: 0, max: 5_000_000 }), fc.constantFrom("handout", "fixed"), (lat, d, variant) => {
        const v = parseParams(SPECS, [["latency", lat], ["d", `${d}us`], ["variant", variant]]);
        const again = parseParams(SPECS, setArgs(SPECS, v).map((a) => a.replace("--set ", "").split(/=(.*)/s).slice(0, 2) as [string, string]));
        expect(again).toEqual(v);
      }),
      { numRuns: 300, seed: 7 },
    );
  });
  test("durations print in the largest exact unit", () => {
    const d = SPECS.find((s) => s.name === "d")!;
    expect([formatValue(d, 5_000_000), formatValue(d, 250_000), formatValue(d, 1500), formatValue(d, 0)]).toEqual(["5s", "250ms", "1500us", "0us"]);
  });
});
