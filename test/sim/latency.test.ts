import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { ConfigError } from "../../src/sim/errors.js";
import { type Latency, latency, meanLatency, parseDuration, parseLatency, roundHalfUp, sampleLatency, validateLatency } from "../../src/sim/latency.js";
import { Rng } from "../../src/sim/rng.js";

const five = (d: Latency, seed = 42, name = "lat") => {
  const s = new Rng(seed).stream(name);
  const xs = [0, 1, 2, 3, 4].map(() => sampleLatency(d, s));
  return { xs, draws: s.draws };
};

// Golden values: what a seed means for each distribution (seed 42, stream "lat").
describe("latency golden samples (seed 42)", () => {
  test("constant draws nothing", () => {
    expect(five(latency.constant(250))).toEqual({ xs: [250, 250, 250, 250, 250], draws: 0 });
  });
  test("uniform 100..200", () => {
    expect(five(latency.uniform(100, 200))).toEqual({ xs: [100, 113, 175, 169, 133], draws: 5 });
  });
  test("exponential mean 1000 + 50", () => {
    expect(five(latency.exponential(1000, 50))).toEqual({ xs: [51, 189, 1414, 1217, 458], draws: 5 });
  });
  test("lognormal median 250, sigma 0.3, + 80 (one uniform per sample, most of the time)", () => {
    expect(five(latency.lognormal(250, 0.3, 80))).toEqual({ xs: [330, 312, 416, 295, 343], draws: 5 });
  });
});

describe("roundHalfUp: Math.round for x >= 0, bit for bit", () => {
  test("the cases where floor(x + 0.5) alone is off", () => {
    // 0.49999999999999994 + 0.5 rounds up to 1; an odd integer past 2^52 plus 0.5 ties to the even one above.
    const edges = [0, 0.5, 1.5, 2.5, 0.49999999999999994, 0.5000000000000001, 2 ** 52 - 0.5, 2 ** 52, 2 ** 52 + 1, 2 ** 53 + 2, 4503599627370495.5, Number.MAX_VALUE, Number.MIN_VALUE];
    for (const x of edges) expect(Object.is(roundHalfUp(x), Math.round(x)), `x = ${x}`).toBe(true);
    expect(Math.floor(0.49999999999999994 + 0.5)).toBe(1); // what the guard is for
    expect(Math.floor(2 ** 52 + 1 + 0.5)).toBe(2 ** 52 + 2);
  });
  test("any double >= 0, and the halves and their neighbours", () => {
    fc.assert(fc.property(fc.double({ min: 0, noNaN: true }), (x) => Object.is(roundHalfUp(x), Math.round(x))), { numRuns: 20_000 });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 53 }), fc.integer({ min: -2, max: 2 }), (n, step) => {
        let x = n + 0.5;
        for (let i = 0; i < Math.abs(step); i++) x = step > 0 ? nextUp(x) : nextDown(x);
        return Object.is(roundHalfUp(x), Math.round(x));
      }),
      { numRuns: 20_000 },
    );
  });
});

/** The double after or before `x > 0`. */
function nextUp(x: number): number {
  const b = new BigUint64Array(new Float64Array([x]).buffer);
  b[0]! += 1n;
  return new Float64Array(b.buffer)[0]!;
}
function nextDown(x: number): number {
  const b = new BigUint64Array(new Float64Array([x]).buffer);
  b[0]! -= 1n;
  return new Float64Array(b.buffer)[0]!;
}

describe("sampleLatency", () => {
  const many = (d: Latency, n = 3000) => {
    const s = new Rng(9).stream("many");
    return Array.from({ length: n }, () => sampleLatency(d, s));
  };

  test("every sample is an integer of microseconds, never below the floor", () => {
    for (const d of [latency.uniform(3, 9), latency.exponential(500, 20), latency.lognormal(250, 1.5, 80), latency.exponential(0.4)]) {
      const xs = many(d, 500);
      const floor = d.kind === "uniform" ? d.min : d.kind === "constant" ? d.us : (d.min ?? 0);
      for (const x of xs) {
        expect(Number.isInteger(x)).toBe(true);
        expect(x).toBeGreaterThanOrEqual(floor);
      }
    }
  });

  test("uniform covers [min, max] inclusive with every value about equally likely", () => {
    const xs = many(latency.uniform(10, 13), 4000);
    const counts = [10, 11, 12, 13].map((v) => xs.filter((x) => x === v).length);
    expect(xs.every((x) => x >= 10 && x <= 13)).toBe(true);
    // Rounding a continuous draw would give the two ends half weight (~500 each here).
    for (const c of counts) {
      expect(c).toBeGreaterThan(850);
      expect(c).toBeLessThan(1150);
    }
  });

  test("uniform with min = max is that value", () => {
    expect(many(latency.uniform(7, 7), 20).every((x) => x === 7)).toBe(true);
  });

  test("sample means are near meanLatency", () => {
    for (const d of [latency.uniform(100, 300), latency.exponential(1000, 100), latency.lognormal(250, 0.3, 80)]) {
      const xs = many(d, 6000);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      expect(Math.abs(mean - meanLatency(d)) / meanLatency(d)).toBeLessThan(0.05);
    }
  });

  test("lognormal with sigma 0 is median + min", () => {
    expect(many(latency.lognormal(250, 0, 10), 10).every((x) => x === 260)).toBe(true);
  });
});

