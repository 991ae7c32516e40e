/**
 * The benchmarks' statistics for paired rounds: each round measures both sides back to back,
 * so its ratio is what that minute of the machine gave; the median of the rounds' ratios is
 * the figure, with a 95% interval from a bootstrap over the rounds (seeded: the same rounds
 * give the same interval). `bench ab` and the report's targets use it.
 */
import { Rng } from "../src/sim/rng.js";

/** The value at fraction `f` of `xs` sorted (0: the least, 0.5: the median). */
export function quantile(xs: readonly number[], f: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * f))]!;
}

/** The median of some rounds' ratios and its 95% interval. */
export interface Spread {
  readonly median: number;
  readonly low: number;
  readonly high: number;
  /** How many rounds it is over. */
  readonly rounds: number;
}

/** The median of `xs` (not empty) and its 95% interval, from `resamples` bootstrap resamples drawn from a seeded stream. */
export function medianInterval(xs: readonly number[], resamples = 2000): Spread {
  const draw = new Rng(1).stream("bench:rounds");
  const medians: number[] = [];
  for (let r = 0; r < resamples; r++) medians.push(quantile(Array.from(xs, () => xs[draw.int(xs.length)]!), 0.5));
  return { median: quantile(xs, 0.5), low: quantile(medians, 0.025), high: quantile(medians, 0.975), rounds: xs.length };
}
