/**
 * Explore mode's interface to the kernel. In explore mode deliveries between nodes are not
 * timed by sampled latency: they wait in a pending set, and an `Explorer` chooses which
 * happens next, so that a model checker can enumerate interleavings.
 *
 * The rules, chosen so that every explored run is a run the real system could have:
 * - Only the heads of the network's FIFO queues are candidates: with `process-pair`
 *   ordering, the oldest pending delivery of each (sender process, receiver) pair; with
 *   `node-pair`, of each (node, node) pair; with `none`, every pending delivery.
 * - Everything else is deterministic and takes no virtual time: process steps cost nothing
 *   (node receive/send costs are ignored) and deliveries between processes of one node
 *   arrive at once, in send order, before the next choice.
 * - Timers (`after`), scripted faults and the scenario's timeline happen in time order, and
 *   time advances only by the explorer's choice: when something is scheduled later, one more
 *   candidate, "advance", moves the clock to the next scheduled event (and handles every event
 *   at that time). So any pending delivery may be delayed past any timer or fault, as a slow
 *   network could; deliveries themselves take no time. Advance is offered only up to the
 *   run's `until`; a run ends when nothing is pending and nothing more may advance.
 * - Loss and duplication are not sampled (the link's probabilities are ignored): every
 *   message is delivered exactly once, unless the run was given a budget of losses: then,
 *   while it lasts, losing each candidate message (not a signal) is a candidate too.
 *   Crashes from the timeline still drop, and partitions still hold what reaches the cut
 *   and drop it when the tick time runs out (`partition` in `network.ts`).
 * - Crash points: with a budget of crashes, crashing each node that is up is a candidate
 *   too, at every choice point; a crash is a `crash` fault at that moment.
 */
import { ConfigError } from "./errors.js";
import { type Delivery, livePeek } from "./events.js";
import { applyFault } from "./faults.js";
import type { Kernel } from "./kernel.js";
import { type Link, orderTarget } from "./network.js";
import type { VmNode } from "./node.js";
import { type Outcome, Runaway, tooManyEvents } from "./outcome.js";
import { Pid } from "./pid.js";
import type { Proc } from "./process.js";
import type { Micros } from "./time.js";
import type { Driver } from "./timedDriver.js";

/** A candidate for the next step: a pending delivery, or advancing time. */
export interface Choice {
  /**
   * Stable identity across runs: `<sender>#<k>` for the sender's k-th message or signal to
   * another node (a process's sends are determined by what it received, so the same id
   * denotes the same delivery in every interleaving); `@<time>` to advance to that time.
   */
  readonly id: string;
  /** The destination node of a delivery; null for advancing time. */
  readonly node: string | null;
  /** Losing the message instead of delivering it (`id` ends in `!lost`). */
  readonly lost?: true;
  /** Crashing a node now (`id` is `crash <node>`; `node` is null: a crash commutes with nothing). */
  readonly crash?: true;
}

/** Chooses, at each choice point, the index of the candidate that happens next. */
export interface Explorer {
  /**
   * `choices` is never empty, ordered deliveries first (oldest send first), then losses, then crashes, then advance.
   * `state()` is a key of the current state (see `Simulation.exploreState`). The explorer
   * may throw to abandon the run; the exception propagates out of `run`.
   */
  choose(choices: readonly Choice[], state: () => string): number;
}

/** A delivery between nodes waiting for the explorer, with its FIFO queue and its identity. */
class PendingDelivery {
  constructor(
    readonly d: Delivery,
    /** Deliveries with the same key leave in send order. */
    readonly fifo: string,
    readonly ident: string,
  ) {}
}

/** Explore mode's driver: deliveries between nodes wait until the explorer chooses them. */
export class ExploreDriver implements Driver {
  /** Deliveries between nodes not yet chosen, in send order. */
  private readonly pending: PendingDelivery[] = [];
  /** Per node: what reached it from other nodes, and the advances of time (`state`). */
  private readonly history = new Map<string, string[]>();
  /** Sends to other nodes so far, per sender. */
  private readonly sent = new Map<string, number>();

  /**
   * @param k the kernel it drives
   * @param explorer chooses what happens next
   * @param lossesLeft messages the explorer may still choose to lose
   * @param crashesLeft nodes the explorer may still choose to crash
   */
  constructor(
    private readonly k: Kernel,
    private readonly explorer: Explorer,
    private lossesLeft: number,
    private crashesLeft: number,
  ) {
    for (const n of k.nodes.keys()) this.history.set(n, []);
  }

  /**
   * A key of the current state: for each node, the deliveries from other nodes that reached
   * it, in order, with the advances of time among them. Node code is deterministic, so this
   * determines every process's state, every mailbox, what is pending and what is scheduled
   * (links between nodes aside: connection state is not in it).
   */
  state(): string {
    let out = "";
    for (const [n, h] of this.history) out += `${n}:${h.join(",")};`;
    return out;
  }