describe("meanLatency", () => {
  test("gives each distribution's mean", () => {
    expect(meanLatency(latency.constant(5))).toBe(5);
    expect(meanLatency(latency.uniform(2, 6))).toBe(4);
    expect(meanLatency(latency.exponential(100, 20))).toBe(120);
    expect(meanLatency({ kind: "exponential", mean: 100 })).toBe(100);
    expect(meanLatency(latency.lognormal(100, 0))).toBe(100);
    expect(meanLatency(latency.lognormal(100, 1, 5))).toBeCloseTo(5 + 100 * Math.exp(0.5), 9);
  });
});

describe("validateLatency", () => {
  test("accepts each kind, rounding microsecond fields and defaulting min to 0", () => {
    expect(validateLatency({ kind: "constant", us: 2.6 })).toEqual({ kind: "constant", us: 3 });
    expect(validateLatency({ kind: "uniform", min: 1, max: 4.4 })).toEqual({ kind: "uniform", min: 1, max: 4 });
    expect(validateLatency({ kind: "exponential", mean: 10.5 })).toEqual({ kind: "exponential", mean: 10.5, min: 0 });
    expect(validateLatency({ kind: "lognormal", median: 10, sigma: 0.5, min: 2 })).toEqual({ kind: "lognormal", median: 10, sigma: 0.5, min: 2 });
  });

  test.each([
    ["not an object", 5],
    ["null", null],
    ["no kind", {}],
    ["unknown kind", { kind: "pareto" }],
    ["negative constant", { kind: "constant", us: -1 }],
    ["missing constant", { kind: "constant" }],
    ["string constant", { kind: "constant", us: "5" }],
    ["NaN", { kind: "constant", us: Number.NaN }],
    ["infinite", { kind: "constant", us: Number.POSITIVE_INFINITY }],
    ["max below min", { kind: "uniform", min: 5, max: 4 }],
    ["uniform missing max", { kind: "uniform", min: 5 }],
    ["negative mean", { kind: "exponential", mean: -3 }],
    ["negative exponential min", { kind: "exponential", mean: 3, min: -1 }],
    ["negative sigma", { kind: "lognormal", median: 3, sigma: -1 }],
    ["missing sigma", { kind: "lognormal", median: 3 }],
  ])("rejects %s with a ConfigError", (_what, v) => {
    expect(() => validateLatency(v)).toThrow(ConfigError);
  });

  test("the error names where the bad value was", () => {
    expect(() => validateLatency({ kind: "constant", us: -1 }, "network.default.latency")).toThrow(/^network\.default\.latency\.us must be a non-negative number/);
  });

  test("the shorthand constructors validate too", () => {
    expect(() => latency.constant(-1)).toThrow(ConfigError);
    expect(() => latency.uniform(5, 1)).toThrow(ConfigError);
    expect(() => latency.exponential(-1)).toThrow(ConfigError);
    expect(() => latency.lognormal(10, -0.1)).toThrow(ConfigError);
    expect(latency.constant(1.4)).toEqual({ kind: "constant", us: 1 });
  });
});

describe("parseDuration", () => {
  test.each([
    ["250us", 250],
    ["250µs", 250],
    ["5ms", 5_000],
    ["1.5s", 1_500_000],
    [" 2 ms ", 2_000],
    ["0.0004ms", 0],
    ["0", 0],
  ])("%s is %i µs", (text, want) => {
    expect(parseDuration(text)).toBe(want);
  });

  test.each(["", "-5ms", "5 minutes", "ms", "1e3", "5m", "abc", "250", "1.5"])("rejects %j with a ConfigError", (text) => {
    expect(() => parseDuration(text)).toThrow(ConfigError);
  });
});

describe("parseLatency", () => {
  test.each([
    ["5ms", { kind: "constant", us: 5_000 }],
    ["const:5ms", { kind: "constant", us: 5_000 }],
    ["constant:250us", { kind: "constant", us: 250 }],
    ["uniform:1ms..10ms", { kind: "uniform", min: 1_000, max: 10_000 }],
    ["exp:20ms", { kind: "exponential", mean: 20_000, min: 0 }],
    ["exponential:20ms+1ms", { kind: "exponential", mean: 20_000, min: 1_000 }],
    ["lognormal:40ms,0.5", { kind: "lognormal", median: 40_000, sigma: 0.5, min: 0 }],
    ["lognormal:40ms,0.5,10ms", { kind: "lognormal", median: 40_000, sigma: 0.5, min: 10_000 }],
  ])("%s", (text, want) => {
    expect(parseLatency(text)).toEqual(want);
  });

  test.each(["uniform:5ms", "uniform:10ms..1ms", "exp:", "exp:fast", "lognormal:40ms", "lognormal:40ms,-1", "lognormal:40ms,x", "pareto:1ms", "const:", "", "5", "uniform:1..20ms"])(
    "rejects %j with a ConfigError",
    (text) => {
      expect(() => parseLatency(text)).toThrow(ConfigError);
    },
  );
});
