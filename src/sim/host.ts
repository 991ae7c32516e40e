/**
 * What a process needs from the kernel: the BIFs it cannot do on its own state. `Proc`
 * sees only this, so the kernel's other workings (queue, network, drivers) stay private,
 * and each BIF has one place in the kernel that implements it.
 */
import type { Name, Pid, Ref } from "./pid.js";
import type { Body, Dest, Proc, SpawnOpts } from "./process.js";
import type { Micros } from "./time.js";

/** The kernel as a running process sees it. Every call is made by `p`, during its own step. */
export interface ProcHost {
  /** The process whose step is running (a process may use its API only then). */
  readonly current: Proc | null;
  /** The process whose receive pattern is being applied outside its step, if any (its calls count as its work). */
  readonly matching: Proc | null;
  /** Virtual time inside the running step. */
  readonly clock: Micros;
  /** Counts one API call against the step-work guard (throws when it trips). */
  work(): void;
  /** `Dest ! Msg`. */
  send(p: Proc, dest: Dest, msg: unknown): void;
  /** `spawn/1,2`, `spawn_link/1,2`. */
  spawn(p: Proc, body: Body, link: boolean, opts?: SpawnOpts): Pid;
  /** `spawn_monitor/1,2`. */
  spawnMonitor(p: Proc, body: Body, opts?: SpawnOpts): [Pid, Ref];
  /** `register/2` on p's node. */
  register(p: Proc, name: string, pid: Pid): void;
  /** `unregister/1` on p's node. */
  unregister(p: Proc, name: string): void;
  /** `link/1`. */
  link(p: Proc, pid: Pid): void;
  /** `unlink/1`. */
  unlink(p: Proc, pid: Pid): void;
  /** `monitor(process, Item)`. */
  monitor(p: Proc, target: Pid | Name): Ref;
  /** `demonitor/1,2`. */
  demonitor(p: Proc, ref: Ref, flush: boolean): void;
  /** `monitor_node/2`. */
  monitorNode(p: Proc, node: string, flag: boolean): void;
  /** `exit(Pid, Reason)`. */
  exitSignal(p: Proc, pid: Pid, reason: unknown): void;
  /** An observation record about `subject` (the event already copied). */
  observe(p: Proc, subject: string, event: unknown): void;
  /** An `io:format` line. */
  log(p: Proc, text: string): void;
  /** `make_ref/0`. */
  makeRef(p: Proc): Ref;
  /** `is_process_alive/1`: the answer, or the ref of the question sent to `pid` (answered by an `AliveReplyMsg`). */
  isAlive(p: Proc, pid: Pid): boolean | Ref;
  /** `nodes/0`. */
  connectedNodes(p: Proc): string[];
}
