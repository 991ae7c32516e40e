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
 *   Partitions and crashes from the timeline still drop.
 * - Crash points: with a budget of crashes, crashing each node that is up is a candidate
 *   too, at every choice point; a crash is a `crash` fault at that moment.
 */

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
