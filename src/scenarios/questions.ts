/**
 * One scenario per open question of the handout, (a) to (j), each built to produce the
 * evidence its question needs. The answers are the verdicts and metrics of their runs.
 */
import { MYSERVER, msg, type ReplyRule } from "../nodes/index.js";
import { ConfigError, latency, ms, Name, sec, type Micros } from "../sim/index.js";
import { chatScenario, type ChatWorld, type ClientSpec, type ServerSpec } from "./chat.js";
import { ms2 } from "./milestones.js";
import { customCheck } from "./customChecks.js";
import { COMMON_PARAMS, get, type ParamSpec } from "./params.js";
import type { BuildContext, CheckSpec, Scenario } from "./scenario.js";
import { at, ORDER_CHECKS, toldServerLeft, typed } from "./workload.js";

const SYSTEM = (def: "server" | "server2"): ParamSpec => ({ kind: "enum", name: "system", doc: "central server or replicated server2", default: def, values: ["server", "server2"] });

const SCALE_PARAMS = (def: "server" | "server2"): readonly ParamSpec[] => [
  ...COMMON_PARAMS,
  SYSTEM(def),
  { kind: "int", name: "clients", doc: "number of clients (a full trace is kept: thousands, not millions; `chatty-sim bench scale` goes further)", default: 100, min: 2, max: 5_000 },
  { kind: "int", name: "servers", doc: "server2 servers (ignored for server)", default: 3, min: 1, max: 100 },
  { kind: "int", name: "senders", doc: "clients that type (the first ones)", default: 10, min: 1, max: 5_000 },
  { kind: "int", name: "lines", doc: "lines each sender types", default: 5, min: 1, max: 100_000 },
  { kind: "duration", name: "gap", doc: "time between one sender's lines", default: ms(20) },
  { kind: "duration", name: "sendCost", doc: "a server's processing time per message it sends (a remote send: encoding and the distribution port)", default: 5 },
  { kind: "duration", name: "receiveCost", doc: "a server's processing time per message it takes", default: 5 },
];

/** Servers named server1@10.0.0.1 …; server2 servers after the first join through it, 10 ms apart. */
function serversFor(system: "server" | "server2", n: number): ServerSpec[] {
  const count = system === "server" ? 1 : n;
  return Array.from({ length: count }, (_, i) => ({ node: at(`server${i + 1}`, `10.0.0.${i + 1}`), ...(i > 0 ? { at: ms(10 * i), boot: 0 } : {}) }));
}

/** When the scalability load's clients start joining (over the next 100 ms). */
export const SCALE_JOINS_FROM = ms(100);

/**
 * When the scalability load's senders start typing. Every join is broadcast to everyone
 * joined before, N²/2 sends in all; typing starts once that storm is surely over, so the
 * latencies measure the steady state.
 */
export function scaleTypingAt(clients: number, sendCost: Micros): Micros {
  return ms(500) + clients * clients * sendCost;
}

/** The scalability load (questions a and j): `clients` clients on 10 client machines, `senders` of them typing. */
function scaleWorld(ctx: BuildContext): ChatWorld {
  const system = get.str(ctx.params, "system") as "server" | "server2";
  const n = get.int(ctx.params, "clients");
  const senders = get.int(ctx.params, "senders");
  if (senders > n) throw new ConfigError(`bad value ${senders} for senders: at most clients (${n})`);
  const servers = serversFor(system, get.int(ctx.params, "servers"));
  const lines = get.int(ctx.params, "lines");
  const gap = get.int(ctx.params, "gap");
  const typingAt = scaleTypingAt(n, get.int(ctx.params, "sendCost"));
  const clients: ClientSpec[] = Array.from({ length: n }, (_, i) => {
    const name = `c${i + 1}`;
    return {
      name,
      node: at(`clients${(i % 10) + 1}`, `10.0.1.${(i % 10) + 1}`),
      server: i % servers.length,
      at: SCALE_JOINS_FROM + Math.floor((i * ms(100)) / n),
      actions: i < senders ? typed(name, lines, typingAt + Math.floor((i * gap) / senders), gap) : [],
    };
  });
  return {
    system,
    profile: "lan",
    servers,
    clients,
    serverCosts: { sendCost: get.int(ctx.params, "sendCost"), receiveCost: get.int(ctx.params, "receiveCost") },
    until: typingAt + lines * gap + sec(60),
    checks: [{ kind: "completeness" }, { kind: "fifo" }],
  };
}

