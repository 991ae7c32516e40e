/**
 * The `world` scenario: a whole chat world carried as compact text in its `world`
 * parameter, so that any generated world (see `src/props/arbitraries.ts`) replays from the
 * command line as `chatty-sim run world --seed N --set world=…`. The network and the node
 * code's variant are the common parameters (`ordering`, `latency`, `loss`, `variant`); the
 * world text holds the rest: system, profile, servers, clients and their scripts, faults.
 *
 * The text is shell-safe without quoting (letters, digits and `/ : , . - _ @`):
 *
 * ```
 * server2/wan/S:t0,t10000b0/C:s0t300000-m1000000,s1t300000-r0.1.1000/F:d1t800000/T:3000000
 * ```
 *
 * - system (`server` | `server2`), then the profile (`lan` | `wan` | `sameMachine`);
 * - `S:` servers: `t<start µs>`, `b<index>` to join through (server2; omitted for the first);
 * - `C:` clients, named A, B, C… in order: `s<server>t<start µs>`, `h<server>` to run on that
 *   server's machine, then `-`-separated actions: `m<µs>` types its next line ("A1", "A2"…),
 *   `l<µs>` leaves, `x<µs>` crashes, `r<client>.<k>.<think µs>` answers that client's k-th line;
 * - `F:` faults: `d<server>t<µs>` disconnect, `k<server>t<µs>` crash the server's node,
 *   `p<node>.<node>t<µs>` partition two nodes (servers first, then clients), `ht<µs>` heal all,
 *   `s<node>.<node>.<µs>t<µs>` make the link from one node to the other a constant latency;
 * - `T:` run until this time (µs) at the latest.
 */
import { inFlux } from "../check/index.js";
import { MYSERVER, msg, type ClientAction, type ReplyRule } from "../nodes/index.js";
import { ConfigError, latency, Name, PROFILES, type Fault, type LinkOverride, type Micros } from "../sim/index.js";
import { buildChat, type ChatWorld, type ClientSpec, type Profile, type ServerSpec } from "./chat.js";
import { COMMON_PARAMS, get } from "./params.js";
import type { CheckSpec, CustomVerdict, Judged, Scenario } from "./scenario.js";

/** A server of a world: when `start` is typed, and the server it joins through (server2). */
export interface WorldServer {
  readonly at: Micros;
  readonly boot?: number;
}

/** What a scripted user does, at an absolute time. */
export type WorldAction = { readonly at: Micros; readonly do: "send" | "leave" | "crash" };

/** "When I see client `to`'s `line`-th line (1-based), I answer after `think` µs." */
export interface WorldReply {
  readonly to: number;
  readonly line: number;
  readonly think: Micros;
}

/** A user of a world. */
export interface WorldClient {
  readonly server: number;
  readonly at: Micros;
  /** Runs on this server's machine (same-machine latency to it); its own machine when omitted. */
  readonly host?: number;
  readonly actions: readonly WorldAction[];
  readonly replies: readonly WorldReply[];
}

/** A fault of a world's timeline. Nodes are numbered servers first, then clients. */
export type WorldFault =
  | { readonly at: Micros; readonly op: "disconnect" | "crash"; readonly server: number }
  | { readonly at: Micros; readonly op: "partition"; readonly a: number; readonly b: number }
  /** From then on, messages from node `a` to node `b` take `us` µs (a slow route). */
  | { readonly at: Micros; readonly op: "slow"; readonly a: number; readonly b: number; readonly us: Micros }
  | { readonly at: Micros; readonly op: "heal" };

/** A whole generated world, minus the network and variant (those are common parameters). */
export interface WorldSpec {
  readonly system: "server" | "server2";
  readonly profile: Profile;
  readonly servers: readonly WorldServer[];
  readonly clients: readonly WorldClient[];
  readonly faults: readonly WorldFault[];
  readonly until: Micros;
}

const PROFILE_NAMES = Object.keys(PROFILES) as Profile[];

/** The name of client `i`: A, B, C… */
export const clientName = (i: number): string => String.fromCharCode(65 + i);
/** The text of a client's `k`-th typed line (1-based): "A1". */
export const lineText = (client: number, k: number): string => `${clientName(client)}${k}`;
/** The text of a reply: "re A1". */
export const replyText = (to: number, k: number): string => `re ${lineText(to, k)}`;
/** The node of server `i`. */
export const serverNode = (i: number): string => `server${i + 1}@10.0.0.${i + 1}`;
/** The node of client `i`: on its own machine, or on server `host`'s. */
export const clientNode = (i: number, host?: number): string => `${clientName(i).toLowerCase()}@10.0.${host === undefined ? 1 : 0}.${host === undefined ? 10 + i : host + 1}`;

