/**
 * `client.erl`, scripted. As in the handout, `start` runs the main task
 * (`process_commands`), which spawns the background task (`init_client` /
 * `process_requests`); the background task joins the server and prints what the server
 * sends, the main task sends what the user types. Here the user is a script:
 *
 * - `actions`: lines typed at given virtual times (absolute; a time already past acts at
 *   once): `send` a line, `leave` (typing `exit`) or `crash` (the client dies abnormally);
 * - `replies`: when the screen shows `[From] Text`, the user types a reply after a think
 *   time. The background task tells the main task, which sends it, so the reply leaves
 *   from the same process as every other line of that client.
 *
 * Everything the background task receives (and the main task types) is observed into the
 * trace (`p.observe`), from which the client's `Screen` is read (see `screen.ts`). Chat texts are assumed unique within a scenario: checkers and
 * `replies` identify a line by sender and text.
 *
 * - `handout`: the handout's code, flaws kept: the catch-all prints and ends the background
 *   task; the main task goes on sending to a server that may be gone.
 * - `fixed`: the background task monitors its server and, on `server_left` or the server's
 *   `DOWN`, prints it and tells the main task, which stops sending; the catch-all loops.
 */
import { type Body, type Dest, type Micros, type Pid, type Proc, type Ref, Name, STOP, TIMEOUT, isDown, receiveLoop } from "../sim/index.js";
import { type Variant, msg, parse } from "./protocol.js";
import { type ScreenEvent, type ScreenId, formatEntry, screenWriter } from "./screen.js";
import type { StartSpec } from "./spec.js";

/** One scripted line, at an absolute virtual time. */
export type ClientAction =
  /** The user types `text` (the handout's `ServerPid ! {send, MyName, Text}`). */
  | { readonly at: Micros; readonly do: "send"; readonly text: string }
  /** The user types `exit` (`{client_leave_req, MyName, ClientPid}`); the main task ends. */
  | { readonly at: Micros; readonly do: "leave" }
  /** The client dies abnormally: both tasks exit with `reason` (default `crash`). */
  | { readonly at: Micros; readonly do: "crash"; readonly reason?: unknown };

/** "When I see `[from] text`, I answer `reply` after `think` µs." Fires at most once. */
export interface ReplyRule {
  readonly from: string;
  readonly text: string;
  readonly think: Micros;
  readonly reply: string;
}

/** What a scripted user does. */
export interface ClientScript {
  /** `MyName`. */
  readonly name: string;
  /** `ServerPid`: a pid or `{myserver, Node}`. */
  readonly server: Dest;
  readonly actions?: readonly ClientAction[];
  readonly replies?: readonly ReplyRule[];
}

/** A client ready to run: the main task's body and the screen it will fill (read it with `screenOf(trace, screen)`). */
export interface ClientProgram {
  readonly body: Body;
  readonly screen: ScreenId;
}

/** Background task → main task: the user saw the line of reply rule `rule`. */
interface UserSaw {
  readonly tag: "user_saw";
  readonly rule: number;
}
/** Background task → main task (fixed): the server is gone, stop typing. */
interface ServerGone {
  readonly tag: "server_gone";
}
type ToMain = UserSaw | ServerGone;
const isToMain = (m: unknown): m is ToMain => {
  const t = (m as { tag?: unknown } | null)?.tag;
  return t === "user_saw" || t === "server_gone";
};

/** What a client is started with: the user's script, and the screen it observes into the trace (read it with `screenOf(trace, screen)`). */
export interface ClientConfig {
  readonly script: ClientScript;
  readonly screen: ScreenId;
}

/** A client's config on `node`; its screen is read back from the run's trace. */
export function clientConfig(node: string, script: ClientScript): ClientConfig {
  return { script, screen: { name: script.name, node } };
}

const CONFIG_DOC = { script: "the user's script: name, server, actions, replies", screen: "the screen (name and node) its tasks observe what they show and type into" } as const;
const spec = (variant: Variant): StartSpec<ClientConfig> => ({
  role: "client",
  label: (c) => `client:${c.script.name}`,
  config: CONFIG_DOC,
  run: (p, c) => processCommands(c.script, variant, c.screen)(p),
});

/**
 * The client's start spec per variant: `client:start(ServerPid, MyName)` typed at a node's
 * shell (the main task, which the handout runs in the shell process itself).
 */
export const SPECS: Readonly<Record<Variant, StartSpec<ClientConfig>>> = { handout: spec("handout"), fixed: spec("fixed") };

/** The main task's body for a client on `node`, and its screen. Run the body once only. */
export function program(node: string, script: ClientScript, variant: Variant = "handout"): ClientProgram {
  const screen: ScreenId = { name: script.name, node };
  return { body: processCommands(script, variant, screen), screen };
}

/**
 * ```erlang
 * start(ServerPid, MyName) ->
 *     ClientPid = spawn(fun() -> init_client(ServerPid, MyName) end),
 *     process_commands(ServerPid, MyName, ClientPid).
 * ```
 */
