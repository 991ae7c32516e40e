/**
 * `main`: the report's main process (MP). It starts the idle updater, the acceptor and the
 * listener (linked: if one of them dies, the chat goes down with it, as nothing supervises
 * them in the report), and alone holds the users: pseudonym, process and idle counter. It
 * answers the acceptor's "is it taken?", broadcasts every line and every join and leave,
 * and disconnects idle users when the idle updater asks, telling the others.
 */
import { type Body, type Micros, type Pid, type Proc, type Ref, ioFormat, isDown } from "../../sim/index.js";
import { acceptor } from "./acceptor.js";
import { idleUpdater } from "./idleUpdater.js";
import { listener } from "./listener.js";
import { type IdleChatParams, MAIN, MAIN_TAGS, type MainMsg, msg, parseAs, unreachable } from "./protocol.js";

/** A user as the main process holds it (the report's `User` struct, the socket aside). */
interface User {
  readonly pseudo: string;
  readonly pid: Pid;
  readonly ref: Ref;
  readonly idle: Micros;
}

/** The line every user sees when `pseudo` was disconnected for idling. */
export const idleLine = (pseudo: string): string => `[IDLE] ${pseudo} was disconnected (idle for too long)`;
/** The line a kicked user sees before its connection closes. */
export const KICKED = "You were idle for too long. Bye!";

/** The main process's body. */
export function main(params: IdleChatParams): Body {
  return function* chat_main(p: Proc) {
    p.register(MAIN);
    p.spawnLink(idleUpdater(p.self(), params), { label: "idle_updater" });
    const acc = p.spawnLink(acceptor(p.self(), params), { label: "acceptor" });
    p.spawnLink(listener(acc), { label: "listener" });
    let users: readonly User[] = [];
    const broadcast = (text: string): void => {
      for (const u of users) p.send(u.pid, msg.deliver(text));
    };
    for (;;) {
      const m = yield* p.receive();
      if (isDown(m)) {
        // A user process ended (/quit, connection closed, crash): the others are told.
        const gone = users.find((u) => u.ref === m.ref);
        if (gone === undefined) continue;
        users = users.filter((u) => u !== gone);
        broadcast(`[LEAVE] ${gone.pseudo} left the chat`);
        continue;
      }
      const r = parseAs<MainMsg>(m, MAIN_TAGS);
      if (r === null) {
        p.log(ioFormat("[main] Received unsupported message: ~w", [m], p.nodeName()));
        continue;
      }
      switch (r.tag) {
        case "check_pseudo":
          p.send(r.from, msg.pseudoChecked(r.pseudo, !users.some((u) => u.pseudo === r.pseudo)));
          break;
        case "new_user":
          users = [...users, { pseudo: r.pseudo, pid: r.pid, ref: p.monitor(r.pid), idle: 0 }];
          broadcast(`[JOIN] ${r.pseudo} joined the chat`);
          break;
        case "broadcast":
          // Speaking is activity: the speaker's idle counter starts again.
          users = users.map((u) => (u.pseudo === r.pseudo ? { ...u, idle: 0 } : u));
          broadcast(`[${r.pseudo}] ${r.text}`);
          break;
        case "idle_tick":
          users = users.map((u) => ({ ...u, idle: u.idle + r.period }));
          p.send(r.from, msg.idleReport(users.map((u) => ({ pseudo: u.pseudo, idle: u.idle }))));
          break;
        case "kick_idle": {
          const u = users.find((x) => x.pseudo === r.pseudo);
          // Checked again: the user may have spoken since the updater's report.
          if (u === undefined || u.idle <= params.maxIdle) break;
          p.demonitor(u.ref, { flush: true });
          users = users.filter((x) => x !== u);
          p.send(u.pid, msg.kick(KICKED));
          p.log(ioFormat("[main] ~s disconnected after ~w ms idle", [u.pseudo, u.idle / 1000], p.nodeName()));
          broadcast(idleLine(u.pseudo));
          break;
        }
        default:
          unreachable(r);
      }
    }
  };
}
