/** The handout's experimental milestones MS1 to MS5. */
import { MYSERVER, msg } from "../nodes/index.js";
import { ms, Name, sec } from "../sim/index.js";
import { chatScenario } from "./chat.js";
import { COMMON_PARAMS } from "./params.js";
import type { Scenario } from "./scenario.js";
import { at, CHAT_CHECKS, toldServerLeft, typed } from "./workload.js";

const LOCAL = "127.0.0.1";
const SERVER = at("server_node", LOCAL);
const THREE = ["John", "Mary", "Ana"] as const;

/** MS1: three clients on one server, all on one machine; everybody sees everything. */
export const ms1: Scenario = chatScenario({
  name: "ms1",
  group: "milestone",
  title: "MS1: three clients on one server receive all the messages",
  about:
    "The handout's first test: `server:start()` on server_node, then three clients in three terminals on the same machine join `{myserver, 'server_node@127.0.0.1'}` and each types three lines. Every client should see every join and every line.",
  params: COMMON_PARAMS,
  world: () => ({
    system: "server",
    profile: "sameMachine",
    servers: [{ node: SERVER }],
    clients: THREE.map((name, i) => ({ name, node: at(name.toLowerCase(), LOCAL), server: 0, at: ms(10 * i), actions: typed(name, 3, ms(100 + 13 * i)) })),
    until: sec(2),
    checks: [...CHAT_CHECKS, { kind: "total-order" }],
  }),
});

/** MS2: the server is sent `disconnect` from its shell; clients go on typing. */
export const ms2: Scenario = chatScenario({
  name: "ms2",
  group: "milestone",
  title: "MS2: the server disconnects; clients are left talking to nobody",
  about:
    "Three clients chat, then `myserver ! disconnect` is typed at the server's shell at 500 ms. The handout's server unregisters and ends without telling anyone: the clients' later lines are dropped (no process is registered as `myserver`) and nobody is told. The fixed server says goodbye.",
  params: COMMON_PARAMS,
  world: () => ({
    system: "server",
    profile: "sameMachine",
    servers: [{ node: SERVER }],
    clients: THREE.map((name, i) => ({ name, node: at(name.toLowerCase(), LOCAL), server: 0, at: ms(10 * i), actions: [...typed(name, 2, ms(100 + 13 * i)), ...typed(`${name} (after)`, 2, ms(700 + 13 * i))] })),
    faults: [{ at: ms(500), fault: { op: "inject", to: new Name(MYSERVER, SERVER), msg: msg.disconnect() } }],
    until: sec(2),
    checks: [toldServerLeft("clients-notified-on-disconnect", ms(500)), { kind: "completeness" }],
  }),
});

/** MS3: three clients on three machines over a WAN, the server on a fourth. */
export const ms3: Scenario = chatScenario({
  name: "ms3",
  group: "milestone",
  title: "MS3: three clients on different machines over a WAN",
  about:
    "The server runs on one machine and the three clients on three others, across a wide-area network (lognormal latency, median 40 ms). Everybody should still see everything; the metrics show what the distance costs.",
  params: COMMON_PARAMS,
  world: () => ({
    system: "server",
    profile: "wan",
    servers: [{ node: at("server_node", "10.0.0.1") }],
    clients: THREE.map((name, i) => ({ name, node: at(name.toLowerCase(), `10.0.${i + 1}.2`), server: 0, at: ms(10 * i), actions: typed(name, 3, ms(500 + 37 * i), ms(100)) })),
    until: sec(5),
    checks: [...CHAT_CHECKS, { kind: "total-order" }],
  }),
});

const SERVERS3 = [at("server1", "10.0.0.1"), at("server2", "10.0.0.2"), at("server3", "10.0.0.3")];
const SIX = ["John", "Mary", "Ana", "Paul", "Lucy", "Omar"] as const;

/** The MS4 world: three server2 servers joined one after another, two clients on each. */
function ms4World(extraLines: boolean) {
  return {
    system: "server2" as const,
    profile: "lan" as const,
    servers: [{ node: SERVERS3[0]! }, { node: SERVERS3[1]!, at: ms(10), boot: 0 }, { node: SERVERS3[2]!, at: ms(20), boot: 0 }],
    clients: SIX.map((name, i) => ({
      name,
      node: at(name.toLowerCase(), `10.0.${(i % 3) + 1}.${10 + i}`),
      server: i % 3,
      at: ms(100 + 5 * i),
      actions: [...typed(name, 2, ms(300 + 11 * i), ms(100)), ...(extraLines ? typed(`${name} (after)`, 2, ms(1000 + 11 * i), ms(100)) : [])],
    })),
  };
}

/** MS4: three replicated servers with clients on each. */
export const ms4: Scenario = chatScenario({
  name: "ms4",
  group: "milestone",
  title: "MS4: three server2 servers, two clients on each",
  about:
    "`server2:start()` on server1, then `server2:start({myserver, 'server1@10.0.0.1'})` on server2 and server3; two clients join each server and chat. Every line should reach every client, through the servers, and the servers should agree on who they are.",
  params: COMMON_PARAMS,
  world: () => ({ ...ms4World(false), until: sec(3), checks: [...CHAT_CHECKS, { kind: "membership" }] }),
});

/** MS5: MS4, then server3 disconnects. */
export const ms5: Scenario = chatScenario({
  name: "ms5",
  group: "milestone",
  title: "MS5: one of three server2 servers disconnects",
  about:
    "The MS4 chat, then `myserver ! disconnect` on server3 at 800 ms. The other servers are told and drop it from their lists; its two clients are not told (handout) and their later lines go nowhere, while the others chat on.",
  params: COMMON_PARAMS,
  world: () => ({
    ...ms4World(true),
    faults: [{ at: ms(800), fault: { op: "inject", to: new Name(MYSERVER, SERVERS3[2]!), msg: msg.disconnect() } }],
    until: sec(3),
    checks: [toldServerLeft("clients-notified-on-server-leave", ms(800), ["Ana", "Omar"]), { kind: "completeness" }, { kind: "membership" }],
  }),
});

/** The milestones, in order. */
export const MILESTONES: readonly Scenario[] = [ms1, ms2, ms3, ms4, ms5];
