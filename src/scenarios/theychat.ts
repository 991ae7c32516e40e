/**
 * TheyChat: the supervised router/server system of the TheyChat brief. Each scenario
 * kills one role mid-chat and checks that the system resumes without anyone joining again:
 * lines typed after the recovery reach every client still in the topic.
 */
import { observedTerminal, theychat } from "../nodes/index.js";
import { ms, Name, sec, Simulation, type Fault, type Micros } from "../sim/index.js";
import { linkFor, type Profile } from "./chat.js";
import { buildTheyChat } from "./theychatSystem.js";
import { customCheck } from "./customChecks.js";
import { get, NETWORK_PARAMS, type ParamSpec } from "./params.js";
import { terminalView, type BuildContext, type Built, type CheckSpec, type ClientView, type Scenario, type TraceView } from "./scenario.js";

/** A step of a TheyChat client's script. */
export type TheyChatStep = theychat.ClientStep;
type Steps = readonly TheyChatStep[];

const join = (at: Micros, topic = "sports"): theychat.ClientStep => ({ at, op: "join", topic });
const say = (at: Micros, text: string, topic = "sports"): theychat.ClientStep => ({ at, op: "send", topic, text });

/** A TheyChat client's screen as a terminal view (lines prefixed by topic when several). */
const view = (s: theychat.Screen, topics: boolean): ClientView => terminalView(s, (e) => theychat.formatEntry(e, { topics, viewer: s.node }));

const NO_REJOIN = customCheck({ kind: "no-rejoin" });
const DEAD_CLIENT_REMOVED = customCheck({ kind: "dead-client-removed" });
const TOPICS_ISOLATED = customCheck({ kind: "topics-isolated" });

/** Where TheyChat's router and router monitor run, and each topic's chat by default. */
const ROUTER_NODE = "router@127.0.0.1";
const MONITOR_NODE = "router_monitor@127.0.0.1";
const SERVER_NODE = "server@127.0.0.1";

/** `{router, RouterNode}`. */
const ROUTER_NAME = new Name(theychat.ROUTER, ROUTER_NODE);
/** The names a topic's chat server and server monitor register on its node. */
const chatOf = (topic: string, node = SERVER_NODE): Name => new Name(theychat.serverChatName(topic), node);
const monitorOf = (topic: string, node = SERVER_NODE): Name => new Name(theychat.serverMonitorName(topic), node);

/** A TheyChat world as data: its topics, the clients' scripts, the fault timeline and the checks. */
export interface TheyChatWorld {
  readonly system: "theychat";
  readonly profile: Profile;
  readonly topics: readonly { readonly topic: string; readonly node?: string }[];
  readonly clients: readonly { readonly name: string; readonly node?: string; readonly script: Steps }[];
  readonly faults: readonly { readonly at: Micros; readonly fault: Fault }[];
  readonly until: Micros;
  readonly checks: readonly CheckSpec[];
  /** False: the failing baseline, whose restarted processes start without the state they had. */
  readonly backup?: boolean;
}

/** Builds a TheyChat world into a simulation, its router and monitor on their own nodes. */
export function buildTheyChatWorld(w: TheyChatWorld, ctx: BuildContext): Built {
  const sim = new Simulation({ seed: ctx.seed, trace: ctx.trace, network: { default: linkFor(w.profile, ctx) } });
  const sys = buildTheyChat(sim, { routerNode: ROUTER_NODE, monitorNode: MONITOR_NODE, topics: w.topics, clients: w.clients, ...(w.backup === false ? { backup: false } : {}) });
  for (const f of w.faults) sim.at(f.at, f.fault);
  const read = { clients: (t: TraceView) => sys.clients.map((c) => view(observedTerminal<theychat.ScreenEvent>(t, c), w.topics.length > 1)) };
  return { sim, until: w.until, clients: read.clients(sim.trace), read, checks: w.checks };
}

/** A TheyChat scenario given by its world. */
function theyChatScenario(s: Omit<Scenario, "build" | "world"> & { readonly world: (ctx: BuildContext) => TheyChatWorld }): Scenario {
  return { ...s, build: (ctx) => buildTheyChatWorld(s.world(ctx), ctx) };
}

