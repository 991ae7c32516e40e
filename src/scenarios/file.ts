/**
 * Scenario files: a world of one system (server, server2, TheyChat, the idle chat) as JSON:
 * topology, roles, network, workload, fault timeline, checks; the shape of `SCENARIO_SCHEMA`.
 * `readScenarioFile` validates one at the edge into a `Scenario` that every command runs like
 * a named one; `scenarioFile` writes a scenario's world back out, so that running the file
 * gives the same trace.
 *
 * Times and durations are strings such as `"250us"`, `"5ms"`, `"1.5s"` (or integers of µs),
 * latencies as on the command line (`"uniform:1ms..20ms"`). The file's network and `variant`
 * become the defaults of the common parameters, so `--set loss=0.1` works on a file too.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { idleChat, MYSERVER, VARIANTS, type ClientAction, type ReplyRule, type Variant } from "../nodes/index.js";
import { ConfigError, Name, ORDERINGS, PROFILES, type Fault, type Latency, type LinkOverride, type Micros } from "../sim/index.js";
import { buildChat, type ChatWorld, type ClientSpec, type Profile, type ServerSpec } from "./chat.js";
import { CUSTOM_KINDS, customCheck, type CustomSpec } from "./customChecks.js";
import { At } from "./fileReader.js";
import { COMMON_PARAMS, formatDurationArg, formatValue, MODULE_FILE, NETWORK_PARAMS, type ParamSpec, type ParamValues } from "./params.js";
import { buildIdleWorld, type IdleWorld } from "./idle.js";
import type { BuildContext, Built, CheckSpec, Scenario, World } from "./scenario.js";
import { buildTheyChatWorld, type TheyChatStep, type TheyChatWorld } from "./theychat.js";

/** What the file's first key says it is. */
export const FILE_FORMAT = "chatty-sim-scenario/1";

/** The checks that take no arguments. */
export const PLAIN_CHECKS = ["fifo", "issue-order", "total-order", "causal", "reply-order", "completeness", "duplicates", "join-during-broadcast", "leave-during-broadcast", "membership"] as const;

const PROFILE_NAMES = Object.keys(PROFILES) as Profile[];
const SYSTEMS = ["server", "server2", "theychat", "idle"] as const;
/** Keys of server and server2 worlds only, of TheyChat only, of the idle chat only. */
const CHAT_KEYS: readonly string[] = ["variant", "roles", "serverCosts", "netTicktime", "servers"];
const IDLE_KEYS: readonly string[] = ["maxIdle", "checkPeriod", "maxPseudoLength"];
const THEYCHAT_KEYS: readonly string[] = ["topics", "backup"];
const OTHER_KEYS: readonly string[] = [...THEYCHAT_KEYS, ...IDLE_KEYS];
const TOP: readonly string[] = ["format", "name", "title", "about", "system", "network", "clients", "faults", "until", "checks", ...CHAT_KEYS, ...OTHER_KEYS];
const REQUIRED: readonly string[] = ["format", "system", "network", "clients", "until", "checks"];
/** The nodes TheyChat's router, router monitor and (by default) topic chats run on, and the idle chat's server. */
const THEYCHAT_NODES = { router: "router@127.0.0.1", monitor: "router_monitor@127.0.0.1", server: "server@127.0.0.1" } as const;
const IDLE_SERVER_NODE = "chat_server@127.0.0.1";
const LINK = ["latency", "loss", "duplicate", "ordering"] as const;

/** Whether a scenario argument names a file rather than a named scenario. */
export const isScenarioPath = (arg: string): boolean => arg.endsWith(".json");

const loaded = new Map<string, Scenario>();

/**
 * The scenario in the file at `path` (read once per process). Its name is the absolute
 * path, so replay commands and sweep workers find it from any directory. Any mistake is a
 * `ConfigError` of one line: the file, the place in it, and what is wrong.
 */
