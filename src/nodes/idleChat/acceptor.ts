/**
 * `acceptor`: the report's single process "for user acceptation". It takes connections one
 * at a time, asks for a pseudonym and asks again while the answer is empty, too long, has
 * characters other than letters, digits, `_` and `-`, or is taken (which only the main
 * process knows: the acceptor asks it). A valid pseudonym gets a user process, which the
 * socket is handed to, and the main process is told of the new user. Because the acceptor
 * is the only one adding users and the main process handles its messages in order, two
 * connections can never get the same pseudonym. A connection silent for `pseudoTimeout` is
 * closed, so that one idle telnet cannot block every later one.
 */
import { type Body, type Pid, type Proc, TIMEOUT, ioFormat } from "../../sim/index.js";
import { ACCEPTOR, type Accept, type IdleChatParams, type PseudoChecked, type Tcp, type TcpClosed, msg, parseAs } from "./protocol.js";
import { type Refusal, WELCOME, checkPseudo, refusalText } from "./pseudo.js";
import { user } from "./user.js";

/** The acceptor's body, adding users to `main`. */
export function acceptor(main: Pid, params: IdleChatParams): Body {
  return function* acceptor(p: Proc) {
    p.register(ACCEPTOR);
    for (;;) {
      const m = yield* p.receive();
      const a = parseAs<Accept>(m, ["accept"]);
      if (a === null) {
        // Late news of a connection it is done with (closed, timed out, handed over).
        if (parseAs<Tcp | TcpClosed>(m, ["tcp", "tcp_closed"]) === null) p.log(ioFormat("[acceptor] Received unsupported message: ~w", [m], p.nodeName()));
        continue;
      }
      const sock = a.socket;
      p.send(sock, msg.send(WELCOME));
      for (;;) {
        p.send(sock, msg.activeOnce());
        const r = yield* p.receive((x): x is Tcp | TcpClosed => parseAs<Tcp | TcpClosed>(x, ["tcp", "tcp_closed"])?.socket === sock, { after: params.pseudoTimeout });
        if (r === TIMEOUT) {
          p.send(sock, msg.send("Too slow. Bye!"));
          p.send(sock, msg.close());
          break;
        }
        if (r.tag === "tcp_closed") break;
        const pseudo = r.text.trim();
        let refusal: Refusal | null = checkPseudo(pseudo, params.maxPseudoLength);
        if (refusal === null) {
          p.send(main, msg.checkPseudo(pseudo, p.self()));
          const c = yield* p.receive((x): x is PseudoChecked => parseAs<PseudoChecked>(x, ["pseudo_checked"])?.pseudo === pseudo);
          if (!c.free) refusal = "taken";
        }
        if (refusal !== null) {
          p.send(sock, msg.send(refusalText(refusal, params.maxPseudoLength)));
          continue;
        }
        const u = p.spawn(user(main, sock, pseudo), { label: `user ${pseudo}` });
        p.send(sock, msg.controllingProcess(u));
        p.send(main, msg.newUser(pseudo, u));
        break;
      }
    }
  };
}
