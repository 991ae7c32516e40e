/**
 * TheyChat's start specs: the roles the launcher starts from outside (the router as the shell
 * starts it, and each client), and the supervised roles the router and monitors start
 * themselves (`router_monitor`, `server_monitor`, `server_chat`), with the same config shapes.
 */
import type { Micros, Name, Pid } from "../../sim/index.js";
import type { StartSpec } from "../spec.js";
import { type ClientStep, client } from "./client.js";
import type { Member, Table } from "./protocol.js";
import { type RouterConfig, type RouterRestore, router } from "./router.js";
import { routerMonitor } from "./routerMonitor.js";
import type { ScreenId } from "../screen.js";
import { serverChat } from "./serverChat.js";
import { serverMonitor } from "./serverMonitor.js";

/** The router's config: where everything runs, and, for a restarted router, its backed-up table. */
export interface RouterStart {
  readonly config: RouterConfig;
  readonly restore: RouterRestore | null;
}

/** `router:start()`: the router, registered by itself as `router`. */
export const ROUTER_SPEC: StartSpec<RouterStart> = {
  role: "theychat-router",
  label: "router",
  config: { config: "the nodes, topics and restart pacing (RouterConfig)", restore: "null, or the table and monitor of a restart" },
  run: (p, c) => router(c.config, c.restore)(p),
};

/** The router monitor: backs up the router's table and restarts it. */
export const ROUTER_MONITOR_SPEC: StartSpec<{ readonly config: RouterConfig; readonly router: Pid; readonly table: Table }> = {
  role: "theychat-router-monitor",
  label: "router_monitor",
  config: { config: "RouterConfig", router: "the router it watches", table: "the router's table" },
  run: (p, c) => routerMonitor(c.config, c.router, c.table)(p),
};

/** A topic's server monitor: restarts its chat with the members it last heard of. */
export const SERVER_MONITOR_SPEC: StartSpec<{ readonly topic: string; readonly router: Pid; readonly members: readonly Member[]; readonly retryDelay: Micros }> = {
  role: "theychat-server-monitor",
  label: "server_monitor",
  config: { topic: "its topic", router: "the router", members: "the members to restore", retryDelay: "least µs between restarts" },
  run: (p, c) => serverMonitor(c.topic, c.router, c.members, c.retryDelay)(p),
};

/** A topic's chat server. */
export const SERVER_CHAT_SPEC: StartSpec<{ readonly topic: string; readonly monitor: Pid; readonly members: readonly Member[] }> = {
  role: "theychat-server",
  label: "server_chat",
  config: { topic: "its topic", monitor: "its server monitor", members: "the members it starts with" },
  run: (p, c) => serverChat(c.topic, c.monitor, c.members)(p),
};

/** What a TheyChat client is started with. */
export interface TheyChatClientStart {
  readonly name: string;
  readonly router: Name;
  readonly script: readonly ClientStep[];
  readonly screen: ScreenId;
  readonly lookupRetry: Micros;
}

/** A scripted TheyChat client. */
export const CLIENT_SPEC: StartSpec<TheyChatClientStart> = {
  role: "theychat-client",
  label: (c) => `client ${c.name}`,
  config: { name: "the user's name", router: "{router, RouterNode}", script: "what the user does, by time", screen: "the screen (name and node) it observes what it shows and types into", lookupRetry: "µs before asking again" },
  run: (p, c) => client(c.name, c.router, c.script, c.screen, c.lookupRetry)(p),
};
