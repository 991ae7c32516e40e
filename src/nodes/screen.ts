/**
 * A client's screen: what one user saw and typed, with the virtual time of each, as plain
 * data. The client's tasks append to it while the simulation runs; checkers, scenarios and
 * reports read it afterwards. `formatScreen` renders it as the handout's terminal shows it:
 *
 * ```
 * [JOIN] John joined the chat
 * -> hi!
 * [John] hi!
 * ```
 *
 * Chat lines are identified by sender and text (`sawMessage`), so scenarios give every line
 * a distinct text.
 */
import { formatAtom, formatTerm, ioFormat, type Micros, type Pid } from "../sim/index.js";

/** One thing on the screen. */
export type ScreenEvent =
  /** `{join, Name}` arrived: `[JOIN] Name joined the chat`. */
  | { readonly kind: "join"; readonly name: string }
  /** `{leave, Name}` arrived: `[LEAVE] Name left the chat`. */
  | { readonly kind: "leave"; readonly name: string }
  /** `{message, Name, Text}` arrived: `[Name] Text`. */
  | { readonly kind: "message"; readonly name: string; readonly text: string }
  /** `exit` arrived: the background task ends (nothing is printed). */
  | { readonly kind: "exit" }
  /** `server_left` arrived (fixed servers): `[SERVER] the server left the chat`. */
  | { readonly kind: "server_left" }
  /** The fixed client's monitor saw its server go: `[SERVER] the server is down (Reason)`. */
  | { readonly kind: "server_down"; readonly reason: unknown }
  /** Anything else arrived: `Received unsupported message: ~w`. */
  | { readonly kind: "unsupported"; readonly msg: unknown }
  /** The user typed a line at the `-> ` prompt (`exit` for leaving). */
  | { readonly kind: "typed"; readonly text: string };

/** An event of some terminal and when it happened (µs of virtual time). */
export type Timed<E> = E & { readonly t: Micros };

/** A screen event and when it happened (µs of virtual time). */
export type ScreenEntry = Timed<ScreenEvent>;

/**
 * A user's terminal, for any system's events `E`: who, where, the processes that act for
 * the user, and everything shown or typed, in order. Its `name` and `pids` make it a client
 * as `check/chatLog` wants one (`{ name, pids }`).
 */
export interface Terminal<E> {
  /** The user's name. */
  readonly name: string;
  /** The node the client runs on (pids print as seen from it). */
  readonly node: string;
  /** The client's processes. */
  readonly pids: Pid[];
  /** Everything shown or typed, in order. */
  readonly entries: Timed<E>[];
}

/** An empty terminal for user `name` on `node`. */
export function newTerminal<E>(name: string, node: string): Terminal<E> {
  return { name, node, pids: [], entries: [] };
}

/** The handout client's terminal: `pids` holds the main task, then the background task. */
export type Screen = Terminal<ScreenEvent>;

/** An empty screen for user `name` on `node`. */
export const newScreen: (name: string, node: string) => Screen = newTerminal;

/** The line the handout's terminal prints for an entry (null: nothing is printed). */
export function formatEntry(e: ScreenEvent, viewer?: string): string | null {
  switch (e.kind) {
    case "join":
      return ioFormat("[JOIN] ~s joined the chat", [e.name]);
    case "leave":
      return ioFormat("[LEAVE] ~s left the chat", [e.name]);
    case "message":
      return ioFormat("[~s] ~s", [e.name, e.text]);
    case "exit":
      return null;
    case "server_left":
      return "[SERVER] the server left the chat";
    case "server_down":
      // Exit reasons are atoms, kept as strings: print them bare, as Erlang does.
      return `[SERVER] the server is down (${typeof e.reason === "string" ? formatAtom(e.reason) : formatTerm(e.reason, viewer)})`;
    case "unsupported":
      return ioFormat("Received unsupported message: ~w", [e.msg], viewer);
    case "typed":
      return `-> ${e.text}`;
  }
}

/** The screen as terminal lines; with `times`, each prefixed by its virtual time in ms. */
export function formatScreen(s: Screen, opts?: { readonly times?: boolean }): string[] {
  const out: string[] = [];
  for (const e of s.entries) {
    const line = formatEntry(e, s.node);
    if (line === null) continue;
    out.push(opts?.times === true ? `${(e.t / 1000).toFixed(3).padStart(10)}ms  ${line}` : line);
  }
  return out;
}

/** The chat lines shown on the screen, in order. */
export function messagesOf(s: Screen): { t: Micros; name: string; text: string }[] {
  const out: { t: Micros; name: string; text: string }[] = [];
  for (const e of s.entries) if (e.kind === "message") out.push({ t: e.t, name: e.name, text: e.text });
  return out;
}

/** When the screen first showed `[name] text`, or undefined if it never did. */
export function sawMessage(s: Screen, name: string, text: string): Micros | undefined {
  for (const e of s.entries) if (e.kind === "message" && e.name === name && e.text === text) return e.t;
  return undefined;
}
