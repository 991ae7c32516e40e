/**
 * `server_monitor`: the supervisor of one topic's `server_chat`. It traps exits, starts the
 * chat linked to itself, holds the chat's backed-up member list, and when the chat dies
 * restarts it at once with that list. It forwards each backup to the router, so that the
 * router can restart this monitor (and so its chat) with the same state if it dies.
 *
 * If the monitor dies, its link kills its chat too (the chat does not trap exits), and the
 * router restarts the pair from the router's copy of the state: the whole subtree restarts,
 * as an Erlang supervisor's children do. A chat that dies again within `retryDelay` of its
 * last restart is restarted when `retryDelay` has passed (see `Restarts`).
 */
import { type Body, type Micros, type Pid, type Proc, TIMEOUT, formatReason, ioFormat, isExit } from "../../sim/index.js";
import { Restarts } from "./restarts.js";
import { serverChat } from "./serverChat.js";
import { type Member, SERVER_MONITOR_TAGS, type ServerMonitorMsg, msg, parseAs, serverMonitorName, unreachable } from "./protocol.js";

/**
 * ```erlang
 * init(Topic, Router, Members) ->
 *     process_flag(trap_exit, true),
 *     Chat = spawn_link(fun() -> server_chat:init(Topic, self(), Members) end),
 *     Router ! {server_state, Topic, self(), Chat, Members},
 *     loop(Topic, Router, Chat, Members).
 * ```
 */
export function serverMonitor(topic: string, router: Pid, restored: readonly Member[], retryDelay: Micros, backup = true): Body {
  return function* server_monitor(p: Proc) {
    p.trapExit(true);
    p.register(serverMonitorName(topic));
    let members = restored;
    let boss = router;
    // Without backup (the failing baseline) a restarted chat starts with nobody.
    const startChat = (): Pid => p.spawnLink(serverChat(topic, p.self(), backup ? members : []), { label: "server_chat" });
    let chat: Pid | null = startChat();
    const restarts = new Restarts<"chat">(retryDelay);
    const report = (): void => {
      if (chat !== null) p.send(boss, msg.serverState(topic, p.self(), chat, members));
    };
    report();
    for (;;) {
      const after = restarts.timeout(p.now());
      const m = after === undefined ? yield* p.receive() : yield* p.receive(undefined, { after });
      if (m === TIMEOUT) {
        if (restarts.takeDue(p.now()).length > 0) {
          chat = startChat();
          report();
        }
        continue;
      }
      if (isExit(m)) {
        if (m.from === chat) {
          // {'EXIT', Chat, Reason} -> restart it with the last list it backed up.
          p.log(ioFormat("[server_monitor ~s] server_chat died (~s), restarting it with ~w clients", [topic, formatReason(m.reason, p.nodeName()), members.length], p.nodeName()));
          chat = null;
          if (restarts.request("chat", p.now())) {
            chat = startChat();
            report();
          }
        } else if (m.from === boss) {
          // The router died: the router_monitor restarts it, and the new router adopts us.
          p.log(ioFormat("[server_monitor ~s] router down (~s), waiting to be adopted", [topic, formatReason(m.reason, p.nodeName())], p.nodeName()));
        }
        continue;
      }
      const r = parseAs<ServerMonitorMsg>(m, SERVER_MONITOR_TAGS);
      if (r === null) {
        p.log(ioFormat("[server_monitor ~s] Received unsupported message: ~w", [topic, m], p.nodeName()));
        continue;
      }
      switch (r.tag) {
        // {backup, Members} -> keep it and pass it up.
        case "backup":
          members = r.members;
          report();
          break;
        // {adopt, Router} -> a restarted router: report to it from now on.
        case "adopt":
          boss = r.router;
          report();
          break;
        default:
          unreachable(r);
      }
    }
  };
}
