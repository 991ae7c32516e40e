/**
 * A telnet client's screen: the lines it received and typed, with virtual times, as plain
 * data, read from the trace's observations with `terminalOf`; `formatScreen` prints it as the terminal shows it:
 *
 * ```
 * Welcome to the chat! Choose a pseudo:
 * -> John
 * [JOIN] John joined the chat
 * ```
 */
import { ioFormat, type Micros } from "../../sim/index.js";
import { type Terminal, type Timed } from "../screen.js";

/** One thing on the screen. */
export type ScreenEvent =
  /** A line from the server. */
  | { readonly kind: "line"; readonly text: string }
  /** The user typed a line. */
  | { readonly kind: "typed"; readonly text: string }
  /** The server closed the connection: `Connection closed by foreign host.` */
  | { readonly kind: "closed" }
  /** The user closed the connection: `telnet> quit`. */
  | { readonly kind: "hangup" }
  /** Anything else arrived: `Received unsupported message: ~w`. */
  | { readonly kind: "unsupported"; readonly msg: unknown };

/** A screen event and when it happened (µs of virtual time). */
export type ScreenEntry = Timed<ScreenEvent>;

/** A telnet terminal: its label, node, process and everything shown or typed. */
export type Screen = Terminal<ScreenEvent>;

/** The terminal line of an entry. */
export function formatEntry(e: ScreenEvent, viewer?: string): string {
  switch (e.kind) {
    case "line":
      return e.text;
    case "typed":
      return `-> ${e.text}`;
    case "closed":
      return "Connection closed by foreign host.";
    case "hangup":
      return "telnet> quit";
    case "unsupported":
      return ioFormat("Received unsupported message: ~w", [e.msg], viewer);
  }
}

/** The screen as terminal lines; `times` prefixes virtual ms. */
export function formatScreen(s: Screen, opts?: { readonly times?: boolean }): string[] {
  return s.entries.map((e) => {
    const line = formatEntry(e, s.node);
    return opts?.times === true ? `${(e.t / 1000).toFixed(3).padStart(10)}ms  ${line}` : line;
  });
}

/** The lines received from the server, in order. */
export function linesOf(s: Screen): string[] {
  const out: string[] = [];
  for (const e of s.entries) if (e.kind === "line") out.push(e.text);
  return out;
}

/** When the screen first showed `text` from the server, or undefined. */
export function sawLine(s: Screen, text: string): Micros | undefined {
  for (const e of s.entries) if (e.kind === "line" && e.text === text) return e.t;
  return undefined;
}
