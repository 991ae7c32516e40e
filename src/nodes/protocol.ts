/**
 * The handout's protocol, as typed messages. An Erlang tuple with an atom first becomes an
 * object with a `tag` (`{client_join_req, Name, From}` is `{ tag: "client_join_req", name,
 * from }`) and a lone atom becomes an object with only a tag (`disconnect` is
 * `{ tag: "disconnect" }`); `formatTerm` prints both back the Erlang way.
 *
 * `parse` plays the part of Erlang's clause heads: it recognises a message of one of these
 * shapes, or returns null, which each role's receive sends to its catch-all clause.
 */
import { isPid, type Pid } from "../sim/index.js";

/** Which version of a role's code runs: the handout's, flaws included, or the repaired one. */
export type Variant = "handout" | "fixed";
/** The variants, for validation and for looping in tests and sweeps. */
export const VARIANTS: readonly Variant[] = ["handout", "fixed"];

/** The name every server registers under (`register(myserver, ServerPid)`). */
export const MYSERVER = "myserver";

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
/**
 * `server_left`: not in the handout. The fixed servers send it to their clients when they
 * disconnect, so that clients stop talking to a server that is gone (the 2012 report's
 * proposal: "a message being sent from the server, to all its clients when it's disconnected").
 */
export interface ServerLeft {
  readonly tag: "server_left";
}

/** What a client asks of a server. */
export type ClientRequest = ClientJoinReq | ClientLeaveReq | SendReq;
/** What a server tells its clients (the handout's client interface, plus the fixed servers' `server_left`). */
export type ClientEvent = Join | Leave | Message | Exit | ServerLeft;
/** The events server2 relays between servers and on to clients (`RelayMessage`). */
export type RelayEvent = Join | Leave | Message;
/** Messages between server2 instances (and `disconnect` from the shell). */
export type ServerControl = Disconnect | ServerJoinReq | UpdateServers;
/** What the centralized server's receive has clauses for. */
export type ServerRequest = ClientRequest | Disconnect;
/** Every message of the protocol. */
export type ChatMsg = ClientRequest | ClientEvent | ServerControl;

/**
 * Constructors, so node code reads like the Erlang it mirrors. The messages a server
 * broadcasts (`join`, `leave`, `message`, `server_left`, `update_servers`) are frozen, as every
 * Erlang term is immutable: a send shares a frozen term instead of copying it
 * (`src/sim/termCopy.ts`), so a broadcast to N peers makes no N copies. The requests a client
 * sends once are plain objects: copying one costs less than checking that it is frozen.
 */
export const msg = {
  clientJoinReq: (name: string, from: Pid): ClientJoinReq => ({ tag: "client_join_req", name, from }),
  clientLeaveReq: (name: string, from: Pid): ClientLeaveReq => ({ tag: "client_leave_req", name, from }),
  send: (name: string, text: string): SendReq => ({ tag: "send", name, text }),
  disconnect: (): Disconnect => ({ tag: "disconnect" }),
  serverJoinReq: (from: Pid): ServerJoinReq => ({ tag: "server_join_req", from }),
  updateServers: (servers: readonly Pid[]): UpdateServers => Object.freeze({ tag: "update_servers", servers: Object.freeze(servers.slice()) }),
  join: (name: string): Join => Object.freeze({ tag: "join", name }),
  leave: (name: string): Leave => Object.freeze({ tag: "leave", name }),
  message: (name: string, text: string): Message => Object.freeze({ tag: "message", name, text }),
  exit: (): Exit => ({ tag: "exit" }),
  serverLeft: (): ServerLeft => Object.freeze({ tag: "server_left" }),
};

/** The tag of any tagged message, or undefined for anything else (garbage). */
export function tagOf(m: unknown): string | undefined {
  const t = (m as { tag?: unknown } | null)?.tag;
  return typeof m === "object" && m !== null && typeof t === "string" ? t : undefined;
}

/**
 * The message as one of the protocol's shapes, or null. Like an Erlang clause head, a
 * message matches only when its tag and the kinds of its fields fit (`{send, "x"}` with no
 * text is not a `send`); anything else falls to the receiving role's catch-all.
 */
export function parse(m: unknown): ChatMsg | null {
  const o = m as { name?: unknown; text?: unknown; from?: unknown; servers?: unknown };
  switch (tagOf(m)) {
    case "client_join_req":
    case "client_leave_req":
      return typeof o.name === "string" && isPid(o.from) ? (m as ClientJoinReq | ClientLeaveReq) : null;
    case "send":
    case "message":
      return typeof o.name === "string" && typeof o.text === "string" ? (m as SendReq | Message) : null;
    case "join":
    case "leave":
      return typeof o.name === "string" ? (m as Join | Leave) : null;
    case "disconnect":
    case "exit":
    case "server_left":
      return m as Disconnect | Exit | ServerLeft;
    case "server_join_req":
      return isPid(o.from) ? (m as ServerJoinReq) : null;
    case "update_servers":
      return Array.isArray(o.servers) && o.servers.every(isPid) ? (m as UpdateServers) : null;
    default:
      return null;
  }
}

/** The handout's `broadcast(PeerList, Message)`: one send per peer, in list order. */
export function broadcast(p: { send(to: Pid, m: unknown): void }, peers: readonly Pid[], message: unknown): void {
  for (const peer of peers) p.send(peer, message);
}

/** Erlang's `lists:delete(Elem, List)`: a copy without the first element equal to `elem` (only the first). */
export function listsDelete<T>(elem: T, list: readonly T[]): T[] {
  const i = list.indexOf(elem);
  return i < 0 ? list.slice() : [...list.slice(0, i), ...list.slice(i + 1)];
}
