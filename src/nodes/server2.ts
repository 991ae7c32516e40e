/**
 * `server2.erl`: the replicated chat server. Each server, registered as `myserver` on its
 * node, keeps its own clients and the list of all servers; a client's request goes to
 * every server in the list, and each server relays what it gets (`RelayMessage`) to its own
 * clients.
 *
 * - `handout`: the handout's code with its gaps filled the way it clearly intends, flaws
 *   kept: a joining server knows no servers (not even itself) until the first
 *   `update_servers`; a server that rejoins after a crash is added next to its dead former
 *   self (the 2012 report's figure 9: both pids print alike); nobody notices a server that
 *   dies; `disconnect` tells the other servers but not the clients; every unknown message
 *   is relayed to the clients, whose catch-all then ends them.
 * - `fixed`: one entry per node in the server list (only one `myserver` can live on a
 *   node, so a newer pid replaces an older one) and always itself; servers monitor each
 *   other and drop one that goes down; they monitor their clients too and announce a dead
 *   one's leave; on `disconnect` they tell their clients (`server_left`); only chat events
 *   are relayed, anything else is printed and ignored. Concurrent joins and leaves can
 *   still leave the lists different (question i), and a partition splits the servers for
 *   good: fixing those needs a membership protocol, not a patch.
 */
import { type Body, type Dest, type Pid, type Proc, type Ref, formatAtom, ioFormat, isDown } from "../sim/index.js";
import { MYSERVER, type Variant, broadcast, listsDelete, msg, parse } from "./protocol.js";
import type { StartSpec } from "./spec.js";

/** The process-dictionary key under which a server2 keeps its current server list. */
export const SERVERS_KEY = "servers";
/** The subject of a server2's observations of its server list (each change, `Proc.observe`). */
export const SERVERS_SUBJECT = "servers";

/** How a server2 is started. */
export interface Server2Opts {
  /** `start(BootServer)`: join the set through this server; omitted: `start()`, the first server. */
  readonly boot?: Dest;
  readonly variant?: Variant;
}

/**
 * ```erlang
 * start() ->
 *     ServerPid = spawn(fun() -> init_server() end),
 *     register(myserver, ServerPid).
 * start(BootServer) ->
 *     ServerPid = spawn(fun() -> init_server(BootServer) end),
 *     register(myserver, ServerPid).
 * ```
 * Typed in a running (shell) process: spawns and registers on its own node. From outside (a
 * test, a scenario) start `SPECS[variant]` with the launcher (`src/scenarios/launch.ts`).
 */
export function start(p: Proc, opts?: Server2Opts): Pid {
  const serverPid = p.spawn(initServer(opts), { label: "server2" });
  p.register(MYSERVER, serverPid);
  return serverPid;
}

/** What `start` is given: nothing for the first server, `BootServer` for the others. */
export interface Server2Config {
  /** The server to join through (`start(BootServer)`), a `{myserver, Node}` name; absent for the first. */
  readonly boot?: Dest;
}

const CONFIG_DOC = { boot: "the server to join through, {myserver, Node} (a Name); absent for the first server" } as const;

/** server2's start spec per variant: registered as `myserver`, config `{ boot? }`. */
export const SPECS: Readonly<Record<Variant, StartSpec<Server2Config>>> = {
  handout: { role: "server2", label: "server2", register: MYSERVER, config: CONFIG_DOC, run: (p, c) => initServer({ ...c, variant: "handout" })(p) },
  fixed: { role: "server2", label: "server2", register: MYSERVER, config: CONFIG_DOC, run: (p, c) => initServer({ ...c, variant: "fixed" })(p) },
};

/** The body of `init_server()` (no `boot`) or `init_server(BootServer)`, in the given variant. */
export function initServer(opts?: Server2Opts): Body {
  const boot = opts?.boot;
  const variant = opts?.variant ?? "handout";
  return function* server2(p: Proc) {
    if (boot === undefined) {
      // init_server() -> process_requests([], [self()]).
      return yield* processRequests(p, variant, [p.self()]);
    }
    // init_server(BootServer) ->
    //     BootServer ! {server_join_req, self()},
    //     process_requests([], []).
    p.send(boot, msg.serverJoinReq(p.self()));
    // Fixed: a server is in its own list from the start, so its clients hear each other
    // even before the first update arrives.
    return yield* processRequests(p, variant, variant === "handout" ? [] : [p.self()]);
  };
}

function processRequests(p: Proc, variant: Variant, servers: Pid[]): ReturnType<Body> {
  return variant === "handout" ? handout(p, servers) : fixed(p, servers);
}

