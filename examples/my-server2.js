// A student's server2, with their own fix, written against chatty-sim's process API (see
// the README, "Your own node code"). Run it in place of the handout's server2:
//
//   npx chatty-sim run rejoin-after-crash --set server2=./examples/my-server2.js
//   npx chatty-sim claims --role server2 --module ./examples/my-server2.js
//
// The handout's clauses, and the fix: a server keeps one entry per node in its server list
// (a server that comes back after a crash replaces its dead former self: only one
// `myserver` can live on a node), is always in its own list, and watches the other
// servers (monitor), dropping one that goes down. Unlike our `fixed` variant it does not
// monitor its clients and does not tell them when it disconnects.
//
// Messages are plain objects tagged as in src/nodes/protocol.ts: {client_join_req, Name, From}
// is { tag: "client_join_req", name, from }.

/** One server per node, the newest (first in the list) winning; `self` always in it. */
function oneEntryPerNode(self, list) {
  const seen = new Set();
  const out = [];
  for (const s of list.includes(self) ? list : [self, ...list]) {
    if (seen.has(s.node)) continue;
    seen.add(s.node);
    out.push(s);
  }
  return out;
}

function broadcast(p, peers, message) {
  for (const peer of peers) p.send(peer, message);
}

export default {
  role: "server2",

  // init_server() and init_server(BootServer): config.boot is {myserver, Node}, or undefined for the first server.
  *run(p, config) {
    const self = p.self();
    let clients = [];
    let servers = [self];
    const watched = new Map(); // server pid -> monitor ref

    const adopt = (list) => {
      servers = oneEntryPerNode(self, list);
      for (const [s, ref] of [...watched]) {
        if (!servers.includes(s)) {
          p.demonitor(ref, { flush: true });
          watched.delete(s);
        }
      }
      for (const s of servers) if (s !== self && !watched.has(s)) watched.set(s, p.monitor(s));
    };

    if (config.boot !== undefined) p.send(config.boot, { tag: "server_join_req", from: self });

    let observed = null;
    for (;;) {
      // The membership checks read each server's list from the trace: observe it when it changes.
      if (servers !== observed) p.observe("servers", (observed = servers));
      const m = yield* p.receive();
      switch (m?.tag) {
        case "DOWN": {
          const dead = [...watched].find(([, ref]) => ref === m.ref)?.[0];
          if (dead !== undefined) {
            watched.delete(dead);
            servers = servers.filter((s) => s !== dead);
            p.log(`[SERVER DOWN] ${dead.format()}`);
          }
          break;
        }
        case "client_join_req":
          clients = [m.from, ...clients];
          broadcast(p, servers, { tag: "join", name: m.name });
          break;
        case "client_leave_req":
          clients = clients.filter((c) => c !== m.from);
          broadcast(p, servers, { tag: "leave", name: m.name });
          p.send(m.from, { tag: "exit" });
          break;
        case "send":
          broadcast(p, servers, { tag: "message", name: m.name, text: m.text });
          break;
        case "disconnect": {
          const others = servers.filter((s) => s !== self);
          broadcast(p, others, { tag: "update_servers", servers: others });
          p.unregister("myserver");
          return "ok";
        }
        case "server_join_req":
          adopt([m.from, ...servers]);
          broadcast(p, servers, { tag: "update_servers", servers });
          break;
        case "update_servers":
          adopt(m.servers);
          p.log(`[SERVER UPDATE] ${servers.map((s) => s.format()).join(",")}`);
          break;
        default:
          // join, leave, message relayed by another server, and anything else: to the clients.
          broadcast(p, clients, m);
      }
    }
  },
};
