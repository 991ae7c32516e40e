/**
 * Readers of a trace for what the Simulation would otherwise be asked at the end of a run:
 * which process holds a registered name, and what a node printed. Pure functions of the
 * records, so a check reads the trace alone.
 */
import type { Micros, Pid, TraceRecord } from "../sim/index.js";

/**
 * The process registered as `name` on `node` when the trace ends, if any: the last
 * `register` there, unless an `unregister` of the name or the process's `exit` (which a node
 * crash also records) came after it.
 */
export function registeredAtEnd(records: readonly TraceRecord[], name: string, node: string): Pid | undefined {
  return registeredAt(records, name, node, Infinity);
}

/** The process registered as `name` on `node` at virtual time `t` (its records up to `t` read as `registeredAtEnd` reads them all). */
export function registeredAt(records: readonly TraceRecord[], name: string, node: string, t: Micros): Pid | undefined {
  let holder: Pid | undefined;
  for (const r of records) {
    if (r.t > t) continue; // not `break`: a step that takes virtual time records its later sends before the next event
    if ((r.k === "register" || r.k === "unregister") && r.name === name && r.pid.node === node) holder = r.k === "register" ? r.pid : undefined;
    else if (r.k === "exit" && holder !== undefined && r.pid === holder) holder = undefined;
  }
  return holder;
}

/** The lines printed on `node` (its `log` records), in order. */
export function printedOn(records: readonly TraceRecord[], node: string): string[] {
  const out: string[] = [];
  for (const r of records) if (r.k === "log" && r.pid.node === node) out.push(r.text);
  return out;
}

/** Whether `pid` ended before the trace ends (its `exit`, which a node crash also records). */
export function exitedIn(records: readonly TraceRecord[], pid: Pid): boolean {
  const key = pid.key();
  return records.some((r) => r.k === "exit" && r.pid.key() === key);
}
