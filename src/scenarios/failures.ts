/** Failures beyond the handout's milestones: garbage, a crashed node, a restarted server, a network split. */
import { MYSERVER } from "../nodes/index.js";
import { ms, Name, sec } from "../sim/index.js";
import { chatScenario } from "./chat.js";
import { COMMON_PARAMS, get } from "./params.js";
import { customCheck } from "./customChecks.js";
import { faultTolerance } from "./faultTolerance.js";
import type { Scenario } from "./scenario.js";
import { at, CHAT_CHECKS, toldServerLeft, typed } from "./workload.js";

const THREE = ["John", "Mary", "Ana"] as const;

/** The handout server's catch-all ends it. */
export const unsupportedMessage: Scenario = chatScenario({
  name: "unsupported-message",
  group: "failure",
  title: "a stray message ends the handout's server (its catch-all does not loop)",
  about:
    "Three clients chat; at 300 ms someone sends `myserver ! hello` from a shell. The handout's catch-all prints \"Received unsupported message: hello\" and, having no recursive call, ends the server: every later line is dropped and the clients are not told. The fixed server prints and goes on.",
  params: COMMON_PARAMS,
  world: () => {
    const server = at("server_node", "127.0.0.1");
    return {
      system: "server",
      profile: "sameMachine",
      servers: [{ node: server }],
      clients: THREE.map((name, i) => ({ name, node: at(name.toLowerCase(), "127.0.0.1"), server: 0, at: ms(10 * i), actions: [...typed(name, 1, ms(100 + 13 * i)), ...typed(`${name} (after)`, 1, ms(500 + 13 * i))] })),
      faults: [{ at: ms(300), fault: { op: "inject", to: new Name(MYSERVER, server), msg: { tag: "hello" } } }],
      until: sec(2),
      checks: [customCheck({ kind: "server-survives", node: server }), { kind: "completeness" }],
    };
  },
});

/** The server's node dies, rather than being told to disconnect. */
export const serverCrash: Scenario = chatScenario({
  name: "server-crash",
  group: "failure",
  title: "the server's node crashes: clients are left typing into the void",
  about:
    "Three clients on a LAN; the server's VM dies at 400 ms (a crash, not `disconnect`). The handout's clients hold `{myserver, Node}`, a name, so their sends never fail: each line is dropped because the node is down. The fixed client monitors its server and sees it go (`noconnection`).",
  params: COMMON_PARAMS,
  world: () => {
    const server = at("server_node", "10.0.0.1");
    return {
      system: "server",
      profile: "lan",
      servers: [{ node: server }],
      clients: THREE.map((name, i) => ({ name, node: at(name.toLowerCase(), `10.0.0.${i + 2}`), server: 0, at: ms(10 * i), actions: [...typed(name, 1, ms(100 + 13 * i)), ...typed(`${name} (after)`, 1, ms(600 + 13 * i))] })),
      faults: [{ at: ms(400), fault: { op: "crash", node: server } }],
      until: sec(2),
      checks: [toldServerLeft("clients-notified-on-crash", ms(400)), { kind: "completeness" }],
    };
  },
});

/** When the restart scenario's server node dies, is started again, and `server:start()` is typed. */
export const RESTART = { crash: ms(400), restart: ms(550), start: ms(600), rejoin: ms(700), after: ms(900) } as const;

