/**
 * The report's counterexample figures: small (a shrunk world, at most MAX_LANES lanes),
 * readable (one label per line and sending lane, no two labels overlapping, the line's text
 * without its sender repeated) and complete (the leave and the server's `exit` drawn beside
 * the line they cut off).
 */
import { describe, expect, test } from "vitest";
import { sequenceDiagram } from "../../src/props/diagram.js";
import { CLAIMS } from "../../src/report/claims.js";
import { shrinkClaim } from "../../src/report/shrink.js";
import { MAX_LANES, spaceTime } from "../../src/report/svg.js";
import { findScenario, runScenario } from "../../src/scenarios/index.js";

/** The lane headers and the labels (text elements in the figure's body) of an SVG figure. */
function parts(svg: string): { lanes: string[]; labels: { x: number; y: number; text: string }[] } {
  const lanes = [...svg.matchAll(/<text x="[\d.]+" y="48" text-anchor="middle" font-weight="bold">([^<]*)<\/text>/g)].map((m) => m[1]!);
  const labels = [...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)" text-anchor="middle" fill="[^"]+">([^<✕]+)<\/text>/g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), text: m[3]! }));
  return { lanes, labels };
}

const overlaps = (labels: readonly { x: number; y: number; text: string }[]): boolean =>
  labels.some((a, i) =>
    labels.some((b, j) => {
      if (j <= i) return false;
      const [wa, wb] = [a.text.length * 6.6, b.text.length * 6.6];
      return Math.abs(a.x - b.x) < (wa + wb) / 2 && Math.abs(a.y - b.y) < 12;
    }),
  );

describe("space-time figures", () => {
  // (f) with 60 clients: the leave, the server's exit and one line, among sixty listeners.
  const big = runScenario(findScenario("q-f"), 7, [["ordering", "none"]]);
  const lines = big.log.lines.filter((l) => l.text === "c2: line 2");
  const svg = spaceTime(big.records, big.screens, { title: "q-f", lines, marks: [{ receiver: "John", sender: "c2", text: "c2: line 2" }] });
  const { lanes, labels } = parts(svg);

  test(`at most ${MAX_LANES} lanes, the marked receiver and the sender among them; the rest named as not drawn`, () => {
    expect(big.screens.length).toBeGreaterThan(MAX_LANES);
    expect(lanes.length).toBeLessThanOrEqual(MAX_LANES);
    expect(lanes).toContain("John.bg");
    expect(lanes).toContain("c2");
    expect(svg).toMatch(/not drawn \(\d+ more lanes\)/);
  });

  test("the message that causes the effect is drawn: the marked receiver's leave request and the server's exit", () => {
    expect(labels.map((l) => l.text)).toContain("exit");
    expect(labels.some((l) => l.text.startsWith("{client_leave_req,&quot;John&quot;"))).toBe(true);
  });

  test("labels do not overlap and do not repeat the sender; a broadcast's copies share one label", () => {
    expect(overlaps(labels)).toBe(false);
    const lineLabels = labels.filter((l) => l.text === "c2: line 2");
    // One from c2 to the server, one for the server's copies, one on the red receipt.
    expect(lineLabels.length).toBeGreaterThanOrEqual(2);
    expect(lineLabels.length).toBeLessThanOrEqual(3);
    expect(labels.some((l) => l.text.startsWith("c2: c2:"))).toBe(false);
  });

  test("the same records give the same bytes", () => {
    expect(spaceTime(big.records, big.screens, { title: "q-f", lines, marks: [{ receiver: "John", sender: "c2", text: "c2: line 2" }] })).toBe(svg);
  });

  test("a text diagram of a focused excerpt keeps only the lanes its rows touch", () => {
    const all = sequenceDiagram(big.records.filter((r) => r.k === "spawn"), big.screens, {});
    const used = sequenceDiagram(big.records.filter((r) => r.k === "spawn"), big.screens, { usedLanesOnly: true });
    expect(all.split("\n")[0]!.length).toBeGreaterThan(1000);
    expect(used.split("\n")[0]!.trim()).toBe("");
  });
});

describe("shrunk counterexamples", () => {
  test("(c) on one server with ordering none: one server, two clients, two lines, and it replays to the same violation", () => {
    const spec = CLAIMS.find((c) => c.id === "q-c-fifo-single-sender" && c.system === "server" && c.mode === "none")!;
    const s = shrinkClaim(spec)!;
    expect(s.size).toMatchObject({ servers: 1, clients: 2, typed: 2 });
    expect(s.verdict.status).toBe("violated");
    expect(s.run.replay).toMatch(/^chatty-sim run world --seed \d+ --set ordering=none --set world=server\//);
    expect(shrinkClaim(spec)!.run.traceHash).toBe(s.run.traceHash);
    const { lanes } = parts(spaceTime(s.run.records, s.run.screens, { title: "t", lines: s.run.log.lines, marks: s.marks }));
    expect(lanes.length).toBeLessThanOrEqual(5);
  });

  test("(f) leave during a broadcast: the report's search finds a world of 1 server, 2 clients", () => {
    const spec = CLAIMS.find((c) => c.id === "q-f-leave-during-broadcast" && c.mode === "none")!;
    const s = shrinkClaim(spec)!;
    expect(s.size).toMatchObject({ servers: 1, clients: 2 });
    expect(s.size.typed).toBeLessThanOrEqual(2);
    expect(s.verdict.status).toBe("violated");
  });

  test("(f) leave during a broadcast, too rare for a search of one world: the small configuration at a violating seed", () => {
    const spec = CLAIMS.find((c) => c.id === "q-f-leave-during-broadcast" && c.mode === "none")!;
    const s = shrinkClaim(spec, { numRuns: 1, seed: 2020, configSeeds: 300 })!;
    expect(s.size).toMatchObject({ servers: 1, clients: 2, typed: 1 });
    expect(s.how).toContain("small configuration");
    expect(s.verdict.status).toBe("violated");
  });

  test("a check with no world counterpart is not shrunk", () => {
    expect(shrinkClaim(CLAIMS.find((c) => c.id === "partition-long-cut-loses-nothing")!)).toBeNull();
  });
});