/** The world as compact text (see the module comment). */
export function worldText(w: WorldSpec): string {
  const servers = w.servers.map((s) => `t${s.at}${s.boot === undefined ? "" : `b${s.boot}`}`).join(",");
  const clients = w.clients
    .map((c) => {
      const head = `s${c.server}t${c.at}${c.host === undefined ? "" : `h${c.host}`}`;
      const acts = c.actions.map((a) => `${a.do === "send" ? "m" : a.do === "leave" ? "l" : "x"}${a.at}`);
      const reps = c.replies.map((r) => `r${r.to}.${r.line}.${r.think}`);
      return [head, ...acts, ...reps].join("-");
    })
    .join(",");
  const faults = w.faults.map(faultText).join(",");
  return [w.system, w.profile, `S:${servers}`, `C:${clients}`, `F:${faults}`, `T:${w.until}`].join("/");
}

function faultText(f: WorldFault): string {
  switch (f.op) {
    case "disconnect":
      return `d${f.server}t${f.at}`;
    case "crash":
      return `k${f.server}t${f.at}`;
    case "partition":
      return `p${f.a}.${f.b}t${f.at}`;
    case "slow":
      return `s${f.a}.${f.b}.${f.us}t${f.at}`;
    case "heal":
      return `ht${f.at}`;
  }
}

/** Parses world text; any mistake is a `ConfigError` saying where. */
export function parseWorld(text: string): WorldSpec {
  const bad = (why: string): never => {
    throw new ConfigError(`bad world "${text}": ${why}`);
  };
  const parts = text.split("/");
  if (parts.length !== 6) bad("expected system/profile/S:…/C:…/F:…/T:…");
  const [system, profile, s, c, f, t] = parts as [string, string, string, string, string, string];
  if (system !== "server" && system !== "server2") bad(`system "${system}" is not server or server2`);
  if (!PROFILE_NAMES.includes(profile as Profile)) bad(`profile "${profile}" is not one of ${PROFILE_NAMES.join(", ")}`);
  const section = (p: string, tag: string): string[] => {
    if (!p.startsWith(`${tag}:`)) bad(`expected section ${tag}: but got "${p}"`);
    const body = p.slice(tag.length + 1);
    return body === "" ? [] : body.split(",");
  };
  const whole = (x: string | undefined, what: string): number => {
    if (x === undefined || !/^\d+$/.test(x) || !Number.isSafeInteger(Number(x))) return bad(`${what}: "${x ?? ""}" is not a non-negative integer`);
    return Number(x);
  };
  const servers = section(s, "S").map((x): WorldServer => {
    const m = /^t(\d+)(?:b(\d+))?$/.exec(x) ?? bad(`server "${x}" is not t<µs>[b<server>]`);
    return m[2] === undefined ? { at: whole(m[1], "server start") } : { at: whole(m[1], "server start"), boot: whole(m[2], "boot server") };
  });
  const clients = section(c, "C").map((x): WorldClient => {
    const [head, ...rest] = x.split("-");
    const m = /^s(\d+)t(\d+)(?:h(\d+))?$/.exec(head!) ?? bad(`client "${head}" is not s<server>t<µs>[h<server>]`);
    const actions: WorldAction[] = [];
    const replies: WorldReply[] = [];
    for (const a of rest) {
      const r = /^r(\d+)\.(\d+)\.(\d+)$/.exec(a);
      if (r !== null) {
        replies.push({ to: whole(r[1], "reply client"), line: whole(r[2], "reply line"), think: whole(r[3], "think time") });
        continue;
      }
      const act = /^([mlx])(\d+)$/.exec(a) ?? bad(`action "${a}" is not m<µs>, l<µs>, x<µs> or r<client>.<k>.<µs>`);
      actions.push({ at: whole(act[2], "action time"), do: act[1] === "m" ? "send" : act[1] === "l" ? "leave" : "crash" });
    }
    const base = { server: whole(m[1], "client server"), at: whole(m[2], "client start"), actions, replies };
    return m[3] === undefined ? base : { ...base, host: whole(m[3], "client host") };
  });
  const faults = section(f, "F").map((x): WorldFault => {
    const m = /^(?:([dk])(\d+)|p(\d+)\.(\d+)|s(\d+)\.(\d+)\.(\d+)|h)t(\d+)$/.exec(x) ?? bad(`fault "${x}" is not d<s>t<µs>, k<s>t<µs>, p<n>.<n>t<µs>, s<n>.<n>.<µs>t<µs> or ht<µs>`);
    const at = whole(m[8], "fault time");
    if (m[1] !== undefined) return { at, op: m[1] === "d" ? "disconnect" : "crash", server: whole(m[2], "fault server") };
    if (m[3] !== undefined) return { at, op: "partition", a: whole(m[3], "partition node"), b: whole(m[4], "partition node") };
    if (m[5] !== undefined) return { at, op: "slow", a: whole(m[5], "slow link node"), b: whole(m[6], "slow link node"), us: whole(m[7], "slow link latency") };
    return { at, op: "heal" };
  });
  if (!t.startsWith("T:")) bad(`expected T:<µs> but got "${t}"`);
  const w: WorldSpec = { system: system as WorldSpec["system"], profile: profile as Profile, servers, clients, faults, until: whole(t.slice(2), "until") };
  validateWorld(w, bad);
  return w;
}

