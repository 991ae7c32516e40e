/**
 * Question (j)'s fault tolerance, measured: one workload, one failure at a time, on `server`
 * (one server) or `server2` (three), so that each failure's effect on the two systems can be
 * set side by side. Six users type a line before the failure, one while it lasts and one
 * after (a partition heals in between); the checks say which users still reach each other.
 */
import { MYSERVER } from "../nodes/index.js";
import { ms, Name, sec, type Fault, type Micros } from "../sim/index.js";
import { chatScenario, type ServerSpec } from "./chat.js";
import { customCheck, type CustomSpec } from "./customChecks.js";
import { COMMON_PARAMS, get, type ParamSpec } from "./params.js";
import type { Scenario } from "./scenario.js";
import { at, typed } from "./workload.js";

/** The failures compared, in the order the report lists them. */
export const FAULT_KINDS = ["server-crash", "node-crash", "client-crash", "partition", "stray-message"] as const;

/** One of `FAULT_KINDS`. */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The users, in client order (user i is on server i mod 3 with server2). */
export const FAULT_USERS = ["John", "Mary", "Ana", "Paul", "Lucy", "Omar"] as const;
/** The user whose client crashes in `client-crash`. */
export const CRASHING_USER = "John";

/** The timeline: failure, lines while it lasts, the heal (partition), lines after. */
export const FAULT_TIMES = { failure: ms(400), during: ms(800), heal: ms(1400), after: ms(1800) } as const;

const PARAMS: readonly ParamSpec[] = [
  ...COMMON_PARAMS,
  { kind: "enum", name: "system", doc: "central server or three replicated server2 servers", default: "server2", values: ["server", "server2"] },
  { kind: "enum", name: "failure", doc: "what fails at 400 ms", default: "server-crash", values: FAULT_KINDS },
];

/** The users still running after the failure (everyone but a crashed client). */
export function survivorsOf(failure: FaultKind): string[] {
  return FAULT_USERS.filter((u) => failure !== "client-crash" || u !== CRASHING_USER);
}

/** The node whose server fails (in both systems). */
const SERVER1 = at("server1", "10.0.0.1");

/** The server (0 for server1) of the user at `i` in `FAULT_USERS`: all on one with `server`, in turn on three with `server2`. */
function homeOf(system: "server" | "server2", i: number): number {
  return system === "server" ? 0 : i % 3;
}

/** Whether `user` is on server1 (with `server`, everyone is; with `server2`, John and Paul). */
function onServer1(system: "server" | "server2", user: string): boolean {
  return homeOf(system, FAULT_USERS.indexOf(user as (typeof FAULT_USERS)[number])) === 0;
}

/**
 * The `clients-told` check of a failure (null for a client's crash, which takes no server
 * away): server1's surviving users are told that their server went away. It judges those
 * whose server did go away: a stray message the fixed server ignores, or a cut that heals
 * before it is noticed, takes nobody's away.
 */
export function toldSpec(system: "server" | "server2", failure: FaultKind): (CustomSpec & { kind: "clients-told" }) | null {
  if (failure === "client-crash") return null;
  return { kind: "clients-told", name: "clients-told", since: FAULT_TIMES.failure, who: survivorsOf(failure).filter((u) => onServer1(system, u)), server: SERVER1 };
}

/** The failure of server1 (or of John's client, or the cut around server1) at 400 ms. */
function faultsOf(failure: FaultKind, server: string, side: readonly string[], rest: readonly string[]): { at: Micros; fault: Fault }[] {
  const t = FAULT_TIMES.failure;
  switch (failure) {
    case "server-crash":
      return [{ at: t, fault: { op: "kill", target: new Name(MYSERVER, server), reason: "crash" } }];
    case "node-crash":
      return [{ at: t, fault: { op: "crash", node: server } }];
    case "client-crash":
      return [];
    case "partition":
      return [
        { at: t, fault: { op: "partition", a: side, b: rest } },
        { at: FAULT_TIMES.heal, fault: { op: "heal" } },
      ];
    case "stray-message":
      return [{ at: t, fault: { op: "inject", to: new Name(MYSERVER, server), msg: { tag: "hello" } } }];
  }
}

/** One failure on one system. */
export const faultTolerance: Scenario = chatScenario({
  name: "fault-tolerance",
  group: "failure",
  title: "(j) one failure at a time on server or server2: who still chats with whom",
  about:
    "Six users (John, Mary, Ana, Paul, Lucy, Omar) on a LAN: on `server` all on one server, on `server2` two on each of three servers (John and Paul on server1). At 400 ms one thing fails: the server process on server1 crashes (`server-crash`), server1's whole VM dies (`node-crash`), John's client crashes (`client-crash`), server1 and its users are cut off from the rest until 1.4 s (`partition`), or someone sends server1 a stray `hello` (`stray-message`). Each user types a line at 200 ms, one at 800 ms (while the failure lasts) and one at 1.8 s; the checks say which users still reach each other while the failure lasts and after it.",
  params: PARAMS,
  world: (ctx) => {
    const system = get.str(ctx.params, "system") as "server" | "server2";
    const failure = get.str(ctx.params, "failure") as FaultKind;
    const serverNodes = system === "server" ? [SERVER1] : [SERVER1, at("server2", "10.0.0.2"), at("server3", "10.0.0.3")];
    const servers: ServerSpec[] = serverNodes.map((node, i) => (i === 0 ? { node } : { node, at: ms(10 * i), boot: 0 }));
    const nodes = FAULT_USERS.map((u, i) => at(u.toLowerCase(), `10.0.${(i % 3) + 1}.${10 + i}`));
    // The cut: server1 and the users of server2's server1 (John, Paul) on one side, in both systems.
    const side = [serverNodes[0]!, nodes[0]!, nodes[3]!];
    const rest = [...serverNodes.slice(1), ...nodes.filter((_, i) => i !== 0 && i !== 3)];
    const survivors = survivorsOf(failure);
    return {
      system,
      profile: "lan",
      servers,
      clients: FAULT_USERS.map((name, i) => ({
        name,
        node: nodes[i]!,
        server: homeOf(system, i),
        at: ms(100 + 5 * i),
        actions:
          failure === "client-crash" && name === CRASHING_USER
            ? [...typed(name, 1, ms(200 + 11 * i)), { at: FAULT_TIMES.failure, do: "crash" as const }]
            : [...typed(name, 1, ms(200 + 11 * i)), ...typed(`${name} (during)`, 1, FAULT_TIMES.during + ms(11 * i)), ...typed(`${name} (after)`, 1, FAULT_TIMES.after + ms(11 * i))],
      })),
      faults: faultsOf(failure, serverNodes[0]!, side, rest),
      until: sec(3),
      checks: [
        customCheck({ kind: "reach", name: "reach-during", from: FAULT_TIMES.during, until: FAULT_TIMES.after, senders: survivors, receivers: survivors }),
        // The users of the other servers (server2 only: on `server` everyone is on server1).
        ...(system === "server2" ? [customCheck({ kind: "reach", name: "others-chat-during", from: FAULT_TIMES.during, until: FAULT_TIMES.after, senders: survivors.filter((u) => !onServer1(system, u)), receivers: survivors.filter((u) => !onServer1(system, u)) })] : []),
        customCheck({ kind: "reach", name: "reach-after", from: FAULT_TIMES.after, senders: survivors, receivers: survivors }),
        ...[toldSpec(system, failure)].filter((t) => t !== null).map(customCheck),
      ],
    };
  },
});
