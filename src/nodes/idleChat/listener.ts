/**
 * `listener`: the listening socket. Registered as `listener`, it accepts each connection
 * (`{connect, Client}`), opens a `socket` for it owned by the acceptor, tells the client,
 * and hands the socket to the acceptor.
 */
import { type Body, type Pid, type Proc, ioFormat } from "../../sim/index.js";
import { LISTENER, parseAs, msg, type Connect } from "./protocol.js";
import { socket } from "./socket.js";

/**
 * ```elixir
 * defp loop_acceptor(listen, acceptor) do
 *   {:ok, client} = :gen_tcp.accept(listen)
 *   send(acceptor, {:accept, client})
 *   loop_acceptor(listen, acceptor)
 * end
 * ```
 */
export function listener(acceptor: Pid): Body {
  return function* listener(p: Proc) {
    p.register(LISTENER);
    for (;;) {
      const m = yield* p.receive();
      const r = parseAs<Connect>(m, ["connect"]);
      if (r === null) {
        p.log(ioFormat("[listener] Received unsupported message: ~w", [m], p.nodeName()));
        continue;
      }
      const sock = p.spawn(socket(r.client, acceptor), { label: "socket" });
      p.send(r.client, msg.connected(sock));
      p.send(acceptor, msg.accept(sock));
    }
  };
}
