/**
 * A node: one Erlang VM. It owns its processes, its name registry, its schedulers and run
 * queue, and what its processes printed. A crash ends every process at once; a restart
 * starts a new incarnation (`creation` + 1, pid numbers from 1 again) and runs the boot
 * script again; a pause stops the schedulers while messages keep arriving.
 */
import { ConfigError } from "./errors.js";
import type { StepDone } from "./events.js";
import type { Link } from "./network.js";
import type { Pid } from "./pid.js";
import type { Proc } from "./process.js";
import type { Micros } from "./time.js";

/** The shell of a node: what runs at start and after each restart. */
export type Boot = (node: NodeHandle) => void;

/** What a boot script may do on its node. */
export interface NodeHandle {
  /** The node's name. */
  readonly name: string;
  /** Spawns a process on this node, as the shell would, optionally registering it. */
  spawn(body: import("./process.js").Body, opts?: { register?: string; label?: string }): Pid;
}

/** How a node is built. */
export interface NodeConfig {
  /** Node name, e.g. `server_node@127.0.0.1`. */
  readonly name: string;
  /** Schedulers (cores the VM uses): how many processes run at once. */
  readonly schedulers: number;
  /** Virtual time a process spends taking a message out of its mailbox and handling it. */
  readonly receiveCost: Micros;
  /** Virtual time a process spends on each send. */
  readonly sendCost: Micros;
  /**
   * The kernel application's `net_ticktime`: roughly how long a connected node may be
   * unheard before it is declared down (a partition shorter than 3/4 of it loses nothing).
   */
  readonly netTicktime: Micros;
  /** Run at start and after each restart. */
  readonly boot?: Boot;
}

/** Defaults: one scheduler, 1 µs per receive and per send, Erlang's `net_ticktime` of 60 s. */
export const DEFAULT_NODE = { schedulers: 1, receiveCost: 1, sendCost: 1, netTicktime: 60_000_000 } as const;

/** Checks a node configuration from user input. */
export function validateNode(c: Partial<NodeConfig> & { name: string }): NodeConfig {
  if (typeof c.name !== "string" || c.name.length === 0) throw new ConfigError("a node needs a non-empty name");
  const schedulers = c.schedulers ?? DEFAULT_NODE.schedulers;
  const receiveCost = c.receiveCost ?? DEFAULT_NODE.receiveCost;
  const sendCost = c.sendCost ?? DEFAULT_NODE.sendCost;
  const netTicktime = c.netTicktime ?? DEFAULT_NODE.netTicktime;
  if (!Number.isInteger(netTicktime) || netTicktime < 4) throw new ConfigError(`node ${c.name}: netTicktime must be an integer of at least 4 microseconds, got ${netTicktime}`);
  if (!Number.isInteger(schedulers) || schedulers < 1) throw new ConfigError(`node ${c.name}: schedulers must be a positive integer, got ${schedulers}`);
  for (const [k, v] of [["receiveCost", receiveCost], ["sendCost", sendCost]] as const) {
    if (!Number.isInteger(v) || v < 0) throw new ConfigError(`node ${c.name}: ${k} must be a non-negative integer of microseconds, got ${v}`);
  }
  // Built field by field, in one order, so every node's config has one shape: the hot path
  // reads `schedulers`, `receiveCost` and `sendCost` on every step and send, and a spread of
  // the caller's object gave each key order its own hidden class (a megamorphic load there).
  const config: NodeConfig = { name: c.name, schedulers, receiveCost, sendCost, netTicktime, boot: c.boot };
  return Object.freeze(config);
}

/** A line a process printed, as the node's terminal shows it. */
export interface PrintedLine {
  readonly t: Micros;
  readonly pid: Pid;
  readonly text: string;
}

/** The live state of a node. */
export class VmNode {
  /** Incarnation, from 1; bumped by each restart. */
  creation = 1;
  /** When this incarnation's ticker started (its boot): it looks at its connections every netTicktime/4 from then. */
  tickerFrom = 0;
  /** False after a crash, until a restart. */
  up = true;
  /** True between pause and resume: nothing runs. */
  paused = false;
  /** Next pid number in this incarnation. */
  nextId = 1;
  /** Live processes by pid number, in spawn order. */
  readonly procs = new Map<number, Proc>();
  /** The same processes indexed by pid number, for the kernel's lookups (no hashing). */
  readonly byId: (Proc | undefined)[] = [];
  /** Registered names. */
  readonly registry = new Map<string, Proc>();
  /** Schedulers busy with a step that takes virtual time. */
  busy = 0;
  /** Processes ready to run, FIFO: `runQueue[runHead..runTail)`; the array is reused. */
  runQueue: Proc[] = [];
  /** Index of the head of `runQueue`. */
  runHead = 0;
  /** One past the last queued process. */
  runTail = 0;
  /**
   * Step ends held back by the kernel (their `seq` reserved, not yet in the queue): steps of
   * this node's processes that nothing has observed the end of yet (`HeldStepEnds` in `stepEnds.ts`).
   */
  readonly held: (StepDone | null)[] = [];
  /** How many of `held` are in use (the array is reused, never shrunk). */
  heldCount = 0;
  /** Outgoing links by destination node index, so a send finds its link without a name lookup. */
  readonly linkTo: (Link | undefined)[] = [];
  /** True while the dispatch loop is draining the run queue (no re-entry). */
  dispatching = false;
  /** Every line printed on this node, across incarnations. */
  readonly printed: PrintedLine[] = [];

  /** The node's name (its config's, kept here: a send compares it, one load fewer). */
  readonly name: string;

  /**
   * @param config how it is built
   * @param index its stable number in the simulation (1-based), for printing pids
   */
  constructor(
    readonly config: NodeConfig,
    readonly index: number,
  ) {
    this.name = config.name;
  }

  /** Queues a ready process. */
  enqueue(p: Proc): void {
    this.runQueue[this.runTail++] = p;
  }

  /** Takes the next ready process, or undefined. */
  dequeue(): Proc | undefined {
    const q = this.runQueue;
    if (this.runHead === this.runTail) return undefined;
    const p = q[this.runHead]!;
    q[this.runHead++] = undefined as unknown as Proc; // let it be collected
    if (this.runHead === this.runTail) {
      this.runHead = this.runTail = 0;
    } else if (this.runHead >= 1024 && this.runHead * 2 >= this.runTail) {
      // Mostly consumed: slide the rest to the front rather than grow without end.
      q.copyWithin(0, this.runHead, this.runTail);
      q.fill(undefined as unknown as Proc, this.runTail - this.runHead, this.runTail);
      this.runTail -= this.runHead;
      this.runHead = 0;
    }
    return p;
  }

  /** Forgets every process, name and queued step (a crash). */
  wipe(): void {
    this.procs.clear();
    this.byId.length = 0;
    this.registry.clear();
    this.runQueue = [];
    this.runHead = this.runTail = 0;
    this.busy = 0;
  }
}
