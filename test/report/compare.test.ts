/** (j) side by side: who reaches whom after each failure, and hops that say which hop is local. */
import { describe, expect, test } from "vitest";
import { describeReach, faultCells, hopsOf } from "../../src/report/compare.js";

const reach = (users: string[], sees: Record<string, string[]>) => ({ users, sees: new Map(users.map((u) => [u, new Set(sees[u] ?? [])])) });

describe("fault tolerance, side by side", () => {
  test("a window's reach in words", () => {
    expect(describeReach(reach(["A", "B"], { A: ["B"], B: ["A"] }))).toBe("all 2 users chat with each other");
    expect(describeReach(reach(["A", "B", "C", "D"], { A: ["B"], B: ["A"], C: ["D"], D: ["C"] }))).toBe("A, B chat only with each other; C, D chat only with each other");
    expect(describeReach(reach(["A", "B", "C"], { A: ["B"], B: ["A"] }))).toBe("A, B chat only with each other; C: see no one and reach no one");
    expect(describeReach(reach(["A", "B", "C"], { A: ["B", "C"], B: ["A", "C"] }))).toBe("A, B: see everyone, but C does not see them; C: see no one, though their lines still reach 2 of the 2 others");
    expect(describeReach(reach(["A", "B", "C"], { A: ["B", "C"], B: ["A", "C"], C: ["A", "B"] }))).toBe("all 3 users chat with each other");
  });
  test("each failure on each system, from its run", () => {
    const cells = faultCells();
    expect(cells).toHaveLength(10);
    const of = (system: string, failure: string) => cells.find((c) => c.system === system && c.failure === failure)!;
    expect(of("server", "node-crash").pairs.reached).toBe(0);
    expect(of("server2", "node-crash").during).toBe("Mary, Ana, Lucy, Omar chat only with each other; John, Paul: see no one and reach no one");
    expect(of("server2", "node-crash").command).toBe("chatty-sim run fault-tolerance --seed 1 --set failure=node-crash");
    for (const s of ["server", "server2"]) expect(of(s, "client-crash").fullDuring).toBe(true);
    expect(of("server2", "stray-message").during).toContain("John, Paul: see no one, though their lines still reach");
  });
  test("server2's middle hop is local for a recipient on the sender's own server", () => {
    const two = hopsOf("server2");
    expect([two.p50, two.max]).toEqual([3, 3]);
    expect(two.remote.network).toBe(3);
    expect(two.local.network).toBe(2);
    expect(two.local.showings).toBeGreaterThan(0);
    const one = hopsOf("server");
    expect(one.max).toBe(2);
    expect(one.local.showings).toBe(0);
  });
});
