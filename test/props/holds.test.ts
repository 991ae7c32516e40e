/**
 * The claims that hold, each over a pinned number of generated worlds (in the test name)
 * with a pinned fast-check seed. `assertClaim` fails with fast-check's seed and path, the
 * replay command and a sequence diagram of the violating run.
 *
 * Why they hold: every hop of a line (client → its server → each server → that server's
 * clients) is one process pair, and under `process-pair` or `node-pair` ordering each pair
 * keeps order, so one sender's lines stay in order (c); the central server sends every
 * line to every client in the order it takes them, so all clients see one order (d), and
 * a reply, sent to the server only after the line it answers was sent to everyone, reaches
 * each client after it (e). With server2 and at most two servers, a reply's path and its
 * line's path into the reader's server both start at one server's send to the other (or
 * at a server's send to itself, which arrives first), so (e) still holds; it takes a third
 * server for the line to go by one route and the reply by another (see violated.test.ts).
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { assertClaim, CLAIMS, runCase, verdictOf, worldCase, type Claim, type WorldOptions } from "../../src/props/index.js";

const ORDERED = ["process-pair", "node-pair"] as const;
const FAULTS = ["disconnect", "crash", "partition", "slow"] as const;

describe("claims that hold", () => {
  test("(c, h) per-sender FIFO: server and server2, 1-4 servers, process-pair and node-pair, faults and loss (500 runs)", () => {
    assertClaim(CLAIMS.fifo, worldCase({ orderings: ORDERED, faults: FAULTS, loss: true }), { numRuns: 500, seed: 101 });
  });

  test("(d) one common order through the central server, process-pair and node-pair, faults and loss (400 runs)", () => {
    assertClaim(CLAIMS.totalOrder, worldCase({ systems: ["server"], orderings: ORDERED, faults: FAULTS, loss: true }), { numRuns: 400, seed: 102 });
  });

  test("(e) causal order through the central server, process-pair and node-pair, faults and loss (400 runs)", () => {
    assertClaim(CLAIMS.causal, worldCase({ systems: ["server"], orderings: ORDERED, faults: FAULTS, loss: true }), { numRuns: 400, seed: 103 });
  });

  test("(e, h) a reply never overtakes its line on server2 with 1 or 2 servers, process-pair and node-pair, faults, slow links and loss (800 runs)", () => {
    assertClaim(CLAIMS.replyAfter, worldCase({ systems: ["server2"], servers: { min: 1, max: 2 }, orderings: ORDERED, faults: FAULTS, loss: true }), { numRuns: 800, seed: 104 });
  });

  test("(e, h) with only 2 clients a reply never overtakes its line on server2, 1-4 servers, process-pair and node-pair, slow links (400 runs)", () => {
    // The only reader who can see both is the asker, whose own server relays the line to it
    // (a message to itself) before any reply can come back from the replier's server.
    assertClaim(CLAIMS.replyAfter, worldCase({ systems: ["server2"], clients: { min: 2, max: 2 }, orderings: ORDERED, faults: ["slow"] }), { numRuns: 400, seed: 111 });
  });

  test("(h) one common order on server2 with a single server, process-pair and node-pair, faults and loss (200 runs)", () => {
    assertClaim(CLAIMS.totalOrder, worldCase({ systems: ["server2"], servers: { min: 1, max: 1 }, orderings: ORDERED, faults: FAULTS, loss: true }), { numRuns: 200, seed: 109 });
  });

  test("(i) with 1 or 2 servers, concurrent joins agree, handout and fixed (300 runs)", () => {
    // One join, answered with the whole list: it takes a third server to disagree (violated.test.ts).
    assertClaim(CLAIMS.membership, worldCase({ systems: ["server2"], servers: { min: 1, max: 2 }, serverJoins: "concurrent" }), { numRuns: 300, seed: 110 });
  });

  test("(f) a leaving client shows every line its server sent before exit: both systems, process-pair and node-pair (400 runs)", () => {
    assertClaim(CLAIMS.leaverGets, worldCase({ orderings: ORDERED, faults: ["slow"] }), { numRuns: 400, seed: 105 });
  });

  test("(i) servers that join one at a time agree on the list, handout and fixed, 1-4 servers (300 runs)", () => {
    assertClaim(CLAIMS.membership, worldCase({ systems: ["server2"] }), { numRuns: 300, seed: 106 });
  });

  test("(b) the fixed server's clients are told when it disconnects or its node crashes (300 runs)", () => {
    assertClaim(CLAIMS.told, worldCase({ systems: ["server"], variants: ["fixed"], faults: ["disconnect", "crash"] }), { numRuns: 300, seed: 107 });
  });

  test("(g) the fixed server2's clients are told when their server leaves or crashes, 1-4 servers (300 runs)", () => {
    assertClaim(CLAIMS.told, worldCase({ systems: ["server2"], variants: ["fixed"], faults: ["disconnect", "crash"] }), { numRuns: 300, seed: 108 });
  });
});

describe("the searches above are not vacuous", () => {
  /** Of 100 worlds drawn from `opts`, how many gave `claim` something to judge. */
  const judged = (claim: Claim, opts: WorldOptions): number =>
    fc.sample(worldCase(opts), { numRuns: 100, seed: 1 }).filter((c) => {
      const v = verdictOf(claim, runCase(c));
      return v.status !== "vacuous" && !v.summary.startsWith("no ");
    }).length;

  test("at least a fifth of the worlds show a reply and its line, have a leaver sent a line, or lose a server under a client (100 worlds each)", () => {
    expect(judged(CLAIMS.replyAfter, { systems: ["server2"], servers: { min: 1, max: 2 }, orderings: ORDERED, faults: FAULTS, loss: true })).toBeGreaterThanOrEqual(20);
    expect(judged(CLAIMS.leaverGets, { orderings: ORDERED, faults: ["slow"] })).toBeGreaterThanOrEqual(20);
    expect(judged(CLAIMS.told, { systems: ["server2"], variants: ["fixed"], faults: ["disconnect", "crash"] })).toBeGreaterThanOrEqual(20);
  });
});
