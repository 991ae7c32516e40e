import { describe, expect, test } from "vitest";
import { ConfigError, SimulatorError } from "../../src/sim/errors.js";
import { Rng, Stream } from "../../src/sim/rng.js";

// Golden values: these pin what a seed means. If one changes, every recorded seed, trace
// hash and report changes meaning with it; update them only on purpose.
describe("rng golden values (seed 42)", () => {
  test("next(): the first draws of stream 'golden'", () => {
    const s = new Rng(42).stream("golden");
    expect([s.next(), s.next(), s.next()]).toEqual([0.04134445730596781, 0.3834701275918633, 0.3910955560859293]);
  });

  test("int(): the first draws of stream 'net:a@h->b@h'", () => {
    const s = new Rng(42).stream("net:a@h->b@h");
    expect([s.int(100), s.int(100), s.int(6), s.int(1_000_000)]).toEqual([3, 80, 3, 542660]);
  });

  test("chance(): the first draws of stream 'chance'", () => {
    const s = new Rng(42).stream("chance");
    expect([s.chance(0.5), s.chance(0.5), s.chance(0.5), s.chance(0.5), s.chance(0.1), s.chance(0.9)]).toEqual([true, true, true, true, false, true]);
    expect(s.draws).toBe(6);
  });

  test("normal(): the first draws of stream 'normal', the ziggurat's one uniform each", () => {
    const s = new Rng(42).stream("normal");
    expect([s.normal(), s.normal(), s.normal()]).toEqual([-0.4256202903617935, 1.060892995923032, 0.5997477369410475]);
    expect(s.draws).toBe(3);
  });

  test("a stream is Alea seeded with '<seed>/<name>'", () => {
    expect(new Rng(0).stream("x").next()).toBe(0.34140334581024945);
    expect(new Stream("0/x").next()).toBe(0.34140334581024945);
  });
});

describe("Rng and Stream", () => {
  test("the same seed and name give the same sequence; another seed or name does not", () => {
    const draw = (seed: number, name: string) => {
      const s = new Rng(seed).stream(name);
      return [s.next(), s.next(), s.next(), s.next()];
    };
    expect(draw(7, "a")).toEqual(draw(7, "a"));
    expect(draw(7, "a")).not.toEqual(draw(8, "a"));
    expect(draw(7, "a")).not.toEqual(draw(7, "b"));
  });

  test("streams are independent: drawing from one does not shift another", () => {
    const r1 = new Rng(5);
    const r2 = new Rng(5);
    for (let i = 0; i < 100; i++) r1.stream("noise").next();
    expect(r1.stream("net:a->b").next()).toBe(r2.stream("net:a->b").next());
  });

  test("stream(name) returns the same object each time and keeps its position", () => {
    const r = new Rng(1);
    const s = r.stream("x");
    expect(r.stream("x")).toBe(s);
    s.next();
    expect(r.stream("x").draws).toBe(1);
  });

  test("next() is in [0, 1) and counts draws", () => {
    const s = new Rng(3).stream("u");
    for (let i = 0; i < 1000; i++) {
      const x = s.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    expect(s.draws).toBe(1000);
  });

  test("int(n) is an integer in [0, n) and reaches both ends", () => {
    const s = new Rng(3).stream("i");
    const seen = new Set<number>();
    for (let i = 0; i < 500; i++) {
      const x = s.int(4);
      expect(Number.isInteger(x)).toBe(true);
      seen.add(x);
    }
    expect([...seen].sort()).toEqual([0, 1, 2, 3]);
    expect(new Rng(3).stream("one").int(1)).toBe(0);
  });

  test("int(n) rejects a non-positive or fractional n", () => {
    const s = new Rng(3).stream("i");
    expect(() => s.int(0)).toThrow(SimulatorError);
    expect(() => s.int(-2)).toThrow(SimulatorError);
    expect(() => s.int(1.5)).toThrow(SimulatorError);
    expect(s.draws).toBe(0);
  });

  test("chance(0) and chance(1) draw nothing, so a lossless link costs no draw", () => {
    const s = new Rng(3).stream("c");
    expect(s.chance(0)).toBe(false);
    expect(s.chance(-1)).toBe(false);
    expect(s.chance(1)).toBe(true);
    expect(s.chance(2)).toBe(true);
    expect(s.draws).toBe(0);
    s.chance(0.5);
    expect(s.draws).toBe(1);
  });

  test("chance(p) is true about p of the time", () => {
    const s = new Rng(11).stream("c");
    let hits = 0;
    for (let i = 0; i < 4000; i++) if (s.chance(0.25)) hits++;
    expect(hits / 4000).toBeGreaterThan(0.2);
    expect(hits / 4000).toBeLessThan(0.3);
  });

  test("normal() is standard normal: Kolmogorov–Smirnov over 200,000 draws, the tail past R and the wedges taken", () => {
    const s = new Rng(5).stream("zig");
    const n = 200_000;
    const xs = Float64Array.from({ length: n }, () => s.normal());
    // Abramowitz and Stegun 7.1.26: |error| < 1.5e-7, far below the test's resolution.
    const erf = (x: number): number => {
      const t = 1 / (1 + 0.3275911 * Math.abs(x));
      const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
      return x >= 0 ? y : -y;
    };
    const cdf = (x: number): number => 0.5 * (1 + erf(x / Math.SQRT2));
    xs.sort();
    let d = 0;
    for (let i = 0; i < n; i++) d = Math.max(d, Math.abs(cdf(xs[i]!) - i / n), Math.abs(cdf(xs[i]!) - (i + 1) / n));
    expect(d).toBeLessThan(1.63 / Math.sqrt(n)); // the 1% critical value
    // The tail past R = 3.4426 (about 0.058% of draws, both signs) is drawn, and in proportion.
    const tail = xs.filter((x) => Math.abs(x) > 3.442619855899).length / n;
    expect(tail).toBeGreaterThan(0.0003);
    expect(tail).toBeLessThan(0.0009);
    expect(xs[0]!).toBeLessThan(-3.9);
    expect(xs[n - 1]!).toBeGreaterThan(3.9);
    // Wedges and tails draw again: a few percent more draws than normals, never fewer.
    expect(s.draws).toBeGreaterThan(n * 1.01);
    expect(s.draws).toBeLessThan(n * 1.08);
  });

  test("normal() has mean near 0 and variance near 1, and is finite", () => {
    const s = new Rng(11).stream("n");
    const xs = Array.from({ length: 4000 }, () => s.normal());
    expect(xs.every(Number.isFinite)).toBe(true);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(variance).toBeGreaterThan(0.9);
    expect(variance).toBeLessThan(1.1);
  });

  test("a bad seed is a ConfigError", () => {
    expect(() => new Rng(-1)).toThrow(ConfigError);
    expect(() => new Rng(1.5)).toThrow(ConfigError);
    expect(() => new Rng(Number.NaN)).toThrow(ConfigError);
    expect(() => new Rng(2 ** 53)).toThrow(ConfigError);
    expect(new Rng(0).seed).toBe(0);
    expect(new Rng(Number.MAX_SAFE_INTEGER).seed).toBe(Number.MAX_SAFE_INTEGER);
  });
});
