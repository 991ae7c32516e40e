/**
 * Comparing a case's BEAM outcome with its chatty-sim outcome, stream by stream (each
 * node's printed lines, each client's screen), line by line, after normalisation.
 */
import type { Outcome } from "./outcome.js";

/** One place where the two worlds disagree: the stream, the line number and both lines. */
export interface Difference {
  /** `node server1@127.0.0.1` or `screen John`. */
  readonly stream: string;
  /** 1-based line number in that stream. */
  readonly line: number;
  /** The line on BEAM (null: BEAM has fewer lines). */
  readonly beam: string | null;
  /** The line in chatty-sim (null: chatty-sim has fewer lines). */
  readonly sim: string | null;
}

/** Every difference between `beam` and `sim` (empty: they agree), at most one per stream (the first). */
export function compareOutcomes(beam: Outcome, sim: Outcome): Difference[] {
  const out: Difference[] = [];
  const streams = (o: Outcome): [string, readonly string[]][] => [
    ...Object.entries(o.nodes).map(([n, l]) => [`node ${n}`, l] as [string, readonly string[]]),
    ...Object.entries(o.screens).map(([n, l]) => [`screen ${n}`, l] as [string, readonly string[]]),
  ];
  const simStreams = new Map(streams(sim));
  const names = [...streams(beam).map(([n]) => n)];
  for (const n of simStreams.keys()) if (!names.includes(n)) names.push(n);
  const beamStreams = new Map(streams(beam));
  for (const name of names) {
    const b = beamStreams.get(name) ?? [];
    const s = simStreams.get(name) ?? [];
    for (let i = 0; i < Math.max(b.length, s.length); i++) {
      if (b[i] !== s[i]) {
        out.push({ stream: name, line: i + 1, beam: b[i] ?? null, sim: s[i] ?? null });
        break;
      }
    }
  }
  return out;
}

/** A short summary of an outcome for a table cell: lines per screen, and lines the non-client nodes printed. */
export function summarise(o: Outcome, clientNodes: ReadonlySet<string>): string {
  const screens = Object.entries(o.screens)
    .map(([n, l]) => `${n} ${l.length}`)
    .join(", ");
  const printed = Object.entries(o.nodes)
    .filter(([n]) => !clientNodes.has(n))
    .reduce((k, [, l]) => k + l.length, 0);
  return `screens ${screens === "" ? "none" : screens}; servers printed ${printed}`;
}

/** A difference in one line of text. */
export function describeDifference(d: Difference): string {
  const q = (l: string | null): string => (l === null ? "(nothing)" : JSON.stringify(l));
  return `${d.stream}, line ${d.line}: BEAM ${q(d.beam)}, chatty-sim ${q(d.sim)}`;
}
