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
