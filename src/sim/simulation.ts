/**
 * The simulation: one seed, a set of nodes, a network and an event queue, run on a virtual
 * clock. This is its facade, what scenarios and tests hold: build it (`addNode`, `spawn`),
 * schedule faults (`at`), run it (`run`, optionally in explore mode), look at it (`lookup`,
 * `whereis`, `printed`, `trace`, `stats`). It knows nothing about chat.
 *
 * The workings are the kernel's (`kernel.ts`): sending and delivering envelopes, process
 * steps; with the network (`network.ts`), signals (`signals.ts`), faults (`faults.ts`),
 * step ends (`stepEnds.ts`) and the two drivers (`timedDriver.ts`, `explore.ts`).
 */
import { ConfigError } from "./errors.js";
import { FaultEv } from "./events.js";
import { ExploreDriver, type Explorer } from "./explore.js";
import { address, type Fault, validateFault } from "./faults.js";
import { Kernel } from "./kernel.js";
import { connectedNodes, type Network } from "./network.js";
import type { NodeConfig, PrintedLine, VmNode } from "./node.js";
import type { Limits, RunResult, SimConfig, Stats } from "./outcome.js";
import type { Name, Pid } from "./pid.js";
import type { Body, Proc } from "./process.js";
import type { Rng } from "./rng.js";
import { QueuedStepEnds } from "./stepEnds.js";
import { BadTerm, copyTerm } from "./termCopy.js";
import type { Micros } from "./time.js";
import type { Trace } from "./trace.js";

export { DEFAULT_LIMITS, type Limits, type Outcome, type RunResult, type SimConfig, type Stats } from "./outcome.js";

/** A deterministic simulation of Erlang nodes. */
export class Simulation {
  private readonly k: Kernel;
  /** Explore mode's driver; null (the default) in a timed run. */
  private explorer: ExploreDriver | null = null;

  /** A simulation; validates the configuration (throws `ConfigError`). */
  constructor(config: SimConfig) {
    this.k = new Kernel(config);
  }

  /** The run's randomness. */
  get rng(): Rng {
    return this.k.rng;
  }

  /** Links and connections. */
  get network(): Network {
    return this.k.network;
  }

  /** The record of the run. */
  get trace(): Trace {
    return this.k.trace;
  }

  /** The guards in force. */
  get limits(): Limits {
    return this.k.limits;
  }

  /** Counters. */
  get stats(): Stats {
    return this.k.stats;
  }

  /** Virtual time of the event being handled (when the run stopped, between runs). */
  get now(): Micros {
    return this.k.now;
  }

  /** Step ends settled without going through the queue (see `stepEnds.ts`): a diagnostic. */
  get stepEndsSettled(): number {
    return this.k.ends.settled;
  }

  /**
   * Switches to explore mode (see `explore.ts`): from now on `explorer` orders deliveries
   * between nodes and the advance of time, and steps cost no time (on every node, also one
   * added later). Call it after building, before `run`.
   */
  explore(explorer: Explorer, opts?: { readonly losses?: number; readonly crashes?: number }): void {
    if (this.explorer !== null) throw new ConfigError("explore mode is already on");
    const losses = opts?.losses ?? 0;
    const crashes = opts?.crashes ?? 0;
    for (const [what, v] of [["losses", losses], ["crashes", crashes]] as const) {
      if (!Number.isSafeInteger(v) || v < 0) throw new ConfigError(`${what} must be a non-negative integer, got ${v}`);
    }
    const k = this.k;
    this.explorer = new ExploreDriver(k, explorer, losses, crashes);
    k.driver = this.explorer;
    // The explorer, not costs or latency, orders what happens; each step end is an event.
    k.ends = new QueuedStepEnds(k);
    k.local = 0;
    k.costs = false;
  }

  /** In explore mode, a key of the current state (see `ExploreDriver.state`). */
  exploreState(): string {
    if (this.explorer === null) throw new ConfigError("not in explore mode");
    return this.explorer.state();
  }

  // ---------------------------------------------------------------- building

  /** Adds a node and runs its boot script (its processes start when the run does). */
  addNode(config: Partial<NodeConfig> & { name: string }): VmNode {
    return this.k.addNode(config);
  }

  /** The node called `name` (throws `ConfigError` if there is none). */
  node(name: string): VmNode {
    return this.k.node(name);
  }

  /** All nodes, in the order they were added. */
  allNodes(): VmNode[] {
    return this.k.allNodes();
  }

  /** Spawns a process on a node from outside, as the node's shell would. */
  spawn(node: string, body: Body, opts?: { register?: string; label?: string }): Pid {
    const n = this.k.node(node);
    if (!n.up) throw new ConfigError(`cannot spawn on ${node}: the node is down`);
    return this.k.spawnAt(n, body, opts);
  }

  /**
   * Sends a message from outside (the shell, a test) to a pid or `{Name, Node}`, now. The
   * message is copied as a process's send copies it (`termCopy.ts`): changing it afterwards
   * changes nothing the receiver gets; a value that is no term is a `ConfigError`.
   */
  send(to: Pid | Name, msg: unknown): void {
    const k = this.k;
    let copy: unknown;
    try {
      copy = copyTerm(msg);
    } catch (e) {
      if (e instanceof BadTerm) throw new ConfigError(`send: the message is not an Erlang term (${e.why})`);
      throw e;
    }
    if (k.trace.on) k.trace.newStep();
    k.transmit({ kind: "msg", from: null, to: address(to), msg: copy }, k.now, null, null);
  }

  /** Schedules a fault at virtual time `t` (not before now). */
  at(t: Micros, fault: Fault): void {
    validateFault(this.k, t, fault);
    this.k.queue.push(new FaultEv(t, fault));
  }

  /** The live process with this pid, if any. */
  lookup(pid: Pid): Proc | undefined {
    return this.k.lookup(pid);
  }

  /** The pid registered as `name` on `node`, if any. */
  whereis(name: string, node: string): Pid | undefined {
    return this.k.nodes.get(node)?.registry.get(name)?.pid;
  }

  /** Everything printed on a node, across its incarnations. */
  printed(node: string): readonly PrintedLine[] {
    return this.k.node(node).printed;
  }

  /** The nodes `node` is connected to, sorted. */
  connectedNodes(node: string): string[] {
    return connectedNodes(this.k.network, node);
  }

  // ---------------------------------------------------------------- running

  /** Runs until nothing is left to do, or until virtual time `until`. May be called again to go on. */
  run(opts?: { readonly until?: Micros }): RunResult {
    const k = this.k;
    const outcome = k.driver.run(opts?.until);
    return { outcome, endTime: k.now, events: k.events, traceHash: k.trace.hash(), stats: k.stats };
  }
}
