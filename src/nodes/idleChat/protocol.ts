/**
 * The idle-timeout chat of the Elixir report (Benza & Fornali), as typed messages. Its
 * processes: the main process (MP) that alone holds the users and broadcasts, an idle
 * updater, a listener and a single acceptor that checks pseudonyms, and one process per
 * user. The TCP/telnet connection is modelled by a `socket` process on the server's node
 * between a telnet `client` (on its own node) and the socket's controlling process (the
 * acceptor while the pseudonym is asked, then the user's process), with `gen_tcp`'s
 * passive `{active, once}` reading so that no line is lost when ownership changes.
 *
 * ```
 * client ──connect──► listener ──accept──► acceptor
 * client ──data / hangup──► socket ──tcp / tcp_closed──► owner (acceptor, then user)
 * owner ──send / active_once / controlling_process / close──► socket ──tcp / tcp_closed──► client
 * acceptor ──check_pseudo / new_user──► main ──pseudo_checked──► acceptor
 * user ──broadcast──► main ──deliver / kick──► user
 * idle_updater ──idle_tick / kick_idle──► main ──idle_report──► idle_updater
 * ```
 */
import type { Micros, Pid } from "../../sim/index.js";

// ---------------------------------------------------------------- the connection

/** `{connect, Client}`: a telnet client opens a connection (client -> listener). */
export interface Connect {
  readonly tag: "connect";
  readonly client: Pid;
}
/** `{connected, Socket}`: the connection is open (listener -> client). */
export interface Connected {
  readonly tag: "connected";
  readonly socket: Pid;
}
/** `{data, Line}`: the telnet user typed a line (client -> socket). */
export interface Data {
  readonly tag: "data";
  readonly line: string;
}
/** `hangup`: the telnet client closes the connection (client -> socket). */
export interface Hangup {
  readonly tag: "hangup";
}
/** `{tcp, Socket, Text}`: a line arrived (socket -> owner, or socket -> client). */
export interface Tcp {
  readonly tag: "tcp";
  readonly socket: Pid;
  readonly text: string;
}
/** `{tcp_closed, Socket}`: the other end closed (socket -> owner, or socket -> client). */
export interface TcpClosed {
  readonly tag: "tcp_closed";
  readonly socket: Pid;
}
/** `{tcp_owner, Socket}`: you control this socket now (socket -> new owner). */
export interface TcpOwner {
  readonly tag: "tcp_owner";
  readonly socket: Pid;
}
/** `{send, Text}`: write a line to the client (owner -> socket). */
export interface SockSend {
  readonly tag: "send";
  readonly text: string;
}
/** `active_once`: deliver the next line, once (owner -> socket). */
export interface ActiveOnce {
  readonly tag: "active_once";
}
/** `{controlling_process, Pid}`: hand the socket over (owner -> socket). */
export interface ControllingProcess {
  readonly tag: "controlling_process";
  readonly pid: Pid;
}
/** `close`: close the connection (owner -> socket). */
export interface Close {
  readonly tag: "close";
}

// ---------------------------------------------------------------- the server's processes

/** `{accept, Socket}`: a new connection for the acceptor (listener -> acceptor). */
export interface Accept {
  readonly tag: "accept";
  readonly socket: Pid;
}
/** `{check_pseudo, Pseudo, From}`: is it free? (acceptor -> main). */
export interface CheckPseudo {
  readonly tag: "check_pseudo";
  readonly pseudo: string;
  readonly from: Pid;
}
/** `{pseudo_checked, Pseudo, Free}` (main -> acceptor). */
export interface PseudoChecked {
  readonly tag: "pseudo_checked";
  readonly pseudo: string;
  readonly free: boolean;
}
/** `{new_user, Pseudo, Pid}`: a user was accepted (acceptor -> main). */
export interface NewUser {
  readonly tag: "new_user";
  readonly pseudo: string;
  readonly pid: Pid;
}
/** `{broadcast, Pseudo, Text}`: a user said something (user -> main). */
export interface Broadcast {
  readonly tag: "broadcast";
  readonly pseudo: string;
  readonly text: string;
}
/** `{deliver, Text}`: show this line to your user (main -> user). */
export interface Deliver {
  readonly tag: "deliver";
  readonly text: string;
}
/** `{kick, Reason}`: you are disconnected (main -> user). */
export interface Kick {
  readonly tag: "kick";
  readonly reason: string;
}
/** `{idle_tick, Period, From}`: add `period` to every idle counter and report (updater -> main). */
export interface IdleTick {
  readonly tag: "idle_tick";
  readonly period: Micros;
  readonly from: Pid;
}
/** `{idle_report, Idle}`: every user's idle time (main -> updater). */
export interface IdleReport {
  readonly tag: "idle_report";
  readonly idle: readonly { readonly pseudo: string; readonly idle: Micros }[];
}
/** `{kick_idle, Pseudo}`: disconnect this user if it is still idle too long (updater -> main). */
export interface KickIdle {
  readonly tag: "kick_idle";
  readonly pseudo: string;
}

