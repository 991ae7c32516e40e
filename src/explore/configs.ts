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

/** Exhaustive search settings of the report: BFS, so that counterexamples are the shortest. */
export const SMALL_BOUNDS = { strategy: "bfs", maxDepth: 40, maxRuns: 50_000 } as const;

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
    id: "x-server-lists-agree",
    question: "i",
    claim: "After concurrent joins, the live servers agree on the server list.",
    system: "server2",
    world: "server2/lan/S:t0,t0b0,t0b0,t0b1/C:s0t0/F:/T:100000",
    check: "membership",
    about: "four servers; the second and third join through the first at once, the fourth through the second",
  },
];
