/**
 * Builds a TheyChat system into a simulation: the router, router monitor and chat servers
 * on nodes of their own ("all processes in the same machine but in different Erlang VMs"),
 * one node per client, and the router started as the shell would start it. Returns the
 * handles a scenario needs: names to aim faults at, clients' pids and screens.
 */
import { observedTerminal, theychat } from "../nodes/index.js";
import { ConfigError, type Micros, Name, type Pid, type Simulation, ms } from "../sim/index.js";
import { launch } from "./launch.js";
import { formatDurationArg } from "./params.js";

type ClientStep = theychat.ClientStep;
type RouterConfig = theychat.RouterConfig;
type Screen = theychat.Screen;
const { ROUTER, ROUTER_MONITOR, serverChatName, serverMonitorName } = theychat;

/** A small description of a TheyChat system. */
export interface TheyChatConfig {
  /** Default `router@127.0.0.1`. */
  readonly routerNode?: string;
  /** Default `router_monitor@127.0.0.1`. */
  readonly monitorNode?: string;
  /** The topics; each chat runs on `node` (default `server@127.0.0.1`). */
  readonly topics: readonly (string | { readonly topic: string; readonly node?: string })[];
  /** The clients, each on its own node (default `<name in lower case>@127.0.0.1`). */
  readonly clients: readonly { readonly name: string; readonly node?: string; readonly script: readonly ClientStep[] }[];
  /** Least time between two restarts of one child (default 50 ms). */
  readonly retryDelay?: Micros;
  /** How long a client waits for the router's answer, or for its join's echo, before asking again (default 100 ms). */
  readonly lookupRetry?: Micros;
  /** Whether restarted processes get their state back (default true; false: the baseline without backup). */
  readonly backup?: boolean;
}

/** Handles on a built system. */
export interface TheyChatSystem {
  /** The router's configuration (nodes, topics, pacing). */
  readonly config: RouterConfig;
  /** The first router's pid. */
  readonly router: Pid;
  /** `{router, RouterNode}`: whichever router is alive. */
  readonly routerName: Name;
  /** `{router_monitor, MonitorNode}`. */
  readonly routerMonitorName: Name;
  /** Per topic: its node and the names its chat and monitor register. */
  readonly topics: readonly { readonly topic: string; readonly node: string; readonly serverChat: Name; readonly serverMonitor: Name }[];
  /** Per client: its node, pid and screen (read from the trace's observations as the run goes on). */
  readonly clients: readonly { readonly name: string; readonly node: string; readonly pid: Pid; readonly screen: Screen }[];
}

/** Adds the nodes a TheyChat system needs (those not already there) and starts it at the current time. */
export function buildTheyChat(sim: Simulation, c: TheyChatConfig): TheyChatSystem {
  const routerNode = c.routerNode ?? "router@127.0.0.1";
  const monitorNode = c.monitorNode ?? "router_monitor@127.0.0.1";
  const retryDelay = c.retryDelay ?? ms(50);
  const lookupRetry = c.lookupRetry ?? ms(100);
  for (const [k, v] of [["retryDelay", retryDelay], ["lookupRetry", lookupRetry]] as const) {
    if (!Number.isInteger(v) || v <= 0) throw new ConfigError(`theychat: ${k} must be a positive duration (1us at least), got ${Number.isInteger(v) ? formatDurationArg(v) : v}`);
  }
  const topics = c.topics.map((t) => (typeof t === "string" ? { topic: t, node: "server@127.0.0.1" } : { topic: t.topic, node: t.node ?? "server@127.0.0.1" }));
  if (topics.length === 0) throw new ConfigError("theychat: at least one topic is needed");
  const seen = new Set<string>();
  for (const t of topics) {
    if (!/^[a-z][a-zA-Z0-9_]*$/.test(t.topic)) throw new ConfigError(`theychat: topic ${JSON.stringify(t.topic)} must be a lower-case word`);
    if (seen.has(t.topic)) throw new ConfigError(`theychat: topic ${t.topic} is given twice`);
    seen.add(t.topic);
  }
  const names = new Set<string>();
  const clients = c.clients.map((cl) => {
    if (cl.name.length === 0 || names.has(cl.name)) throw new ConfigError(`theychat: client names must be distinct and non-empty, got ${JSON.stringify(cl.name)}`);
    names.add(cl.name);
    let last = 0;
    for (const s of cl.script) {
      if (!Number.isInteger(s.at) || s.at < last) throw new ConfigError(`theychat: ${cl.name}'s script must be sorted by time, in integer µs`);
      last = s.at;
    }
    return { ...cl, node: cl.node ?? `${cl.name.toLowerCase()}@127.0.0.1` };
  });
  const have = new Set(sim.allNodes().map((n) => n.name));
  const addNode = (name: string): void => {
    if (!have.has(name)) sim.addNode({ name });
    have.add(name);
  };
  addNode(routerNode);
  addNode(monitorNode);
  for (const t of topics) addNode(t.node);
  for (const cl of clients) addNode(cl.node);

  const config: RouterConfig = { routerNode, monitorNode, topics, retryDelay, ...(c.backup === false ? { backup: false } : {}) };
  const routerPid = launch(sim, routerNode, theychat.ROUTER_SPEC, { config, restore: null });
  const routerName = new Name(ROUTER, routerNode);
  return {
    config,
    router: routerPid,
    routerName,
    routerMonitorName: new Name(ROUTER_MONITOR, monitorNode),
    topics: topics.map((t) => ({ ...t, serverChat: new Name(serverChatName(t.topic), t.node), serverMonitor: new Name(serverMonitorName(t.topic), t.node) })),
    clients: clients.map((cl) => {
      const id = { name: cl.name, node: cl.node };
      const pid = launch(sim, cl.node, theychat.CLIENT_SPEC, { name: cl.name, router: routerName, script: cl.script, screen: id, lookupRetry });
      return { name: cl.name, node: cl.node, pid, screen: observedTerminal<theychat.ScreenEvent>(sim.trace, id) };
    }),
  };
}