export function readScenarioFile(path: string): Scenario {
  const abs = resolve(path);
  const cached = loaded.get(abs);
  if (cached !== undefined) return cached;
  let text: string;
  try {
    text = readFileSync(abs, "utf8");
  } catch (e) {
    throw new ConfigError(`cannot read scenario file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${path}: not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  let s: Scenario;
  try {
    s = parseScenarioFile(json, abs);
  } catch (e) {
    throw e instanceof ConfigError ? new ConfigError(`${path}: ${e.message}`) : e;
  }
  loaded.set(abs, s);
  return s;
}

/** A parsed file as a scenario called `name`. */
export function parseScenarioFile(json: unknown, name: string): Scenario {
  const head = new At("", json).object(TOP, REQUIRED);
  if (head.get("format").value !== FILE_FORMAT) head.get("format").fail(`expected "${FILE_FORMAT}"`);
  const system = head.get("system").oneOf(SYSTEMS);
  const chat = system === "server" || system === "server2";
  const top = head.object(
    TOP.filter((k) => (chat ? !OTHER_KEYS.includes(k) : !CHAT_KEYS.includes(k) && (system === "idle" ? !THEYCHAT_KEYS.includes(k) : !IDLE_KEYS.includes(k)))),
    chat ? [...REQUIRED, "servers"] : system === "theychat" ? [...REQUIRED, "topics"] : [...REQUIRED, ...IDLE_KEYS],
  );
  const w: World = chat ? readWorld(top) : system === "theychat" ? readTheyChat(top) : readIdle(top);
  const net = top.get("network");
  const defaults: Record<string, string | number | null | ReturnType<At["latency"]>> = {
    variant: top.has("variant") ? top.get("variant").oneOf(VARIANTS) : "handout",
    ordering: net.has("ordering") ? net.get("ordering").oneOf(ORDERINGS) : "process-pair",
    latency: net.has("latency") ? net.get("latency").latency() : null,
    loss: net.has("loss") ? net.get("loss").prob() : 0,
    duplicate: net.has("duplicate") ? net.get("duplicate").prob() : 0,
  };
  for (const role of ["server", "server2"]) {
    const roles = chat && top.has("roles") ? top.get("roles") : undefined;
    const v = roles?.has(role) === true ? roleValue(roles.get(role)) : "";
    defaults[role] = v === "handout" || v === "fixed" ? "" : v === "" ? "" : resolve(dirname(name), v);
  }
  // TheyChat and the idle chat have one version of their code: no `variant`, no modules.
  const params = (chat ? COMMON_PARAMS : NETWORK_PARAMS).map((p): ParamSpec => ({ ...p, default: defaults[p.name] } as ParamSpec));
  const text = (k: string, dflt: string): string => (top.has(k) ? top.get(k).string() : dflt);
  return {
    name,
    group: "file",
    title: text("title", `the scenario in ${name}`),
    about: text("about", `A ${w.system} world read from ${name}.`),
    params,
    world: () => w,
    build: (ctx) => buildWorld(w, ctx),
  };
}

/** Builds a world of any system. */
export function buildWorld(w: World, ctx: BuildContext): Built {
  switch (w.system) {
    case "server":
    case "server2":
      return buildChat(w, ctx);
    case "theychat":
      return buildTheyChatWorld(w, ctx);
    case "idle":
      return buildIdleWorld(w, ctx);
  }
}

/** The network's profile and links, checked against the world's nodes. */
function readNetwork(top: At, nodes: ReadonlySet<string>): { profile: Profile; links: LinkOverride[]; node: (a: At) => string; nodeList: (a: At) => string[] } {
  const net = top.get("network").object(["profile", ...LINK, "links"], ["profile"]);
  const profile = net.get("profile").oneOf(PROFILE_NAMES);
  const node = (a: At): string => {
    const n = a.string();
    if (!nodes.has(n)) a.fail(`"${n}" is not a node of this world (nodes: ${[...nodes].join(", ")})`);
    return n;
  };
  const nodeList = (a: At): string[] => a.strings((_, x) => node(x));
  const links = net.has("links")
    ? net
        .get("links")
        .array()
        .map((a): LinkOverride => {
          a.object(["from", "to", ...LINK], ["from", "to"]);
          return {
            from: node(a.get("from")),
            to: node(a.get("to")),
            ...(a.has("latency") ? { latency: a.get("latency").latency() } : {}),
            ...(a.has("loss") ? { loss: a.get("loss").prob() } : {}),
            ...(a.has("duplicate") ? { duplicate: a.get("duplicate").prob() } : {}),
            ...(a.has("ordering") ? { ordering: a.get("ordering").oneOf(ORDERINGS) } : {}),
          };
        })
    : [];
  return { profile, links, node, nodeList };
}

/** The fault timeline, with nodes checked by `node`. */
function readFaults(top: At, node: (a: At) => string, nodeList: (a: At) => string[]): { at: Micros; fault: Fault }[] {
  return top.has("faults") ? top.get("faults").array().map((a) => ({ at: a.object(FAULT_KEYS, ["at", "op"]).get("at").duration(), fault: readFault(a, node, nodeList) })) : [];
}

function noLinks(top: At, links: readonly LinkOverride[]): void {
  if (links.length > 0) top.get("network").get("links").fail(`per-link settings are for server and server2 worlds`);
}

/** A TheyChat world: topics on their nodes, clients with scripts of join/send/leave/crash steps. */
function readTheyChat(top: At): TheyChatWorld {
  const topics = top
    .get("topics")
    .array()
    .map((a) => {
      a.object(["topic", "node"], ["topic"]);
      return { topic: a.get("topic").string(), ...(a.has("node") ? { node: a.get("node").string() } : {}) };
    });
  const clients = top
    .get("clients")
    .array()
    .map((a) => {
      a.object(["name", "node", "script"], ["name", "script"]);
      return { name: a.get("name").string(), ...(a.has("node") ? { node: a.get("node").string() } : {}), script: a.get("script").array().map(readTheyChatStep) };
    });
  const nodes = new Set([THEYCHAT_NODES.router, THEYCHAT_NODES.monitor, ...topics.map((t) => t.node ?? THEYCHAT_NODES.server), ...clients.map((c) => c.node ?? `${c.name.toLowerCase()}@127.0.0.1`)]);
  const { profile, links, node, nodeList } = readNetwork(top, nodes);
  noLinks(top, links);
  return { system: "theychat", profile, topics, clients, faults: readFaults(top, node, nodeList), until: top.get("until").duration(), checks: top.get("checks").array().map(readCheck), ...(top.has("backup") ? { backup: top.get("backup").boolean() } : {}) };
}

function readTheyChatStep(a: At): TheyChatStep {
  a.object(["at", "op", "topic", "text", "reason"], ["at", "op"]);
  const at = a.get("at").duration();
  const op = a.get("op").oneOf(["join", "send", "leave", "crash"] as const);
  switch (op) {
    case "join":
    case "leave":
      return { at, op, topic: a.get("topic").string() };
    case "send":
      return { at, op, topic: a.get("topic").string(), text: a.get("text").string() };
    case "crash":
      return a.has("reason") ? { at, op, reason: a.get("reason").json() } : { at, op };
  }
}

/** An idle-chat world: the chat's settings and telnet users typing lines. */
function readIdle(top: At): IdleWorld {
  const clients = top
    .get("clients")
    .array()
    .map((a) => {
      a.object(["name", "node", "connectAt", "script"], ["name", "script"]);
      return {
        name: a.get("name").string(),
        ...(a.has("node") ? { node: a.get("node").string() } : {}),
        ...(a.has("connectAt") ? { connectAt: a.get("connectAt").duration() } : {}),
        script: a.get("script").array().map(readTelnetStep),
      };
    });
  const nodes = new Set([IDLE_SERVER_NODE, ...clients.map((c) => c.node ?? `${c.name.toLowerCase()}@127.0.0.1`)]);
  const { profile, links } = readNetwork(top, nodes);
  noLinks(top, links);
  if (top.has("faults")) top.get("faults").fail("the idle chat takes no fault timeline");
  return {
    system: "idle",
    profile,
    maxIdle: top.get("maxIdle").duration(),
    checkPeriod: top.get("checkPeriod").duration(),
    maxPseudoLength: top.get("maxPseudoLength").int(1, 100),
    clients,
    until: top.get("until").duration(),
    checks: top.get("checks").array().map(readCheck),
  };
}

function readTelnetStep(a: At): idleChat.TelnetStep {
  a.object(["at", "op", "text", "reason"], ["at", "op"]);
  const at = a.get("at").duration();
  const op = a.get("op").oneOf(["line", "hangup", "crash"] as const);
  switch (op) {
    case "line":
      // An empty line is a real input here (a refused pseudonym).
      if (typeof a.get("text").value !== "string") a.get("text").fail(`expected a string, got ${JSON.stringify(a.get("text").value) ?? "nothing"}`);
      return { at, op, text: a.get("text").value as string };
    case "hangup":
      return { at, op };
    case "crash":
      return a.has("reason") ? { at, op, reason: a.get("reason").json() } : { at, op };
  }
}

function readWorld(top: At): ChatWorld {
  const system = top.get("system").oneOf(["server", "server2"] as const);
  const servers = top
    .get("servers")
    .array()
    .map((a, i): ServerSpec => {
      a.object(["node", "at", "boot"], ["node"]);
      const boot = a.has("boot") ? a.get("boot").int(0, i - 1) : undefined;
      if (system === "server2" && i > 0 && boot === undefined) a.get("boot").fail("missing: a server2 server after the first joins through an earlier one");
      if (system === "server" && boot !== undefined) a.get("boot").fail("a server world's server joins through nobody");
      return { node: a.get("node").string(), ...(a.has("at") ? { at: a.get("at").duration() } : {}), ...(boot === undefined ? {} : { boot }) };
    });
  if (servers.length === 0) top.get("servers").fail("no servers");
  // Further entries on the first server's node start it again there (after a restart).
  if (system === "server" && servers.some((x) => x.node !== servers[0]!.node)) top.get("servers").fail(`a server world has exactly one server node, got ${new Set(servers.map((x) => x.node)).size}`);
  const clientNames = new Set<string>();
  const clients = top
    .get("clients")
    .array()
    .map((a): ClientSpec => {
      a.object(["name", "node", "server", "at", "actions", "replies"], ["name", "node", "server"]);
      const name = a.get("name").string();
      if (clientNames.has(name)) a.get("name").fail(`a second client called "${name}"`);
      clientNames.add(name);
      const actions = a.has("actions") ? a.get("actions").array().map(readAction) : [];
      const replies = a.has("replies") ? a.get("replies").array().map(readReply) : [];
      return { name, node: a.get("node").string(), server: a.get("server").int(0, servers.length - 1), ...(a.has("at") ? { at: a.get("at").duration() } : {}), actions, replies };
    });
  if (clients.length === 0) top.get("clients").fail("no clients");
  const nodes = new Set([...servers.map((s) => s.node), ...clients.map((c) => c.node)]);
  const { profile, links, node, nodeList } = readNetwork(top, nodes);
  const faults = readFaults(top, node, nodeList);
  const costs = top.has("serverCosts") ? top.get("serverCosts").object(["receiveCost", "sendCost"]) : undefined;
  const roles = top.has("roles") ? top.get("roles").object([system, "client"]) : undefined;
  // A role's module (a path) becomes the default of its code parameter (parseScenarioFile); a variant stays in the world.
  const role = (k: string): Variant | undefined => {
    if (roles?.has(k) !== true) return undefined;
    const v = k === "client" ? roles.get(k).oneOf(VARIANTS) : roleValue(roles.get(k));
    return v === "handout" || v === "fixed" ? v : undefined;
  };
  const serverRole = role(system);
  const clientRole = role("client");
  const world: ChatWorld = {
    system,
    profile,
    servers,
    clients,
    faults,
    links,
    until: top.get("until").duration(),
    checks: top.get("checks").array().map(readCheck),
    ...(costs === undefined ? {} : { serverCosts: { ...(costs.has("receiveCost") ? { receiveCost: costs.get("receiveCost").duration() } : {}), ...(costs.has("sendCost") ? { sendCost: costs.get("sendCost").duration() } : {}) } }),
    ...(top.has("netTicktime") ? { netTicktime: top.get("netTicktime").duration() } : {}),
    ...(roles === undefined ? {} : { roles: { ...(serverRole === undefined ? {} : { server: serverRole }), ...(clientRole === undefined ? {} : { client: clientRole }) } }),
  };
  for (const [i, c] of top.get("checks").array().entries()) {
    if (world.checks[i]!.kind === "membership" && system !== "server2") c.fail("membership is judged on server2 worlds only");
  }
  return world;
}

/** A file's `roles`: the server role's code (a module's absolute path over the world's variant), the client's variant. */
function fileRoles(server: Variant | undefined, clientRole: Variant | undefined, system: string, module: string | undefined): Record<string, unknown> {
  const code = module === "handout" || module === "fixed" ? module : module ?? server;
  if (code === undefined && clientRole === undefined) return {};
  return { roles: { ...(code === undefined ? {} : { [system]: code }), ...(clientRole === undefined ? {} : { client: clientRole }) } };
}

/** A server role's code in a file: a variant, or a module file (a path relative to the scenario file). */
function roleValue(a: At): string {
  const v = a.string();
  if (!(VARIANTS as readonly string[]).includes(v) && !MODULE_FILE.test(v)) a.fail(`"${v}" is neither handout, fixed nor a module file (FILE.js, .mjs, .cjs, .ts)`);
  return v;
}

function readAction(a: At): ClientAction {
  a.object(["at", "do", "text", "reason"], ["at", "do"]);
  const at = a.get("at").duration();
  const act = a.get("do").oneOf(["send", "leave", "crash"] as const);
  switch (act) {
    case "send":
      return { at, do: "send", text: a.get("text").string() };
    case "leave":
      return { at, do: "leave" };
    case "crash":
      return a.has("reason") ? { at, do: "crash", reason: a.get("reason").json() } : { at, do: "crash" };
  }
}

function readReply(a: At): ReplyRule {
  a.object(["from", "text", "think", "reply"], ["from", "text", "think", "reply"]);
  return { from: a.get("from").string(), text: a.get("text").string(), think: a.get("think").duration(), reply: a.get("reply").string() };
}

const FAULT_OPS = ["inject", "crash", "restart", "pause", "resume", "kill", "partition", "heal", "set-loss", "set-latency"] as const;
const FAULT_KEYS = ["at", "op", "node", "to", "msg", "target", "reason", "a", "b", "oneWay", "from", "p", "latency"];

/** A registered name on a node: `{ "name": "myserver", "node": "s@h" }` (name defaults to myserver). */
function readName(a: At, node: (a: At) => string): Name {
  a.object(["name", "node"], ["node"]);
  return new Name(a.has("name") ? a.get("name").string() : MYSERVER, node(a.get("node")));
}

function readFault(a: At, node: (a: At) => string, nodes: (a: At) => string[]): Fault {
  const op = a.get("op").oneOf(FAULT_OPS);
  const only = (keys: readonly string[], required: readonly string[]): void => void a.object(["at", "op", ...keys], ["at", "op", ...required]);
  const opt = (k: "a" | "b" | "from" | "to"): { [key: string]: string[] } => (a.has(k) ? { [k]: nodes(a.get(k)) } : {});
  switch (op) {
    case "inject":
      only(["to", "msg"], ["to", "msg"]);
      return { op, to: readName(a.get("to"), node), msg: a.get("msg").json() };
    case "crash":
    case "restart":
    case "pause":
    case "resume":
      only(["node"], ["node"]);
      return { op, node: node(a.get("node")) };
    case "kill":
      only(["target", "reason"], ["target"]);
      return { op, target: readName(a.get("target"), node), ...(a.has("reason") ? { reason: a.get("reason").json() } : {}) };
    case "partition":
      only(["a", "b", "oneWay"], ["a", "b"]);
      return { op, a: nodes(a.get("a")), b: nodes(a.get("b")), ...(a.has("oneWay") ? { oneWay: a.get("oneWay").boolean() } : {}) };
    case "heal":
      only(["a", "b"], []);
      return { op, ...opt("a"), ...opt("b") };
    case "set-loss":
      only(["from", "to", "p"], ["p"]);
      return { op, ...opt("from"), ...opt("to"), p: a.get("p").prob() };
    case "set-latency":
      only(["from", "to", "latency"], ["latency"]);
      return { op, ...opt("from"), ...opt("to"), latency: a.get("latency").latency() };
  }
}

function readCheck(a: At): CheckSpec {
  if (typeof a.value === "string") return { kind: a.oneOf(PLAIN_CHECKS) };
  a.object(["kind", "from", "name", "since", "who", "server", "node", "cases", "client", "maxIdle", "checkPeriod", "senders", "receivers", "until"], ["kind"]);
  const kind = a.get("kind").oneOf([...PLAIN_CHECKS, "liveness", ...CUSTOM_KINDS] as const);
  const only = (keys: readonly string[]): void => void a.object(["kind", ...keys], ["kind", ...keys.filter((k) => k !== "who" && k !== "server")]);
  switch (kind) {
    case "liveness":
      only(["from"]);
      return { kind, from: a.get("from").duration() };
    case "clients-told":
      only(["name", "since", "who", "server"]);
      return customCheck({ kind, name: a.get("name").string(), since: a.get("since").duration(), ...(a.has("who") ? { who: a.get("who").strings() } : {}), ...(a.has("server") ? { server: a.get("server").string() } : {}) });
    case "server-survives":
      only(["node"]);
      return customCheck({ kind, node: a.get("node").string() });
    case "leaves-shown":
      only(["who", "since"]);
      return customCheck({ kind, who: a.get("who").strings(), since: a.get("since").duration() });
    case "reach":
      a.object(["kind", "name", "from", "until", "senders", "receivers"], ["kind", "name", "from", "senders", "receivers"]);
      return customCheck({ kind, name: a.get("name").string(), from: a.get("from").duration(), ...(a.has("until") ? { until: a.get("until").duration() } : {}), senders: a.get("senders").strings(), receivers: a.get("receivers").strings() });
    case "told-server-left":
      only(["cases"]);
      return customCheck({
        kind,
        cases: a
          .get("cases")
          .array()
          .map((c) => {
            c.object(["client", "server", "at"], ["client", "server", "at"]);
            return { client: c.get("client").int(), server: c.get("server").string(), at: c.get("at").duration() };
          }),
      });
    case "idle-user-kicked":
      only(["client", "maxIdle", "checkPeriod"]);
      return customCheck({ kind, client: a.get("client").string(), maxIdle: a.get("maxIdle").duration(), checkPeriod: a.get("checkPeriod").duration() });
    case "others-told":
    case "active-users-kept":
      only(["client"]);
      return customCheck({ kind, client: a.get("client").string() });
    case "reply-after-original":
    case "clients-survive":
    case "all-joined":
    case "join-misses-line-in-flight":
    case "join-gets-line-in-flight":
    case "leaver-gets-lines-before-exit":
    case "no-rejoin":
    case "dead-client-removed":
    case "topics-isolated":
    case "refused-and-asked-again":
      only([]);
      return customCheck({ kind });
    default:
      only([]);
      return { kind } as CheckSpec;
  }
}

/**
 * The file of a scenario as built with these parameters: the world its `world` gives, the
 * network the parameters make (the profile, with the user's overrides), and the checks. A
 * scenario without a world as data, or with a part that is code rather than data (a fault
 * that spawns, a check written as a function), is a `ConfigError` saying so.
 */
export function scenarioFile(s: Scenario, ctx: BuildContext): Record<string, unknown> {
  if (s.world === undefined) throw new ConfigError(`scenario "${s.name}" has no world as data, so it cannot be written as a file`);
  const w = s.world(ctx);
  const d = formatDurationArg;
  // A latency as users type it, as the `latency` parameter formats it.
  const lat = (l: Latency | null): string => formatValue(COMMON_PARAMS.find((x) => x.name === "latency")!, l);
  const cannot = (what: string): never => {
    throw new ConfigError(`scenario "${s.name}" has ${what}, which a file cannot hold`);
  };
  const when = (at: Micros | undefined, key = "at"): Record<string, string> => (at === undefined ? {} : { [key]: d(at) });
  const name = (n: Fault & { op: "inject" | "kill" }): { name: string; node: string } => {
    const t = n.op === "inject" ? n.to : n.target;
    return t instanceof Name ? { name: t.name, node: t.node } : cannot(`a fault sent to a pid (${t.format()})`);
  };
  const fault = (f: Fault): Record<string, unknown> => {
    switch (f.op) {
      case "inject":
        return { op: f.op, to: name(f), msg: f.msg };
      case "crash":
      case "restart":
      case "pause":
      case "resume":
        return { op: f.op, node: f.node };
      case "kill":
        return { op: f.op, target: name(f), ...(f.reason === undefined ? {} : { reason: f.reason }) };
      case "partition":
        return { op: f.op, a: f.a, b: f.b, ...(f.oneWay === undefined ? {} : { oneWay: f.oneWay }) };
      case "heal":
        return { op: f.op, ...(f.a === undefined ? {} : { a: f.a }), ...(f.b === undefined ? {} : { b: f.b }) };
      case "set-loss":
        return { op: f.op, ...(f.from === undefined ? {} : { from: f.from }), ...(f.to === undefined ? {} : { to: f.to }), p: f.p };
      case "set-latency":
        return { op: f.op, ...(f.from === undefined ? {} : { from: f.from }), ...(f.to === undefined ? {} : { to: f.to }), latency: lat(f.latency) };
      case "spawn":
        return cannot("a fault that spawns code");
      case "tick-timeout":
        return cannot("a tick timeout on the timeline (a partition schedules its own)");
    }
  };
  const check = (c: CheckSpec): unknown => {
    switch (c.kind) {
      case "liveness":
        return { kind: c.kind, from: d(c.from) };
      case "custom":
        return c.spec === undefined ? cannot(`a check written as code (${c.name})`) : customJson(c.spec);
      default:
        return c.kind;
    }
  };
  const link = (l: Partial<LinkOverride>): Record<string, unknown> => ({
    ...(l.latency === undefined ? {} : { latency: lat(l.latency) }),
    ...(l.loss === undefined ? {} : { loss: l.loss }),
    ...(l.duplicate === undefined ? {} : { duplicate: l.duplicate }),
    ...(l.ordering === undefined ? {} : { ordering: l.ordering }),
  });
  const p: ParamValues = ctx.params;
  const links = w.system === "server" || w.system === "server2" ? (w.links ?? []) : [];
  const head = { format: FILE_FORMAT, name: s.name, title: s.title, about: s.about, system: w.system };
  const network = {
    profile: w.profile,
    ...(p["latency"] === null || p["latency"] === undefined ? {} : { latency: lat(p["latency"] as Latency) }),
    ...(p["loss"] === 0 ? {} : { loss: p["loss"] }),
    ...(p["duplicate"] === 0 ? {} : { duplicate: p["duplicate"] }),
    ...(p["ordering"] === "process-pair" ? {} : { ordering: p["ordering"] }),
    ...(links.length === 0 ? {} : { links: links.map((l) => ({ from: l.from, to: l.to, ...link(l) })) }),
  };
  const tail = (faults: readonly { at: Micros; fault: Fault }[]) => ({
    ...(faults.length === 0 ? {} : { faults: faults.map((f) => ({ at: d(f.at), ...fault(f.fault) })) }),
    until: d(w.until),
    checks: w.checks.map(check),
  });
  const reason = (x: { reason?: unknown }): Record<string, unknown> => (x.reason === undefined ? {} : { reason: x.reason });
  switch (w.system) {
    case "theychat":
      return {
        ...head,
        network,
        topics: w.topics,
        ...(w.backup === false ? { backup: false } : {}),
        clients: w.clients.map((c) => ({ name: c.name, ...(c.node === undefined ? {} : { node: c.node }), script: c.script.map((st) => ({ ...st, at: d(st.at) })) })),
        ...tail(w.faults),
      };
    case "idle":
      return {
        ...head,
        network,
        maxIdle: d(w.maxIdle),
        checkPeriod: d(w.checkPeriod),
        maxPseudoLength: w.maxPseudoLength,
        clients: w.clients.map((c) => ({ name: c.name, ...(c.node === undefined ? {} : { node: c.node }), ...when(c.connectAt, "connectAt"), script: c.script.map((st) => ({ ...st, at: d(st.at), ...reason(st as { reason?: unknown }) })) })),
        ...tail([]),
      };
    case "server":
    case "server2":
      return {
        ...head,
        variant: p["variant"] ?? "handout",
        ...fileRoles(w.roles?.server, w.roles?.client, w.system, typeof p[w.system] === "string" && p[w.system] !== "" ? resolve(p[w.system] as string) : undefined),
        network,
        ...(w.serverCosts === undefined ? {} : { serverCosts: { ...(w.serverCosts.receiveCost === undefined ? {} : { receiveCost: d(w.serverCosts.receiveCost) }), ...(w.serverCosts.sendCost === undefined ? {} : { sendCost: d(w.serverCosts.sendCost) }) } }),
        ...(w.netTicktime === undefined ? {} : { netTicktime: d(w.netTicktime) }),
        servers: w.servers.map((x) => ({ node: x.node, ...when(x.at), ...(x.boot === undefined ? {} : { boot: x.boot }) })),
        clients: w.clients.map((c) => ({
          name: c.name,
          node: c.node,
          server: c.server,
          ...when(c.at),
          ...(c.actions === undefined || c.actions.length === 0 ? {} : { actions: c.actions.map((a) => ({ at: d(a.at), do: a.do, ...(a.do === "send" ? { text: a.text } : {}), ...(a.do === "crash" ? reason(a) : {}) })) }),
          ...(c.replies === undefined || c.replies.length === 0 ? {} : { replies: c.replies.map((r) => ({ from: r.from, text: r.text, think: d(r.think), reply: r.reply })) }),
        })),
        ...tail(w.faults ?? []),
      };
  }
}

function customJson(c: CustomSpec): unknown {
  switch (c.kind) {
    case "clients-told":
      return { kind: c.kind, name: c.name, since: formatDurationArg(c.since), ...(c.who === undefined ? {} : { who: c.who }), ...(c.server === undefined ? {} : { server: c.server }) };
    case "leaves-shown":
      return { kind: c.kind, who: c.who, since: formatDurationArg(c.since) };
    case "reach":
      return { kind: c.kind, name: c.name, from: formatDurationArg(c.from), ...(c.until === undefined ? {} : { until: formatDurationArg(c.until) }), senders: c.senders, receivers: c.receivers };
    case "told-server-left":
      return { kind: c.kind, cases: c.cases.map((x) => ({ client: x.client, server: x.server, at: formatDurationArg(x.at) })) };
    case "idle-user-kicked":
      return { kind: c.kind, client: c.client, maxIdle: formatDurationArg(c.maxIdle), checkPeriod: formatDurationArg(c.checkPeriod) };
    default:
      return c;
  }
}
