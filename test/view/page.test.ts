import { describe, expect, it } from "vitest";
import { findScenario, runScenario } from "../../src/scenarios/index.js";
import { runView } from "../../src/view/fromRun.js";
import { packData, viewerPage } from "../../src/view/page.js";

describe("the viewer page", () => {
  const r = runScenario(findScenario("q-e"), 1, [["system", "server2"]]);
  const data = runView(r, "q-e");
  const html = viewerPage(data);

  it("is self-contained: inline script and style, nothing fetched", () => {
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import|url\(/i);
    expect(html).not.toMatch(/https?:\/\//);
    expect(html).toContain("function processesAt(");
    expect(html).toContain("function screensAt(");
  });

  it("embeds the data so that no message text can end the script", () => {
    const evil = { ...data, title: "</script><b>x", events: [{ ...data.events[0]!, text: "</script>" }] };
    const page = viewerPage(evil);
    expect(page.match(/<\/script>/g)!.length).toBe(2);
    expect(page).toContain("&lt;/script&gt;&lt;b&gt;x");
  });

  it("packs each string once and keeps every event", () => {
    const p = packData(data) as { strings: string[]; cols: { t: number[]; text: number[] } };
    expect(new Set(p.strings).size).toBe(p.strings.length);
    expect(p.cols.t).toEqual(data.events.map((e) => e.t));
    expect(p.cols.text.map((i) => p.strings[i])).toEqual(data.events.map((e) => e.text));
  });
});
