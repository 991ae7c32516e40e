/**
 * Latency distributions for network links, all in integer microseconds. A distribution is
 * plain data (so it can live in a scenario, a parameter or a report) and is sampled from a
 * named `Stream`, never from ambient randomness.
 */
import { ConfigError } from "./errors.js";
import type { Stream } from "./rng.js";
import type { Micros } from "./time.js";

/** A latency distribution. Every variant has a floor of 0 µs after rounding. */
export type Latency =
  /** Always `us`. */
  | { readonly kind: "constant"; readonly us: Micros }
  /** Uniform over `[min, max]`. */
  | { readonly kind: "uniform"; readonly min: Micros; readonly max: Micros }
  /** `min` plus an exponential with the given mean (of the part above `min`). */
  | { readonly kind: "exponential"; readonly mean: Micros; readonly min?: Micros }
  /** Lognormal with the given median and shape `sigma`, shifted by `min`. */
  | { readonly kind: "lognormal"; readonly median: Micros; readonly sigma: number; readonly min?: Micros };

/** Shorthand constructors, for readable scenarios. They validate (and round) like user input. */
export const latency = {
  /** Always `us` microseconds. */
  constant: (us: Micros): Latency => validateLatency({ kind: "constant", us }),
  /** Uniform in `[min, max]` microseconds. */
  uniform: (min: Micros, max: Micros): Latency => validateLatency({ kind: "uniform", min, max }),
  /** `min` + Exp(mean) microseconds. */
  exponential: (mean: Micros, min: Micros = 0): Latency => validateLatency({ kind: "exponential", mean, min }),
  /** `min` + LogNormal(ln median, sigma) microseconds. */
  lognormal: (median: Micros, sigma: number, min: Micros = 0): Latency => validateLatency({ kind: "lognormal", median, sigma, min }),
};

/** Draws one latency. Constant latencies draw nothing from the stream. */
export function sampleLatency(d: Latency, s: Stream): Micros {
  switch (d.kind) {
    case "constant":
      return d.us;
    case "uniform":
      // Every integer in [min, max] equally likely (rounding would give the ends half weight).
      return d.min + Math.floor(s.next() * (d.max - d.min + 1));
    case "exponential":
      return (d.min ?? 0) + roundHalfUp(-Math.log(1 - s.next()) * d.mean);
    case "lognormal":
      return (d.min ?? 0) + roundHalfUp(d.median * Math.exp(d.sigma * s.normal()));
  }
}

/**
 * `Math.round(x)` for every x ≥ 0, bit for bit: `Math.floor(x + 0.5)`, less one where the
 * addition rounded up to the next integer (x = 0.49999999999999994, and odd integers past
 * 2^52). It is what a draw rounds with: on Node 20, `Math.round` after `Math.exp` in the
 * draw costs about 12 ns more than this (a draw loop side by side: 33 against 20 ns), and a
 * broadcast makes one draw a delivery.
 */
export function roundHalfUp(x: number): number {
  const r = Math.floor(x + 0.5);
  return r - 0.5 > x ? r - 1 : r;
}

/** The mean of a distribution, in microseconds (for reports and sanity checks). */
export function meanLatency(d: Latency): number {
  switch (d.kind) {
    case "constant":
      return d.us;
    case "uniform":
      return (d.min + d.max) / 2;
    case "exponential":
      return (d.min ?? 0) + d.mean;
    case "lognormal":
      return (d.min ?? 0) + d.median * Math.exp((d.sigma * d.sigma) / 2);
  }
}

function nonNegative(what: string, v: unknown): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
    throw new ConfigError(`${what} must be a non-negative number, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** Checks a distribution read from user input; returns it typed, or throws `ConfigError`. */
export function validateLatency(v: unknown, where = "latency"): Latency {
  if (typeof v !== "object" || v === null) throw new ConfigError(`${where}: expected an object with a "kind"`);
  const o = v as Record<string, unknown>;
  switch (o.kind) {
    case "constant":
      return { kind: "constant", us: Math.round(nonNegative(`${where}.us`, o.us)) };
    case "uniform": {
      const min = nonNegative(`${where}.min`, o.min);
      const max = nonNegative(`${where}.max`, o.max);
      if (max < min) throw new ConfigError(`${where}: max (${max}) is below min (${min})`);
      return { kind: "uniform", min: Math.round(min), max: Math.round(max) };
    }
    case "exponential":
      return {
        kind: "exponential",
        mean: nonNegative(`${where}.mean`, o.mean),
        min: Math.round(nonNegative(`${where}.min`, o.min ?? 0)),
      };
    case "lognormal":
      return {
        kind: "lognormal",
        median: nonNegative(`${where}.median`, o.median),
        sigma: nonNegative(`${where}.sigma`, o.sigma),
        min: Math.round(nonNegative(`${where}.min`, o.min ?? 0)),
      };
    default:
      throw new ConfigError(`${where}: unknown kind ${JSON.stringify(o.kind)} (constant, uniform, exponential, lognormal)`);
  }
}

/**
 * Parses the compact form users type on the command line: `5ms`, `const:5ms`,
 * `uniform:1ms..10ms`, `exp:20ms`, `exp:20ms+1ms`, `lognormal:40ms,0.5`. Units: us, ms, s.
 */
export function parseLatency(text: string): Latency {
  const t = text.trim();
  const m = /^(\w+):(.*)$/.exec(t);
  const kind = m ? m[1]! : "const";
  const arg = m ? m[2]! : t;
  switch (kind) {
    case "const":
    case "constant":
      return { kind: "constant", us: parseDuration(arg) };
    case "uniform": {
      const [a, b] = arg.split("..");
      if (b === undefined) throw new ConfigError(`latency "${text}": uniform needs min..max`);
      return validateLatency({ kind: "uniform", min: parseDuration(a!), max: parseDuration(b) }, `latency "${text}"`);
    }
    case "exp":
    case "exponential": {
      const [mean, min] = arg.split("+");
      return { kind: "exponential", mean: parseDuration(mean!), min: min === undefined ? 0 : parseDuration(min) };
    }
    case "lognormal": {
      const [median, sigma, min] = arg.split(",");
      const s = Number(sigma);
      if (sigma === undefined || !Number.isFinite(s) || s < 0) {
        throw new ConfigError(`latency "${text}": lognormal needs median,sigma with sigma >= 0`);
      }
      return { kind: "lognormal", median: parseDuration(median!), sigma: s, min: min === undefined ? 0 : parseDuration(min) };
    }
    default:
      throw new ConfigError(`latency "${text}": unknown kind "${kind}" (const, uniform, exp, lognormal)`);
  }
}

/**
 * Parses `250us`, `5ms` or `1.5s` into integer microseconds. The unit is required (a bare `5`
 * could mean 5 us or 5 ms), except for `0`, which is the same in every unit.
 */
export function parseDuration(text: string): Micros {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(us|µs|ms|s)?\s*$/.exec(text);
  if (!m) throw new ConfigError(`bad duration "${text}" (examples: 250us, 5ms, 1.5s)`);
  const n = Number(m[1]);
  if (m[2] === undefined && n !== 0) throw new ConfigError(`duration "${text}" needs a unit: us, ms or s`);
  const unit = m[2] ?? "us";
  const factor = unit === "s" ? 1_000_000 : unit === "ms" ? 1_000 : 1;
  return Math.round(n * factor);
}