/** The handout's `process_requests(Clients, Servers)`, clause by clause. */
function* handout(p: Proc, initial: Pid[]): ReturnType<Body> {
  let clients: Pid[] = [];
  let servers: readonly Pid[] = initial;
  for (;;) {
    if (p.put(SERVERS_KEY, servers) !== servers) p.observe(SERVERS_SUBJECT, servers); // for observers: the list, in the trace when it changes
    const m = yield* p.receive();
    const r = parse(m);
    switch (r?.tag) {
      // %% Messages between client and server
      // {client_join_req, Name, From} ->
      //     NewClients = [From|Clients],
      //     broadcast(Servers, {join, Name}),
      //     process_requests(NewClients, Servers);
      case "client_join_req":
        clients = [r.from, ...clients];
        broadcast(p, servers, msg.join(r.name));
        continue;
      // {client_leave_req, Name, From} ->
      //     NewClients = lists:delete(From, Clients),
      //     broadcast(Servers, {leave, Name}),
      //     From ! exit,
      //     process_requests(NewClients, Servers);
      case "client_leave_req":
        clients = listsDelete(r.from, clients);
        broadcast(p, servers, msg.leave(r.name));
        p.send(r.from, msg.exit());
        continue;
      // {send, Name, Text} ->
      //     broadcast(Servers, {message, Name, Text}),
      //     process_requests(Clients, Servers);
      case "send":
        broadcast(p, servers, msg.message(r.name, r.text));
        continue;
      // %% Messages between servers
      // disconnect ->
      //     NewServers = lists:delete(self(), Servers),
      //     broadcast(NewServers, {update_servers, NewServers}),
      //     unregister(myserver);
      case "disconnect": {
        const newServers = listsDelete(p.self(), servers);
        broadcast(p, newServers, msg.updateServers(newServers));
        p.unregister(MYSERVER);
        return "ok";
      }
      // {server_join_req, From} ->
      //     NewServers = [From|Servers],
      //     broadcast(NewServers, {update_servers, NewServers}),
      //     process_requests(Clients, NewServers);
      case "server_join_req": {
        const newServers = [r.from, ...servers];
        broadcast(p, newServers, msg.updateServers(newServers));
        servers = newServers;
        continue;
      }
      // {update_servers, NewServers} ->
      //     io:format("[SERVER UPDATE] ~w~n", [NewServers]),
      //     process_requests(Clients, NewServers);
      case "update_servers":
        p.log(ioFormat("[SERVER UPDATE] ~w", [r.servers], p.nodeName()));
        servers = r.servers;
        continue;
      // RelayMessage -> %% Whatever other message is relayed to its clients
      //     broadcast(Clients, RelayMessage),
      //     process_requests(Clients, Servers)
      default:
        broadcast(p, clients, m);
        continue;
    }
  }
}

/** A client the fixed server knows: its background task, its name and the monitor on it. */
interface Member {
  readonly pid: Pid;
  readonly name: string;
  readonly ref: Ref;
}

/** The fixed server2: the handout's clauses with a clean server list, monitors both ways and a goodbye. */
function* fixed(p: Proc, initial: Pid[]): ReturnType<Body> {
  const self = p.self();
  let clients: Member[] = [];
  let servers: Pid[] = [];
  /** Monitors on the other servers in the list. */
  const watched = new Map<Pid, Ref>();
  const clientPids = (): Pid[] => clients.map((c) => c.pid);

  /** Adopts a server list: itself always in it, one entry per node (the first, i.e. newest, wins); monitors follow. */
  const adopt = (list: readonly Pid[]): void => {
    const seen = new Set<string>();
    const out: Pid[] = [];
    for (const s of list.includes(self) ? list : [self, ...list]) {
      if (seen.has(s.node)) continue;
      seen.add(s.node);
      out.push(s === self || s.node !== self.node ? s : self);
    }
    servers = out;
    for (const [s, ref] of [...watched]) {
      if (!servers.includes(s)) {
        p.demonitor(ref, { flush: true });
        watched.delete(s);
      }
    }
    for (const s of servers) if (s !== self && !watched.has(s)) watched.set(s, p.monitor(s));
  };
  adopt(initial);

  for (;;) {
    if (p.put(SERVERS_KEY, servers) !== servers) p.observe(SERVERS_SUBJECT, servers); // for observers: the list, in the trace when it changes
    const m = yield* p.receive();
    if (isDown(m)) {
      const deadServer = [...watched].find(([, ref]) => ref === m.ref)?.[0];
      if (deadServer !== undefined) {
        // A server went down (crash, partition, kill): forget it. Every server watches
        // every other, so each drops it on its own and no update needs to be sent.
        watched.delete(deadServer);
        servers = servers.filter((s) => s !== deadServer);
        const reason = typeof m.reason === "string" ? formatAtom(m.reason) : m.reason; // an atom
        p.log(ioFormat("[SERVER DOWN] ~w ~s", [deadServer, reason], p.nodeName()));
        continue;
      }
      const gone = clients.find((c) => c.ref === m.ref);
      if (gone !== undefined) {
        clients = clients.filter((c) => c !== gone);
        broadcast(p, servers, msg.leave(gone.name));
      }
      continue;
    }
    const r = parse(m);
    switch (r?.tag) {
      case "client_join_req":
        if (!clients.some((c) => c.pid === r.from)) clients = [{ pid: r.from, name: r.name, ref: p.monitor(r.from) }, ...clients];
        broadcast(p, servers, msg.join(r.name));
        continue;
      case "client_leave_req": {
        const leaver = clients.find((c) => c.pid === r.from);
        if (leaver !== undefined) {
          p.demonitor(leaver.ref, { flush: true });
          clients = clients.filter((c) => c !== leaver);
        }
        broadcast(p, servers, msg.leave(r.name));
        p.send(r.from, msg.exit());
        continue;
      }
      case "send":
        broadcast(p, servers, msg.message(r.name, r.text));
        continue;
      case "disconnect": {
        const newServers = listsDelete(self, servers);
        broadcast(p, newServers, msg.updateServers(newServers));
        broadcast(p, clientPids(), msg.serverLeft());
        p.unregister(MYSERVER);
        return "ok";
      }
      case "server_join_req": {
        adopt([r.from, ...servers]);
        broadcast(p, servers, msg.updateServers(servers));
        continue;
      }
      case "update_servers":
        adopt(r.servers);
        p.log(ioFormat("[SERVER UPDATE] ~w", [servers], p.nodeName()));
        continue;
      case "join":
      case "leave":
      case "message":
        broadcast(p, clientPids(), m);
        continue;
      default:
        p.log(ioFormat("Received unsupported message: ~w", [m], p.nodeName()));
        continue;
    }
  }
}

