import { describe, expect, test } from "vitest";
import { KNEE_GRID, kneeSweep } from "../../src/report/knee.js";
import { linePlot } from "../../src/report/plot.js";

describe("line plot", () => {
  test("one polyline per series, dashed where asked, points marked, the same bytes again", () => {
    const spec = { title: "t <1>", xLabel: "x", yLabel: "y", series: [{ name: "a", points: [[1, 2], [4, 8]] as const }, { name: "b", points: [[1, 3], [4, 5]] as const, dashed: true }] };
    const svg = linePlot(spec);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg.match(/stroke-dasharray/g)).toHaveLength(2); // the dashed line and its legend
    expect(svg.match(/<circle /g)).toHaveLength(2);
    expect(svg).toContain("t &lt;1&gt;");
    expect(linePlot(spec)).toBe(svg);
  });
});

describe("the knee against the model's costs", () => {
  test("the knee halves when the send cost doubles and doubles when the line interval does", () => {
    const ks = kneeSweep();
    for (const k of ks) {
      expect(k.knee).not.toBeNull();
      expect(KNEE_GRID).toContain(k.knee);
    }
    const at = (c: number, i: number) => ks.find((k) => k.sendCost === c && k.interval === i)!.knee!;
    expect(at(20, 1000)).toBe(at(10, 1000) / 2);
    expect(at(10, 2000)).toBe(at(10, 1000) * 2);
  }, 60_000);
});
