/**
 * TheyChat's protocol, as typed messages (an Erlang tuple with an atom first is an object
 * with a `tag`). The client/server messages keep the handout's names, with the topic added
 * where a client may be in several chats at once.
 *
 * ## Who talks to whom
 *
 * ```
 * client ──find_server──► router ──server_for / no_topic──► client
 * client ──client_join_req / client_leave_req / send──► server_chat
 * server_chat ──join / leave / message / exit / new_server──► client
 * server_chat ──backup──► server_monitor ──server_state──► router ──router_backup──► router_monitor
 * router ──adopt──► server_monitor   (a restarted router takes over the running monitors)
 * ```
 *
 * ## State backup
 *
 * Every supervisor holds the state of what it supervises, pushed to it after each change:
 * `server_chat` sends its client list to its `server_monitor` (`backup`) before it
 * broadcasts the change; the monitor forwards it, with its own pid and the chat's, to the
 * router (`server_state`); the router sends its whole topic table to the `router_monitor`
 * (`router_backup`). A restarted process starts from the state its supervisor holds, and
 * the router restarts a `router_monitor` from its own table. Messages between two processes
 * arrive in order, and an exit signal after the messages its process sent before dying, so
 * a supervisor always holds the last state its worker sent.
 *
 * ## Pid refresh
 *
 * Clients reach the router by its registered name `{router, RouterNode}` (a restarted router
 * registers it again) and a chat by the pid the router gives them, as the brief says. A
 * restarted `server_chat` sends `{new_server, Topic, Pid}` to every client of its restored
 * list, so clients go on without joining again. A restarted router sends `{adopt, Router}`
 * to every `server_monitor` of its restored table; each links back and answers with a fresh
 * `server_state`, which also repairs what the router missed while it was down. Processes
 * are also registered (`server_chat_<topic>`, `server_monitor_<topic>`, `router_monitor`)
 * so that faults and people can name them; the node code does not rely on those names.
 *
 * ## Restarts and what they cost
 *
 * Each supervisor restarts a dead child at once, and a child that dies again within
 * `retryDelay` after that delay (`Restarts`), so a child whose node is down is retried until
 * the node is back. What is lost: a line sent to a chat in the moment between its death and
 * the client hearing `new_server` (nothing buffers or resends it); a request in a dying
 * chat's mailbox. A join is not lost for good: the client joins again if it does not see its
 * own `join` echoed within `lookupRetry`.
 */
import type { Pid } from "../../sim/index.js";
import type { ClientJoinReq, ClientLeaveReq, SendReq } from "../protocol.js";

/** A member of a chat: what a server_chat's state backup holds per client. */
export interface Member {
  readonly name: string;
  readonly pid: Pid;
}

/** One topic in the router's table. */
export interface TopicEntry {
  readonly topic: string;
  /** The node its server_monitor and server_chat run on. */
  readonly node: string;
  /** Its server_monitor (null while a restart waits for the node to come back). */
  readonly monitor: Pid | null;
  /** Its current server_chat (null until the monitor reports one). */
  readonly server: Pid | null;
  /** The last client list the chat backed up. */
  readonly members: readonly Member[];
}

/** The router's state: what the router_monitor backs up. Immutable, replaced on each change. */
export type Table = readonly TopicEntry[];

// ---------------------------------------------------------------- client <-> router

/** `{find_server, Topic, From}`: which chat serves this topic? */
export interface FindServer {
  readonly tag: "find_server";
  readonly topic: string;
  readonly from: Pid;
}
/** `{server_for, Topic, Pid}`: the router's answer. */
export interface ServerFor {
  readonly tag: "server_for";
  readonly topic: string;
  readonly server: Pid;
}
/** `{no_topic, Topic}`: the router knows no such topic. */
export interface NoTopic {
  readonly tag: "no_topic";
  readonly topic: string;
}

// ---------------------------------------------------------------- client -> server_chat

// The handout's client requests, unchanged: `{client_join_req, Name, From}`,
// `{client_leave_req, Name, From}`, `{send, Name, Text}`.
export type { ClientJoinReq, ClientLeaveReq, SendReq } from "../protocol.js";

// ---------------------------------------------------------------- server_chat -> client

/** `{join, Topic, Name}`. */
export interface Join {
  readonly tag: "join";
  readonly topic: string;
  readonly name: string;
}
/** `{leave, Topic, Name}` (a leave, or a client the server saw die). */
export interface Leave {
  readonly tag: "leave";
  readonly topic: string;
  readonly name: string;
}
/** `{message, Topic, Name, Text}`. */
export interface Message {
  readonly tag: "message";
  readonly topic: string;
  readonly name: string;
  readonly text: string;
}
/** `{exit, Topic}`: the leave is done. */
export interface ExitTopic {
  readonly tag: "exit";
  readonly topic: string;
}
/** `{new_server, Topic, Pid}`: the chat was restarted; talk to this pid from now on. */
export interface NewServer {
  readonly tag: "new_server";
  readonly topic: string;
  readonly server: Pid;
}

// ---------------------------------------------------------------- supervision

