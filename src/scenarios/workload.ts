/** Small helpers that make scenario workloads read like the handout's terminal sessions. */
import type { ClientAction } from "../nodes/index.js";
import { ms, type Micros } from "../sim/index.js";
import { customCheck } from "./customChecks.js";
import type { CheckSpec } from "./scenario.js";

/** `count` lines typed by `name`, the first at `start`, then every `gap`: "Name: line k". */
export function typed(name: string, count: number, start: Micros, gap: Micros = ms(50)): ClientAction[] {
  return Array.from({ length: count }, (_, k) => ({ at: start + k * gap, do: "send" as const, text: `${name}: line ${k + 1}` }));
}

/** The machine a node runs on, handout style: `name@host`. */
export const at = (name: string, host: string): string => `${name}@${host}`;

/** The ordering and delivery checks every chat scenario can judge. */
export const CHAT_CHECKS: readonly CheckSpec[] = [{ kind: "completeness" }, { kind: "fifo" }, { kind: "duplicates" }];

/** The ordering checks of questions (c) to (e). */
export const ORDER_CHECKS: readonly CheckSpec[] = [{ kind: "fifo" }, { kind: "issue-order" }, { kind: "total-order" }, { kind: "causal" }];

/**
 * A custom check: each of `who` (every client when omitted) was told its server went away
 * after `since`: its screen shows `server_left` or `server_down`.
 */
export function toldServerLeft(name: string, since: Micros, who?: readonly string[]): CheckSpec {
  return customCheck(who === undefined ? { kind: "clients-told", name, since } : { kind: "clients-told", name, since, who });
}