const world = (w: Omit<TheyChatWorld, "system" | "profile">): TheyChatWorld => ({ system: "theychat", profile: "sameMachine", ...w });

const FAILURE_AT = ms(500);
const RECOVERED = ms(800);
/**
 * When John types a line while the system recovers: 10 µs after the failure, before a
 * restarted chat's new pid can reach him (messages between VMs take at least 20 µs here).
 */
const DURING = FAILURE_AT + 10;

/**
 * John, Mary and Ana chat on `sports`, before and after a failure at 500 ms; John also types
 * one line just after it. Paul joins at 900 ms, after the recovery, through the router.
 */
const TRIO = [
  ...["John", "Mary", "Ana"].map((name, i) => ({
    name,
    script: [join(ms(10 + i)), say(ms(100 + 13 * i), `${name}: before`), ...(name === "John" ? [say(DURING, "John: during recovery")] : []), say(ms(1000 + 13 * i), `${name}: after`), say(ms(1200 + 13 * i), `${name}: later`)],
  })),
  { name: "Paul", script: [join(ms(900)), say(ms(1250), "Paul: later")] },
];

/** The line typed while the system recovers reaches the others. */
const DURING_RECOVERY = customCheck({ kind: "reach", name: "lines-during-recovery", from: FAILURE_AT, until: RECOVERED, senders: ["John"], receivers: ["Mary", "Ana"] });

const RESUMES: readonly CheckSpec[] = [{ kind: "liveness", from: RECOVERED }, NO_REJOIN, { kind: "fifo" }, DURING_RECOVERY, customCheck({ kind: "all-joined" })];

/** TheyChat's parameters: the common ones but `variant`, and `backup` (no: the failing baseline). */
const THEYCHAT_PARAMS: readonly ParamSpec[] = [
  ...NETWORK_PARAMS,
  { kind: "enum", name: "backup", doc: "whether restarted processes get their state back (no: the failing baseline, which restarts them empty)", default: "yes", values: ["yes", "no"] },
];

/** The baseline's `backup: false`, when the parameter asks for it. */
const backupOf = (ctx: BuildContext): { backup?: false } => (get.str(ctx.params, "backup") === "no" ? { backup: false } : {});

function failure(name: string, title: string, about: string, faults: { at: Micros; fault: Fault }[]): Scenario {
  return theyChatScenario({
    name,
    group: "theychat",
    title,
    about,
    params: THEYCHAT_PARAMS,
    world: (ctx) => world({ topics: [{ topic: "sports" }], clients: TRIO, faults, until: sec(3), checks: RESUMES, ...backupOf(ctx) }),
  });
}

export const routerCrash = failure(
  "theychat-router-crash",
  "TheyChat: the router dies; the router monitor restarts it with its table",
  "John, Mary and Ana chat on `sports`; the router is killed at 500 ms. Its monitor restarts it with the last table it backed up, the new router adopts the server monitors, and the chat goes on: lines typed from 1 s reach everyone, and nobody joins again.",
  [{ at: FAILURE_AT, fault: { op: "kill", target: ROUTER_NAME } }],
);

export const routerMonitorCrash = failure(
  "theychat-router-monitor-crash",
  "TheyChat: the router monitor dies, then the router; each is restarted by the other",
  "The router monitor is killed at 500 ms and the router restarts it; at 650 ms the router is killed and the restarted monitor brings it back with its table.",
  [
    { at: FAILURE_AT, fault: { op: "kill", target: new Name(theychat.ROUTER_MONITOR, MONITOR_NODE) } },
    { at: ms(650), fault: { op: "kill", target: ROUTER_NAME } },
  ],
);

export const serverCrash = failure(
  "theychat-server-crash",
  "TheyChat: the chat server crashes; its monitor restarts it with the client list",
  "The `sports` chat server crashes at 500 ms. Its server monitor restarts it with the client list it backed up, and the new server tells each client its pid: they keep chatting without joining again.",
  [{ at: FAILURE_AT, fault: { op: "kill", target: chatOf("sports"), reason: "crash" } }],
);