/** `{backup, Members}`: server_chat -> server_monitor after each change of its list. */
export interface Backup {
  readonly tag: "backup";
  readonly members: readonly Member[];
}
/** `{server_state, Topic, Monitor, Server, Members}`: server_monitor -> router. */
export interface ServerState {
  readonly tag: "server_state";
  readonly topic: string;
  readonly monitor: Pid;
  readonly server: Pid;
  readonly members: readonly Member[];
}
/** `{adopt, Router}`: a restarted router -> a running server_monitor. */
export interface Adopt {
  readonly tag: "adopt";
  readonly router: Pid;
}
/** `{router_backup, Table}`: router -> router_monitor after each change of the table. */
export interface RouterBackup {
  readonly tag: "router_backup";
  readonly table: Table;
}

/** What the router handles (besides `'EXIT'`). */
export type RouterMsg = FindServer | ServerState;
/** What a server_chat handles (besides `'DOWN'`). */
export type ServerChatMsg = ClientJoinReq | ClientLeaveReq | SendReq;
/** What a server_monitor handles (besides `'EXIT'`). */
export type ServerMonitorMsg = Backup | Adopt;
/** What a client receives. */
export type ClientMsg = ServerFor | NoTopic | Join | Leave | Message | ExitTopic | NewServer;

/**
 * Constructors, so node code reads like the Erlang it mirrors. What a server_chat broadcasts
 * to its members (`join`, `leave`, `message`, `new_server`) is frozen, so a send shares it
 * rather than copying it for each member (`src/sim/termCopy.ts`); the rest is sent once and
 * copied.
 */
export const msg = {
  findServer: (topic: string, from: Pid): FindServer => ({ tag: "find_server", topic, from }),
  serverFor: (topic: string, server: Pid): ServerFor => ({ tag: "server_for", topic, server }),
  noTopic: (topic: string): NoTopic => ({ tag: "no_topic", topic }),
  clientJoinReq: (name: string, from: Pid): ClientJoinReq => ({ tag: "client_join_req", name, from }),
  clientLeaveReq: (name: string, from: Pid): ClientLeaveReq => ({ tag: "client_leave_req", name, from }),
  send: (name: string, text: string): SendReq => ({ tag: "send", name, text }),
  join: (topic: string, name: string): Join => Object.freeze({ tag: "join", topic, name }),
  leave: (topic: string, name: string): Leave => Object.freeze({ tag: "leave", topic, name }),
  message: (topic: string, name: string, text: string): Message => Object.freeze({ tag: "message", topic, name, text }),
  exit: (topic: string): ExitTopic => ({ tag: "exit", topic }),
  newServer: (topic: string, server: Pid): NewServer => Object.freeze({ tag: "new_server", topic, server }),
  backup: (members: readonly Member[]): Backup => ({ tag: "backup", members }),
  serverState: (topic: string, monitor: Pid, server: Pid, members: readonly Member[]): ServerState => ({ tag: "server_state", topic, monitor, server, members }),
  adopt: (router: Pid): Adopt => ({ tag: "adopt", router }),
  routerBackup: (table: Table): RouterBackup => ({ tag: "router_backup", table }),
};

/** The registered name of the router on its node. */
export const ROUTER = "router";
/** The registered name of the router monitor on its node. */
export const ROUTER_MONITOR = "router_monitor";
/** The registered name of a topic's server_chat on its node. */
export const serverChatName = (topic: string): string => `server_chat_${topic}`;
/** The registered name of a topic's server_monitor on its node. */
export const serverMonitorName = (topic: string): string => `server_monitor_${topic}`;

/** `lists:foreach(fun(P) -> P ! Msg end, Members)`. */
export function broadcast(p: { send(to: Pid, m: unknown): void }, members: readonly Member[], m: unknown): void {
  for (const c of members) p.send(c.pid, m);
}

/** The tag of a tagged message, or undefined for anything else (garbage). */
export function tagOf(m: unknown): string | undefined {
  if (typeof m !== "object" || m === null) return undefined;
  const t = (m as { tag?: unknown }).tag;
  return typeof t === "string" ? t : undefined;
}

/** The message as `T` if its tag is one of `tags` (a receive's clauses), else null. */
export function parseAs<T extends { readonly tag: string }>(m: unknown, tags: readonly T["tag"][]): T | null {
  const t = tagOf(m);
  return t !== undefined && (tags as readonly string[]).includes(t) ? (m as T) : null;
}

/** The tags of `ServerChatMsg`. */
export const SERVER_CHAT_TAGS: readonly ServerChatMsg["tag"][] = ["client_join_req", "client_leave_req", "send"];
/** The tags of `RouterMsg`. */
export const ROUTER_TAGS: readonly RouterMsg["tag"][] = ["find_server", "server_state"];
/** The tags of `ServerMonitorMsg`. */
export const SERVER_MONITOR_TAGS: readonly ServerMonitorMsg["tag"][] = ["backup", "adopt"];
/** The tags of `ClientMsg`. */
export const CLIENT_TAGS: readonly ClientMsg["tag"][] = ["server_for", "no_topic", "join", "leave", "message", "exit", "new_server"];

/** For exhaustive switches: a clause the types say cannot be reached. */
export function unreachable(x: never): never {
  throw new Error(`unreachable: ${String(x)}`);
}

