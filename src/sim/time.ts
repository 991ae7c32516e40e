/**
 * Virtual time. The simulator's clock counts integer microseconds from 0; these helpers
 * turn human units into it and back, so node code and scenarios never deal in floats.
 */

/** A point or span of virtual time, in integer microseconds. */
export type Micros = number;

/** `n` microseconds. */
export const us = (n: number): Micros => Math.round(n);
/** `n` milliseconds in microseconds. */
export const ms = (n: number): Micros => Math.round(n * 1_000);
/** `n` seconds in microseconds. */
export const sec = (n: number): Micros => Math.round(n * 1_000_000);

/** Formats a virtual time for people: `123µs`, `1.5ms`, `2.25s` (at most three decimals). */
export function formatTime(t: Micros): string {
  if (t < 1_000) return `${t}µs`;
  if (t < 1_000_000) return `${trim(t / 1_000)}ms`;
  return `${trim(t / 1_000_000)}s`;
}

function trim(x: number): string {
  return String(Number(x.toFixed(3)));
}