/** Indexes in range, one server for `server`, reply targets that type enough lines. */
function validateWorld(w: WorldSpec, bad: (why: string) => never): void {
  if (w.servers.length === 0) bad("no servers");
  if (w.system === "server" && w.servers.length !== 1) bad("a server world has exactly one server");
  if (w.clients.length === 0) bad("no clients");
  if (w.clients.length > 26) bad("at most 26 clients");
  w.servers.forEach((s, i) => {
    if (i === 0 && s.boot !== undefined) bad("the first server joins through nobody");
    if (i > 0 && w.system === "server2" && (s.boot === undefined || s.boot >= i)) bad(`server ${i} must join through an earlier server`);
  });
  const sends = w.clients.map((c) => c.actions.filter((a) => a.do === "send").length);
  w.clients.forEach((c, i) => {
    if (c.server >= w.servers.length) bad(`client ${clientName(i)} joins server ${c.server}, which does not exist`);
    if (c.host !== undefined && c.host >= w.servers.length) bad(`client ${clientName(i)} runs on server ${c.host}'s machine, which does not exist`);
    for (const r of c.replies) {
      if (r.to >= w.clients.length || r.to === i) bad(`client ${clientName(i)} answers client ${r.to}, which is not another client`);
      if (r.line < 1 || r.line > sends[r.to]!) bad(`client ${clientName(i)} answers line ${r.line} of ${clientName(r.to)}, who types ${sends[r.to]}`);
    }
  });
  const nodes = w.servers.length + w.clients.length;
  for (const f of w.faults) {
    if ((f.op === "disconnect" || f.op === "crash") && f.server >= w.servers.length) bad(`fault on server ${f.server}, which does not exist`);
    if ((f.op === "partition" || f.op === "slow") && (f.a >= nodes || f.b >= nodes || f.a === f.b)) bad(`${f.op} between nodes ${f.a} and ${f.b}: need two different nodes below ${nodes}`);
  }
}

/** The world as the scenario layer's `ChatWorld`, with the checks of every claim. */
export function toChatWorld(w: WorldSpec): ChatWorld {
  const servers: ServerSpec[] = w.servers.map((s, i) => ({ node: serverNode(i), at: s.at, ...(s.boot === undefined ? {} : { boot: s.boot }) }));
  const clients: ClientSpec[] = w.clients.map((c, i) => {
    let k = 0;
    const actions: ClientAction[] = c.actions.map((a) => (a.do === "send" ? { at: a.at, do: "send", text: lineText(i, ++k) } : { at: a.at, do: a.do }));
    const replies: ReplyRule[] = c.replies.map((r) => ({ from: clientName(r.to), text: lineText(r.to, r.line), think: r.think, reply: replyText(r.to, r.line) }));
    return { name: clientName(i), node: clientNode(i, c.host), server: c.server, at: c.at, actions, replies };
  });
  const nodes = [...servers.map((s) => s.node), ...clients.map((c) => c.node)];
  // Nodes on one machine talk over loopback.
  const links: LinkOverride[] = [];
  w.clients.forEach((c, i) => {
    if (c.host === undefined) return;
    const a = clientNode(i, c.host);
    const b = serverNode(c.host);
    links.push({ from: a, to: b, latency: PROFILES.sameMachine.latency }, { from: b, to: a, latency: PROFILES.sameMachine.latency });
  });
  const faults = w.faults.map((f) => ({ at: f.at, fault: toFault(f, nodes) }));
  return { system: w.system, profile: w.profile, servers, clients, faults, links, until: w.until, checks: worldChecks(w) };
}

