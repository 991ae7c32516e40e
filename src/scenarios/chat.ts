/**
 * The chat worlds of the handout, as data: `server` (one central server) or `server2`
 * (replicated servers), the clients on their nodes with their scripts, and the fault
 * timeline. `buildChat` turns a world into a ready simulation, with the network taken from
 * the scenario's profile and the user's parameters.
 */
import { client, formatEntry, MYSERVER, observedScreen, server2, type ClientAction, type ReplyRule, type Screen, type ScreenId, type Variant } from "../nodes/index.js";
import { registeredAtEnd, type ServerView } from "../check/index.js";
import { ConfigError, Name, PROFILES, Simulation, type Fault, type Pid, type LinkConfig, type LinkOverride, type Micros } from "../sim/index.js";
import { launchFault } from "./launch.js";
import { roleCode } from "./modules.js";
import { get } from "./params.js";
import { terminalView, type Built, type BuildContext, type CheckSpec, type ClientView, type Readers, type Scenario, type TraceView } from "./scenario.js";

/** The network profiles a scenario can start from. */
export type Profile = keyof typeof PROFILES;

/** A server of the world. */
export interface ServerSpec {
  readonly node: string;
  /** When `start` is typed (default 0). */
  readonly at?: Micros;
  /** server2: the index of the server to join through (`start(BootServer)`); omitted for the first. */
  readonly boot?: number;
}

/** A user of the world. */
export interface ClientSpec {
  readonly name: string;
  readonly node: string;
  /** The index of the server it joins. */
  readonly server: number;
  /** When `client:start` is typed (default 0). */
  readonly at?: Micros;
  readonly actions?: readonly ClientAction[];
  readonly replies?: readonly ReplyRule[];
}

/** A whole chat world. */
export interface ChatWorld {
  readonly system: "server" | "server2";
  readonly profile: Profile;
  readonly servers: readonly ServerSpec[];
  readonly clients: readonly ClientSpec[];
  readonly faults?: readonly { readonly at: Micros; readonly fault: Fault }[];
  /** Processing costs on the servers' nodes (the kernel's defaults otherwise). */
  readonly serverCosts?: { readonly receiveCost?: Micros; readonly sendCost?: Micros };
  /** Every node's `net_ticktime` (Erlang's 60 s by default): how long a cut goes unnoticed. */
  readonly netTicktime?: Micros;
  /** Links that differ from the profile (e.g. one slow route), applied after the user's parameters. */
  readonly links?: readonly LinkOverride[];
  readonly until: Micros;
  readonly checks: readonly CheckSpec[];
  /** Per role, node code other than the `variant` parameter's (a scenario file's `roles`). */
  readonly roles?: { readonly server?: Variant; readonly client?: Variant };
}

/** The default link of a world: its profile, overridden by the user's parameters. */
export function linkFor(profile: Profile, ctx: BuildContext): LinkConfig {
  const base = PROFILES[profile];
  return {
    latency: get.latency(ctx.params) ?? base.latency,
    loss: get.num(ctx.params, "loss"),
    duplicate: get.num(ctx.params, "duplicate"),
    ordering: get.ordering(ctx.params),
  };
}

/** Builds the world into a simulation. */
export function buildChat(w: ChatWorld, ctx: BuildContext): Built {
  const variant = get.str(ctx.params, "variant") as Variant;
  const serverVariant = w.roles?.server ?? variant;
  const clientVariant = w.roles?.client ?? variant;
  const sim = new Simulation({ seed: ctx.seed, trace: ctx.trace, network: { default: linkFor(w.profile, ctx), links: w.links ?? [] } });
  const nodes = new Set<string>();
  for (const s of w.servers) nodes.add(s.node);
  for (const c of w.clients) nodes.add(c.node);
  const serverNodes0 = new Set(w.servers.map((s) => s.node));
  const tick = w.netTicktime === undefined ? {} : { netTicktime: w.netTicktime };
  for (const n of nodes) sim.addNode(serverNodes0.has(n) ? { name: n, ...w.serverCosts, ...tick } : { name: n, ...tick });

  for (const other of ["server", "server2"] as const) {
    if (other !== w.system && get.code(ctx.params, other) !== "") throw new ConfigError(`--set ${other}=… gives code for a role this ${w.system} world does not have`);
  }
  const serverSpec = roleCode(w.system, get.code(ctx.params, w.system), serverVariant);
  w.servers.forEach((s, i) => {
    if (w.system === "server" && i > 0 && s.node !== w.servers[0]!.node) {
      // A second entry on the same node is the server started again there (after a restart).
      throw new Error("a `server` world has one server");
    }
    const boot = s.boot === undefined ? undefined : new Name(MYSERVER, w.servers[s.boot]!.node);
    sim.at(s.at ?? 0, launchFault(s.node, serverSpec, boot === undefined ? {} : { boot }));
  });
  // Each screen is read from the trace's observations (screen.ts), as the run goes on.
  const ids: ScreenId[] = w.clients.map((c) => {
    const script = { name: c.name, server: new Name(MYSERVER, w.servers[c.server]!.node), actions: c.actions ?? [], replies: c.replies ?? [] };
    const config = client.clientConfig(c.node, script);
    sim.at(c.at ?? 0, launchFault(c.node, client.SPECS[clientVariant], config));
    return config.screen;
  });
  for (const f of w.faults ?? []) sim.at(f.at, f.fault);
  const serverNodes = [...new Set(w.servers.map((s) => s.node))];
  const read: Readers = {
    clients: (t) => ids.map((id) => handoutView(observedScreen(t, id))),
    ...(w.system === "server2" ? { servers: (t: TraceView) => serverViews(t, serverNodes) } : {}),
  };
  return { sim, until: w.until, clients: read.clients(sim.trace), read, checks: w.checks };
}

/** A handout client's screen as a terminal view. */
export const handoutView = (s: Screen): ClientView => terminalView(s, (e) => formatEntry(e, s.node));

/**
 * Each server2 node's view at the trace's end: alive when a process is registered as
 * `myserver` there (`registeredAtEnd`: the trace's register, unregister and exit records),
 * and its list the last one that process observed (the trace's `servers` observations). A
 * listed pid is named by its node when it is the server registered there at the end;
 * otherwise it is a dead entry, named so. A function of the trace alone.
 */
export function serverViews(trace: TraceView, nodes: readonly string[]): ServerView[] {
  const current = new Map(nodes.map((n) => [n, registeredAtEnd(trace.records, MYSERVER, n)]));
  const lists = new Map<string, readonly Pid[]>();
  for (const r of trace.observations) if (r.subject === server2.SERVERS_SUBJECT) lists.set(r.pid.key(), r.event as readonly Pid[]);
  const nameOf = (pid: Pid): string => (current.get(pid.node)?.key() === pid.key() ? pid.node : `${pid.format()} on ${pid.node} (gone)`);
  return nodes.map((n) => {
    const pid = current.get(n);
    const list = pid === undefined ? [] : (lists.get(pid.key()) ?? []);
    return { server: n, alive: pid !== undefined, list: list.map(nameOf) };
  });
}

/** A chat scenario given by its world: `build` builds it, and `world` keeps it as data for `export`. */
export function chatScenario(s: Omit<Scenario, "build" | "world"> & { readonly world: (ctx: BuildContext) => ChatWorld }): Scenario {
  return { ...s, build: (ctx) => buildChat(s.world(ctx), ctx) };
}
