/**
 * `user`: the report's USER PROC, one per connected user. It reads its user's lines from
 * the socket (one at a time, once it owns it) and sends them to the main process to be
 * broadcast; it writes what the main process delivers; `/quit` ends it, and so does a kick
 * from the main process (idle too long) or the connection closing. The main process
 * monitors it, so its end is noticed whatever the cause.
 */
import { type Body, type Pid, type Proc, ioFormat } from "../../sim/index.js";
import { USER_TAGS, type UserMsg, msg, parseAs, unreachable } from "./protocol.js";

/** The line a user types to leave. */
export const QUIT = "/quit";

/** A user process for `pseudo`, talking through `sock` to its client and to `main`. */
export function user(main: Pid, sock: Pid, pseudo: string): Body {
  return function* user(p: Proc) {
    for (;;) {
      const m = yield* p.receive();
      const r = parseAs<UserMsg>(m, USER_TAGS);
      if (r === null) {
        p.log(ioFormat("[user ~s] Received unsupported message: ~w", [pseudo, m], p.nodeName()));
        continue;
      }
      switch (r.tag) {
        // The socket is ours: start reading.
        case "tcp_owner":
          p.send(sock, msg.activeOnce());
          break;
        case "tcp":
          if (r.text.trim() === QUIT) {
            p.send(sock, msg.send("Bye!"));
            p.send(sock, msg.close());
            return;
          }
          p.send(main, msg.broadcast(pseudo, r.text));
          p.send(sock, msg.activeOnce());
          break;
        case "tcp_closed":
          return;
        case "deliver":
          p.send(sock, msg.send(r.text));
          break;
        case "kick":
          p.send(sock, msg.send(r.reason));
          p.send(sock, msg.close());
          return;
        default:
          unreachable(r);
      }
    }
  };
}
