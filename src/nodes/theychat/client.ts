/**
 * A scripted TheyChat client: one process that plays its user's script (join a topic, type
 * lines, leave, crash) at given virtual times and observes everything it receives into the
 * trace as its screen (`screen:<Name>`), printing each line on its node's terminal as the handout's client does.
 *
 * To join, it asks the router `{router, RouterNode}` for the topic's chat and asks again
 * every `lookupRetry` until it gets an answer (the router may be restarting, or the chat
 * not yet started). It talks to each chat by pid and takes a new pid from
 * `{new_server, Topic, Pid}` when a chat restarts, so it never has to join again.
 *
 * A join counts as done when the client sees its own `{join, Topic, Name}`. A join request
 * can be lost (the chat died with it in its mailbox, or before it arrived); if the echo has
 * not come within `lookupRetry`, the client looks the topic up again and joins the chat the
 * router names then (a chat that already has it answers with the echo alone).
 */
import { type Body, type Micros, type Name, type Pid, type Proc, TIMEOUT } from "../../sim/index.js";
import { CLIENT_TAGS, type ClientMsg, msg, parseAs, unreachable } from "./protocol.js";
import { type ScreenId, screenWriter } from "../screen.js";
import { type ScreenEvent, formatEntry } from "./screen.js";

/** One step of a client's script, at an absolute virtual time. */
export type ClientStep =
  /** Look up the topic's chat and join it. */
  | { readonly at: Micros; readonly op: "join"; readonly topic: string }
  /** Type a line for a joined topic. */
  | { readonly at: Micros; readonly op: "send"; readonly topic: string; readonly text: string }
  /** Leave a joined topic (`client_leave_req`). */
  | { readonly at: Micros; readonly op: "leave"; readonly topic: string }
  /** The client process exits with `reason` (default `crash`). */
  | { readonly at: Micros; readonly op: "crash"; readonly reason?: unknown };

/** The client's body. `script` must be sorted by time; what it shows and types is observed into the trace as `screen` (read it with `terminalOf(trace, screen)`). */
export function client(name: string, routerAt: Name, script: readonly ClientStep[], screen: ScreenId, lookupRetry: Micros): Body {
  return function* theychat_client(p: Proc) {
    const out = screenWriter<ScreenEvent>(p, screen);
    out.tasks([p.self()]);
    const servers = new Map<string, Pid>();
    // Topics being looked up, with the time to ask again.
    const lookups = new Map<string, Micros>();
    // Topics whose join was sent but not yet echoed, with the time to start over.
    const joining = new Map<string, Micros>();
    const show = (e: ScreenEvent): void => {
      out.show(e);
      const line = formatEntry(e, { viewer: p.nodeName() });
      if (line !== null) p.log(line);
    };
    let next = 0;
    for (;;) {
      while (next < script.length && script[next]!.at <= p.now()) {
        const s = script[next++]!;
        switch (s.op) {
          case "join":
            if (!servers.has(s.topic)) lookups.set(s.topic, p.now());
            break;
          case "send": {
            const server = servers.get(s.topic);
            if (server === undefined) {
              show({ kind: "not_joined", topic: s.topic, text: s.text });
              break;
            }
            show({ kind: "typed", topic: s.topic, text: s.text });
            p.send(server, msg.send(name, s.text));
            break;
          }
          case "leave": {
            const server = servers.get(s.topic);
            if (server === undefined) show({ kind: "not_joined", topic: s.topic, text: "exit" });
            else p.send(server, msg.clientLeaveReq(name, p.self()));
            break;
          }
          case "crash":
            p.exit(s.reason ?? "crash");
            break;
          default:
            unreachable(s);
        }
      }
      for (const [topic, at] of joining) {
        if (at > p.now()) continue;
        joining.delete(topic);
        lookups.set(topic, p.now());
      }
      for (const [topic, at] of lookups) {
        if (at > p.now()) continue;
        p.send(routerAt, msg.findServer(topic, p.self()));
        lookups.set(topic, p.now() + lookupRetry);
      }
      let wake: Micros | undefined = next < script.length ? script[next]!.at : undefined;
      for (const at of [...lookups.values(), ...joining.values()]) if (wake === undefined || at < wake) wake = at;
      const m = yield* p.receiveBy(undefined, wake);
      if (m === TIMEOUT) continue;
      const r = parseAs<ClientMsg>(m, CLIENT_TAGS);
      if (r === null) {
        show({ kind: "unsupported", msg: m });
        continue;
      }
      switch (r.tag) {
        case "server_for":
          // A late answer to a lookup already answered is ignored.
          if (!lookups.delete(r.topic)) break;
          servers.set(r.topic, r.server);
          p.send(r.server, msg.clientJoinReq(name, p.self()));
          joining.set(r.topic, p.now() + lookupRetry);
          break;
        case "no_topic":
          if (lookups.delete(r.topic)) show({ kind: "no_topic", topic: r.topic });
          break;
        case "join":
          if (r.name === name) joining.delete(r.topic);
          show({ kind: "join", topic: r.topic, name: r.name });
          break;
        case "leave":
          show({ kind: "leave", topic: r.topic, name: r.name });
          break;
        case "message":
          show({ kind: "message", topic: r.topic, name: r.name, text: r.text });
          break;
        case "exit":
          servers.delete(r.topic);
          show({ kind: "exit", topic: r.topic });
          break;
        case "new_server":
          servers.set(r.topic, r.server);
          show({ kind: "new_server", topic: r.topic });
          break;
        default:
          unreachable(r);
      }
    }
  };
}
