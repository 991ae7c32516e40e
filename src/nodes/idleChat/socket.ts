/**
 * `socket`: a TCP connection as a process on the server's node, between a telnet client and
 * the socket's controlling process, like a `gen_tcp` socket in passive `{active, once}`
 * mode: lines from the client are buffered and handed to the owner one at a time, only
 * when it asks (`active_once`), so a line is never delivered to an owner that is handing
 * the socket over. As a port is linked to its controlling process, the socket closes when
 * its owner dies, and it tells its owner when the client hangs up or dies.
 */
import { type Body, type Pid, type Proc, ioFormat, isDown } from "../../sim/index.js";
import { SOCKET_TAGS, type SocketMsg, msg, parseAs, unreachable } from "./protocol.js";

/** The socket's body, connected to `client` and first owned by `owner`. */
export function socket(client: Pid, owner: Pid): Body {
  return function* socket(p: Proc) {
    const clientRef = p.monitor(client);
    let ownerPid = owner;
    let ownerRef = p.monitor(owner);
    const buffer: string[] = [];
    let active = false;
    const deliver = (): void => {
      if (!active || buffer.length === 0) return;
      p.send(ownerPid, msg.tcp(p.self(), buffer.shift()!));
      active = false;
    };
    for (;;) {
      const m = yield* p.receive();
      if (isDown(m)) {
        // The client died: the owner sees the connection close. The owner died: the client does.
        if (m.ref === clientRef) p.send(ownerPid, msg.tcpClosed(p.self()));
        else if (m.ref === ownerRef) p.send(client, msg.tcpClosed(p.self()));
        else continue;
        return;
      }
      const r = parseAs<SocketMsg>(m, SOCKET_TAGS);
      if (r === null) {
        p.log(ioFormat("[socket] Received unsupported message: ~w", [m], p.nodeName()));
        continue;
      }
      switch (r.tag) {
        case "data":
          buffer.push(r.line);
          deliver();
          break;
        case "hangup":
          p.send(ownerPid, msg.tcpClosed(p.self()));
          return;
        case "send":
          p.send(client, msg.tcp(p.self(), r.text));
          break;
        case "active_once":
          active = true;
          deliver();
          break;
        case "controlling_process":
          p.demonitor(ownerRef, { flush: true });
          ownerPid = r.pid;
          ownerRef = p.monitor(ownerPid);
          active = false;
          p.send(ownerPid, msg.tcpOwner(p.self()));
          break;
        case "close":
          p.send(client, msg.tcpClosed(p.self()));
          return;
        default:
          unreachable(r);
      }
    }
  };
}
