/**
 * `server_chat`: one topic's chat room. It keeps the topic's members, relays their lines to
 * all of them, and monitors each member so that a client that dies is noticed and removed
 * (the brief: "the server must notice it and update the client list"). After every change
 * of the list it backs the list up to its `server_monitor` before telling the members, so
 * a restarted chat starts with every member whose join was announced.
 *
 * Started with a restored list (by a restarted monitor), it monitors those members again
 * and sends each `{new_server, Topic, self()}`, so they go on without joining again.
 */
import { type Body, type Pid, type Proc, type Ref, formatReason, ioFormat, isDown } from "../../sim/index.js";
import { type Member, SERVER_CHAT_TAGS, type ServerChatMsg, broadcast, msg, parseAs, serverChatName, unreachable } from "./protocol.js";

/** A member as the running chat knows it: with the monitor it holds on the member. */
interface Watched extends Member {
  readonly ref: Ref;
}

/**
 * ```erlang
 * init(Topic, Monitor, Members) ->
 *     register(server_chat_<Topic>, self()),
 *     Watched = [{N, P, monitor(process, P)} || {N, P} <- Members],
 *     [P ! {new_server, Topic, self()} || {_, P} <- Members],
 *     loop(Topic, Monitor, Watched).
 * ```
 */
export function serverChat(topic: string, monitor: Pid, restored: readonly Member[]): Body {
  return function* server_chat(p: Proc) {
    p.register(serverChatName(topic));
    let members: readonly Watched[] = restored.map((c) => ({ name: c.name, pid: c.pid, ref: p.monitor(c.pid) }));
    broadcast(p, members, msg.newServer(topic, p.self()));
    const plain = (ws: readonly Watched[]): Member[] => ws.map((w) => ({ name: w.name, pid: w.pid }));
    for (;;) {
      const m = yield* p.receive();
      if (isDown(m)) {
        // {'DOWN', Ref, process, Pid, Reason} -> a member died: drop it, tell the others.
        const gone = members.find((w) => w.ref === m.ref);
        if (gone === undefined) continue;
        members = members.filter((w) => w !== gone);
        p.send(monitor, msg.backup(plain(members)));
        p.log(ioFormat("[~s] client ~s is down (~s), removed", [topic, gone.name, formatReason(m.reason, p.nodeName())], p.nodeName()));
        broadcast(p, members, msg.leave(topic, gone.name));
        continue;
      }
      const r = parseAs<ServerChatMsg>(m, SERVER_CHAT_TAGS);
      if (r === null) {
        // The catch-all loops: a stray message must not take the room down.
        p.log(ioFormat("[~s] Received unsupported message: ~w", [topic, m], p.nodeName()));
        continue;
      }
      switch (r.tag) {
        // {client_join_req, Name, From} -> NewClients = [From|Clients], backup, broadcast(NewClients, {join, T, Name})
        case "client_join_req": {
          const { name, from } = r;
          if (members.some((w) => w.pid === from)) {
            // Already a member (a join sent twice): confirm to it alone, keep one entry.
            p.send(from, msg.join(topic, name));
            break;
          }
          members = [{ name, pid: from, ref: p.monitor(from) }, ...members];
          p.send(monitor, msg.backup(plain(members)));
          broadcast(p, members, msg.join(topic, name));
          break;
        }
        // {client_leave_req, Name, From} -> backup, broadcast(Clients, {leave, T, Name}), From ! {exit, T}
        case "client_leave_req": {
          const { name, from } = r;
          const old = members;
          const leaving = old.find((w) => w.pid === from);
          if (leaving !== undefined) p.demonitor(leaving.ref, { flush: true });
          members = old.filter((w) => w.pid !== from);
          p.send(monitor, msg.backup(plain(members)));
          broadcast(p, old, msg.leave(topic, name));
          p.send(from, msg.exit(topic));
          break;
        }
        // {send, Name, Text} -> broadcast(Clients, {message, T, Name, Text})
        case "send":
          broadcast(p, members, msg.message(topic, r.name, r.text));
          break;
        default:
          unreachable(r);
      }
    }
  };
}
