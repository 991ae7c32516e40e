/** Measurements over a chat log: latency from send to screen, hops, messages per line. */
import type { ChatLog } from "./chatLog.js";
import type { Micros } from "../sim/index.js";

/** A distribution summary; all null when there were no samples. */
export interface Percentiles {
  readonly n: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly max: number | null;
  readonly mean: number | null;
}

/** Nearest-rank percentiles of the samples (which it sorts in place). */
export function percentiles(samples: number[]): Percentiles {
  const n = samples.length;
  if (n === 0) return { n, p50: null, p95: null, p99: null, max: null, mean: null };
  samples.sort((a, b) => a - b);
  const rank = (p: number): number => samples[Math.max(0, Math.ceil((p / 100) * n) - 1)]!;
  let sum = 0;
  for (const s of samples) sum += s;
  return { n, p50: rank(50), p95: rank(95), p99: rank(99), max: samples[n - 1]!, mean: sum / n };
}

/** What a run measured. */
export interface Metrics {
  /** Lines issued. */
  readonly lines: number;
  /** Lines shown, over all clients. */
  readonly shown: number;
  /** From the issuing send to the screen, in microseconds. */
  readonly latency: Percentiles;
  /** Messages per showing, on the path from issue to screen. */
  readonly hops: Percentiles;
  /** Of those, messages between nodes. */
  readonly networkHops: Percentiles;
  /** Messages of any kind sent in the run, per line issued (null with no lines). */
  readonly messagesPerLine: number | null;
  /** Messages carrying a line, per line issued. */
  readonly carriersPerLine: number | null;
}

/** Measures a chat log. */
export function metrics(log: ChatLog): Metrics {
  const lat: Micros[] = [];
  const hops: number[] = [];
  const net: number[] = [];
  for (const rs of log.receipts.values()) {
    for (const r of rs) {
      lat.push(r.t - log.lines[r.line]!.sentAt);
      hops.push(r.hops);
      net.push(r.networkHops);
    }
  }
  const n = log.lines.length;
  const carried = log.carriers.reduce((a, b) => a + b, 0);
  return {
    lines: n,
    shown: lat.length,
    latency: percentiles(lat),
    hops: percentiles(hops),
    networkHops: percentiles(net),
    messagesPerLine: n === 0 ? null : log.messages / n,
    carriersPerLine: n === 0 ? null : carried / n,
  };
}
