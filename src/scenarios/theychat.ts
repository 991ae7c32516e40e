/**
 * TheyChat: the supervised router/server system of the TheyChat brief. Each scenario
 * kills one role mid-chat and checks that the system resumes without anyone joining again:
 * lines typed after the recovery reach every client still in the topic.
 */
import { theychat } from "../nodes/index.js";
import { ms, sec, Simulation, type Fault, type Micros } from "../sim/index.js";
import { linkFor } from "./chat.js";
import { COMMON_PARAMS } from "./params.js";
import { terminalView, type BuildContext, type Built, type CheckSpec, type ClientView, type Judged, type Scenario } from "./scenario.js";

type Steps = readonly theychat.ClientStep[];

const join = (at: Micros, topic = "sports"): theychat.ClientStep => ({ at, op: "join", topic });
const say = (at: Micros, text: string, topic = "sports"): theychat.ClientStep => ({ at, op: "send", topic, text });

/** A TheyChat client's screen as a terminal view (lines prefixed by topic when several). */
const view = (s: theychat.Screen, topics: boolean): ClientView => terminalView(s, (e) => theychat.formatEntry(e, { topics, viewer: s.node }));

/** Each client asked to join each topic once: the recovery needed nobody to join again. */
const NO_REJOIN: CheckSpec = {
  kind: "custom",
  name: "no-rejoin",
  judge: (run: Judged) => {
    const bad: string[] = [];
    for (const c of run.clients) {
      const pids = new Set(c.pids.map((p) => p.key()));
      const joins = run.sim.trace.records.filter((r) => r.k === "send" && r.from !== null && pids.has(r.from.key()) && typeof r.msg === "object" && r.msg !== null && (r.msg as { tag?: unknown }).tag === "client_join_req");
      const topics = new Set(c.entries.filter((e) => e.kind === "typed" || e.kind === "join").map((e) => (e as { topic?: string }).topic));
      if (joins.length > topics.size) bad.push(`${c.name} sent ${joins.length} join requests`);
    }
    return bad.length === 0 ? { holds: true, detail: "no client had to join again" } : { holds: false, detail: `${bad.length} clients joined again`, evidence: bad };
  },
};

/** No message reaches a dead client's pid after its exit (the server noticed and removed it). */
const DEAD_CLIENT_REMOVED: CheckSpec = {
  kind: "custom",
  name: "dead-client-removed",
  judge: (run: Judged) => {
    const rec = run.sim.trace.records;
    const evidence: string[] = [];
    for (const c of run.clients) {
      for (const pid of c.pids) {
        const e = rec.find((r) => r.k === "exit" && r.pid === pid);
        if (e === undefined) continue;
        // Allow what was already on its way: sends made later than one round trip after the exit count.
        const late = rec.filter((r) => r.k === "send" && r.to === pid && r.t > e.t + ms(50));
        if (late.length > 0) evidence.push(`${late.length} messages were sent to ${c.name}'s dead process after ${e.t + ms(50)}µs`);
      }
    }
    return evidence.length === 0 ? { holds: true, detail: "nothing was sent to a dead client after it was noticed" } : { holds: false, detail: "a dead client was kept", evidence };
  },
};

interface TheyChatWorld {
  readonly topics: readonly { readonly topic: string; readonly node?: string }[];
  readonly clients: readonly { readonly name: string; readonly script: Steps }[];
  readonly faults: (sys: theychat.TheyChatSystem) => readonly { readonly at: Micros; readonly fault: Fault }[];
  readonly until: Micros;
  readonly checks: readonly CheckSpec[];
}

function buildWorld(w: TheyChatWorld, ctx: BuildContext): Built {
  const sim = new Simulation({ seed: ctx.seed, trace: ctx.trace, network: { default: linkFor("sameMachine", ctx) } });
  const sys = theychat.buildTheyChat(sim, { topics: w.topics, clients: w.clients });
  for (const f of w.faults(sys)) sim.at(f.at, f.fault);
  return { sim, until: w.until, clients: sys.clients.map((c) => view(c.screen, w.topics.length > 1)), checks: w.checks };
}

const FAILURE_AT = ms(500);
const RECOVERED = ms(800);

/** John, Mary and Ana chat on `sports`, before and after a failure at 500 ms. */
const TRIO = ["John", "Mary", "Ana"].map((name, i) => ({
  name,
  script: [join(ms(10 + i)), say(ms(100 + 13 * i), `${name}: before`), say(ms(1000 + 13 * i), `${name}: after`), say(ms(1200 + 13 * i), `${name}: later`)],
}));

const RESUMES: readonly CheckSpec[] = [{ kind: "liveness", from: RECOVERED }, NO_REJOIN, { kind: "fifo" }];

function failure(name: string, title: string, about: string, kill: (sys: theychat.TheyChatSystem) => { at: Micros; fault: Fault }[]): Scenario {
  return {
    name,
    group: "theychat",
    title,
    about,
    params: COMMON_PARAMS.filter((p) => p.name !== "variant"),
    build: (ctx) => buildWorld({ topics: [{ topic: "sports" }], clients: TRIO, faults: kill, until: sec(3), checks: RESUMES }, ctx),
  };
}

