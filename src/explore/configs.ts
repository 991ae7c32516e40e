/**
 * The small configurations the report settles exhaustively: each is a `world` (see
 * `src/scenarios/world.ts`) small enough that every interleaving of its deliveries between
 * nodes is explored in seconds, and the check whose claim it settles. Everything starts at
 * time 0, so that the choices are the network's, not the clock's.
 */

/** One small configuration and the claim it settles. */
export interface SmallConfig {
  /** The claim id in the report, beside the seed-sweep claims of the same question. */
  readonly id: string;
  readonly question: string;
  readonly claim: string;
  readonly system: "server" | "server2";
  /** The world text. */
  readonly world: string;
  /** The world scenario's check that settles it. */
  readonly check: string;
  /** What the configuration is, in words, for the report. */
  readonly about: string;
}

/**
 * Exhaustive search settings of the report: BFS first, so that counterexamples are the
 * shortest, within `bfsRuns` runs; a search that has neither finished nor found a violation
 * by then is done again depth-first (which finds a deep violation in a few runs), within `maxRuns`.
 */
export const SMALL_BOUNDS = { maxDepth: 40, bfsRuns: 1_000, maxRuns: 50_000 } as const;

/** The link ordering modes every small configuration is explored in. */
export const SMALL_MODES = ["process-pair", "node-pair", "none"] as const;

/** The small configurations, in report order. */
export const SMALL_CONFIGS: readonly SmallConfig[] = [
  {
    id: "x-fifo-single-sender",
    question: "c",
    claim: "Every client gets one client's lines in the order that client sent them.",
    system: "server",
    world: "server/lan/S:t0/C:s0t0-m0-m0,s0t0/F:/T:100000",
    check: "fifo",
    about: "one server; A types two lines, B listens",
  },
  {
    id: "x-same-order-everywhere",
    question: "d",
    claim: "All clients see all lines in one common order.",
    system: "server",
    world: "server/lan/S:t0/C:s0t0-m0,s0t0-m0,s0t0/F:/T:100000",
    check: "total-order",
    about: "one server; A and B type a line each at once, C listens",
  },
  {
    id: "x-reply-after-original",
    question: "e",
    claim: "No client sees a reply before the message it answers.",
    system: "server",
    world: "server/lan/S:t0/C:s0t0-m0,s0t0-r0.1.0/F:/T:100000",
    check: "reply-after-original",
    about: "one server; A types a line, B answers it at once",
  },
  {
    id: "x-fifo-single-sender",
    question: "h",
    claim: "(c) on server2: one client's lines arrive in the order sent.",
    system: "server2",
    world: "server2/lan/S:t0,t0b0/C:s0t0-m0-m0,s1t0/F:/T:100000",
    check: "fifo",
    about: "two servers; A on the first types two lines, B on the second listens",
  },
  {
    id: "x-same-order-everywhere",
    question: "h",
    claim: "(d) on server2: all clients see one common order.",
    system: "server2",
    world: "server2/lan/S:t0,t0b0/C:s0t0-m0,s1t0-m0/F:/T:100000",
    check: "total-order",
    about: "two servers; A on one and B on the other type a line each at once",
  },
  {
    id: "x-causal-order",
    question: "h",
    claim: "(e) on server2: no client sees a reply before its original (causal order).",
    system: "server2",
    world: "server2/lan/S:t0,t0b0,t0b0/C:s0t0-m0,s1t0-r0.1.0,s2t0/F:/T:100000",
    check: "causal",
    about: "three servers; A on the first types a line, B on the second answers it, C on the third listens",
  },
  {
    id: "x-join-during-broadcast",
    question: "f",
    claim: "A client that joins while a line is being broadcast shows it exactly when the server took the line after its join.",
    system: "server",
    world: "server/lan/S:t0/C:s0t0-m0,s0t1/F:/T:100000",
    check: "join-during-broadcast",
    about: "one server; A types a line as B joins",
  },
  {
    id: "x-leave-during-broadcast",
    question: "f",
    claim: "A client that leaves while a line is being broadcast shows it exactly when the server took the line before its leave.",
    system: "server",
    world: "server/lan/S:t0/C:s0t0-m0,s0t0-l0/F:/T:100000",
    check: "leave-during-broadcast",
    about: "one server; A types a line as B leaves",
  },
  {
    id: "x-server-lists-agree-concurrent",
    question: "i",
    claim: "After concurrent joins through one server, the servers agree on the server list.",
    system: "server2",
    world: "server2/lan/S:t0,t0b0,t0b0/C:s0t0/F:/T:100000",
    check: "membership",
    about: "three servers; the second and third join through the first at once",
  },
  {
    id: "x-server-lists-agree-through-joining",
    question: "i",
    claim: "After a server joins through one that is still joining, the servers agree on the server list.",
    system: "server2",
    world: "server2/lan/S:t0,t0b0,t0b1/C:s0t0/F:/T:100000",
    check: "membership",
    about: "three servers; the second joins through the first, the third through the second at once",
  },
  {
    id: "x-server-lists-agree-join-leave",
    question: "i",
    claim: "After one server leaves while another joins, the live servers agree on the server list.",
    system: "server2",
    world: "server2/lan/S:t0,t0b0,t10000b0/C:s0t0/F:d1t10000/T:100000",
    check: "membership",
    about: "three servers; the second joins through the first, and at 10 ms leaves as the third joins through the first",
  },
];