function toFault(f: WorldFault, nodes: readonly string[]): Fault {
  switch (f.op) {
    case "disconnect":
      return { op: "inject", to: new Name(MYSERVER, serverNode(f.server)), msg: msg.disconnect() };
    case "crash":
      return { op: "crash", node: serverNode(f.server) };
    case "partition":
      return { op: "partition", a: [nodes[f.a]!], b: [nodes[f.b]!] };
    case "slow":
      return { op: "set-latency", from: [nodes[f.a]!], to: [nodes[f.b]!], latency: latency.constant(f.us) };
    case "heal":
      return { op: "heal" };
  }
}

/** The names of the world scenario's own checks, beside the standard ones. */
export const WORLD_CHECKS = {
  /** (f) a client joining while a line is on its way never shows it. */
  joinMisses: "join-misses-line-in-flight",
  /** (f) a client joining while a line is on its way always shows it. */
  joinGets: "join-gets-line-in-flight",
  /** (f) a leaving client shows every line its server sent it before `exit`. */
  leaverGets: "leaver-gets-lines-before-exit",
  /** (e) no client shows a reply before the line it answers. */
  replyAfter: "reply-after-original",
  /** (b), (g) every client that stays in the chat is told when its server goes away. */
  told: "told-server-left",
} as const;

/** Every check a world run judges. */
function worldChecks(w: WorldSpec): CheckSpec[] {
  return [
    { kind: "fifo" },
    { kind: "issue-order" },
    { kind: "total-order" },
    { kind: "causal" },
    { kind: "completeness" },
    { kind: "duplicates" },
    ...(w.system === "server2" ? [{ kind: "membership" } as const] : []),
    // (f) as the server decides it: exact only for the central server, which takes every line itself.
    ...(w.system === "server" ? [{ kind: "join-during-broadcast" } as const, { kind: "leave-during-broadcast" } as const] : []),
    { kind: "custom", name: WORLD_CHECKS.replyAfter, judge: replyAfter },
    { kind: "custom", name: WORLD_CHECKS.joinMisses, judge: (r) => flux(r, "join", false) },
    { kind: "custom", name: WORLD_CHECKS.joinGets, judge: (r) => flux(r, "join", true) },
    { kind: "custom", name: WORLD_CHECKS.leaverGets, judge: leaverGets },
    { kind: "custom", name: WORLD_CHECKS.told, judge: (r) => told(w, r) },
  ];
}

/**
 * (e) in chat terms: a reply ("re A1") is never shown before the line it answers ("A1").
 * Narrower than `causal`, which also counts one sender's own lines (FIFO) and chains.
 */
function replyAfter(run: Judged): CustomVerdict {
  const log = run.log;
  const byText = new Map(log.lines.map((l) => [l.text, l.index]));
  const pairs = log.lines.flatMap((l) => {
    const orig = l.text.startsWith("re ") ? byText.get(l.text.slice(3)) : undefined;
    return orig === undefined ? [] : [[l.index, orig] as const];
  });
  const bad: string[] = [];
  let judged = 0;
  for (const c of log.clients) {
    const pos = new Map<number, number>();
    (log.receipts.get(c) ?? []).forEach((r, i) => {
      if (!pos.has(r.line)) pos.set(r.line, i);
    });
    for (const [reply, orig] of pairs) {
      const a = pos.get(reply);
      const b = pos.get(orig);
      if (a === undefined || b === undefined) continue;
      judged++;
      if (a < b) bad.push(`${c} showed [${log.lines[reply]!.sender}] "${log.lines[reply]!.text}" before [${log.lines[orig]!.sender}] "${log.lines[orig]!.text}", the line it answers`);
    }
  }
  if (judged === 0) return { holds: true, detail: "no client showed both a reply and the line it answers" };
  return bad.length === 0 ? { holds: true, detail: `all ${judged} replies were shown after the line they answer` } : { holds: false, detail: `${bad.length} of ${judged} replies were shown before the line they answer`, evidence: bad };
}

/** Joiners and lines on their way: `want` says whether the claim is that they are shown. */
function flux(run: Judged, change: "join", want: boolean): CustomVerdict {
  const cases = inFlux(run.log).filter((f) => f.change === change);
  const bad = cases.filter((f) => f.shown !== want);
  const ev = bad.map((f) => {
    const l = run.log.lines[f.line]!;
    return `${f.client} joined while [${l.sender}] "${l.text}" was on its way, and ${f.shown ? "showed" : "never showed"} it`;
  });
  if (cases.length === 0) return { holds: true, detail: "no line was on its way while a client joined" };
  return bad.length === 0
    ? { holds: true, detail: `all ${cases.length} lines on their way while a client joined were ${want ? "shown" : "missed"} by it` }
    : { holds: false, detail: `${bad.length} of ${cases.length} lines on their way while a client joined were ${want ? "missed" : "shown"} by it`, evidence: ev };
}

