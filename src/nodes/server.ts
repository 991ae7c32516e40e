/**
 * `server.erl`: the centralized chat server, registered as `myserver`, keeping the list of
 * its clients and relaying each line to all of them.
 *
 * - `handout`: the handout's code with its gaps filled, flaws kept: the catch-all clause
 *   prints and does not loop, so one strange message ends the server; `disconnect` leaves
 *   the clients "connected" to nothing; a client that dies stays in the list forever.
 * - `fixed`: the catch-all loops; the server monitors each client and drops (and announces
 *   the leave of) one that dies; on `disconnect` it tells its clients (`server_left`).
 *
 * `SPECS[variant]` is the start spec the launcher spawns (`src/scenarios/launch.ts`); `start(p)`
 * is the shell's `server:start()` typed in a running process; `processRequests(variant)` the bare body.
 */
import { type Body, type Pid, type Proc, type Ref, STOP, ioFormat, isDown, receiveLoop } from "../sim/index.js";
import { MYSERVER, type Variant, broadcast, listsDelete, msg, parse } from "./protocol.js";
import type { StartSpec } from "./spec.js";

/**
 * ```erlang
 * start() ->
 *     ServerPid = spawn(fun() -> process_requests([]) end),
 *     register(myserver, ServerPid).
 * ```
 * Typed in a running (shell) process: spawns and registers on its own node. From outside (a
 * test, a scenario) start `SPECS[variant]` with the launcher (`src/scenarios/launch.ts`).
 */
export function start(p: Proc, variant: Variant = "handout"): Pid {
  const serverPid = p.spawn(processRequests(variant), { label: "server" });
  p.register(MYSERVER, serverPid);
  return serverPid;
}

/** `server:start()` takes nothing: the config is empty. */
export type ServerConfig = Readonly<Record<string, never>>;

/** The server's start spec per variant: registered as `myserver`, no config. */
export const SPECS: Readonly<Record<Variant, StartSpec<ServerConfig>>> = {
  handout: { role: "server", label: "server", register: MYSERVER, config: {}, run: (p) => handout(p) },
  fixed: { role: "server", label: "server", register: MYSERVER, config: {}, run: (p) => fixed(p) },
};

/** The body of `process_requests([])` in the given variant. */
export function processRequests(variant: Variant = "handout"): Body {
  return variant === "handout" ? handout : fixed;
}

/**
 * The handout's `process_requests(Clients)`, clause by clause: a receive loop whose state is
 * `Clients`; returning the next list is the clause's `process_requests(NewClients)`, `STOP`
 * a clause that does not recurse.
 */
const handout: Body = receiveLoop("handout", (): Pid[] => [], (p, clients, m) => {
  const r = parse(m);
  switch (r?.tag) {
    // {client_join_req, Name, From} ->
    //     NewClients = [From|Clients],
    //     broadcast(NewClients, {join, Name}),
    //     process_requests(NewClients);
    case "client_join_req": {
      const newClients = [r.from, ...clients];
      broadcast(p, newClients, msg.join(r.name));
      return newClients;
    }
    // {client_leave_req, Name, From} ->
    //     NewClients = lists:delete(From, Clients),
    //     broadcast(Clients, {leave, Name}),     % the old list: the leaver hears it too
    //     From ! exit,
    //     process_requests(NewClients);
    case "client_leave_req": {
      const newClients = listsDelete(r.from, clients);
      broadcast(p, clients, msg.leave(r.name));
      p.send(r.from, msg.exit());
      return newClients;
    }
    // {send, Name, Text} ->
    //     broadcast(Clients, {message, Name, Text}),
    //     process_requests(Clients);
    case "send":
      broadcast(p, clients, msg.message(r.name, r.text));
      return clients;
    // disconnect ->
    //     unregister(myserver);                 % and the process ends
    case "disconnect":
      p.unregister(MYSERVER);
      return STOP;
    // Error ->
    //     io:format("Received unsupported message: ~w~n", [Error])   % no recursion: it ends
    default:
      p.log(ioFormat("Received unsupported message: ~w", [m], p.nodeName()));
      return STOP;
  }
});

/** A client the fixed server knows: its background task, its name and the monitor on it. */
interface Member {
  readonly pid: Pid;
  readonly name: string;
  readonly ref: Ref;
}

/** The fixed server: the handout's clauses, plus monitors on clients, a looping catch-all and a goodbye. */
const fixed: Body = receiveLoop("fixed", (): Member[] => [], (p, clients, m) => {
  const pids = (): Pid[] => clients.map((c) => c.pid);
  if (isDown(m)) {
    // {'DOWN', Ref, process, Pid, _} for a client: drop it and tell the others it left.
    const gone = clients.find((c) => c.ref === m.ref);
    if (gone === undefined) return clients;
    const rest = clients.filter((c) => c !== gone);
    broadcast(p, rest.map((c) => c.pid), msg.leave(gone.name));
    return rest;
  }
  const r = parse(m);
  switch (r?.tag) {
    case "client_join_req": {
      // A second join from the same process does not make a second entry.
      const next = clients.some((c) => c.pid === r.from) ? clients : [{ pid: r.from, name: r.name, ref: p.monitor(r.from) }, ...clients];
      broadcast(p, next.map((c) => c.pid), msg.join(r.name));
      return next;
    }
    case "client_leave_req": {
      const leaver = clients.find((c) => c.pid === r.from);
      broadcast(p, pids(), msg.leave(r.name));
      p.send(r.from, msg.exit());
      if (leaver === undefined) return clients;
      p.demonitor(leaver.ref, { flush: true });
      return clients.filter((c) => c !== leaver);
    }
    case "send":
      broadcast(p, pids(), msg.message(r.name, r.text));
      return clients;
    case "disconnect":
      // Tell the clients first, so they know they are talking to nobody.
      broadcast(p, pids(), msg.serverLeft());
      p.unregister(MYSERVER);
      return STOP;
    default:
      p.log(ioFormat("Received unsupported message: ~w", [m], p.nodeName()));
      return clients;
  }
});
