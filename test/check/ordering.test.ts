import { describe, expect, test } from "vitest";
import { causal, fifo, findCycle, issueOrder, totalOrder } from "../../src/check/index.js";
import { mkLog } from "./logs.js";

const A1 = { sender: "A", text: "a1", at: 10 };
const A2 = { sender: "A", text: "a2", at: 20 };
const B1 = { sender: "B", text: "b1", at: 15 };

describe("fifo", () => {
  test("holds when each sender's lines keep their order, whatever the interleaving", () => {
    const v = fifo(mkLog([A1, B1, A2], { X: ["a1", "b1", "a2"], Y: ["b1", "a1", "a2"] }));
    expect(v.status).toBe("holds");
    expect(v.violations).toBe(0);
  });
  test("violated when a receiver shows a sender's second line first, naming receiver and lines", () => {
    const v = fifo(mkLog([A1, B1, A2], { X: ["a1", "a2"], Y: ["a2", "b1", "a1"] }));
    expect(v.status).toBe("violated");
    expect(v.violations).toBe(1);
    expect(v.evidence[0]!.receiver).toBe("Y");
    expect(v.evidence[0]!.lines).toEqual([0, 2]);
  });
  test("vacuous with nothing shown", () => {
    expect(fifo(mkLog([A1], { X: [] })).status).toBe("vacuous");
  });
});

describe("issue order", () => {
  test("violated when a later-issued line from another sender comes first", () => {
    const v = issueOrder(mkLog([A1, B1, A2], { X: ["a1", "b1", "a2"], Y: ["b1", "a1", "a2"] }));
    expect(v.status).toBe("violated");
    expect(v.evidence[0]!.receiver).toBe("Y");
  });
  test("lines issued at the same instant are not ordered", () => {
    const v = issueOrder(mkLog([A1, { sender: "B", text: "b0", at: 10 }], { X: ["a1", "b0"], Y: ["b0", "a1"] }));
    expect(v.status).toBe("holds");
  });
});

describe("total order", () => {
  test("holds when all screens follow one order, even with lines missing", () => {
    const v = totalOrder(mkLog([A1, B1, A2], { X: ["a1", "b1", "a2"], Y: ["a1", "a2"], Z: ["b1", "a2"] }));
    expect(v.status).toBe("holds");
  });
  test("violated by two screens in opposite orders", () => {
    const v = totalOrder(mkLog([A1, B1], { X: ["a1", "b1"], Y: ["b1", "a1"] }));
    expect(v.status).toBe("violated");
    expect(v.evidence[0]!.text).toContain("other way round");
  });
  test("violated by a three-way cycle that no pair of screens shows", () => {
    const C1 = { sender: "C", text: "c1", at: 12 };
    const v = totalOrder(mkLog([A1, B1, C1], { X: ["a1", "b1"], Y: ["b1", "c1"], Z: ["c1", "a1"] }));
    expect(v.status).toBe("violated");
    expect(v.evidence[0]!.lines).toHaveLength(3);
  });
  test("findCycle returns the cycle in edge order", () => {
    expect(findCycle(4, [[0, 1], [1, 2, 3], [3, 1]])).toEqual([1, 2, 3]);
    expect(findCycle(3, [[0, 1, 2], [0, 2]])).toBeNull();
  });
});

describe("causal", () => {
  const Q = { sender: "A", text: "question", at: 10 };
  const R = { sender: "B", text: "answer", at: 30, after: ["question"] };
  test("holds when every screen shows the question before the answer", () => {
    expect(causal(mkLog([Q, R], { A: ["question", "answer"], C: ["question", "answer"] })).status).toBe("holds");
  });
  test("violated when a screen shows the answer first", () => {
    const v = causal(mkLog([Q, R], { A: ["question", "answer"], C: ["answer", "question"] }));
    expect(v.status).toBe("violated");
    expect(v.evidence[0]!.receiver).toBe("C");
    expect(v.evidence[0]!.lines).toEqual([1, 0]);
  });
  test("a missing original is not an ordering violation", () => {
    expect(causal(mkLog([Q, R], { C: ["answer"] })).status).toBe("vacuous");
  });
  test("concurrent lines may come in any order", () => {
    expect(causal(mkLog([A1, B1], { X: ["a1", "b1"], Y: ["b1", "a1"] })).status).toBe("vacuous");
  });
});

describe("reply order", () => {
  test("a reply is judged against the lines its issuer had shown before typing it", async () => {
    const { replyOrder } = await import("../../src/check/index.js");
    // B typed "answer" at 300, after showing "question" (at 110): "answer" answers it.
    const Q = { sender: "A", text: "question", at: 10 };
    const R = { sender: "B", text: "answer", at: 300 };
    const ok = mkLog([Q, R], { B: ["question", "answer"], C: ["question", "answer"] });
    expect(replyOrder(ok).status).toBe("holds");
    const bad = mkLog([Q, R], { B: ["question", "answer"], C: ["answer", "question"] });
    const v = replyOrder(bad);
    expect(v.status).toBe("violated");
    expect(v.evidence[0]!.receiver).toBe("C");
  });
  test("one sender's own lines out of order are a FIFO matter, not a reply-order one", async () => {
    const { replyOrder } = await import("../../src/check/index.js");
    const log = mkLog([A1, A2], { A: ["a1", "a2"], X: ["a2", "a1"] });
    expect(replyOrder(log).status).not.toBe("violated");
    expect(causal(mkLog([A1, { ...A2, after: ["a1"] }], { X: ["a2", "a1"] })).status).toBe("violated");
  });
});