/** What the socket handles (besides `'DOWN'`). */
export type SocketMsg = Data | Hangup | SockSend | ActiveOnce | ControllingProcess | Close;
/** What the main process handles (besides `'DOWN'`). */
export type MainMsg = CheckPseudo | NewUser | Broadcast | IdleTick | KickIdle;
/** What a user process handles. */
export type UserMsg = TcpOwner | Tcp | TcpClosed | Deliver | Kick;
/** What a telnet client receives. */
export type ClientMsg = Connected | Tcp | TcpClosed;

/** The tags of `SocketMsg`. */
export const SOCKET_TAGS: readonly SocketMsg["tag"][] = ["data", "hangup", "send", "active_once", "controlling_process", "close"];
/** The tags of `MainMsg`. */
export const MAIN_TAGS: readonly MainMsg["tag"][] = ["check_pseudo", "new_user", "broadcast", "idle_tick", "kick_idle"];
/** The tags of `UserMsg`. */
export const USER_TAGS: readonly UserMsg["tag"][] = ["tcp_owner", "tcp", "tcp_closed", "deliver", "kick"];
/** The tags of `ClientMsg`. */
export const CLIENT_TAGS: readonly ClientMsg["tag"][] = ["connected", "tcp", "tcp_closed"];

/** Constructors, so node code reads like the code it mirrors. */
export const msg = {
  connect: (client: Pid): Connect => ({ tag: "connect", client }),
  connected: (socket: Pid): Connected => ({ tag: "connected", socket }),
  data: (line: string): Data => ({ tag: "data", line }),
  hangup: (): Hangup => ({ tag: "hangup" }),
  tcp: (socket: Pid, text: string): Tcp => ({ tag: "tcp", socket, text }),
  tcpClosed: (socket: Pid): TcpClosed => ({ tag: "tcp_closed", socket }),
  tcpOwner: (socket: Pid): TcpOwner => ({ tag: "tcp_owner", socket }),
  send: (text: string): SockSend => ({ tag: "send", text }),
  activeOnce: (): ActiveOnce => ({ tag: "active_once" }),
  controllingProcess: (pid: Pid): ControllingProcess => ({ tag: "controlling_process", pid }),
  close: (): Close => ({ tag: "close" }),
  accept: (socket: Pid): Accept => ({ tag: "accept", socket }),
  checkPseudo: (pseudo: string, from: Pid): CheckPseudo => ({ tag: "check_pseudo", pseudo, from }),
  pseudoChecked: (pseudo: string, free: boolean): PseudoChecked => ({ tag: "pseudo_checked", pseudo, free }),
  newUser: (pseudo: string, pid: Pid): NewUser => ({ tag: "new_user", pseudo, pid }),
  broadcast: (pseudo: string, text: string): Broadcast => ({ tag: "broadcast", pseudo, text }),
  deliver: (text: string): Deliver => ({ tag: "deliver", text }),
  kick: (reason: string): Kick => ({ tag: "kick", reason }),
  idleTick: (period: Micros, from: Pid): IdleTick => ({ tag: "idle_tick", period, from }),
  idleReport: (idle: IdleReport["idle"]): IdleReport => ({ tag: "idle_report", idle }),
  kickIdle: (pseudo: string): KickIdle => ({ tag: "kick_idle", pseudo }),
};

/** The registered names on the server's node. */
export const MAIN = "chat_main";
/** The listener's registered name (clients connect to `{listener, ServerNode}`). */
export const LISTENER = "listener";
/** The acceptor's registered name. */
export const ACCEPTOR = "acceptor";

/** The chat's parameters. */
export interface IdleChatParams {
  /** A user idle longer than this is disconnected. */
  readonly maxIdle: Micros;
  /** How often the idle updater adds to the idle counters and checks them. */
  readonly checkPeriod: Micros;
  /** Longest accepted pseudonym, in characters. */
  readonly maxPseudoLength: number;
  /** How long the acceptor waits for a pseudonym before closing the connection. */
  readonly pseudoTimeout: Micros;
}

/** The message as `T` if its tag is one of `tags`, else null. */
export function parseAs<T extends { readonly tag: string }>(m: unknown, tags: readonly T["tag"][]): T | null {
  if (typeof m !== "object" || m === null) return null;
  const t = (m as { tag?: unknown }).tag;
  return typeof t === "string" && (tags as readonly string[]).includes(t) ? (m as T) : null;
}

/** For exhaustive switches. */
export function unreachable(x: never): never {
  throw new Error(`unreachable: ${String(x)}`);
}
