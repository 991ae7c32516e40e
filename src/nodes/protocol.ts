/**
 * The handout's protocol, as typed messages. An Erlang tuple with an atom first becomes an
 * object with a `tag` (`{client_join_req, Name, From}` is `{ tag: "client_join_req", name,
 * from }`) and a lone atom becomes an object with only a tag (`disconnect` is
 * `{ tag: "disconnect" }`); `formatTerm` prints both back the Erlang way.
 */
import type { Pid } from "../sim/index.js";

/** `{client_join_req, Name, From}`. */
export interface ClientJoinReq {
  readonly tag: "client_join_req";
  readonly name: string;
  readonly from: Pid;
}
/** `{client_leave_req, Name, From}`. */
export interface ClientLeaveReq {
  readonly tag: "client_leave_req";
  readonly name: string;
  readonly from: Pid;
}
/** `{send, Name, Text}`. */
export interface SendReq {
  readonly tag: "send";
  readonly name: string;
  readonly text: string;
}
/** `disconnect`. */
export interface Disconnect {
  readonly tag: "disconnect";
}
/** `{server_join_req, From}` (server2). */
export interface ServerJoinReq {
  readonly tag: "server_join_req";
  readonly from: Pid;
}
/** `{update_servers, NewServers}` (server2). */
export interface UpdateServers {
  readonly tag: "update_servers";
  readonly servers: readonly Pid[];
}

/** `{join, Name}`: to clients. */
export interface Join {
  readonly tag: "join";
  readonly name: string;
}
/** `{leave, Name}`: to clients. */
export interface Leave {
  readonly tag: "leave";
  readonly name: string;
}
/** `{message, Name, Text}`: to clients. */
export interface Message {
  readonly tag: "message";
  readonly name: string;
  readonly text: string;
}
/** `exit`: to the leaving client's background task. */
export interface Exit {
  readonly tag: "exit";
}

/** What a client asks of a server. */
export type ClientRequest = ClientJoinReq | ClientLeaveReq | SendReq;
/** What a server tells its clients (the handout's client interface). */
export type ClientEvent = Join | Leave | Message | Exit;
/** Messages between server2 instances. */
export type ServerControl = Disconnect | ServerJoinReq | UpdateServers;

/** Constructors, so node code reads like the Erlang it mirrors. */
export const msg = {
  clientJoinReq: (name: string, from: Pid): ClientJoinReq => ({ tag: "client_join_req", name, from }),
  clientLeaveReq: (name: string, from: Pid): ClientLeaveReq => ({ tag: "client_leave_req", name, from }),
  send: (name: string, text: string): SendReq => ({ tag: "send", name, text }),
  disconnect: (): Disconnect => ({ tag: "disconnect" }),
  serverJoinReq: (from: Pid): ServerJoinReq => ({ tag: "server_join_req", from }),
  updateServers: (servers: readonly Pid[]): UpdateServers => ({ tag: "update_servers", servers }),
  join: (name: string): Join => ({ tag: "join", name }),
  leave: (name: string): Leave => ({ tag: "leave", name }),
  message: (name: string, text: string): Message => ({ tag: "message", name, text }),
  exit: (): Exit => ({ tag: "exit" }),
};

/** The tag of any tagged message, or undefined for anything else (garbage). */
export function tagOf(m: unknown): string | undefined {
  const t = (m as { tag?: unknown } | null)?.tag;
  return typeof m === "object" && m !== null && typeof t === "string" ? t : undefined;
}
