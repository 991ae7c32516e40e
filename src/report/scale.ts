/**
 * Questions (a) and (j): the same load on `server` and on `server2` (three servers) over a
 * range of client counts. Runs without a kept trace (the biggest sizes would not fit), so
 * latencies come from the clients' screens: each line's issue time is on its sender's
 * screen (`-> text`) and its arrival on every other.
 */
import { percentiles, type Percentiles } from "../check/index.js";
import { findScenario, parseParams } from "../scenarios/index.js";
import { SCALE_JOINS_FROM, scaleTypingAt } from "../scenarios/questions.js";
import type { Micros } from "../sim/index.js";

/** One point of the sweep. */
export interface ScalePoint {
  readonly system: "server" | "server2";
  readonly clients: number;
  /** From typing a line to seeing it, over every showing. */
  readonly latency: Percentiles;
  /** Lines shown, and lines expected (every line on every screen). */
  readonly delivered: number;
  readonly expected: number;
  /** Messages sent from the first line typed to the end, per line. */
  readonly messagesPerLine: number;
  /** From the first client starting to the last one seeing its own join. */
  readonly joinStorm: Micros;
  /** Messages sent while joining, in all. */
  readonly joinMessages: number;
  /** Events the kernel processed. */
  readonly events: number;
  /** Time between two lines reaching the servers (one sender's gap over the number of senders). */
  readonly interval: Micros;
}

/** The client counts swept. */
export const SCALE_SIZES: readonly number[] = [10, 30, 100, 200, 400, 600, 1000];

interface Entry {
  readonly t: Micros;
  readonly kind: string;
  readonly text?: string;
  readonly name?: string;
}

/** The model's costs a point may change from the scenario's defaults. */
export interface ScaleCosts {
  /** A server's processing time per message it sends. */
  readonly sendCost?: Micros;
  /** Time between one sender's lines (ten senders: a line reaches the server every gap / 10). */
  readonly gap?: Micros;
}

/** Runs one point: `q-a` (server) or `q-j` (server2) with `clients` clients. */
export function scalePoint(system: "server" | "server2", clients: number, seed = 1, costs: ScaleCosts = {}): ScalePoint {
  const scenario = findScenario(system === "server" ? "q-a" : "q-j");
  const sets: [string, string][] = [["clients", String(clients)], ["system", system]];
  if (costs.sendCost !== undefined) sets.push(["sendCost", `${costs.sendCost}us`]);
  if (costs.gap !== undefined) sets.push(["gap", `${costs.gap}us`]);
  const params = parseParams(scenario.params, sets);
  const built = scenario.build({ seed, params, trace: "off" });
  // Up to just before the first line is typed: everything sent by then is joining.
  built.sim.run({ until: scaleTypingAt(clients, params["sendCost"] as number) - 1 });
  const joinMessages = built.sim.stats.sent;
  const r = built.sim.run({ until: built.until });
  const typedAt = new Map<string, Micros>();
  let lastJoin = 0;
  for (const c of built.clients) {
    for (const e of c.entries as readonly Entry[]) {
      if (e.kind === "typed") typedAt.set(e.text!, e.t);
      if (e.kind === "join" && e.name === c.name) lastJoin = Math.max(lastJoin, e.t);
    }
  }
  const lat: number[] = [];
  for (const c of built.clients) for (const e of c.entries as readonly Entry[]) if (e.kind === "message") lat.push(e.t - typedAt.get(e.text!)!);
  const lines = typedAt.size;
  return {
    system,
    clients,
    latency: percentiles(lat),
    delivered: lat.length,
    expected: lines * clients,
    messagesPerLine: lines === 0 ? 0 : (r.stats.sent - joinMessages) / lines,
    joinStorm: lastJoin - SCALE_JOINS_FROM,
    joinMessages,
    events: r.events,
    interval: Math.round((params["gap"] as number) / (params["senders"] as number)),
  };
}

/** How many times the smallest load's p95 latency marks the knee. */
export const KNEE_FACTOR = 4;

/**
 * The knee: the first point whose p95 latency is more than `KNEE_FACTOR` times the smallest
 * load's. Below it latency is flat (network time plus a little work); past it the server
 * takes longer per line than the time between lines, and its queue grows with every line.
 */
export function kneeOf(points: readonly ScalePoint[], system: string): ScalePoint | null {
  const mine = points.filter((p) => p.system === system);
  const base = mine[0]?.latency.p95 ?? 0;
  return mine.find((p) => (p.latency.p95 ?? 0) > KNEE_FACTOR * base) ?? null;
}