/** (a) Does the central server scale with the number of clients? */
export const qa: Scenario = chatScenario({
  name: "q-a",
  group: "question",
  title: "(a) does the central server scale? latency and load against the number of clients",
  about:
    "N clients join one server; once all have joined, ten of them type five lines each, 20 ms apart, so a line reaches the server every 2 ms. Each line costs the server one send per client (5 µs each), so broadcasting one line takes N × 5 µs; once that passes 2 ms (N ≈ 400) the server cannot keep up, its mailbox grows and latency climbs with every line. Joining costs too: each join is broadcast to all, N²/2 sends in all. Run it with --set clients=… to find the knee; the report sweeps it against server2.",
  params: SCALE_PARAMS("server"),
  world: (ctx) => scaleWorld(ctx),
});

/** (j) The same load on server2. */
export const qj: Scenario = chatScenario({
  name: "q-j",
  group: "question",
  title: "(j) server2 against server: the same load on three replicated servers; hops and latency",
  about:
    "The load of (a) on three server2 servers, clients spread evenly. Each server relays a line to its own clients only, so the work per server falls, but every line takes one more hop (client → its server → every server → clients) and the servers' list is one more thing to keep right.",
  params: SCALE_PARAMS("server2"),
  world: (ctx) => scaleWorld(ctx),
});

/** (b) The server disconnects: MS2 under the question's name. */
export const qb: Scenario = {
  ...ms2,
  name: "q-b",
  group: "question",
  title: "(b) what happens to the chat if the server disconnects?",
};

/** The slow route of (e) and (h), from the first server to the last, as across an ocean. */
const SLOW_ROUTE = ms(400);

/** Clients far from each other on a WAN, around one server or three; `slowFirstToLast` µs on the route from the first server to the last (0: none). */
function wanWorld(system: "server" | "server2", clients: readonly Omit<ClientSpec, "node">[], checks: readonly CheckSpec[], until: Micros, slowFirstToLast: Micros = 0): ChatWorld {
  const servers = serversFor(system, 3);
  return {
    system,
    profile: "wan",
    servers,
    // Clients start once the servers have found each other across the WAN (the slow route included).
    clients: clients.map((c, i) => ({ at: ms(600 + 5 * i), ...c, node: at(c.name.toLowerCase(), `10.0.${(i % 3) + 1}.${10 + i}`) })),
    // One slow route, so that a line relayed on it can be overtaken (as across an ocean).
    links: slowFirstToLast > 0 && system === "server2" ? [{ from: servers[0]!.node, to: servers[2]!.node, latency: latency.constant(slowFirstToLast) }] : [],
    until,
    checks,
  };
}

const BURST = 20;
/** When the WAN questions' clients start typing: everyone has joined by then. */
const T0 = sec(1);

/** (c) One client types a burst; does every other client get it in order? */
export const qc: Scenario = chatScenario({
  name: "q-c",
  group: "question",
  title: "(c) are one client's messages delivered to every other client in the order sent?",
  about:
    "John types twenty lines 1 ms apart across a WAN whose latency varies by tens of milliseconds, so messages would overtake each other if the network let them. Erlang guarantees order between a pair of processes (the FAQ's 'order of message reception'); compare `process-pair`, `node-pair` and `--set ordering=none`.",
  params: [...COMMON_PARAMS, SYSTEM("server")],
  world: (ctx) =>
    wanWorld(
      get.str(ctx.params, "system") as "server" | "server2",
      [
        { name: "John", server: 0, actions: typed("John", BURST, T0, ms(1)) },
        { name: "Mary", server: 1 % (get.str(ctx.params, "system") === "server" ? 1 : 3) },
        { name: "Ana", server: 2 % (get.str(ctx.params, "system") === "server" ? 1 : 3) },
      ],
      [{ kind: "fifo" }, { kind: "completeness" }],
      sec(5),
    ),
});

/** Senders typing at nearly the same moment, from near and far. */
function concurrentClients(system: "server" | "server2"): Omit<ClientSpec, "node">[] {
  const servers = system === "server" ? 1 : 3;
  return ["John", "Mary", "Ana", "Paul"].map((name, i) => ({ name, server: i % servers, actions: typed(name, 3, T0 + ms(2) * i, ms(5)) }));
}