const tagOf = (m: unknown): unknown => (typeof m === "object" && m !== null ? (m as { tag?: unknown }).tag : undefined);

/**
 * (f) leave: for each background task that was sent `exit`, every `{message, …}` the same
 * server process sent it before that `exit` was taken out of its mailbox. Read from the trace.
 */
function leaverGets(run: Judged): CustomVerdict {
  const records = run.sim.trace.records;
  const bgOf = new Map<string, string>();
  for (const s of run.clients) if (s.pids[1] !== undefined) bgOf.set(s.pids[1].key(), s.name);
  const taken = new Set<number>();
  for (const r of records) if (r.k === "receive") taken.add(r.id);
  // Per (server process, background task): the line messages sent so far.
  const sentTo = new Map<string, { id: number; text: string; sender: string }[]>();
  const missed: string[] = [];
  let judged = 0;
  for (const r of records) {
    if (r.k !== "send" || r.from === null || r.to instanceof Name) continue;
    const to = r.to.key();
    const client = bgOf.get(to);
    if (client === undefined) continue;
    const key = `${r.from.key()} ${to}`;
    const m = r.msg as { tag?: unknown; name?: unknown; text?: unknown };
    if (tagOf(m) === "message") {
      const list = sentTo.get(key) ?? [];
      list.push({ id: r.id, text: String(m.text), sender: String(m.name) });
      sentTo.set(key, list);
    } else if (tagOf(m) === "exit") {
      for (const l of sentTo.get(key) ?? []) {
        judged++;
        if (!taken.has(l.id)) missed.push(`${client} left without showing [${l.sender}] "${l.text}", which its server sent it before exit`);
      }
    }
  }
  if (judged === 0) return { holds: true, detail: "no leaving client had been sent a line" };
  return missed.length === 0
    ? { holds: true, detail: `leaving clients showed all ${judged} lines their server sent before exit` }
    : { holds: false, detail: `${missed.length} of ${judged} lines sent to a leaving client before exit were never shown`, evidence: missed };
}

/** When each server went away (disconnect or node crash), the first time. */
function goneAt(w: WorldSpec): Map<number, Micros> {
  const out = new Map<number, Micros>();
  for (const f of [...w.faults].sort((a, b) => a.at - b.at)) if ((f.op === "disconnect" || f.op === "crash") && !out.has(f.server)) out.set(f.server, f.at);
  return out;
}

/** (b), (g): clients that stay, started before their server went away, see `server_left` or `server_down` after. */
function told(w: WorldSpec, run: Judged): CustomVerdict {
  const gone = goneAt(w);
  const untold: string[] = [];
  let judged = 0;
  w.clients.forEach((c, i) => {
    const t = gone.get(c.server);
    if (t === undefined || c.at > t) return;
    // A client that leaves or crashes may be gone before the news arrives: judge those that stay.
    if (c.actions.some((a) => a.do !== "send")) return;
    const screen = run.clients[i]!;
    judged++;
    if (!screen.entries.some((e) => e.t >= t && (e.kind === "server_left" || e.kind === "server_down"))) untold.push(`${screen.name} was never told that ${serverNode(c.server)} went away at ${t}us`);
  });
  if (judged === 0) return { holds: true, detail: "no server went away under a client" };
  return untold.length === 0
    ? { holds: true, detail: `all ${judged} clients were told their server went away` }
    : { holds: false, detail: `${untold.length} of ${judged} clients were never told their server went away`, evidence: untold };
}

/** The default world: question (e) on three server2 servers over a WAN. */
export const DEFAULT_WORLD = "server2/wan/S:t0,t10000b0,t20000b0/C:s0t300000-m1000000,s1t305000-r0.1.1000,s2t310000/F:/T:5000000";

/** A generated world, run from its text. */
export const world: Scenario = {
  name: "world",
  group: "question",
  title: "a generated chat world, given as text (replays property-test counterexamples)",
  about:
    "Runs the world in the `world` parameter (system, profile, servers, clients with their scripts, faults; see src/scenarios/world.ts for the grammar) and judges every ordering and delivery claim on it. Property tests print failing worlds as this scenario's replay command.",
  params: [...COMMON_PARAMS, { kind: "text", name: "world", doc: "the world, as text (see src/scenarios/world.ts)", default: DEFAULT_WORLD }],
  build: (ctx) => buildChat(toChatWorld(parseWorld(get.str(ctx.params, "world"))), ctx),
};