  remote(d: Delivery, link: Link, sender: Proc | null, fromNode: VmNode): null {
    const who = sender !== null ? sender.pid.key() : `${d.from?.key() ?? "rt"}@${fromNode.name}`;
    const k = (this.sent.get(who) ?? 0) + 1;
    this.sent.set(who, k);
    const target = orderTarget(d.to, d.node);
    const to = target instanceof Pid ? target.key() : `${target.name}@${d.node.name}`;
    // A send by the runtime with a pid for its sender is a noproc answer for that (gone) process.
    const inOrderWith = sender !== null ? who : (d.from?.key() ?? null);
    this.pending.push(new PendingDelivery(d, link.order.queue(link, inOrderWith, to, d.id), `${who}#${k}`));
    return null;
  }

  run(until: Micros | undefined): Outcome {
    const k = this.k;
    const state = (): string => this.state();
    try {
      k.sched.flush();
      for (;;) {
        // What is scheduled now is deterministic: local deliveries, timers and faults due.
        for (let ev = livePeek(k.queue); ev !== undefined && ev.time <= k.now; ev = livePeek(k.queue)) k.handleNext(ev);
        // Fresh arrays: the explorer may keep them.
        const choices: Choice[] = [];
        const picked: (PendingDelivery | null)[] = [];
        const lose: boolean[] = [];
        // The node a crash candidate crashes (null for every other candidate).
        const crashes: (VmNode | null)[] = [];
        const heads = new Set<string>();
        for (const p of this.pending) {
          if (heads.has(p.fifo)) continue;
          heads.add(p.fifo);
          choices.push({ id: p.ident, node: p.d.node.name });
          picked.push(p);
          lose.push(false);
          crashes.push(null);
        }
        // Losing a message (never a signal: those are lost only with their connection), while the budget lasts.
        if (this.lossesLeft > 0) {
          for (let j = 0, n = picked.length; j < n; j++) {
            const p = picked[j]!;
            if (p.d.sig !== null) continue;
            choices.push({ id: `${p.ident}!lost`, node: p.d.node.name, lost: true });
            picked.push(p);
            lose.push(true);
            crashes.push(null);
          }
        }
        // Crashing a node that is up, while the budget lasts: a crash point anywhere in the run.
        if (this.crashesLeft > 0) {
          for (const n of k.nodes.values()) {
            if (!n.up) continue;
            choices.push({ id: `crash ${n.name}`, node: null, crash: true });
            picked.push(null);
            lose.push(false);
            crashes.push(n);
          }
        }
        const next = livePeek(k.queue);
        if (next !== undefined && (until === undefined || next.time <= until)) {
          choices.push({ id: `@${next.time}`, node: null });
          picked.push(null);
          lose.push(false);
          crashes.push(null);
        }
        if (choices.length === 0) {
          if (until !== undefined && next !== undefined) k.now = k.clock = until;
          return next === undefined ? { kind: "quiescent" } : { kind: "until" };
        }
        const i = this.explorer.choose(choices, state);
        const p = picked[i];
        if (p === undefined) throw new ConfigError(`explorer chose ${i} of ${choices.length} candidates`);
        const crash = crashes[i];
        if (crash !== null && crash !== undefined) {
          this.crashesLeft--;
          this.historyOf(crash.name).push("crash");
          applyFault(k, { op: "crash", node: crash.name });
          k.sched.flush();
        } else if (p === null) {
          const t = next!.time;
          for (const h of this.history.values()) h.push(`@${t}`);
          for (let ev = livePeek(k.queue); ev !== undefined && ev.time <= t; ev = livePeek(k.queue)) k.handleNext(ev);
        } else if (lose[i] === true) {
          this.pending.splice(this.pending.indexOf(p), 1);
          this.historyOf(p.d.node.name).push(`${p.ident}!lost`);
          this.lossesLeft--;
          k.drop(p.d.id, k.now, "loss");
        } else {
          this.pending.splice(this.pending.indexOf(p), 1);
          this.historyOf(p.d.node.name).push(p.ident);
          if (k.events >= k.limits.maxEvents) throw tooManyEvents(k.events, k.now);
          k.events++;
          k.handle(p.d);
          k.sched.flush();
          k.checkKept();
        }
      }
    } catch (e) {
      if (!(e instanceof Runaway)) throw e;
      k.current = null;
      k.tripped = null;
      return e.outcome;
    }
  }

  /** A node's history (a node added after `explore` starts with an empty one). */
  private historyOf(node: string): string[] {
    let h = this.history.get(node);
    if (h === undefined) this.history.set(node, (h = []));
    return h;
  }
}
