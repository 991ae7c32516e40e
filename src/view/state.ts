/**
 * The run's state at a step (after the events `0..step`): each process's mailbox and state
 * line, each client's screen so far. Pure functions of the viewer's data. The page runs this
 * very code: `page.ts` inlines these functions' source, so each must use only its arguments
 * and the other functions listed in `STATE_FUNCTIONS` (no imports, no module constants).
 */
import type { ViewData } from "./data.js";

/** A process at a step. */
export interface ProcessState {
  /** Messages in its mailbox, oldest first, as text. */
  readonly mailbox: readonly string[];
  /** What it is doing: not yet spawned, waiting in receive (and for what), or exited. */
  readonly state: string;
}

/** Every process's mailbox and state line after event `step` (step -1: before the first). */
export function processesAt(data: ViewData, step: number): ProcessState[] {
  const n = data.lanes.length;
  const boxes: number[][] = [];
  const spawned: boolean[] = [];
  const exited: (string | null)[] = [];
  const took: (number | null)[] = [];
  // How many older messages the last receive passed over (selective receive).
  const passed: number[] = [];
  const timedOut: boolean[] = [];
  for (let i = 0; i < n; i++) {
    boxes.push([]);
    spawned.push(false);
    exited.push(null);
    took.push(null);
    passed.push(0);
    timedOut.push(false);
  }
  // Message id → the send's event, for its text.
  const sendOf = new Map<number, number>();
  const last = Math.min(step, data.events.length - 1);
  for (let s = 0; s <= last; s++) {
    const e = data.events[s]!;
    if (e.k === "send" || e.k === "signal") {
      if (e.id !== undefined) sendOf.set(e.id, s);
      if (e.lane >= 0) spawned[e.lane] = true;
      continue;
    }
    if (e.lane < 0) continue;
    spawned[e.lane] = true;
    if (e.k === "deliver") boxes[e.lane]!.push(e.id!);
    else if (e.k === "receive") {
      const b = boxes[e.lane]!;
      const at = b.indexOf(e.id!);
      if (at >= 0) b.splice(at, 1);
      passed[e.lane] = Math.max(0, at);
      took[e.lane] = e.id!;
      timedOut[e.lane] = false;
    } else if (e.k === "timeout") timedOut[e.lane] = true;
    else if (e.k === "exit") {
      exited[e.lane] = e.text;
      boxes[e.lane] = [];
    }
  }
  const text = (id: number): string => {
    const s = sendOf.get(id);
    return s === undefined ? `message ${id}` : data.events[s]!.text;
  };
  const out: ProcessState[] = [];
  for (let i = 0; i < n; i++) {
    const box = boxes[i]!;
    let state: string;
    if (exited[i] !== null) state = exited[i]!;
    else if (!spawned[i]) state = "not spawned yet";
    else {
      // Selective receive: messages its last receive passed over did not match what it waits for.
      const t = took[i];
      const skipped = Math.min(passed[i]!, box.length);
      const after = timedOut[i] ? "; its last receive timed out" : "";
      const last = t === null ? "nothing taken yet" : `last took ${text(t)}`;
      state =
        skipped > 0
          ? `in receive, waiting for a message that matches (${skipped} in the mailbox did not); ${last}${after}`
          : box.length > 0
            ? `${box.length} message${box.length === 1 ? "" : "s"} to take; ${last}${after}`
            : `in receive, mailbox empty; ${last}${after}`;
    }
    out.push({ mailbox: box.map(text), state });
  }
  return out;
}

/**
 * Each client's screen so far: the lines its processes printed (`log` records) up to the
 * step. This is the one place that says how a screen is read out of the trace; when the
 * kernel records screen observations, only this function changes.
 */
export function screensAt(data: ViewData, step: number): string[][] {
  const owner = new Map<number, number>();
  data.clients.forEach((c, ci) => {
    for (const l of c.lanes) owner.set(l, ci);
  });
  const out: string[][] = data.clients.map(() => []);
  const last = Math.min(step, data.events.length - 1);
  for (let s = 0; s <= last; s++) {
    const e = data.events[s]!;
    if (e.k !== "log") continue;
    const ci = owner.get(e.lane);
    if (ci !== undefined) out[ci]!.push(e.text);
  }
  return out;
}

/** The functions `page.ts` inlines into the page, in this order. */
export const STATE_FUNCTIONS: readonly ((...args: never[]) => unknown)[] = [processesAt, screensAt];
