/**
 * A client's screen: what one user saw and typed, with the virtual time of each, as plain
 * data. The client's tasks write each thing shown or typed into the trace as an observation
 * (`Proc.observe`, subject `screen:<Name>`); `screenOf` reads a screen back from the trace, so
 * checkers, scenarios and reports see only what the trace holds. `formatScreen` renders it
 * as the handout's terminal shows it:
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
import { formatAtom, formatTerm, ioFormat, isPid, type Micros, type ObserveRecord, type Pid, type Proc } from "../sim/index.js";

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
 * the user, and everything shown or typed, in order. Every system's clients observe into the
 * trace under `screen:<Name>` (`screenWriter`), and `terminalOf` reads a terminal back. Its `name` and `pids` make it a client
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

/** Which user's screen, and where it runs: what a client program gives before it runs. */
export interface ScreenId {
  readonly name: string;
  readonly node: string;
}

/** The subject of user `name`'s screen observations. */
export const screenSubject = (name: string): string => `screen:${name}`;

/** The observation a terminal's process makes of the processes that act for its user (the handout client's main task, once it has spawned its background task). */
export interface ScreenTasks {
  readonly kind: "tasks";
  readonly pids: readonly Pid[];
}

/** Where observations are read from: a `Trace`. */
export interface Observations {
  readonly observations: readonly ObserveRecord[];
}

/** The terminal of user `id.name` as the trace's observations give it, for any system's events `E`. */
export function terminalOf<E>(trace: Observations, id: ScreenId): Terminal<E> {
  const screen = newTerminal<E>(id.name, id.node);
  const subject = screenSubject(id.name);
  for (const r of trace.observations) {
    if (r.subject !== subject) continue;
    const e = r.event as (E & { readonly kind: string }) | ScreenTasks;
    if (e.kind === "tasks") screen.pids.push(...(e as ScreenTasks).pids.filter(isPid));
    else screen.entries.push({ ...(e as E), t: r.t });
  }
  return screen;
}

/** A terminal that reads the trace each time it is looked at (new observations show as the run goes on). */
export function observedTerminal<E>(trace: Observations, id: ScreenId): Terminal<E> {
  let seen = -1;
  let last: Terminal<E> = newTerminal<E>(id.name, id.node);
  const now = (): Terminal<E> => {
    if (trace.observations.length !== seen) {
      seen = trace.observations.length;
      last = terminalOf<E>(trace, id);
    }
    return last;
  };
  return {
    name: id.name,
    node: id.node,
    get pids() {
      return now().pids;
    },
    get entries() {
      return now().entries;
    },
  };
}

/** The handout client's screen of user `id.name` as the trace's observations give it. */
export const screenOf: (trace: Observations, id: ScreenId) => Screen = terminalOf;

/** A handout client's screen read from the trace as the run goes on. */
export const observedScreen: (trace: Observations, id: ScreenId) => Screen = observedTerminal;

/**
 * What a terminal's process uses to show things: `show(e)` observes `e` into the trace under
 * the screen's subject; `tasks(pids)` records the processes that act for the user.
 */
export function screenWriter<E>(p: Proc, id: ScreenId): { show(e: E): void; tasks(pids: readonly Pid[]): void } {
  const subject = screenSubject(id.name);
  return {
    show: (e) => p.observe(subject, e),
    tasks: (pids) => p.observe(subject, { kind: "tasks", pids: [...pids] } satisfies ScreenTasks),
  };
}

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
