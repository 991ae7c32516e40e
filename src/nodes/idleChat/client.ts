/**
 * A scripted telnet client: it connects to `{listener, ServerNode}` at a given time, types
 * its lines at given times (the first ones answer the pseudonym prompt), may hang up or
 * crash, and observes everything the server writes into the trace, as its screen. Lines typed before the
 * connection is open wait, as a terminal's input does; lines typed after it closed are
 * shown but go nowhere.
 */
import { type Body, type Micros, Name, type Pid, type Proc, TIMEOUT } from "../../sim/index.js";
import { CLIENT_TAGS, type ClientMsg, LISTENER, msg, parseAs, unreachable } from "./protocol.js";
import { type ScreenId, screenWriter } from "../screen.js";
import { type ScreenEvent, formatEntry } from "./screen.js";

/** One step of a telnet client's script, at an absolute virtual time. */
export type TelnetStep =
  /** Type a line (a pseudonym, a chat line, `/quit`). */
  | { readonly at: Micros; readonly op: "line"; readonly text: string }
  /** Close the connection from the client's side. */
  | { readonly at: Micros; readonly op: "hangup" }
  /** The client process exits with `reason` (default `crash`). */
  | { readonly at: Micros; readonly op: "crash"; readonly reason?: unknown };

/** The client's body. `script` must be sorted by time; what it shows and types is observed into the trace as `screen` (read it with `terminalOf(trace, screen)`). */
export function telnetClient(serverNode: string, connectAt: Micros, script: readonly TelnetStep[], screen: ScreenId): Body {
  return function* telnet(p: Proc) {
    const out = screenWriter<ScreenEvent>(p, screen);
    out.tasks([p.self()]);
    const show = (e: ScreenEvent): void => {
      out.show(e);
      p.log(formatEntry(e, p.nodeName()));
    };
    let sock: Pid | null = null;
    let connecting = false;
    let closed = false;
    const waiting: string[] = [];
    let next = 0;
    for (;;) {
      if (!connecting && p.now() >= connectAt) {
        connecting = true;
        p.send(new Name(LISTENER, serverNode), msg.connect(p.self()));
      }
      while (next < script.length && script[next]!.at <= p.now()) {
        const s = script[next++]!;
        switch (s.op) {
          case "line":
            show({ kind: "typed", text: s.text });
            if (closed) break;
            if (sock === null) waiting.push(s.text);
            else p.send(sock, msg.data(s.text));
            break;
          case "hangup":
            show({ kind: "hangup" });
            if (sock !== null && !closed) p.send(sock, msg.hangup());
            closed = true;
            break;
          case "crash":
            p.exit(s.reason ?? "crash");
            break;
          default:
            unreachable(s);
        }
      }
      let wake: Micros | undefined = next < script.length ? script[next]!.at : undefined;
      if (!connecting && (wake === undefined || connectAt < wake)) wake = connectAt;
      const m = yield* p.receiveBy(undefined, wake);
      if (m === TIMEOUT) continue;
      const r = parseAs<ClientMsg>(m, CLIENT_TAGS);
      if (r === null) {
        show({ kind: "unsupported", msg: m });
        continue;
      }
      switch (r.tag) {
        case "connected":
          sock = r.socket;
          if (closed) p.send(sock, msg.hangup());
          else for (const line of waiting.splice(0)) p.send(sock, msg.data(line));
          break;
        case "tcp":
          show({ kind: "line", text: r.text });
          break;
        case "tcp_closed":
          closed = true;
          show({ kind: "closed" });
          break;
        default:
          unreachable(r);
      }
    }
  };
}