export const serverMonitorCrash = failure(
  "theychat-server-monitor-crash",
  "TheyChat: the server monitor dies; the router restarts it",
  "The `sports` server monitor is killed at 500 ms (its chat server dies with it, being linked). The router restarts the monitor with the state it was told, the monitor restarts the chat server, and the clients are told the new pid.",
  [{ at: FAILURE_AT, fault: { op: "kill", target: monitorOf("sports") } }],
);

export const serverVmCrash = failure(
  "theychat-server-vm-crash",
  "TheyChat: the chat server's whole VM dies and comes back; the router restarts its monitor there",
  "The VM that runs the `sports` chat server and its server monitor dies at 500 ms (a node crash: both processes go at once, and the state they held with them) and is started again at 600 ms. The router, linked to the monitor from its own VM, sees it go (`noconnection`), retries until the node is back, and restarts the monitor there with the member list it was last told; the new chat tells each client its pid.",
  [
    { at: FAILURE_AT, fault: { op: "crash", node: SERVER_NODE } },
    { at: ms(600), fault: { op: "restart", node: SERVER_NODE } },
  ],
);

export const routerVmCrash = failure(
  "theychat-router-vm-crash",
  "TheyChat: the router's whole VM dies and comes back; the router monitor restarts the router there",
  "The router's VM dies at 500 ms and is started again at 600 ms. The router monitor, on its own VM, sees the router go (`noconnection`), retries until the node is back, and restarts the router there with the table it backed up; the new router adopts the server monitors.",
  [
    { at: FAILURE_AT, fault: { op: "crash", node: ROUTER_NODE } },
    { at: ms(600), fault: { op: "restart", node: ROUTER_NODE } },
  ],
);

export const clientCrash: Scenario = theyChatScenario({
  name: "theychat-client-crash",
  group: "theychat",
  title: "TheyChat: a client crashes; the server notices and stops sending to it",
  about: "Ana's client crashes at 500 ms. The chat server monitors its clients, so it removes her and tells the others she left; nothing more is sent to her dead process.",
  params: THEYCHAT_PARAMS,
  world: (ctx) =>
    world({
      ...backupOf(ctx),
      topics: [{ topic: "sports" }],
      clients: TRIO.map((c) => (c.name === "Ana" ? { ...c, script: [...c.script.filter((s) => s.at < FAILURE_AT), { at: FAILURE_AT, op: "crash" as const }] } : c)),
      faults: [],
      until: sec(3),
      checks: [DEAD_CLIENT_REMOVED, { kind: "liveness", from: RECOVERED }, NO_REJOIN],
    }),
});

export const topics: Scenario = theyChatScenario({
  name: "theychat-topics",
  group: "theychat",
  title: "TheyChat: two topics on two servers; a crash in one leaves the other alone",
  about: "`sports` runs on one server node and `music` on another; John and Mary chat on sports, Ana and Paul on music. The sports chat server crashes at 500 ms: music never notices, and sports recovers.",
  params: THEYCHAT_PARAMS,
  world: (ctx) =>
    world({
      ...backupOf(ctx),
      topics: [
        { topic: "sports", node: "server1@127.0.0.1" },
        { topic: "music", node: "server2@127.0.0.1" },
      ],
      clients: [
        ...["John", "Mary"].map((name, i) => ({ name, script: [join(ms(10 + i)), say(ms(100 + 13 * i), `${name}: sports before`), say(ms(1000 + 13 * i), `${name}: sports after`)] })),
        ...["Ana", "Paul"].map((name, i) => ({ name, script: [join(ms(20 + i), "music"), say(ms(110 + 13 * i), `${name}: music before`, "music"), say(ms(510 + 13 * i), `${name}: music during`, "music")] })),
      ],
      faults: [{ at: FAILURE_AT, fault: { op: "kill", target: chatOf("sports", "server1@127.0.0.1"), reason: "crash" } }],
      until: sec(3),
      checks: [TOPICS_ISOLATED, NO_REJOIN, { kind: "fifo" }],
    }),
});

/** The TheyChat scenarios. */
export const THEYCHAT: readonly Scenario[] = [routerCrash, routerMonitorCrash, serverCrash, serverMonitorCrash, serverVmCrash, routerVmCrash, clientCrash, topics];
