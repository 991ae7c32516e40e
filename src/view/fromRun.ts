/**
 * A run's viewer data: its trace records as their canonical JSON lines read, its clients, and
 * its verdicts with the trace positions each piece of evidence points at. Also the `view`
 * command that opens a counterexample, for `run`, `explore` and the report to print.
 */
import type { Evidence } from "../check/index.js";
import type { ScenarioResult } from "../scenarios/index.js";
import { recordJson, type TraceRecord } from "../sim/trace.js";
import { viewData, type JsonRecord, type ViewData } from "./data.js";

/** The viewer data of a scenario run; `replay` is the command that reproduces it (run's or explore's). */
export function runView(r: ScenarioResult, title: string, replay: string = r.replay): ViewData {
  const records = r.records.map((x) => JSON.parse(recordJson(x)) as JsonRecord);
  return viewData(records, {
    title: `${r.scenario}: ${title} (seed ${r.seed})`,
    replay,
    clients: r.screens.map((s) => ({ name: s.name, pids: s.pids.map((p) => p.key()) })),
    checks: r.checks.map((c) => ({
      check: c.check,
      status: c.status,
      summary: c.summary,
      evidence: c.evidence.map((e) => ({ text: e.text, records: evidenceRecords(r, e) })),
    })),
  });
}

/**
 * The trace positions a piece of evidence points at: the sends that issued its chat lines and,
 * at its receiver, the takings of the messages that showed them; else, the receiver's records
 * at its time; else (a fact about the run as a whole, such as server lists) the run's faults.
 */
export function evidenceRecords(r: ScenarioResult, e: Evidence): number[] {
  const recs = r.records;
  const receiver = e.receiver === undefined ? undefined : r.screens.find((s) => s.name === e.receiver);
  const mine = new Set(receiver?.pids.map((p) => p.key()) ?? []);
  const out: number[] = [];
  if (e.lines !== undefined && e.lines.length > 0) {
    const lines = e.lines.map((i) => r.log.lines[i]!);
    const shows = (msg: unknown): boolean => {
      const o = msg as { name?: unknown; text?: unknown } | null;
      return typeof msg === "object" && o !== null && lines.some((l) => o.name === l.sender && o.text === l.text);
    };
    const issuers = new Map(r.screens.map((s) => [s.name, new Set(s.pids.map((p) => p.key()))]));
    const issuing = (x: TraceRecord & { k: "send" }): boolean =>
      x.from !== null && lines.some((l) => l.sentAt === x.t && issuers.get(l.client)?.has(x.from!.key()) === true) && shows(x.msg);
    const msgOf = new Map<number, unknown>();
    recs.forEach((x, i) => {
      if (x.k === "send") {
        msgOf.set(x.id, x.msg);
        if (issuing(x)) out.push(i);
      } else if (x.k === "receive" && mine.has(x.pid.key()) && shows(msgOf.get(x.id))) out.push(i);
    });
    if (out.length > 0) return out;
  }
  if (e.at !== undefined) {
    recs.forEach((x, i) => {
      if (x.t === e.at && (mine.size === 0 || ("pid" in x && mine.has(x.pid.key())) || (x.k === "deliver" && mine.has(x.to.key())))) out.push(i);
    });
    if (out.length > 0) return out;
  }
  recs.forEach((x, i) => {
    if (x.k === "fault" && x.op !== "spawn") out.push(i);
  });
  return out;
}

/** The `view` command that opens the run a `run` or `explore` command reproduces (it takes the same options). */
export function viewCommandFor(command: string): string {
  return command.replace(/^chatty-sim (run|explore) /, "chatty-sim view ");
}