/** (d) Several clients type at once: issue order, and one common order. */
export const qd: Scenario = chatScenario({
  name: "q-d",
  group: "question",
  title: "(d) are concurrent messages from several clients delivered in the order issued?",
  about:
    "Four clients type three lines each within 20 ms across a WAN whose latency varies by tens of milliseconds, so lines from different senders can reach the server in another order than they were typed. The checks ask whether every client shows them in the order issued, and whether all clients at least agree on one order; `--set system=server2` asks the same of three servers.",
  params: [...COMMON_PARAMS, SYSTEM("server")],
  world: (ctx) => {
    const system = get.str(ctx.params, "system") as "server" | "server2";
    return wanWorld(system, concurrentClients(system), [{ kind: "issue-order" }, { kind: "total-order" }, { kind: "fifo" }, { kind: "completeness" }], sec(5));
  },
});

/** John asks, Mary answers as soon as she sees it, Ana reads both. */
function replyClients(system: "server" | "server2"): Omit<ClientSpec, "node">[] {
  const servers = system === "server" ? 1 : 3;
  const answers: ReplyRule[] = [{ from: "John", text: "John: line 1", think: ms(1), reply: "Mary: re John: line 1" }];
  return [
    { name: "John", server: 0, actions: typed("John", 1, T0) },
    { name: "Mary", server: 1 % servers, replies: answers },
    { name: "Ana", server: 2 % servers },
  ];
}

/** (e) Can a reply reach a third client before the message it answers? */
export const qe: Scenario = chatScenario({
  name: "q-e",
  group: "question",
  title: "(e) can a third client see a reply before the message it answers?",
  about:
    "John asks, Mary answers the moment she sees the question, Ana reads both. With one server the question leaves the server for Ana before the answer can even reach the server, and links keep order. With `--set system=server2` each is on its own server and the route from John's server to Ana's is slow (400 ms, `slowRoute`), so the answer has a shorter way to Ana than the question; `--set slowRoute=0` leaves every link the default WAN.",
  params: [...COMMON_PARAMS, SYSTEM("server"), { kind: "duration", name: "slowRoute", doc: "latency of the route from server1 to server3 (server2; 0: the default WAN)", default: SLOW_ROUTE }],
  world: (ctx) => {
    const system = get.str(ctx.params, "system") as "server" | "server2";
    return wanWorld(system, replyClients(system), [{ kind: "reply-order" }, { kind: "causal" }, { kind: "completeness" }], sec(5), get.int(ctx.params, "slowRoute"));
  },
});

/** (f) Joining or leaving while the server is broadcasting. */
export const qf: Scenario = chatScenario({
  name: "q-f",
  group: "question",
  title: "(f) does a client joining or leaving during a broadcast receive that message?",
  about:
    "Sixty clients chat through one server, so each broadcast takes the server a while; Zoe joins and John leaves while lines are on their way. The server handles one request at a time, so what they get is decided by the order in which it takes the requests: the checks compare what each showed with where the server took its join or leave among the lines (positions in the trace). Which request wins the race to the server changes from seed to seed; run several seeds (`chatty-sim sweep q-f --seeds 1..100`) to see both outcomes. John leaves by typing `exit`: the handout's client as printed tests `Text == \"exit~n\"`, which no typed line equals (`~n` is a newline only in a format string), so it would never leave; chatty-sim's client tests `\"exit\\n\"`, the evident intent (reports/conformance.md, Leaving).",
  params: COMMON_PARAMS,
  world: () => {
    const crowd: ClientSpec[] = Array.from({ length: 60 }, (_, i) => ({
      name: i === 0 ? "John" : `c${i + 1}`,
      node: at(`clients${(i % 6) + 1}`, `10.0.1.${(i % 6) + 1}`),
      server: 0,
      at: ms(i),
      actions: i === 0 ? [{ at: ms(503), do: "leave" as const }] : i < 6 ? typed(`c${i + 1}`, 2, ms(500) + ms(1) * i, ms(2)) : [],
    }));
    const zoe: ClientSpec = { name: "Zoe", node: at("zoe", "10.0.2.1"), server: 0, at: ms(502) };
    return {
      system: "server",
      profile: "lan",
      servers: [{ node: at("server1", "10.0.0.1") }],
      clients: [...crowd, zoe],
      until: sec(3),
      checks: [{ kind: "join-during-broadcast" }, { kind: "leave-during-broadcast" }, { kind: "completeness" }],
    };
  },
});

