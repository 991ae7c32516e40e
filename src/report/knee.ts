/**
 * Where (a)'s knee lies as the model's costs change: the knee (`kneeOf`) of the central
 * server measured over a grid of client counts, for several send costs and line rates. The
 * knee at 600 clients restates the assumed 5 µs per send and a line every 2 ms; this sweep
 * shows it move as interval / send cost, so a reader can put in their own machine's costs.
 */
import type { Micros } from "../sim/index.js";
import { kneeOf, scalePoint, type ScalePoint } from "./scale.js";

/** Send costs swept (µs per message sent). */
export const KNEE_SEND_COSTS: readonly Micros[] = [10, 20, 40];
/** Times between lines reaching the server (µs); ten senders, so each types every 10 × this. */
export const KNEE_INTERVALS: readonly Micros[] = [500, 1000, 2000];
/** Client counts tried, in order, until the knee. */
export const KNEE_GRID: readonly number[] = [10, 20, 40, 80, 160, 320];

/** The knee for one send cost and line interval. */
export interface KneePoint {
  readonly sendCost: Micros;
  readonly interval: Micros;
  /** The first client count past the knee, or null if none up to the grid's end. */
  readonly knee: number | null;
  /** The model's prediction: a broadcast costs clients × send cost, so it falls behind past interval / send cost. */
  readonly predicted: number;
}

/** Senders of the scalability load (the scenario's default). */
const SENDERS = 10;

/** Measures the knees; `onPoint` is called after each run. */
export function kneeSweep(onPoint?: () => void): KneePoint[] {
  const out: KneePoint[] = [];
  for (const interval of KNEE_INTERVALS) {
    for (const sendCost of KNEE_SEND_COSTS) {
      const points: ScalePoint[] = [];
      let knee: number | null = null;
      for (const n of KNEE_GRID) {
        points.push(scalePoint("server", n, 1, { sendCost, gap: interval * SENDERS }));
        onPoint?.();
        const k = kneeOf(points, "server");
        if (k !== null) {
          knee = k.clients;
          break;
        }
      }
      out.push({ sendCost, interval, knee, predicted: interval / sendCost });
    }
  }
  return out;
}

/** Runs the sweep costs at most (for progress). */
export const KNEE_RUNS_MAX = KNEE_SEND_COSTS.length * KNEE_INTERVALS.length * KNEE_GRID.length;
