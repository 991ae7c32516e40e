import { describe, expect, test } from "vitest";
import { completeness, duplicates, inFlux, membership } from "../../src/check/index.js";
import { mkLog } from "./logs.js";

const A1 = { sender: "A", text: "a1", at: 10 };
const A2 = { sender: "A", text: "a2", at: 1000 };

describe("completeness", () => {
  test("holds when every member shows every line", () => {
    expect(completeness(mkLog([A1, A2], { A: ["a1", "a2"], B: ["a1", "a2"] })).status).toBe("holds");
  });
  test("names who missed what, with the drop reason from the trace", () => {
    const log = mkLog([A1, A2], { A: ["a1", "a2"], B: ["a1"] }, {
      drops: [{ line: 1, to: "<b@h.2.1>", client: "B", reason: "partition", t: 1001 }],
    });
    const v = completeness(log);
    expect(v.status).toBe("violated");
    expect(v.evidence[0]!.receiver).toBe("B");
    expect(v.evidence[0]!.text).toContain("partition");
  });
  test("a line dropped on its way to a server is blamed there", () => {
    const log = mkLog([A1], { A: [], B: [] }, { drops: [{ line: 0, to: "{myserver,s@h}", client: null, reason: "unregistered", t: 11 }] });
    const v = completeness(log);
    expect(v.violations).toBe(2);
    expect(v.evidence[0]!.text).toContain("{myserver,s@h} (unregistered)");
  });
  test("a client that left before the line settled, or joined after it was sent, is not expected to show it", () => {
    const log = mkLog([A1], { A: ["a1"], B: [], C: [] }, {
      joinedAt: new Map([["A", 0], ["B", 0], ["C", 50]]),
      leftAt: new Map([["B", 20]]),
    });
    expect(completeness(log).status).toBe("holds");
    const flux = inFlux(log);
    expect(flux).toContainEqual({ client: "B", line: 0, change: "leave", shown: false });
  });
  test("liveness judges only lines sent from the given time", () => {
    const log = mkLog([A1, A2], { A: ["a1", "a2"], B: ["a2"] });
    expect(completeness(log).status).toBe("violated");
    const v = completeness(log, { from: 500 });
    expect(v.check).toBe("liveness");
    expect(v.status).toBe("holds");
  });
});

describe("duplicates", () => {
  test("a line shown twice is reported once per extra showing", () => {
    const v = duplicates(mkLog([A1], { A: ["a1", "a1", "a1"], B: ["a1"] }));
    expect(v.status).toBe("violated");
    expect(v.violations).toBe(2);
  });
});

describe("membership", () => {
  test("holds when live servers agree on exactly the live servers", () => {
    const v = membership([
      { server: "s1", alive: true, list: ["s2", "s1"] },
      { server: "s2", alive: true, list: ["s1", "s2"] },
      { server: "s3", alive: false, list: ["s3"] },
    ]);
    expect(v.status).toBe("holds");
  });
  test("reports duplicates, missing live servers and stale dead ones", () => {
    const v = membership([
      { server: "s1", alive: true, list: ["s1", "s1", "s3"] },
      { server: "s2", alive: true, list: ["s2", "s1"] },
      { server: "s3", alive: false, list: [] },
    ]);
    expect(v.status).toBe("violated");
    const texts = v.evidence.map((e) => e.text).join("\n");
    expect(texts).toContain("more than once");
    expect(texts).toContain("does not list live s2");
    expect(texts).toContain("still lists s3");
  });
});

describe("never got in", () => {
  test("a client that asked to join and never saw its own join is a completeness violation, not an exemption", () => {
    const log = mkLog([A1], { A: ["a1"], B: [] }, { joinedAt: new Map([["A", 0]]), joinRequestedAt: new Map([["A", 0], ["B", 5]]) });
    const v = completeness(log);
    expect(v.status).toBe("violated");
    expect(v.evidence[0]!.text).toMatch(/^B asked to join at 5µs and never saw its own join/);
    expect(inFlux(log).some((f) => f.client === "B")).toBe(false);
  });
});

describe("join and leave during a broadcast, decided by the server's order", () => {
  test("a joiner gets exactly the lines the server took after its join; a leaver exactly those before its leave", async () => {
    const { joinLeaveOrder } = await import("../../src/check/index.js");
    const L1 = { sender: "A", text: "l1", at: 10 };
    const L2 = { sender: "A", text: "l2", at: 12 };
    // Z asked to join at 11 and saw its join at 40; l1 (taken at position 5) came before its
    // join (taken at 6), l2 (taken at 7) after.
    const base = {
      joinRequestedAt: new Map([["A", 0], ["Z", 11]]),
      joinedAt: new Map([["A", 0], ["Z", 40]]),
      taken: { lines: [5, 7], join: new Map([["Z", 6]]), leave: new Map() },
    };
    expect(joinLeaveOrder(mkLog([L1, L2], { A: ["l1", "l2"], Z: ["l2"] }, base), "join").status).toBe("holds");
    const wrong = joinLeaveOrder(mkLog([L1, L2], { A: ["l1", "l2"], Z: ["l1", "l2"] }, base), "join");
    expect(wrong.status).toBe("violated");
    expect(wrong.evidence[0]!.text).toBe('Z showed [A] "l1", which the server took before its join');
    const leave = {
      joinRequestedAt: new Map([["A", 0], ["Y", 0]]),
      joinedAt: new Map([["A", 0], ["Y", 0]]),
      leftAt: new Map([["Y", 11]]),
      taken: { lines: [5, 7], join: new Map(), leave: new Map([["Y", 6]]) },
    };
    expect(joinLeaveOrder(mkLog([L1, L2], { A: ["l1", "l2"], Y: ["l1"] }, leave), "leave").status).toBe("holds");
    expect(joinLeaveOrder(mkLog([L1, L2], { A: ["l1", "l2"], Y: [] }, leave), "leave").status).toBe("violated");
  });
  test("a client that joins and leaves around a line was never a member for it (found by exhaustive search)", async () => {
    const { joinLeaveOrder } = await import("../../src/check/index.js");
    const L1 = { sender: "A", text: "l1", at: 0 };
    // The server took l1 (position 3) before X's join (4) and its leave (5): X need not show it.
    const log = {
      joinRequestedAt: new Map([["A", 0], ["X", 0]]),
      joinedAt: new Map([["A", 0], ["X", 0]]),
      leftAt: new Map([["X", 0]]),
      taken: { lines: [3], join: new Map([["X", 4]]), leave: new Map([["X", 5]]) },
    };
    expect(joinLeaveOrder(mkLog([L1], { A: ["l1"], X: [] }, log), "leave").status).toBe("holds");
    expect(joinLeaveOrder(mkLog([L1], { A: ["l1"], X: ["l1"] }, log), "leave").status).toBe("violated");
  });
});
