/**
 * Seeded randomness, split into named streams. Every random draw in the simulator comes
 * from `rng.stream(name)`, a seedrandom Alea generator seeded with `"<seed>/<name>"`, so a
 * draw added to one stream (say, the latency of link `a->b`) never shifts the draws of any
 * other stream. Nothing here touches `Math.random`.
 */
import seedrandom from "seedrandom";
import { ConfigError, SimulatorError } from "./errors.js";

/** One independent sequence of uniform draws. */
export class Stream {
  private readonly prng: seedrandom.PRNG;
  /** How many draws this stream has made (for debugging and tests). */
  draws = 0;

  /** A stream for the given full seed string. */
  constructor(seed: string) {
    this.prng = seedrandom.alea(seed);
  }

  /** A uniform double in [0, 1). */
  next(): number {
    this.draws++;
    return this.prng();
  }

  /** A uniform integer in [0, n), for a positive integer `n`. */
  int(n: number): number {
    if (!Number.isSafeInteger(n) || n < 1) throw new SimulatorError(`Stream.int needs a positive integer, got ${n}`);
    return Math.floor(this.next() * n);
  }

  /** True with probability `p`; draws nothing when `p` is 0 or 1, so a lossless link costs no draw. */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.next() < p;
  }

  /** A standard normal draw (Box–Muller; uses two uniform draws). */
  normal(): number {
    // 1 - u keeps the argument of log in (0, 1].
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

/** A seed: a non-negative safe integer, as users type it after `--seed`. */
export type Seed = number;

/** The root of a run's randomness: hands out named streams, created on first use. */
export class Rng {
  private readonly streams = new Map<string, Stream>();

  /** The root for `seed`; throws `ConfigError` unless it is a non-negative safe integer. */
  constructor(readonly seed: Seed) {
    if (!Number.isSafeInteger(seed) || seed < 0) throw new ConfigError(`seed must be a non-negative integer, got ${seed}`);
  }

  /** The stream called `name` (always the same object for the same name). */
  stream(name: string): Stream {
    let s = this.streams.get(name);
    if (s === undefined) {
      s = new Stream(`${this.seed}/${name}`);
      this.streams.set(name, s);
    }
    return s;
  }
}