function processCommands(script: ClientScript, variant: Variant, screen: ScreenId): Body {
  const { name: myName, server: serverPid } = script;
  const replies = script.replies ?? [];
  return function* main(p: Proc) {
    const clientPid = p.spawn(initClient(script, variant, screen, p.self()), { label: `client:${myName}:bg` });
    const out = screenWriter<ScreenEvent>(p, screen);
    out.tasks([p.self(), clientPid]);
    const type = (text: string): void => out.show({ kind: "typed", text });

    // Lines still to type, by time; a line goes after those of equal time already queued.
    const due: ClientAction[] = [];
    const schedule = (act: ClientAction): void => {
      let i = due.length;
      while (i > 0 && due[i - 1]!.at > act.at) i--;
      due.splice(i, 0, act);
    };
    for (const a of script.actions ?? []) schedule(a);

    // process_commands(ServerPid, MyName, ClientPid): "Text = io:get_line("-> ")" is the next
    // scripted line, or a reply the user decides on while waiting for it.
    for (;;) {
      const next = due[0];
      const m = yield* p.receiveBy(isToMain, next?.at);
      if (m !== TIMEOUT) {
        if (m.tag === "server_gone") return "ok"; // fixed: nobody to talk to any more
        const rule = replies[m.rule]!;
        schedule({ at: p.now() + rule.think, do: "send", text: rule.reply });
        continue;
      }
      due.shift();
      const act = next!;
      switch (act.do) {
        // true -> ServerPid ! {send, MyName, Text}, process_commands(ServerPid, MyName, ClientPid)
        case "send":
          type(act.text);
          p.send(serverPid, msg.send(myName, act.text));
          continue;
        // Text == "exit~n" -> ServerPid ! {client_leave_req, MyName, ClientPid}, ok
        case "leave":
          type("exit");
          p.send(serverPid, msg.clientLeaveReq(myName, clientPid));
          return "ok";
        // Not in the handout: the user's client dies, both tasks with it.
        case "crash": {
          const reason = act.reason ?? "crash";
          p.exit(clientPid, reason);
          throw p.exit(reason);
        }
      }
    }
  };
}

/**
 * ```erlang
 * init_client(ServerPid, MyName) ->
 *     ServerPid ! {client_join_req, MyName, self()},
 *     process_requests().
 * ```
 */
function initClient(script: ClientScript, variant: Variant, screen: ScreenId, mainPid: Pid): Body {
  const { name: myName, server: serverPid } = script;
  const replies = script.replies ?? [];
  /** What `init_client` sets up and `process_requests()` uses (Erlang's closure over MyName). */
  interface Background {
    readonly show: (e: ScreenEvent) => void;
    readonly serverRef: Ref | null;
    readonly fired: Set<number>;
  }
  return receiveLoop(
    "background",
    (p): Background => {
      const out = screenWriter<ScreenEvent>(p, screen);
      const show = (e: ScreenEvent): void => {
        out.show(e);
        const line = formatEntry(e, p.nodeName());
        if (line !== null) p.log(line);
      };
      p.send(serverPid, msg.clientJoinReq(myName, p.self()));
      // Fixed: watch the server, so its end is seen rather than silently talked into.
      const serverRef: Ref | null =
        variant === "fixed" ? p.monitor(typeof serverPid === "string" ? new Name(serverPid, p.nodeName()) : serverPid) : null;
      return { show, serverRef, fired: new Set<number>() };
    },
    // process_requests()
    (p, bg, m) => {
      const { show, serverRef, fired } = bg;
      if (serverRef !== null && isDown(m) && m.ref === serverRef) {
        show({ kind: "server_down", reason: m.reason });
        p.send(mainPid, { tag: "server_gone" } satisfies ServerGone);
        return STOP;
      }
      const r = parse(m);
      switch (r?.tag) {
        // {join, Name} -> io:format("[JOIN] ~s joined the chat~n", [Name]), process_requests();
        case "join":
          show({ kind: "join", name: r.name });
          return bg;
        // {leave, Name} -> io:format("[LEAVE] ~s left the chat~n", [Name]), process_requests();
        case "leave":
          show({ kind: "leave", name: r.name });
          return bg;
        // {message, Name, Text} -> io:format("[~s] ~s", [Name, Text]), process_requests();
        // (no ~n: the handout's Text comes from io:get_line and ends in one; ours are lines)
        case "message": {
          show({ kind: "message", name: r.name, text: r.text });
          for (let i = 0; i < replies.length; i++) {
            const rule = replies[i]!;
            if (!fired.has(i) && rule.from === r.name && rule.text === r.text) {
              fired.add(i);
              p.send(mainPid, { tag: "user_saw", rule: i } satisfies UserSaw);
            }
          }
          return bg;
        }
        // exit -> ok;
        case "exit":
          show({ kind: "exit" });
          if (serverRef !== null) p.demonitor(serverRef, { flush: true });
          return STOP;
        case "server_left":
          if (variant === "fixed") {
            show({ kind: "server_left" });
            if (serverRef !== null) p.demonitor(serverRef, { flush: true });
            p.send(mainPid, { tag: "server_gone" } satisfies ServerGone);
            return STOP;
          }
          break; // the handout's client has no clause for it: the catch-all
        default:
          break;
      }
      // Error -> io:format("Received unsupported message: ~w~n", [Error])   % handout: ends here
      show({ kind: "unsupported", msg: m });
      return variant === "handout" ? STOP : bg;
    },
  );
}
