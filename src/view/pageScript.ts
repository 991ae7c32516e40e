/**
 * The viewer page's style and script, as text for `page.ts` to inline. The script reads the
 * embedded data, draws the space-time diagram on a canvas (only the part in view), and keeps
 * the step control, the process and screen panes, the checks and the filters in step. The
 * state at a step comes from `processesAt` and `screensAt` (state.ts), inlined beside it.
 * (Browser code in a string: it is exercised by the browser tests, test/view/browser.test.ts.)
 */

/** The page's CSS. */
export const PAGE_CSS = String.raw`
:root { --bg:#fbfbfd; --fg:#1d2230; --muted:#6b7280; --line:#d9dce3; --accent:#2563eb; --bad:#dc2626; --ok:#16a34a; }
* { box-sizing: border-box; }
body { margin:0; font:13px/1.4 system-ui, -apple-system, "Segoe UI", sans-serif; color:var(--fg); background:var(--bg); }
header { padding:10px 16px 4px; display:flex; flex-wrap:wrap; align-items:baseline; gap:4px 18px; }
h1 { font-size:17px; margin:0; }
h2 { font-size:12px; text-transform:uppercase; letter-spacing:.06em; color:var(--muted); margin:0 0 6px; }
code, pre, .mono { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, monospace; font-size:12px; }
.replay { color:var(--muted); } .replay code { color:var(--fg); background:#eef0f5; padding:1px 5px; border-radius:4px; user-select:all; }
#controls { display:flex; align-items:center; gap:6px; padding:4px 16px; }
#controls button { border:1px solid var(--line); background:#fff; border-radius:5px; padding:2px 8px; cursor:pointer; font-size:13px; }
#controls button:hover { border-color:var(--accent); }
#slider { flex:1; min-width:200px; accent-color:var(--accent); }
#step-label { font-variant-numeric: tabular-nums; min-width:190px; }
.sep { width:10px; }
#event-line { padding:2px 16px 6px; color:var(--muted); white-space:nowrap; overflow:hidden; text-overflow:ellipsis; }
#event-line b { color:var(--fg); font-weight:600; }
main { display:flex; gap:10px; padding:0 16px; height:52vh; min-height:280px; }
#diagram { position:relative; flex:1; border:1px solid var(--line); border-radius:6px; background:#fff; overflow:hidden; cursor:grab; }
#diagram.dragging { cursor:grabbing; }
canvas { display:block; width:100%; height:100%; }
#tip { position:absolute; pointer-events:none; display:none; background:#111827; color:#f9fafb; padding:5px 8px; border-radius:5px; font:12px ui-monospace, monospace; max-width:460px; white-space:pre-wrap; z-index:2; }
aside { width:300px; overflow:auto; }
aside section { border:1px solid var(--line); border-radius:6px; background:#fff; padding:8px 10px; margin-bottom:10px; }
.check { padding:3px 0; border-bottom:1px solid #f0f1f4; }
.check:last-child { border-bottom:0; }
.status { font-weight:600; }
.status.holds { color:var(--ok); } .status.violated { color:var(--bad); } .status.vacuous { color:var(--muted); }
.evidence { margin:3px 0 3px 10px; font-size:12px; }
.evidence button { border:1px solid var(--bad); color:var(--bad); background:#fff; border-radius:4px; font-size:11px; padding:0 5px; cursor:pointer; margin-right:4px; }
.evidence button:hover { background:#fef2f2; }
.evidence.active { background:#fef2f2; border-radius:4px; }
.filter { max-height:140px; overflow:auto; padding:2px 0 4px; }
.filter label { display:block; white-space:nowrap; overflow:hidden; text-overflow:ellipsis; }
details summary { cursor:pointer; color:var(--muted); }
#panes { display:grid; grid-template-columns: 3fr 2fr; gap:10px; padding:10px 16px 16px; }
#panes section { border:1px solid var(--line); border-radius:6px; background:#fff; padding:8px 10px; overflow:auto; max-height:42vh; }
table { border-collapse:collapse; width:100%; }
th { text-align:left; font-weight:600; color:var(--muted); font-size:12px; border-bottom:1px solid var(--line); padding:2px 6px; }
td { vertical-align:top; border-bottom:1px solid #f0f1f4; padding:3px 6px; }
td.pid { white-space:nowrap; } td.pid small { color:var(--muted); display:block; }
tr.current td { background:#eff6ff; }
tr.gone td { color:var(--muted); }
.mailbox div { font-family:ui-monospace, monospace; font-size:12px; background:#f3f4f6; border-radius:3px; padding:0 4px; margin:1px 0; display:inline-block; margin-right:4px; }
.screen { margin-bottom:8px; } .screen h3 { font-size:12px; margin:0 0 2px; }
.screen pre { margin:0; background:#0f172a; color:#e2e8f0; border-radius:5px; padding:6px 8px; min-height:1.6em; white-space:pre-wrap; }
`;

