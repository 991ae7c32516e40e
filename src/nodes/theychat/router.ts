/**
 * `router`: tells clients which `server_chat` serves a topic, and supervises the topics'
 * `server_monitor`s and the `router_monitor`. It traps exits and is linked to all of them.
 *
 * - A `server_monitor` that dies is restarted on its node with the member list the router
 *   last heard of (`server_state`), so its new chat resumes with the same clients.
 * - The `router_monitor` that dies is restarted with the router's current table.
 * - After each change of its table the router backs it up to the `router_monitor`, which
 *   restarts the router with it if the router dies. A restarted router links to the
 *   monitors of its table and sends them `{adopt, self()}`; each answers with a fresh state.
 *
 * A child whose node is down cannot start (its link breaks at once with `noconnection`);
 * it is retried every `retryDelay` until the node is back (see `Restarts`).
 */
import { type Body, type Micros, type Pid, type Proc, TIMEOUT, formatReason, ioFormat, isExit } from "../../sim/index.js";
import { ROUTER, ROUTER_TAGS, type RouterMsg, type Table, type TopicEntry, msg, parseAs, unreachable } from "./protocol.js";
import { Restarts } from "./restarts.js";
import { routerMonitor } from "./routerMonitor.js";
import { serverMonitor } from "./serverMonitor.js";

/** Where everything runs and how restarts are paced. */
export interface RouterConfig {
  /** The node the router runs on (and is restarted on). */
  readonly routerNode: string;
  /** The node the router monitor runs on. */
  readonly monitorNode: string;
  /** The topics, each with the node its chat runs on, started with the router. */
  readonly topics: readonly { readonly topic: string; readonly node: string }[];
  /** Least virtual time between two restarts of one child. */
  readonly retryDelay: Micros;
  /**
   * Whether restarts keep the state (default true). False is the failing baseline: a server
   * monitor or chat restarts with no members, as if nobody backed the list up.
   */
  readonly backup?: boolean;
}

/** What a restarted router starts from: the backed-up table and the monitor that restarted it. */
export interface RouterRestore {
  readonly table: Table;
  readonly monitor: Pid;
}

/** The key of the router_monitor among the router's children (topics are the others). */
const MONITOR_KEY = "\u0000router_monitor";

/**
 * ```erlang
 * init(Config) ->                       %% fresh start
 *     process_flag(trap_exit, true),
 *     register(router, self()),
 *     Table = [start_server(T, N, []) || {T, N} <- Topics],
 *     Mon = spawn_link(MonitorNode, fun() -> router_monitor:init(self(), Table) end),
 *     loop(Mon, Table).
 * init(Config, {Table, Mon}) ->         %% restarted by the router monitor
 *     ..., [begin link(M), M ! {adopt, self()} end || #topic{monitor = M} <- Table],
 *     loop(Mon, Table).
 * ```
 */
export function router(cfg: RouterConfig, restore: RouterRestore | null): Body {
  return function* router(p: Proc) {
    p.trapExit(true);
    p.register(ROUTER);
    const restarts = new Restarts<string>(cfg.retryDelay);
    const startServer = (e: TopicEntry): TopicEntry => ({
      ...e,
      monitor: p.spawnLink(serverMonitor(e.topic, p.self(), cfg.backup === false ? [] : e.members, cfg.retryDelay, cfg.backup !== false), { node: e.node, label: "server_monitor" }),
      server: null,
    });
    let table: Table;
    let mon: Pid | null;
    const startMonitor = (): Pid => p.spawnLink(routerMonitor(cfg, p.self(), table), { node: cfg.monitorNode, label: "router_monitor" });
    const backup = (): void => {
      if (mon !== null) p.send(mon, msg.routerBackup(table));
    };
    if (restore === null) {
      table = cfg.topics.map((t) => startServer({ topic: t.topic, node: t.node, monitor: null, server: null, members: [] }));
      mon = startMonitor();
    } else {
      table = restore.table;
      mon = restore.monitor;
      p.log(ioFormat("[router] restarted with ~w topics", [table.length], p.nodeName()));
      for (const e of table) {
        if (e.monitor === null) {
          // It was waiting for its node: go on waiting.
          if (restarts.request(e.topic, p.now())) table = replace(table, startServer(e));
        } else {
          p.link(e.monitor);
          p.send(e.monitor, msg.adopt(p.self()));
        }
      }
    }
    backup();

    /** Restarts a dead child now (true) or later. */
    const restart = (key: string): void => {
      if (key === MONITOR_KEY) {
        mon = startMonitor();
        return;
      }
      const e = table.find((x) => x.topic === key);
      if (e !== undefined) table = replace(table, startServer(e));
    };

    for (;;) {
      const after = restarts.timeout(p.now());
      const m = after === undefined ? yield* p.receive() : yield* p.receive(undefined, { after });
      if (m === TIMEOUT) {
        for (const k of restarts.takeDue(p.now())) restart(k);
        backup();
        continue;
      }
      if (isExit(m)) {
        if (mon !== null && m.from === mon) {
          // {'EXIT', Mon, Reason} -> restart the router monitor with the current table.
          p.log(ioFormat("[router] router_monitor died (~s), restarting it", [formatReason(m.reason, p.nodeName())], p.nodeName()));
          mon = null;
          if (restarts.request(MONITOR_KEY, p.now())) restart(MONITOR_KEY);
          backup();
          continue;
        }
        const e = table.find((x) => x.monitor !== null && x.monitor === m.from);
        if (e !== undefined) {
          // {'EXIT', ServerMonitor, Reason} -> restart it with the members it last reported.
          p.log(ioFormat("[router] server_monitor of ~s died (~s), restarting it with ~w clients", [e.topic, formatReason(m.reason, p.nodeName()), e.members.length], p.nodeName()));
          table = replace(table, { ...e, monitor: null, server: null });
          if (restarts.request(e.topic, p.now())) restart(e.topic);
          backup();
        }
        // Any other exit signal (an old child, the shell's exit/2) is only a message here.
        continue;
      }
      const r = parseAs<RouterMsg>(m, ROUTER_TAGS);
      if (r === null) {
        p.log(ioFormat("[router] Received unsupported message: ~w", [m], p.nodeName()));
        continue;
      }
      switch (r.tag) {
        // {find_server, Topic, From} -> From ! {server_for, Topic, Pid} | {no_topic, Topic}
        case "find_server": {
          const e = table.find((x) => x.topic === r.topic);
          if (e === undefined) p.send(r.from, msg.noTopic(r.topic));
          else if (e.server !== null) p.send(r.from, msg.serverFor(r.topic, e.server));
          // else: the chat is restarting; the client asks again.
          break;
        }
        // {server_state, Topic, Monitor, Server, Members} -> keep it (from the current monitor only).
        case "server_state": {
          const e = table.find((x) => x.topic === r.topic);
          if (e === undefined || e.monitor !== r.monitor) break;
          table = replace(table, { ...e, server: r.server, members: r.members });
          backup();
          break;
        }
        default:
          unreachable(r);
      }
    }
  };
}

/** The table with the entry of `e.topic` replaced (a new table: the old one may be in a message). */
function replace(table: Table, e: TopicEntry): Table {
  return table.map((x) => (x.topic === e.topic ? e : x));
}