/** The single server crashes and is started again: who chats after that, with and without joining again. */
export const serverRestart: Scenario = chatScenario({
  name: "server-restart",
  group: "failure",
  title: "the single server crashes and is started again: clients must join again",
  about:
    "Four clients on a LAN. The server's VM dies at 400 ms, comes back at 550 ms, and `server:start()` is typed at 600 ms: a new server with an empty client list. John and Mary carry on typing without joining again; Ana and Paul type `client:start` again at 700 ms. Their clients hold `{myserver, Node}`, a name, so John's and Mary's lines reach the new server, which broadcasts them to the clients it knows: Ana and Paul, joined again, see them, while John and Mary see nothing at all, not even their own lines, and nothing tells them why. The fixed client sees its server go, says so and stops: it must be started again too.",
  params: COMMON_PARAMS,
  world: () => {
    const server = at("server_node", "10.0.0.1");
    const stay = ["John", "Mary"];
    const back = ["Ana", "Paul"];
    const nodeOf = (name: string, i: number): string => at(name.toLowerCase(), `10.0.0.${i + 2}`);
    return {
      system: "server",
      profile: "lan",
      servers: [{ node: server }, { node: server, at: RESTART.start }],
      clients: [
        ...[...stay, ...back].map((name, i) => ({ name, node: nodeOf(name, i), server: 0, at: ms(10 * i), actions: [...typed(name, 1, ms(100 + 13 * i)), ...(stay.includes(name) ? typed(`${name} (after)`, 1, RESTART.after + ms(13 * i)) : [])] })),
        ...back.map((name, i) => ({ name: `${name} (again)`, node: nodeOf(name, i + 2), server: 0, at: RESTART.rejoin + ms(10 * i), actions: typed(`${name} (again)`, 1, RESTART.after + ms(30 + 13 * i)) })),
      ],
      faults: [
        { at: RESTART.crash, fault: { op: "crash", node: server } },
        { at: RESTART.restart, fault: { op: "restart", node: server } },
      ],
      until: sec(2),
      checks: [
        toldServerLeft("clients-told-of-crash", RESTART.crash, [...stay, ...back]),
        customCheck({ kind: "reach", name: "chat-resumes-without-rejoin", from: RESTART.rejoin, senders: stay, receivers: stay }),
        customCheck({ kind: "reach", name: "rejoined-clients-chat", from: RESTART.rejoin, senders: back.map((n) => `${n} (again)`), receivers: back.map((n) => `${n} (again)`) }),
        customCheck({ kind: "reach", name: "rejoined-see-the-rest", from: RESTART.rejoin, senders: stay, receivers: back.map((n) => `${n} (again)`) }),
      ],
    };
  },
});

const SERVERS = [at("server1", "10.0.0.1"), at("server2", "10.0.0.2"), at("server3", "10.0.0.3")];

/** When the stray message reaches server2's first server. */
export const STRAY_AT = ms(300);

/** A stray message to a server2 server: relayed to its clients, whose catch-all ends them. */
export const server2UnsupportedMessage: Scenario = chatScenario({
  name: "server2-unsupported-message",
  group: "failure",
  title: "a stray message to a server2 server is relayed to its clients, and their catch-all ends them",
  about:
    "Three server2 servers with two clients each; at 300 ms someone sends `{myserver, 'server1@10.0.0.1'} ! hello` from a shell. server2's last clause, `RelayMessage`, takes anything it does not know for a chat event and relays it to its own clients; the handout client's catch-all prints \"Received unsupported message: hello\" and, having no recursive call, ends. server1 lives on, but its two clients are gone: they see no more lines, and their own lines still go out (the main task still sends). The fixed server2 relays only chat events and prints the rest; the fixed client's catch-all loops anyway.",
  params: COMMON_PARAMS,
  world: () => {
    const names = ["John", "Mary", "Ana", "Paul", "Lucy", "Omar"];
    return {
      system: "server2",
      profile: "lan",
      servers: [{ node: SERVERS[0]! }, { node: SERVERS[1]!, at: ms(10), boot: 0 }, { node: SERVERS[2]!, at: ms(20), boot: 0 }],
      clients: names.map((name, i) => ({ name, node: at(name.toLowerCase(), `10.0.${(i % 3) + 1}.${10 + i}`), server: i % 3, at: ms(100 + 5 * i), actions: [...typed(name, 1, ms(200 + 11 * i)), ...typed(`${name} (after)`, 1, ms(500 + 11 * i))] })),
      faults: [{ at: STRAY_AT, fault: { op: "inject", to: new Name(MYSERVER, SERVERS[0]!), msg: { tag: "hello" } } }],
      until: sec(2),
      checks: [customCheck({ kind: "clients-survive" }), customCheck({ kind: "server-survives", node: SERVERS[0]! }), customCheck({ kind: "reach", name: "clients-keep-chatting", from: ms(400), senders: names, receivers: names })],
    };
  },
});