/** The page's script (plain browser JavaScript). */
export const PAGE_SCRIPT = String.raw`
(function () {
  var data = unpack(JSON.parse(document.getElementById("data").textContent));
  // The embedded data back into the shape of ViewData (see packData in page.ts).
  function unpack(p) {
    var c = p.cols, S = p.strings, out = new Array(c.t.length);
    for (var i = 0; i < out.length; i++) {
      var e = { t: c.t[i], k: S[c.k[i]], lane: c.lane[i], text: S[c.text[i]] };
      if (c.id[i] >= 0) e.id = c.id[i];
      if (c.kind[i] >= 0) e.kind = S[c.kind[i]];
      if (c.to[i] >= 0) e.to = S[c.to[i]];
      out[i] = e;
    }
    p.events = out; delete p.cols; delete p.strings;
    return p;
  }
  var ev = data.events, N = ev.length;
  var $ = function (id) { return document.getElementById(id); };
  var canvas = $("canvas"), ctx = canvas.getContext("2d"), wrap = $("diagram"), tip = $("tip");
  var LABEL = 200, TOP = 26, LANE = 22, NODEHEAD = 18, CHUNK = 16;
  var state = { step: N - 1, axis: "time", x0: 0, x1: 1, scrollY: 0, highlight: new Set(), hidden: { nodes: new Set(), lanes: new Set(), kinds: new Set() } };
  window.viewer = state;

  // Message ids → their send, delivery and drop events; drawn as arrows and crosses.
  var msgs = [], byId = new Map();
  for (var i = 0; i < N; i++) {
    var e = ev[i];
    if (e.k === "send" || e.k === "signal") { var m = { s: i, d: -1, drop: -1, from: e.lane, to: -1, kind: e.kind }; byId.set(e.id, m); msgs.push(m); }
    else if (e.k === "deliver" && byId.has(e.id)) { var m2 = byId.get(e.id); if (m2.d < 0) { m2.d = i; m2.to = e.lane; } else { var dup = { s: m2.s, d: i, drop: -1, from: m2.from, to: e.lane, kind: m2.kind }; msgs.push(dup); } }
    else if (e.k === "drop" && byId.has(e.id)) { byId.get(e.id).drop = i; }
  }
  var laneOfPid = new Map(data.lanes.map(function (l, i) { return [l.pid, i]; }));
  msgs.forEach(function (m) { if (m.d < 0 && m.drop >= 0) { var t = ev[m.s].to; m.to = laneOfPid.has(t) ? laneOfPid.get(t) : -1; } });
  // Monotone coordinates per axis: virtual time (clamped so it never goes back) and event order.
  var coordT = new Float64Array(N), coordO = new Float64Array(N);
  var prev = N > 0 ? ev[0].t : 0;
  for (var j = 0; j < N; j++) { prev = Math.max(prev, ev[j].t); coordT[j] = prev; coordO[j] = j; }
  var coord = function () { return state.axis === "time" ? coordT : coordO; };
  msgs.sort(function (a, b) { return a.s - b.s; });
  var maxSpan = { time: 0, order: 0 };
  msgs.forEach(function (m) { var end = m.d >= 0 ? m.d : m.drop >= 0 ? m.drop : m.s; maxSpan.time = Math.max(maxSpan.time, coordT[end] - coordT[m.s]); maxSpan.order = Math.max(maxSpan.order, end - m.s); });
  var marks = [];
  for (var k = 0; k < N; k++) { var x = ev[k].k; if (x === "spawn" || x === "exit" || x === "timeout" || x === "fault" || (x === "connection")) marks.push(k); }

  function fmtTime(us) { if (us < 1000) return us + "µs"; if (us < 1e6) return (us / 1000).toFixed(us < 1e4 ? 3 : 1).replace(/\.?0+$/, "") + "ms"; return (us / 1e6).toFixed(3).replace(/\.?0+$/, "") + "s"; }
  function laneName(l) { return l < 0 ? "" : data.lanes[l].label + " " + shortPid(data.lanes[l].pid); }
  function shortPid(p) { var m = /\.(\d+)\.(\d+)>$/.exec(p); return m ? "<" + m[1] + "." + m[2] + ">" : p; }
  // Where a send goes, as its lane is named (label and short pid); a name, or a pid with no lane, as the trace has it.
  function target(to) { return laneOfPid.has(to) ? laneName(laneOfPid.get(to)) : to; }
  function describe(i) {
    var e = ev[i]; if (!e) return "before the first event";
    var who = laneName(e.lane);
    switch (e.k) {
      case "send": return who + " sends " + e.text + " to " + target(e.to);
      case "signal": return who + " sends " + e.text + " to " + target(e.to);
      case "deliver": return "delivered to " + who + ": " + (byId.has(e.id) ? ev[byId.get(e.id).s].text : "message " + e.id);
      case "receive": return who + " takes " + (byId.has(e.id) ? ev[byId.get(e.id).s].text : "message " + e.id);
      case "drop": return "dropped (" + e.text + "): " + (byId.has(e.id) ? ev[byId.get(e.id).s].text : "message " + e.id);
      default: return (who ? who + ": " : "") + e.text;
    }
  }

  // ---------------------------------------------------------------- layout
  var rows = [];
  function layout() {
    rows = []; var y = 0;
    data.nodes.forEach(function (node) {
      if (state.hidden.nodes.has(node)) return;
      var ls = []; data.lanes.forEach(function (l, i) { if (l.node === node && !state.hidden.lanes.has(i)) ls.push(i); });
      if (ls.length === 0) return;
      rows.push({ node: node, y: y, head: true }); y += NODEHEAD;
      ls.forEach(function (i) { rows.push({ lane: i, y: y + LANE / 2 }); y += LANE; });
    });
    state.height = y;
    state.laneY = new Map(); rows.forEach(function (r) { if (!r.head) state.laneY.set(r.lane, r.y); });
  }
  function fit() { var c = coord(); var a = N ? c[0] : 0, b = N ? c[N - 1] : 1; if (b <= a) b = a + 1; var pad = (b - a) * 0.02; state.x0 = a - pad; state.x1 = b + pad; }
  function W() { return canvas.clientWidth; } function H() { return canvas.clientHeight; }
  function px(v) { return LABEL + (v - state.x0) / (state.x1 - state.x0) * (W() - LABEL - 10); }
  function unpx(p) { return state.x0 + (p - LABEL) / (W() - LABEL - 10) * (state.x1 - state.x0); }
  function py(lane) { var y = state.laneY.get(lane); return y === undefined ? null : TOP + y - state.scrollY; }
  function lowerBound(c, v) { var lo = 0, hi = N; while (lo < hi) { var mid = (lo + hi) >> 1; if (c[mid] < v) lo = mid + 1; else hi = mid; } return lo; }

  // ---------------------------------------------------------------- drawing
  var dirty = true, drawn = [], drawTimes = [];
  window.__drawTimes = drawTimes;
  function request() { if (!dirty) { dirty = true; requestAnimationFrame(draw); } }
  function draw() {
    var t0 = performance.now();
    dirty = false;
    var dpr = window.devicePixelRatio || 1, w = W(), h = H();
    if (canvas.width !== Math.round(w * dpr) || canvas.height !== Math.round(h * dpr)) { canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr); }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, w, h);
    var c = coord();
    // Lanes and node bands.
    ctx.font = "12px system-ui, sans-serif"; ctx.textBaseline = "middle";
    rows.forEach(function (r) {
      var y = TOP + r.y - state.scrollY; if (y < TOP - LANE || y > h + LANE) return;
      if (r.head) { ctx.fillStyle = "#f3f4f8"; ctx.fillRect(0, y, w, NODEHEAD); ctx.fillStyle = "#374151"; ctx.font = "600 11px system-ui, sans-serif"; ctx.fillText(r.node, 8, y + NODEHEAD / 2); ctx.font = "12px system-ui, sans-serif"; return; }
      ctx.strokeStyle = "#e5e7eb"; ctx.lineWidth = 1; ctx.beginPath(); ctx.moveTo(LABEL, y); ctx.lineTo(w, y); ctx.stroke();
    });
    var lo = lowerBound(c, state.x0), hi = lowerBound(c, state.x1 + 1e-9);
    // Faults and connection changes: a full-height line (partitions, crashes, restarts).
    ctx.save(); ctx.beginPath(); ctx.rect(LABEL, TOP, w - LABEL, h - TOP); ctx.clip();
    ctx.setLineDash([4, 4]);
    for (var mi = 0; mi < marks.length; mi++) {
      var e = ev[marks[mi]]; if (marks[mi] < lo || marks[mi] >= hi) continue;
      if (e.k !== "fault" && e.k !== "connection") continue;
      if (e.k === "fault" && /^spawn /.test(e.text)) continue;
      var x = px(c[marks[mi]]);
      ctx.strokeStyle = e.k === "fault" ? "#f59e0b" : "#a78bfa"; ctx.beginPath(); ctx.moveTo(x, TOP); ctx.lineTo(x, h); ctx.stroke();
    }
    ctx.setLineDash([]);
    // Arrows in view: those that start before the right edge and end after the left one.
    drawn = [];
    var span = maxSpan[state.axis];
    var startLo = lowerBoundMsgs(c, state.x0 - span), seen = new Set();
    var step = state.step, w4 = 8192;
    // Level of detail: with many messages in view, arrows within a few pixels of each other are drawn once.
    var inView = lowerBoundMsgs(c, state.x1) - startLo, qx = inView > 20000 ? 4 : inView > 5000 ? 2 : 1;
    // Arrows are batched by style, each batch stroked once: a zoomed-out run of 100,000
    // messages is a handful of canvas calls, and arrows that land on the same pixels are drawn once.
    var batches = new Map();
    for (var a = startLo; a < msgs.length; a++) {
      var m = msgs[a]; var xs = c[m.s]; if (xs > state.x1) break;
      var end = m.d >= 0 ? m.d : m.drop >= 0 ? m.drop : -1; if (end < 0) continue;
      var xe = c[end]; if (xe < state.x0) continue;
      if (state.hidden.kinds.has(m.kind)) continue;
      var y1 = py(m.from), y2 = m.to >= 0 ? py(m.to) : null;
      if (y1 === null && y2 === null) continue;
      if (y1 === null) y1 = y2; if (y2 === null) y2 = y1 + (m.d >= 0 ? 0 : 8);
      if (Math.max(y1, y2) < TOP || Math.min(y1, y2) > h) continue;
      var X1 = px(xs), X2 = px(xe);
      var hl = state.highlight.has(m.s) || state.highlight.has(end);
      var key = (((X1 / qx) | 0) * w4 + ((X2 / qx) | 0)) * w4 * w4 + ((y1 | 0) + 64) * w4 + ((y2 | 0) + 64);
      if (!hl && seen.has(key)) continue; seen.add(key);
      var future = m.s > step;
      var style = (hl ? "h" : m.d < 0 ? "d" : m.kind.indexOf("signal:") === 0 ? "s" : "m") + (future ? "f" : "p");
      var b = batches.get(style); if (!b) { b = []; batches.set(style, b); }
      b.push(X1, y1, X2, y2);
      if (drawn.length < 20000) drawn.push({ m: m, x1: X1, y1: y1, x2: X2, y2: y2 });
    }
    batches.forEach(function (b, style) {
      var kind = style[0];
      ctx.globalAlpha = style[1] === "f" ? 0.25 : 1;
      var col = kind === "h" || kind === "d" ? "#dc2626" : kind === "s" ? "#7c3aed" : "#2563eb";
      ctx.strokeStyle = col; ctx.fillStyle = col; ctx.lineWidth = kind === "h" ? 2.5 : 1.2;
      if (kind === "d") ctx.setLineDash([3, 3]);
      // In paths of at most CHUNK segments: one huge path of crossing strokes rasterizes far slower than many small ones.
      for (var i0 = 0; i0 < b.length; i0 += CHUNK * 4) {
        var i1 = Math.min(b.length, i0 + CHUNK * 4);
        ctx.beginPath(); for (var i = i0; i < i1; i += 4) { ctx.moveTo(b[i], b[i + 1]); ctx.lineTo(b[i + 2], b[i + 3]); } ctx.stroke();
      }
      ctx.setLineDash([]);
      for (var j0 = 0; j0 < b.length; j0 += CHUNK * 4) {
        var j1 = Math.min(b.length, j0 + CHUNK * 4);
        if (kind === "d") { ctx.lineWidth = 2; ctx.beginPath(); for (var j = j0; j < j1; j += 4) crossPath(b[j + 2], b[j + 3], 5); ctx.stroke(); }
        else { ctx.beginPath(); for (var k2 = j0; k2 < j1; k2 += 4) headPath(b[k2], b[k2 + 1], b[k2 + 2], b[k2 + 3]); ctx.fill(); }
      }
      ctx.globalAlpha = 1;
    });
    // Point marks: spawns, exits and crashes, timeouts; highlighted events.
    for (var q = 0; q < marks.length; q++) {
      var ix = marks[q]; if (ix < lo || ix >= hi) continue; var me = ev[ix];
      if (me.lane < 0) continue; var yy = py(me.lane); if (yy === null) continue; var xx = px(c[ix]);
      ctx.globalAlpha = ix > step ? 0.3 : 1;
      if (me.k === "spawn") { ctx.fillStyle = "#16a34a"; ctx.beginPath(); ctx.arc(xx, yy, 4, 0, 7); ctx.fill(); }
      else if (me.k === "exit") { var normal = /exit: "?normal"?$/.test(me.text); ctx.strokeStyle = normal ? "#6b7280" : "#dc2626"; ctx.lineWidth = 2; if (normal) { ctx.strokeRect(xx - 4, yy - 4, 8, 8); } else { cross(xx, yy, 6); ctx.fillStyle = "#dc2626"; ctx.font = "10px system-ui"; ctx.fillText("crash", xx + 6, yy - 8); ctx.font = "12px system-ui, sans-serif"; } }
      else if (me.k === "timeout") { ctx.strokeStyle = "#f59e0b"; ctx.lineWidth = 1.5; ctx.beginPath(); ctx.arc(xx, yy, 4, 0, 7); ctx.stroke(); }
      ctx.globalAlpha = 1;
    }
    state.highlight.forEach(function (ix) { var he = ev[ix]; if (!he || he.lane < 0 || ix < lo || ix >= hi) return; var yh = py(he.lane); if (yh === null) return; ctx.strokeStyle = "#dc2626"; ctx.lineWidth = 2; ctx.beginPath(); ctx.arc(px(c[ix]), yh, 7, 0, 7); ctx.stroke(); });
    // The step cursor.
    if (step >= 0 && step < N) { var xc = px(c[step]); ctx.strokeStyle = "#111827"; ctx.lineWidth = 1; ctx.beginPath(); ctx.moveTo(xc, TOP); ctx.lineTo(xc, h); ctx.stroke(); if (ev[step].lane >= 0) { var yc = py(ev[step].lane); if (yc !== null) { ctx.fillStyle = "#111827"; ctx.beginPath(); ctx.arc(xc, yc, 3.5, 0, 7); ctx.fill(); } } }
    ctx.restore();
    // Lane labels (over the left margin) and the time axis.
    ctx.fillStyle = "#fff"; ctx.fillRect(0, TOP, LABEL, h - TOP);
    rows.forEach(function (r) {
      var y = TOP + r.y - state.scrollY; if (y < TOP - LANE || y > h + LANE) return;
      if (r.head) { ctx.fillStyle = "#f3f4f8"; ctx.fillRect(0, y, LABEL, NODEHEAD); ctx.fillStyle = "#374151"; ctx.font = "600 11px system-ui, sans-serif"; ctx.fillText(r.node, 8, y + NODEHEAD / 2); ctx.font = "12px system-ui, sans-serif"; return; }
      ctx.fillStyle = "#1f2937"; ctx.fillText(clip(data.lanes[r.lane].label, LABEL - 70), 14, y); ctx.fillStyle = "#9ca3af"; ctx.fillText(shortPid(data.lanes[r.lane].pid), LABEL - 58, y);
    });
    axis(w);
    state.drawn = drawn;
    drawTimes.push(performance.now() - t0);
    if (window.__firstPaint === undefined) window.__firstPaint = performance.now();
  }
  function clip(s, width) { if (ctx.measureText(s).width <= width) return s; while (s.length > 1 && ctx.measureText(s + "…").width > width) s = s.slice(0, -1); return s + "…"; }
  function lowerBoundMsgs(c, v) { var lo = 0, hi = msgs.length; while (lo < hi) { var mid = (lo + hi) >> 1; if (c[msgs[mid].s] < v) lo = mid + 1; else hi = mid; } return lo; }
  // An arrowhead (skipped on arrows too short to carry one) and a cross, added to the current path.
  function headPath(x1, y1, x2, y2) { var dx = x2 - x1, dy = y2 - y1; if (dx * dx + dy * dy < 100) return; var ang = Math.atan2(dy, dx), s = 6; ctx.moveTo(x2, y2); ctx.lineTo(x2 - s * Math.cos(ang - 0.4), y2 - s * Math.sin(ang - 0.4)); ctx.lineTo(x2 - s * Math.cos(ang + 0.4), y2 - s * Math.sin(ang + 0.4)); ctx.closePath(); }
  function crossPath(x, y, s) { ctx.moveTo(x - s, y - s); ctx.lineTo(x + s, y + s); ctx.moveTo(x + s, y - s); ctx.lineTo(x - s, y + s); }
  function cross(x, y, s) { ctx.lineWidth = 2; ctx.beginPath(); crossPath(x, y, s || 5); ctx.stroke(); }
  function axis(w) {
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, w, TOP); ctx.strokeStyle = "#d1d5db"; ctx.beginPath(); ctx.moveTo(LABEL, TOP - 0.5); ctx.lineTo(w, TOP - 0.5); ctx.stroke();
    var range = state.x1 - state.x0, target = range / Math.max(1, (w - LABEL) / 110), p = Math.pow(10, Math.floor(Math.log10(target))), stepv = [1, 2, 5, 10].map(function (f) { return f * p; }).find(function (s) { return s >= target; });
    ctx.fillStyle = "#6b7280"; ctx.font = "11px system-ui, sans-serif"; ctx.textBaseline = "middle";
    for (var v = Math.ceil(state.x0 / stepv) * stepv; v <= state.x1; v += stepv) { var x = px(v); if (x < LABEL) continue; ctx.beginPath(); ctx.moveTo(x, TOP - 5); ctx.lineTo(x, TOP); ctx.stroke(); ctx.fillText(state.axis === "time" ? fmtTime(Math.round(v)) : "#" + Math.round(v), x + 3, TOP / 2); }
    ctx.fillStyle = "#374151"; ctx.font = "600 11px system-ui, sans-serif"; ctx.fillText(state.axis === "time" ? "virtual time →" : "event order →", 8, TOP / 2);
  }

  // ---------------------------------------------------------------- interaction
  function zoom(f, atPx) { var at = atPx === undefined ? unpx((LABEL + W()) / 2) : unpx(atPx); var min = state.axis === "time" ? 1 : 0.5; var nr = Math.max(min, (state.x1 - state.x0) * f); var r = (at - state.x0) / (state.x1 - state.x0); state.x0 = at - r * nr; state.x1 = state.x0 + nr; request(); }
  function pan(dxPx, dyPx) { var perPx = (state.x1 - state.x0) / (W() - LABEL - 10); state.x0 -= dxPx * perPx; state.x1 -= dxPx * perPx; state.scrollY = Math.max(0, Math.min(Math.max(0, state.height - (H() - TOP) + 10), state.scrollY - dyPx)); request(); }
  window.viewerPan = pan; window.viewerZoom = zoom;
  canvas.addEventListener("wheel", function (e) { e.preventDefault(); if (e.ctrlKey || e.metaKey || Math.abs(e.deltaY) > Math.abs(e.deltaX) && !e.shiftKey) zoom(Math.exp(e.deltaY * 0.0015), e.offsetX); else pan(-(e.shiftKey ? e.deltaY : e.deltaX), 0); }, { passive: false });
  var drag = null;
  canvas.addEventListener("mousedown", function (e) { drag = { x: e.clientX, y: e.clientY, moved: false }; wrap.classList.add("dragging"); });
  window.addEventListener("mouseup", function (e) { if (drag && !drag.moved) clickAt(e); drag = null; wrap.classList.remove("dragging"); });
  window.addEventListener("mousemove", function (e) { if (drag) { var dx = e.clientX - drag.x, dy = e.clientY - drag.y; if (Math.abs(dx) + Math.abs(dy) > 2) drag.moved = true; drag.x = e.clientX; drag.y = e.clientY; pan(dx, dy); } });
  canvas.addEventListener("mousemove", function (e) { if (drag) return; hover(e.offsetX, e.offsetY); });
  canvas.addEventListener("mouseleave", function () { tip.style.display = "none"; });
  function nearest(x, y) { var best = null, bd = 6; for (var i = 0; i < drawn.length; i++) { var d = segDist(x, y, drawn[i]); if (d < bd) { bd = d; best = drawn[i]; } } return best; }
  function segDist(x, y, s) { var dx = s.x2 - s.x1, dy = s.y2 - s.y1, l = dx * dx + dy * dy, t = l === 0 ? 0 : Math.max(0, Math.min(1, ((x - s.x1) * dx + (y - s.y1) * dy) / l)); var qx = s.x1 + t * dx - x, qy = s.y1 + t * dy - y; return Math.sqrt(qx * qx + qy * qy); }
  function hover(x, y) {
    var s = nearest(x, y); if (!s) { tip.style.display = "none"; return; }
    var m = s.m, se = ev[m.s];
    var lines = [se.text, "from " + laneName(m.from) + " at " + fmtTime(se.t), m.d >= 0 ? "to " + laneName(m.to) + " at " + fmtTime(ev[m.d].t) + " (" + fmtTime(ev[m.d].t - se.t) + ")" : "DROPPED (" + ev[m.drop].text + ") at " + fmtTime(ev[m.drop].t) + ", sent to " + se.to];
    tip.textContent = lines.join("\n"); tip.style.display = "block";
    tip.style.left = Math.min(x + 14, W() - 470) + "px"; tip.style.top = (y + 14) + "px";
  }
  function clickAt(e) { var r = canvas.getBoundingClientRect(); var s = nearest(e.clientX - r.left, e.clientY - r.top); if (s) setStep(s.m.d >= 0 ? s.m.d : s.m.s); }
  function setStep(s) { state.step = Math.max(-1, Math.min(N - 1, s)); panes(); request(); }
  window.viewerStep = setStep;
  function reveal(i) { var c = coord(); var v = c[i]; if (v < state.x0 || v > state.x1) { var r = state.x1 - state.x0; state.x0 = v - r / 2; state.x1 = v + r / 2; } var e = ev[i]; if (e && e.lane >= 0) { var y = state.laneY.get(e.lane); if (y !== undefined && (y - state.scrollY < 0 || y - state.scrollY > H() - TOP - 10)) state.scrollY = Math.max(0, y - (H() - TOP) / 2); } }
  $("first").onclick = function () { setStep(0); reveal(0); };
  $("last").onclick = function () { setStep(N - 1); reveal(N - 1); };
  $("prev").onclick = function () { setStep(state.step - 1); reveal(Math.max(0, state.step)); };
  $("next").onclick = function () { setStep(state.step + 1); reveal(state.step); };
  $("zoom-in").onclick = function () { zoom(0.5); }; $("zoom-out").onclick = function () { zoom(2); }; $("fit").onclick = function () { fit(); state.scrollY = 0; request(); };
  $("axis").onchange = function (e) { state.axis = e.target.value; fit(); request(); };
  var slider = $("slider"); slider.max = String(N - 1);
  slider.addEventListener("input", function () { setStep(Number(slider.value)); reveal(state.step); });
  document.addEventListener("keydown", function (e) {
    // Inputs keep their keys (the slider moves itself and reports it as input).
    if (e.target && (e.target.tagName === "INPUT" || e.target.tagName === "SELECT")) return;
    var k = e.key;
    if (k === "ArrowRight" || k === "ArrowLeft") { e.preventDefault(); setStep(state.step + (k === "ArrowRight" ? 1 : -1) * (e.shiftKey ? 10 : 1)); reveal(Math.max(0, state.step)); }
    else if (k === "Home") { setStep(0); reveal(0); } else if (k === "End") { setStep(N - 1); reveal(N - 1); }
    else if (k === "+" || k === "=") zoom(0.5); else if (k === "-") zoom(2); else if (k === "0") { fit(); request(); }
  });

  // ---------------------------------------------------------------- panes
  function panes() {
    var s = state.step;
    slider.value = String(Math.max(0, s));
    $("step-label").textContent = "step " + (s + 1) + " of " + N + (s >= 0 ? " · " + fmtTime(ev[s].t) : "");
    $("event-line").innerHTML = ""; var b = document.createElement("b"); b.textContent = s >= 0 ? ev[s].k : "start"; $("event-line").appendChild(b); $("event-line").appendChild(document.createTextNode("  " + describe(s)));
    var ps = processesAt(data, s), tb = document.querySelector("#procs tbody"); tb.innerHTML = "";
    data.lanes.forEach(function (l, i) {
      if (state.hidden.lanes.has(i) || state.hidden.nodes.has(l.node)) return;
      var tr = document.createElement("tr"); tr.dataset.pid = l.pid; if (s >= 0 && ev[s].lane === i) tr.className = "current"; else if (/^exit/.test(ps[i].state) || ps[i].state === "not spawned yet") tr.className = "gone";
      var td1 = document.createElement("td"); td1.className = "pid"; td1.textContent = l.label; var sm = document.createElement("small"); sm.textContent = shortPid(l.pid) + " on " + l.node; td1.appendChild(sm);
      var td2 = document.createElement("td"); td2.className = "state"; td2.textContent = ps[i].state;
      var td3 = document.createElement("td"); td3.className = "mailbox"; ps[i].mailbox.forEach(function (m) { var d = document.createElement("div"); d.textContent = m; td3.appendChild(d); });
      tr.appendChild(td1); tr.appendChild(td2); tr.appendChild(td3); tb.appendChild(tr);
    });
    var sc = screensAt(data, s), box = $("screens"); box.innerHTML = "";
    if (data.clients.length === 0) box.textContent = "no clients in this run";
    data.clients.forEach(function (c, i) { var d = document.createElement("div"); d.className = "screen"; d.dataset.client = c.name; var h = document.createElement("h3"); h.textContent = c.name; var pre = document.createElement("pre"); pre.textContent = sc[i].join("\n"); d.appendChild(h); d.appendChild(pre); box.appendChild(d); });
  }
  function checks() {
    var box = $("checks");
    if (data.checks.length === 0) { box.textContent = "no verdicts: a saved trace carries none (view the scenario to judge it)"; return; }
    data.checks.forEach(function (c, ci) {
      var d = document.createElement("div"); d.className = "check";
      var st = document.createElement("span"); st.className = "status " + c.status; st.textContent = c.status === "violated" ? "VIOLATED" : c.status;
      d.appendChild(st); d.appendChild(document.createTextNode(" " + c.check + ": " + c.summary));
      c.evidence.forEach(function (ev0, ei) {
        var p = document.createElement("div"); p.className = "evidence"; p.dataset.check = c.check;
        var btn = document.createElement("button"); btn.textContent = ev0.events.length > 0 ? "jump" : "–"; btn.disabled = ev0.events.length === 0; btn.className = "jump"; btn.dataset.evidence = ci + ":" + ei;
        btn.onclick = function () { jumpTo(ev0, p); };
        p.appendChild(btn); p.appendChild(document.createTextNode(ev0.text)); d.appendChild(p);
      });
      box.appendChild(d);
    });
  }
  function jumpTo(evd, el) {
    document.querySelectorAll(".evidence.active").forEach(function (x) { x.classList.remove("active"); }); el.classList.add("active");
    state.highlight = new Set(evd.events);
    var first = Math.min.apply(null, evd.events), lastE = Math.max.apply(null, evd.events), c = coord();
    var a = c[first], b = c[lastE], r = Math.max(b - a, (state.x1 - state.x0) * 0.05, 1); state.x0 = a - r * 0.3; state.x1 = b + r * 0.3;
    setStep(lastE); reveal(lastE);
  }
  window.viewerJump = function (ci, ei) { var btns = document.querySelectorAll("#checks .check")[ci].querySelectorAll(".evidence")[ei]; jumpTo(data.checks[ci].evidence[ei], btns); };
  function filters() {
    var kinds = Array.from(new Set(msgs.map(function (m) { return m.kind; }))).sort();
    function box(id, items, set, label, after) { var el = $(id); items.forEach(function (it) { var l = document.createElement("label"); var cb = document.createElement("input"); cb.type = "checkbox"; cb.checked = true; cb.value = String(it); cb.onchange = function () { if (cb.checked) set.delete(it); else set.add(it); layout(); panes(); request(); }; l.appendChild(cb); l.appendChild(document.createTextNode(" " + label(it))); el.appendChild(l); }); }
    box("f-nodes", data.nodes, state.hidden.nodes, function (n) { return n; });
    box("f-procs", data.lanes.map(function (_, i) { return i; }), state.hidden.lanes, function (i) { return data.lanes[i].label + " " + shortPid(data.lanes[i].pid); });
    box("f-kinds", kinds, state.hidden.kinds, function (k) { return k + " (" + msgs.filter(function (m) { return m.kind === k; }).length + ")"; });
  }

  $("title").textContent = data.title;
  $("replay").textContent = data.replay || "(a saved trace)";
  filters(); checks(); layout(); fit(); panes();
  new ResizeObserver(function () { request(); }).observe(wrap);
  dirty = false; request();
})();
`;
