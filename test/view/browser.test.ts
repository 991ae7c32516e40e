/// <reference lib="dom" />
/**
 * The viewer in a real browser: Debian's chromium driven by playwright-core. Pages are made
 * by the built CLI; what the panes show is compared with the trace the CLI writes for the
 * same run. A screenshot of each page is kept under test-artifacts/ (not committed).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium } from "../../bench/chromium.js";
import { cli, root } from "../cliHarness.js";

const ARTIFACTS = join(root, "test-artifacts");
let browser: Browser;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "chatty-view-"));
  mkdirSync(ARTIFACTS, { recursive: true });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

type Rec = { t: number; k: string; id?: number; pid?: string; to?: string; from?: string; msg?: unknown; text?: string; reason?: unknown; label?: string };

/** Makes the page and the trace of one run with the CLI; opens the page, failing on any script error or request. */
async function open(name: string, args: string[]): Promise<{ page: Page; trace: Rec[] }> {
  const html = join(dir, `${name}.html`);
  const trace = join(dir, `${name}.jsonl`);
  expect(cli("view", ...args, "--out", html).code).toBe(0);
  expect(cli("run", ...args, "--trace", trace).code).toBe(0);
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  // Self-contained: the page asks for nothing beyond itself.
  page.on("request", (r) => {
    if (r.url() !== `file://${html}`) errors.push(`request ${r.url()}`);
  });
  await page.goto(`file://${html}`);
  await page.waitForFunction(() => (window as unknown as { __firstPaint?: number }).__firstPaint !== undefined);
  expect(errors).toEqual([]);
  const recs = readFileSync(trace, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Rec);
  return { page, trace: recs };
}

/** Moves the slider to a step (0-based event index) as a user dragging it would. */
async function slideTo(page: Page, step: number): Promise<void> {
  await page.$eval(
    "#slider",
    (el, s) => {
      (el as HTMLInputElement).value = String(s);
      el.dispatchEvent(new Event("input", { bubbles: true }));
    },
    step,
  );
}

const mailbox = (page: Page, pid: string): Promise<string[]> => page.$$eval(`#procs tr[data-pid="${pid}"] td.mailbox div`, (ds) => ds.map((d) => d.textContent ?? ""));
const stateLine = (page: Page, pid: string): Promise<string> => page.$eval(`#procs tr[data-pid="${pid}"] td.state`, (d) => d.textContent ?? "");
const screen = (page: Page, client: string): Promise<string> => page.$eval(`#screens .screen[data-client="${client}"] pre`, (d) => d.textContent ?? "");
const stepLabel = (page: Page): Promise<string> => page.$eval("#step-label", (d) => d.textContent ?? "");

/** Checks the screen and mailbox panes against the trace at steps through the run. */
async function panesFollowTrace(page: Page, trace: Rec[], client: string): Promise<void> {
  // The screen of `client` at each of its printed lines, and just before the first.
  const pids = new Set(trace.filter((r) => r.k === "spawn" && r.label?.startsWith(`client:${client}`)).map((r) => r.pid!));
  const logs = trace.map((r, i) => [r, i] as const).filter(([r]) => r.k === "log" && pids.has(r.pid!));
  expect(logs.length).toBeGreaterThan(2);
  await slideTo(page, logs[0]![1] - 1);
  expect(await screen(page, client)).toBe("");
  for (const n of [1, 2, logs.length]) {
    await slideTo(page, logs[n - 1]![1]);
    expect(await screen(page, client)).toBe(logs.slice(0, n).map(([r]) => r.text).join("\n"));
    expect(await stepLabel(page)).toContain(`step ${logs[n - 1]![1] + 1} of ${trace.length}`);
  }
  // A message waits in its receiver's mailbox from its delivery until it is taken.
  const sends = new Map(trace.filter((r) => r.k === "send").map((r) => [r.id!, r]));
  const d = trace.findIndex((r, i) => r.k === "deliver" && trace.findIndex((x, j) => j > i && x.k === "receive" && x.id === r.id) > i);
  const to = trace[d]!.to!;
  const take = trace.findIndex((x, j) => j > d && x.k === "receive" && x.id === trace[d]!.id);
  const msg = sends.get(trace[d]!.id!)!.msg as Record<string, unknown>;
  await slideTo(page, d);
  const box = await mailbox(page, to);
  expect(box.some((m) => Object.values(msg).every((v) => typeof v !== "string" || m.includes(v)))).toBe(true);
  await slideTo(page, take);
  expect((await mailbox(page, to)).length).toBe(box.length - 1);
  expect(await stateLine(page, to)).toContain("last took");
}

