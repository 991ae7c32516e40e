/**
 * The messages the runtime itself puts in mailboxes: `{'EXIT', From, Reason}` for a trapped
 * exit signal, `{'DOWN', Ref, process, Pid, Reason}` for a monitor and `{nodedown, Node}`
 * for `monitor_node`. Written as tagged objects like every other message.
 */
import type { Name, Pid, Ref } from "./pid.js";

/** `{'EXIT', From, Reason}`: an exit signal turned into a message by `trap_exit`. */
export interface ExitMsg {
  readonly tag: "EXIT";
  /** The process the signal came from (null when sent from outside the simulation). */
  readonly from: Pid | null;
  readonly reason: unknown;
}

/** `{'DOWN', Ref, process, Pid, Reason}`: a monitored process is gone (or never was). */
export interface DownMsg {
  readonly tag: "DOWN";
  readonly ref: Ref;
  readonly type: "process";
  /** The monitored item: a pid, or `{Name, Node}` when monitored by name. */
  readonly pid: Pid | Name;
  readonly reason: unknown;
}

/** `{nodedown, Node}`: a node monitored with `monitor_node(Node, true)` is unreachable. */
export interface NodeDownMsg {
  readonly tag: "nodedown";
  readonly node: string;
}

/** Any message the runtime generates. */
export type SystemMsg = ExitMsg | DownMsg | NodeDownMsg;

/** Guard for `{'EXIT', _, _}`. */
export const isExit = (m: unknown): m is ExitMsg => (m as ExitMsg | null)?.tag === "EXIT";
/** Guard for `{'DOWN', _, process, _, _}`. */
export const isDown = (m: unknown): m is DownMsg => (m as DownMsg | null)?.tag === "DOWN";
/** Guard for `{nodedown, _}`. */
export const isNodeDown = (m: unknown): m is NodeDownMsg => (m as NodeDownMsg | null)?.tag === "nodedown";

/** Exit reasons with a meaning of their own in the rules of exit signals. */
export const NORMAL = "normal";
/** `exit(Pid, kill)`: cannot be trapped; the target dies with reason `killed`. */
export const KILL = "kill";
/** The reason a process killed by `kill` dies with. */
export const KILLED = "killed";
/** Reason given when a monitored or linked process does not exist. */
export const NOPROC = "noproc";
/** Reason given when the connection to the other process's node goes down. */
export const NOCONNECTION = "noconnection";