export const routerCrash = failure(
  "theychat-router-crash",
  "TheyChat: the router dies; the router monitor restarts it with its table",
  "John, Mary and Ana chat on `sports`; the router is killed at 500 ms. Its monitor restarts it with the last table it backed up, the new router adopts the server monitors, and the chat goes on: lines typed from 1 s reach everyone, and nobody joins again.",
  (sys) => [{ at: FAILURE_AT, fault: { op: "kill", target: sys.routerName } }],
);

export const routerMonitorCrash = failure(
  "theychat-router-monitor-crash",
  "TheyChat: the router monitor dies, then the router; each is restarted by the other",
  "The router monitor is killed at 500 ms and the router restarts it; at 650 ms the router is killed and the restarted monitor brings it back with its table.",
  (sys) => [
    { at: FAILURE_AT, fault: { op: "kill", target: sys.routerMonitorName } },
    { at: ms(650), fault: { op: "kill", target: sys.routerName } },
  ],
);

export const serverCrash = failure(
  "theychat-server-crash",
  "TheyChat: the chat server crashes; its monitor restarts it with the client list",
  "The `sports` chat server crashes at 500 ms. Its server monitor restarts it with the client list it backed up, and the new server tells each client its pid: they keep chatting without joining again.",
  (sys) => [{ at: FAILURE_AT, fault: { op: "kill", target: sys.topics[0]!.serverChat, reason: "crash" } }],
);

export const serverMonitorCrash = failure(
  "theychat-server-monitor-crash",
  "TheyChat: the server monitor dies; the router restarts it",
  "The `sports` server monitor is killed at 500 ms (its chat server dies with it, being linked). The router restarts the monitor with the state it was told, the monitor restarts the chat server, and the clients are told the new pid.",
  (sys) => [{ at: FAILURE_AT, fault: { op: "kill", target: sys.topics[0]!.serverMonitor } }],
);

export const clientCrash: Scenario = {
  name: "theychat-client-crash",
  group: "theychat",
  title: "TheyChat: a client crashes; the server notices and stops sending to it",
  about: "Ana's client crashes at 500 ms. The chat server monitors its clients, so it removes her and tells the others she left; nothing more is sent to her dead process.",
  params: COMMON_PARAMS.filter((p) => p.name !== "variant"),
  build: (ctx) =>
    buildWorld(
      {
        topics: [{ topic: "sports" }],
        clients: TRIO.map((c) => (c.name === "Ana" ? { ...c, script: [...c.script.filter((s) => s.at < FAILURE_AT), { at: FAILURE_AT, op: "crash" as const }] } : c)),
        faults: () => [],
        until: sec(3),
        checks: [DEAD_CLIENT_REMOVED, { kind: "liveness", from: RECOVERED }, NO_REJOIN],
      },
      ctx,
    ),
};

/** No client shows a line of a topic it never joined. */
const TOPICS_ISOLATED: CheckSpec = {
  kind: "custom",
  name: "topics-isolated",
  judge: (run: Judged) => {
    const evidence: string[] = [];
    for (const c of run.clients) {
      const joined = new Set(c.entries.filter((e) => e.kind === "typed" || e.kind === "join").map((e) => (e as { topic?: string }).topic));
      for (const e of c.entries) {
        const topic = (e as { topic?: string }).topic;
        if (e.kind === "message" && topic !== undefined && !joined.has(topic)) evidence.push(`${c.name} showed a line of ${topic}, which it never joined`);
      }
    }
    return evidence.length === 0 ? { holds: true, detail: "every client saw only its own topics" } : { holds: false, detail: "lines crossed topics", evidence };
  },
};

export const topics: Scenario = {
  name: "theychat-topics",
  group: "theychat",
  title: "TheyChat: two topics on two servers; a crash in one leaves the other alone",
  about: "`sports` runs on one server node and `music` on another; John and Mary chat on sports, Ana and Paul on music. The sports chat server crashes at 500 ms: music never notices, and sports recovers.",
  params: COMMON_PARAMS.filter((p) => p.name !== "variant"),
  build: (ctx) =>
    buildWorld(
      {
        topics: [
          { topic: "sports", node: "server1@127.0.0.1" },
          { topic: "music", node: "server2@127.0.0.1" },
        ],
        clients: [
          ...["John", "Mary"].map((name, i) => ({ name, script: [join(ms(10 + i)), say(ms(100 + 13 * i), `${name}: sports before`), say(ms(1000 + 13 * i), `${name}: sports after`)] })),
          ...["Ana", "Paul"].map((name, i) => ({ name, script: [join(ms(20 + i), "music"), say(ms(110 + 13 * i), `${name}: music before`, "music"), say(ms(510 + 13 * i), `${name}: music during`, "music")] })),
        ],
        faults: (sys) => [{ at: FAILURE_AT, fault: { op: "kill", target: sys.topics[0]!.serverChat, reason: "crash" } }],
        until: sec(3),
        checks: [TOPICS_ISOLATED, NO_REJOIN, { kind: "fifo" }],
      },
      ctx,
    ),
};

/** The TheyChat scenarios. */
export const THEYCHAT: readonly Scenario[] = [routerCrash, routerMonitorCrash, serverCrash, serverMonitorCrash, clientCrash, topics];