describe("the viewer in chromium", () => {
  it("ms1: arrow keys and buttons step; the panes follow the trace", async () => {
    const { page, trace } = await open("ms1", ["ms1"]);
    expect(await stepLabel(page)).toContain(`step ${trace.length} of ${trace.length}`);
    await page.click("#first");
    expect(await stepLabel(page)).toContain(`step 1 of ${trace.length}`);
    await page.click("#canvas", { position: { x: 5, y: 5 } });
    for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowRight");
    expect(await stepLabel(page)).toContain(`step 4 of ${trace.length}`);
    await page.keyboard.press("ArrowLeft");
    await page.click("#next");
    await page.click("#next");
    expect(await stepLabel(page)).toContain(`step 5 of ${trace.length}`);
    // The event line says what step 5 is (here: John's background task is spawned).
    expect(trace[4]!.k).toBe("spawn");
    expect(await page.textContent("#event-line")).toContain(`spawned ${trace[4]!.label}`);
    // A send names its destination as the panes name its process: its label and short pid, not the trace's key.
    const spawned = new Map(trace.filter((r) => r.k === "spawn").map((r) => [r.pid, r.label]));
    const s = trace.findIndex((r) => r.k === "send" && typeof r.to === "string" && spawned.has(r.to));
    await page.click("#first");
    await page.click("#canvas", { position: { x: 5, y: 5 } });
    for (let i = 0; i < s; i++) await page.keyboard.press("ArrowRight");
    expect(await stepLabel(page)).toContain(`step ${s + 1} of ${trace.length}`);
    const to = trace[s]!.to as string;
    expect(await page.textContent("#event-line")).toContain(` to ${spawned.get(to)} <${/\.(\d+\.\d+)>$/.exec(to)![1]}>`);
    expect(await page.textContent("#event-line")).not.toContain(to);
    await panesFollowTrace(page, trace, "Ana");
    // Filters: hiding a node hides its processes from the panes.
    await page.click('#f-nodes input[value="ana@127.0.0.1"]');
    expect(await page.$$eval("#procs tr[data-pid]", (rs) => rs.map((r) => (r as HTMLElement).dataset.pid).filter((p) => p!.includes("ana@")))).toEqual([]);
    await page.screenshot({ path: join(ARTIFACTS, "viewer-ms1.png") });
    await page.close();
  });

  it("q-e on server2: clicking a violation jumps to its events", async () => {
    const { page, trace } = await open("q-e", ["q-e", "--set", "system=server2"]);
    await panesFollowTrace(page, trace, "Ana");
    await page.click("#first");
    expect(await page.textContent("#checks")).toContain("VIOLATED");
    await page.click('#checks .evidence[data-check="reply-order"] button.jump');
    const st = await page.evaluate(() => {
      const v = (window as unknown as { viewer: { step: number; highlight: Set<number> } }).viewer;
      return { step: v.step, highlight: [...v.highlight] };
    });
    // The step is the last of the evidence's events: Ana taking John's line, after the reply.
    expect(st.highlight).toContain(st.step);
    expect(st.step).toBe(Math.max(...st.highlight));
    const r = trace[st.step]!;
    expect(r.k).toBe("receive");
    expect(r.pid).toContain("ana@");
    expect(await page.textContent("#event-line")).toContain('takes {message,"John","John: line 1"}');
    // Her screen shows the reply, and John's line only once she prints it, a step later.
    expect(await screen(page, "Ana")).toContain("[Mary] Mary: re John: line 1");
    expect(await screen(page, "Ana")).not.toContain("[John] John: line 1");
    // Her background task observes the line into the trace (her screen), then prints it.
    await page.click("#next");
    expect(trace[st.step + 1]!.k).toBe("observe");
    await page.click("#next");
    expect(trace[st.step + 2]!.k).toBe("log");
    const ana = await screen(page, "Ana");
    expect(ana.indexOf("[Mary] Mary: re John: line 1")).toBeGreaterThan(-1);
    expect(ana.indexOf("[Mary] Mary: re John: line 1")).toBeLessThan(ana.indexOf("[John] John: line 1"));
    // The highlighted events include the reply's issuing send.
    expect(st.highlight.some((i) => trace[i]!.k === "send")).toBe(true);
    expect(await page.textContent("#replay")).toBe("chatty-sim run q-e --seed 1 --set system=server2");
    await page.screenshot({ path: join(ARTIFACTS, "viewer-q-e-server2.png") });
    await page.close();
  });

  it("rejoin-after-crash: the crash, the old incarnation's drops, the membership violation", async () => {
    const { page, trace } = await open("rejoin-after-crash", ["rejoin-after-crash"]);
    await panesFollowTrace(page, trace, "Mary");
    const crash = trace.findIndex((r) => r.k === "exit" && r.reason === "node-down");
    const pid = trace[crash]!.pid!;
    await slideTo(page, crash - 1);
    expect(await stateLine(page, pid)).not.toContain("exit");
    await slideTo(page, crash);
    expect(await stateLine(page, pid)).toBe("exit: 'node-down'");
    await page.click('#checks .evidence[data-check="membership"] button.jump');
    const step = await page.evaluate(() => (window as unknown as { viewer: { step: number } }).viewer.step);
    expect(trace[step]!.k).toBe("fault");
    // Hovering a dropped message (a cross where it was lost) shows why it was dropped.
    type Drawn = { m: { drop: number; d: number }; x1: number; y1: number; x2: number; y2: number };
    type W = { viewer: { drawn: Drawn[] }; viewerZoom: (f: number, at: number) => void };
    await page.click("#fit");
    await page.waitForTimeout(50);
    // Zoomed in on the first drop, so that no other arrow lies near it.
    await page.evaluate(() => {
      const w = window as unknown as W;
      const d = w.viewer.drawn.find((x) => x.m.drop >= 0 && x.m.d < 0)!;
      w.viewerZoom(0.002, (d.x1 + d.x2) / 2);
    });
    await page.waitForTimeout(50);
    const at = await page.evaluate(() => {
      const d = (window as unknown as W).viewer.drawn.find((x) => x.m.drop >= 0 && x.m.d < 0)!;
      return { x: (d.x1 + d.x2) / 2, y: (d.y1 + d.y2) / 2, drop: d.m.drop };
    });
    expect(trace[at.drop]!.k).toBe("drop");
    const box = (await page.locator("#canvas").boundingBox())!;
    await page.mouse.move(box.x + at.x, box.y + at.y);
    expect(await page.textContent("#tip")).toContain(`DROPPED (${trace[at.drop]!.reason as string})`);
    await page.screenshot({ path: join(ARTIFACTS, "viewer-rejoin-after-crash.png") });
    await page.close();
  });
});
