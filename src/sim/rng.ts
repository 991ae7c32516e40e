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

  /**
   * A standard normal draw: the ziggurat method (Marsaglia and Tsang, "The Ziggurat Method
   * for Generating Random Variables", 2000) with 128 layers. One uniform draw gives the
   * layer (its low 7 bits), the sign (bit 7) and the point in the layer (the upper 24 bits,
   * independent of the layer, as Doornik's ZIGNOR advises); about 98.8% of draws are taken
   * at once, the others (a layer's wedge, the tail past R) draw again.
   */
  normal(): number {
    const bits = (this.next() * 4294967296) >>> 0;
    const i = bits & 127;
    const z = (bits >>> 8) * 5.960464477539063e-8 * ZX[i]!; // 2^-24: [0, 1) times the layer's width
    if (z < ZX[i + 1]!) return z * (1 - ((bits >>> 6) & 2)); // bit 7 the sign, without a branch
    return this.unusual(bits, i, z);
  }

  /** The rest of `normal`: the tail, a layer's wedge, or a new try. */
  private unusual(bits: number, i: number, z: number): number {
    const sign = (bits & 128) === 0 ? 1 : -1;
    if (i === 0) {
      // The tail past R (Marsaglia, 1964): exact, two draws a try.
      for (;;) {
        const a = -Math.log(1 - this.next()) / ZIG_R;
        const b = -Math.log(1 - this.next());
        if (b + b >= a * a) return sign * (ZIG_R + a);
      }
    }
    // The wedge between the layer's rectangle and the curve: under the curve, or try again.
    if (ZF[i + 1]! + this.next() * (ZF[i]! - ZF[i + 1]!) < Math.exp(-0.5 * z * z)) return sign * z;
    return this.normal();
  }
}

/** The ziggurat's 128 layers: the rightmost point of the base strip's tail, and the strips' area. */
const ZIG_N = 128;
const ZIG_R = 3.442619855899;
const ZIG_V = 9.91256303526217e-3;
/**
 * `ZX[i]`: the width of layer i (layer 0, the base, is as wide as a rectangle of area V would
 * be, its part past R the tail); `ZX[128]` = 0. `ZF[i]` = exp(-ZX[i]²/2), the curve at it.
 */
const ZX = new Float64Array(ZIG_N + 1);
const ZF = new Float64Array(ZIG_N + 1);
{
  const f = (x: number): number => Math.exp(-0.5 * x * x);
  ZX[0] = ZIG_V / f(ZIG_R);
  ZX[1] = ZIG_R;
  for (let i = 2; i < ZIG_N; i++) ZX[i] = Math.sqrt(-2 * Math.log(ZIG_V / ZX[i - 1]! + f(ZX[i - 1]!)));
  ZX[ZIG_N] = 0;
  for (let i = 0; i <= ZIG_N; i++) ZF[i] = f(ZX[i]!);
  ZF[0] = f(ZIG_R); // the base strip's top, under which its wedge test never runs
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
