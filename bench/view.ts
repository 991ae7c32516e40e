/// <reference lib="dom" />
/**
 * Benchmark `view`: the viewer on a large run (the scalability load of question (a), about
 * 100,000 trace events) beside a small one (ms1), in Debian's chromium. Time to first paint
 * is from navigation start to the end of the first drawing of the diagram (the page parses
 * and unpacks its data, lays out the lanes and draws what is in view); then the time each
 * frame takes to draw while the diagram is panned and zoomed with the mouse wheel, and the
 * time a jump of the step control to the middle of the run takes (mailboxes and screens
 * recomputed, panes redrawn). Figures vary with the machine: compare the two pages' ratios.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { findScenario, runScenario } from "../src/scenarios/index.js";
import { runView } from "../src/view/fromRun.js";
import { viewerPage } from "../src/view/page.js";
import { launchChromium } from "./chromium.js";

/** Parameters: the large run's size. */
export interface ViewBenchParams {
  readonly clients: number;
  readonly lines: number;
}

/** One page's figures. */
export interface ViewPageFigures {
  readonly name: string;
  readonly events: number;
  readonly bytes: number;
  /** Making the page in Node (running the scenario excluded), ms. */
  readonly buildMs: number;
  readonly firstPaintMs: number;
  /** Frames drawn while panning and zooming: median and worst, ms. */
  readonly frameMedianMs: number;
  readonly frameMaxMs: number;
  readonly frames: number;
  /** Moving the step control to the middle of the run, ms. */
  readonly stepJumpMs: number;
}

/** What the benchmark measured. */
export interface ViewBenchResult {
  readonly params: ViewBenchParams;
  readonly small: ViewPageFigures;
  readonly large: ViewPageFigures;
}

/** Runs the benchmark; `now` is the wall clock in ms. */
export async function runViewBench(params: ViewBenchParams, now: () => number, progress?: (what: string) => void): Promise<ViewBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), "chatty-bench-view-"));
  const browser = await launchChromium();
  try {
    const page = async (name: string, scenario: string, sets: [string, string][]): Promise<ViewPageFigures> => {
      progress?.(`view: running ${name}`);
      const r = runScenario(findScenario(scenario), 1, sets);
      const t0 = now();
      const html = viewerPage(runView(r, name));
      const buildMs = now() - t0;
      const file = join(dir, `${name}.html`);
      writeFileSync(file, html);
      progress?.(`view: opening ${name} (${r.records.length.toLocaleString("en-US")} events)`);
      const p = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
      await p.goto(`file://${file}`);
      await p.waitForFunction(() => (window as unknown as { __firstPaint?: number }).__firstPaint !== undefined, undefined, { timeout: 120_000 });
      const firstPaintMs = await p.evaluate(() => (window as unknown as { __firstPaint: number }).__firstPaint);
      const box = (await p.locator("#canvas").boundingBox())!;
      await p.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await p.evaluate(() => ((window as unknown as { __drawTimes: number[] }).__drawTimes.length = 0));
      progress?.(`view: panning and zooming ${name}`);
      // Zoom in step by step, pan across, zoom back out: each wheel event is one frame.
      for (let i = 0; i < 20; i++) await wheelFrame(p, { deltaY: -120 });
      for (let i = 0; i < 30; i++) await wheelFrame(p, { deltaX: 200 });
      for (let i = 0; i < 20; i++) await wheelFrame(p, { deltaY: 120 });
      const frames = await p.evaluate(() => [...(window as unknown as { __drawTimes: number[] }).__drawTimes]);
      const stepJumpMs = await p.evaluate(() => {
        const w = window as unknown as { viewerStep: (s: number) => void };
        const t = performance.now();
        w.viewerStep(Math.floor(Number((document.getElementById("slider") as HTMLInputElement).max) / 2));
        return performance.now() - t;
      });
      await p.close();
      const sorted = [...frames].sort((a, b) => a - b);
      return {
        name,
        events: r.records.length,
        bytes: statSync(file).size,
        buildMs,
        firstPaintMs,
        frameMedianMs: sorted[Math.floor(sorted.length / 2)] ?? 0,
        frameMaxMs: sorted[sorted.length - 1] ?? 0,
        frames: frames.length,
        stepJumpMs,
      };
    };
    const small = await page("ms1", "ms1", []);
    const large = await page(`q-a clients=${params.clients} lines=${params.lines}`, "q-a", [["clients", String(params.clients)], ["lines", String(params.lines)]]);
    return { params, small, large };
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** One mouse-wheel event over the diagram, then waits for the frame it asks for to be drawn. */
async function wheelFrame(p: import("playwright-core").Page, d: { deltaX?: number; deltaY?: number }): Promise<void> {
  await p.mouse.wheel(d.deltaX ?? 0, d.deltaY ?? 0);
  await p.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}
