/**
 * A TheyChat client's screen: what its user saw and typed, with the virtual time of each,
 * as plain data (the same shape as the handout client's screen, with a topic on each chat
 * event), read from the trace's observations with `terminalOf`. `formatScreen` prints it like the handout's terminal:
 *
 * ```
 * [JOIN] John joined the chat
 * -> hi!
 * [John] hi!
 * ```
 *
 * With `topics`, each chat line is prefixed by its topic (`(sports) [John] hi!`).
 */
import type { Micros } from "../../sim/index.js";
import { formatEntry as formatHandout, type Terminal, type Timed } from "../screen.js";

/** One thing on the screen. */
export type ScreenEvent =
  /** `{join, Topic, Name}`: `[JOIN] Name joined the chat`. */
  | { readonly kind: "join"; readonly topic: string; readonly name: string }
  /** `{leave, Topic, Name}`: `[LEAVE] Name left the chat`. */
  | { readonly kind: "leave"; readonly topic: string; readonly name: string }
  /** `{message, Topic, Name, Text}`: `[Name] Text`. */
  | { readonly kind: "message"; readonly topic: string; readonly name: string; readonly text: string }
  /** `{exit, Topic}`: the leave is done (nothing printed, as in the handout). */
  | { readonly kind: "exit"; readonly topic: string }
  /** `{new_server, Topic, Pid}`: the chat restarted; `[SERVER] the chat server restarted`. */
  | { readonly kind: "new_server"; readonly topic: string }
  /** `{no_topic, Topic}`: `[ERROR] no such topic: Topic`. */
  | { readonly kind: "no_topic"; readonly topic: string }
  /** The user typed a line for a topic it has not joined: `[ERROR] not in Topic: Text`. */
  | { readonly kind: "not_joined"; readonly topic: string; readonly text: string }
  /** The user typed a line at the `-> ` prompt. */
  | { readonly kind: "typed"; readonly topic: string; readonly text: string }
  /** Anything else arrived: `Received unsupported message: ~w`. */
  | { readonly kind: "unsupported"; readonly msg: unknown };

/** A screen event and when it happened (µs of virtual time). */
export type ScreenEntry = Timed<ScreenEvent>;

/** A TheyChat client's terminal: `pids` holds its process (one per incarnation of the client). */
export type Screen = Terminal<ScreenEvent>;

/** The terminal line for an entry (null: nothing is printed). */
export function formatEntry(e: ScreenEvent, opts?: { readonly topics?: boolean; readonly viewer?: string }): string | null {
  const line = bare(e, opts?.viewer);
  if (line === null || opts?.topics !== true || !("topic" in e)) return line;
  return `(${e.topic}) ${line}`;
}

function bare(e: ScreenEvent, viewer?: string): string | null {
  switch (e.kind) {
    // The handout terminal's own lines.
    case "join":
    case "leave":
    case "message":
    case "exit":
    case "typed":
    case "unsupported":
      return formatHandout(e, viewer);
    case "new_server":
      return "[SERVER] the chat server restarted";
    case "no_topic":
      return `[ERROR] no such topic: ${e.topic}`;
    case "not_joined":
      return `[ERROR] not in ${e.topic}: ${e.text}`;
  }
}

/** The screen as terminal lines; `times` prefixes virtual ms, `topics` the topic. */
export function formatScreen(s: Screen, opts?: { readonly times?: boolean; readonly topics?: boolean }): string[] {
  const out: string[] = [];
  for (const e of s.entries) {
    const line = formatEntry(e, { topics: opts?.topics === true, viewer: s.node });
    if (line === null) continue;
    out.push(opts?.times === true ? `${(e.t / 1000).toFixed(3).padStart(10)}ms  ${line}` : line);
  }
  return out;
}

/** The chat lines shown, in order (of one topic when given). */
export function messagesOf(s: Screen, topic?: string): { t: Micros; topic: string; name: string; text: string }[] {
  const out: { t: Micros; topic: string; name: string; text: string }[] = [];
  for (const e of s.entries) {
    if (e.kind === "message" && (topic === undefined || e.topic === topic)) out.push({ t: e.t, topic: e.topic, name: e.name, text: e.text });
  }
  return out;
}

/** When the screen first showed `[name] text` (in `topic` when given), or undefined. */
export function sawMessage(s: Screen, name: string, text: string, topic?: string): Micros | undefined {
  for (const e of s.entries) {
    if (e.kind === "message" && e.name === name && e.text === text && (topic === undefined || e.topic === topic)) return e.t;
  }
  return undefined;
}