/** The 2012 report's figure 9: a server2 node killed, restarted and joining again. */
export const rejoinAfterCrash: Scenario = chatScenario({
  name: "rejoin-after-crash",
  group: "failure",
  title: "a server2 node crashes, restarts and joins again (the 2012 report's figure 9)",
  about:
    "Three server2 servers with a client each. server2's VM dies at 400 ms and is started again at 600 ms with `server2:start({myserver, 'server1@10.0.0.1'})`. Nobody removed the dead server from the lists, so they now hold its old pid as well as the new one: relays to the old incarnation are discarded, and the lists disagree with who is serving. The fixed server2 notices the crash and removes it.",
  params: COMMON_PARAMS,
  world: () => ({
    system: "server2",
    profile: "lan",
    servers: [{ node: SERVERS[0]! }, { node: SERVERS[1]!, at: ms(10), boot: 0 }, { node: SERVERS[2]!, at: ms(20), boot: 0 }, { node: SERVERS[1]!, at: ms(600), boot: 0 }],
    clients: THREE.map((name, i) => ({ name, node: at(name.toLowerCase(), `10.0.${i + 1}.10`), server: i, at: ms(100 + 5 * i), actions: [...typed(name, 1, ms(200 + 7 * i)), ...(i === 1 ? [] : typed(`${name} (after)`, 1, ms(900 + 7 * i)))] })),
    faults: [
      { at: ms(400), fault: { op: "crash", node: SERVERS[1]! } },
      { at: ms(550), fault: { op: "restart", node: SERVERS[1]! } },
    ],
    until: sec(2),
    checks: [{ kind: "membership" }, { kind: "duplicates" }],
  }),
});

/** A server2 network split and healed, shorter or longer than the nodes' tick time. */
export const partition: Scenario = chatScenario({
  name: "partition",
  group: "failure",
  title: "server2 split by a network partition, then healed",
  about:
    "Three server2 servers with two clients each. From 500 ms, for `cut` (1 s by default), server3 and its clients are cut off from the rest, and each user types a line halfway through the cut. Distributed Erlang notices a silent peer only after `net_ticktime` (`ticktime`, Erlang's 60 s by default): 45 to 75 s after the cut, by when each end last read anything from the other (74.5 s here, the cut coming 0.5 s after the start); a cut that heals before then loses nothing, for the connections hold what reaches the cut and deliver it at the heal. A cut that lasts until it is noticed takes the connections down then: the lines held at the cut are lost (traced as `partition`). After the heal the next send reconnects, and lines flow again.",
  params: [
    ...COMMON_PARAMS,
    { kind: "duration", name: "cut", doc: "how long the partition lasts (from 500 ms)", default: sec(1) },
    { kind: "duration", name: "ticktime", doc: "every node's net_ticktime: a cut is noticed from 3/4 ticktime to 5/4 ticktime after it starts", default: sec(60) },
  ],
  world: (ctx) => {
    const names = ["John", "Mary", "Ana", "Paul", "Lucy", "Omar"];
    const nodes = names.map((n, i) => at(n.toLowerCase(), `10.0.${(i % 3) + 1}.${10 + i}`));
    const side = [SERVERS[2]!, nodes[2]!, nodes[5]!];
    const rest = [SERVERS[0]!, SERVERS[1]!, nodes[0]!, nodes[1]!, nodes[3]!, nodes[4]!];
    const cut = get.int(ctx.params, "cut");
    const healAt = ms(500) + cut;
    return {
      system: "server2",
      profile: "lan",
      netTicktime: get.int(ctx.params, "ticktime"),
      servers: [{ node: SERVERS[0]! }, { node: SERVERS[1]!, at: ms(10), boot: 0 }, { node: SERVERS[2]!, at: ms(20), boot: 0 }],
      clients: names.map((name, i) => ({ name, node: nodes[i]!, server: i % 3, at: ms(100 + 5 * i), actions: [...typed(name, 1, ms(300 + 11 * i)), ...typed(`${name} (cut)`, 1, ms(500 + 11 * i) + Math.floor(cut / 2)), ...typed(`${name} (healed)`, 1, healAt + ms(300 + 11 * i))] })),
      faults: [
        { at: ms(500), fault: { op: "partition", a: side, b: rest } },
        { at: healAt, fault: { op: "heal" } },
      ],
      until: healAt + ms(1500),
      checks: [...CHAT_CHECKS, { kind: "liveness", from: healAt }],
    };
  },
});

/** The failure scenarios. */
export const FAILURES: readonly Scenario[] = [unsupportedMessage, server2UnsupportedMessage, serverCrash, serverRestart, rejoinAfterCrash, partition, faultTolerance];