/** (g) A server2 server disconnects: are its clients told? */
export const qg: Scenario = chatScenario({
  name: "q-g",
  group: "question",
  title: "(g) what happens to the chat if a server2 server disconnects?",
  about:
    "Three server2 servers with two clients each; server3 is sent `disconnect` at 800 ms. The others drop it from their lists and chat on; its clients are not told and their lines vanish (handout). The fixed server2 tells them.",
  params: COMMON_PARAMS,
  world: () => {
    const servers = serversFor("server2", 3);
    const names = ["John", "Mary", "Ana", "Paul", "Lucy", "Omar"];
    return {
      system: "server2",
      profile: "lan",
      servers,
      clients: names.map((name, i) => ({ name, node: at(name.toLowerCase(), `10.0.${(i % 3) + 1}.${10 + i}`), server: i % 3, at: ms(100 + 5 * i), actions: [...typed(name, 1, ms(300 + 11 * i)), ...typed(`${name} (after)`, 1, ms(1000 + 11 * i))] })),
      faults: [{ at: ms(800), fault: { op: "inject", to: new Name(MYSERVER, servers[2]!.node), msg: msg.disconnect() } }],
      until: sec(3),
      checks: [toldServerLeft("clients-notified-on-server-leave", ms(800), ["Ana", "Omar"]), customCheck({ kind: "leaves-shown", who: ["Ana", "Omar"], since: ms(800) }), { kind: "completeness" }, { kind: "membership" }],
    };
  },
});

/** (h) Do (c), (d) and (e) still hold with server2? */
export const qh: Scenario = chatScenario({
  name: "q-h",
  group: "question",
  title: "(h) do the answers to (c), (d) and (e) still hold with server2?",
  about:
    "The workloads of (c), (d) and (e) together on three server2 servers over a WAN, with one slow route between servers: one sender's burst, four concurrent senders, and a question answered at once. Each server relays in the order it receives; the checks show which of the earlier answers survive that.",
  params: COMMON_PARAMS,
  world: () => {
    const clients: Omit<ClientSpec, "node">[] = [
      ...replyClients("server2"),
      { name: "Paul", server: 0, actions: typed("Paul", BURST, T0 + sec(1), ms(1)) },
      ...concurrentClients("server2").map((c) => ({ ...c, name: `${c.name}2`, actions: typed(`${c.name}2`, 3, c.actions![0]!.at + sec(2), ms(5)) })),
    ];
    return wanWorld("server2", clients, [...ORDER_CHECKS, { kind: "reply-order" }, { kind: "completeness" }], sec(6), SLOW_ROUTE);
  },
});

/** (i) Concurrent joins and leaves of servers. */
export const qi: Scenario = chatScenario({
  name: "q-i",
  group: "question",
  title: "(i) what happens to the server list with concurrent joins and leaves?",
  about:
    "server1 starts; server2 and server3 join through server1 at the same instant, and server4 joins through server2 before server2 has heard of the others; later server2 disconnects while server5 joins. Each join request is answered with the list its receiver has at that moment, and updates cross in flight, so the lists can end up different, with servers missing or listed twice.",
  params: COMMON_PARAMS,
  world: () => {
    const servers: ServerSpec[] = [
      { node: at("server1", "10.0.0.1") },
      { node: at("server2", "10.0.0.2"), at: ms(10), boot: 0 },
      { node: at("server3", "10.0.0.3"), at: ms(10), boot: 0 },
      { node: at("server4", "10.0.0.4"), at: ms(10), boot: 1 },
      { node: at("server5", "10.0.0.5"), at: ms(500), boot: 2 },
    ];
    // One client on each server that stays.
    const users = [["John", 0], ["Ana", 2], ["Paul", 3], ["Lucy", 4]] as const;
    return {
      system: "server2",
      profile: "lan",
      servers,
      clients: users.map(([name, server], i) => ({ name, node: at(name.toLowerCase(), `10.0.${server + 1}.10`), server, at: ms(700), actions: typed(name, 1, ms(900 + 7 * i)) })),
      faults: [{ at: ms(500), fault: { op: "inject", to: new Name(MYSERVER, servers[1]!.node), msg: msg.disconnect() } }],
      until: sec(3),
      checks: [{ kind: "membership" }, { kind: "completeness" }],
    };
  },
});

/** The questions, in order. */
export const QUESTIONS: readonly Scenario[] = [qa, qb, qc, qd, qe, qf, qg, qh, qi, qj];
