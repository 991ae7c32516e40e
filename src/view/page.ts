/**
 * The viewer page: one self-contained HTML file (inline CSS and JS, the data as embedded
 * JSON, nothing fetched), so it opens from disk with no network. The diagram is drawn on a
 * canvas, only what lies in view, so a run of 100,000 events opens and pans smoothly.
 */
import type { ViewData } from "./data.js";
import { STATE_FUNCTIONS } from "./state.js";
import { PAGE_CSS, PAGE_SCRIPT } from "./pageScript.js";

/** JSON safe inside a `<script>` element: no `</script>`, no `<!--`. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, "\\u003c").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

/**
 * The data as embedded: events in columns, every string once in a table (a broadcast sends one
 * message text to every peer), so that a report's pages stay small. The page unpacks it.
 */
export function packData(data: ViewData): unknown {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const str = (x: string | undefined): number => {
    if (x === undefined) return -1;
    let i = index.get(x);
    if (i === undefined) {
      i = strings.length;
      index.set(x, i);
      strings.push(x);
    }
    return i;
  };
  const ev = data.events;
  return {
    ...data,
    events: undefined,
    strings,
    cols: {
      t: ev.map((e) => e.t),
      k: ev.map((e) => str(e.k)),
      lane: ev.map((e) => e.lane),
      id: ev.map((e) => e.id ?? -1),
      text: ev.map((e) => str(e.text)),
      kind: ev.map((e) => str(e.kind)),
      to: ev.map((e) => str(e.to)),
    },
  };
}

const escapeHtml = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The page for a run's viewer data. */
export function viewerPage(data: ViewData): string {
  // The tested state functions, as the page's own code (see state.ts).
  const state = STATE_FUNCTIONS.map((f) => f.toString()).join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(data.title)} — chatty-sim view</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<header>
  <h1 id="title"></h1>
  <div class="replay">replay: <code id="replay"></code></div>
</header>
<div id="controls">
  <button id="first" title="first step (Home)">|◀</button><button id="prev" title="previous step (←)">◀</button><button id="next" title="next step (→)">▶</button><button id="last" title="last step (End)">▶|</button>
  <input id="slider" type="range" min="0" value="0">
  <span id="step-label"></span>
  <span class="sep"></span>
  <button id="zoom-in" title="zoom in (+)">+</button><button id="zoom-out" title="zoom out (-)">−</button><button id="fit" title="whole run (0)">fit</button>
  <label>axis <select id="axis"><option value="time">virtual time</option><option value="order">event order</option></select></label>
</div>
<div id="event-line"></div>
<main>
  <div id="diagram"><canvas id="canvas"></canvas><div id="tip"></div></div>
  <aside>
    <section><h2>Checks</h2><div id="checks"></div></section>
    <section><h2>Filters</h2>
      <details open><summary>nodes</summary><div id="f-nodes" class="filter"></div></details>
      <details><summary>processes</summary><div id="f-procs" class="filter"></div></details>
      <details open><summary>message kinds</summary><div id="f-kinds" class="filter"></div></details>
    </section>
  </aside>
</main>
<div id="panes">
  <section><h2>Processes at this step</h2><table id="procs"><thead><tr><th>process</th><th>state</th><th>mailbox</th></tr></thead><tbody></tbody></table></section>
  <section><h2>Screens so far</h2><div id="screens"></div></section>
</div>
<script type="application/json" id="data">${scriptJson(packData(data))}</script>
<script>
"use strict";
${state}
${PAGE_SCRIPT}
</script>
</body>
</html>
`;
}
