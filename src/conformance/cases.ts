/**
 * The conformance cases: short chat sessions whose outcome the protocol alone decides,
 * written once as a list of steps and run both on real BEAM nodes (`beam.ts`) and in
 * chatty-sim (`simulate.ts`). Steps are spaced far apart (a gap each), so on loopback every
 * step's messages have arrived before the next step begins: the interleaving is forced.
 *
 * Every node is `name@127.0.0.1`, each in its own VM, as in the handout's section 1.3.
 */
import { msg } from "../nodes/index.js";

/** A message as both worlds spell it: Erlang term text, and chatty-sim's term. */
export interface CaseMsg {
  /** Erlang source of the term, e.g. `disconnect` or `{send,"Ghost","boo\n"}`. */
  readonly erl: string;
  /** The same term in chatty-sim's representation (see `nodes/protocol.ts`). */
  readonly sim: unknown;
}

/** One thing the controller does; node names are short (`server_node`), the host is added. */
export type Step =
  /** `server:start()` at the node's prompt. */
  | { readonly do: "server"; readonly node: string }
  /** `server2:start()`, or `server2:start({myserver, Boot})`. */
  | { readonly do: "server2"; readonly node: string; readonly boot?: string }
  /** `client:start({myserver, Server}, Name)` at the node's prompt (one client per node). */
  | { readonly do: "client"; readonly name: string; readonly node: string; readonly server: string }
  /** The user of client `name` types `text` (a line). */
  | { readonly do: "type"; readonly name: string; readonly text: string }
  /** The user of client `name` types `exit`. */
  | { readonly do: "leave"; readonly name: string }
  /** `To ! Msg` at the node's prompt, `To` a bare registered name. */
  | { readonly do: "shell-send"; readonly node: string; readonly to: string; readonly msg: CaseMsg }
  /** The node's VM dies at once (`erlang:halt/2` without flushing). */
  | { readonly do: "kill"; readonly node: string }
  /** A new VM with the same name: a new incarnation. */
  | { readonly do: "restart"; readonly node: string }
  /** From `from`'s prompt, `Pid ! Msg` to the `myserver` pid of `target`'s previous incarnation. */
  | { readonly do: "send-old"; readonly from: string; readonly target: string; readonly msg: CaseMsg };

/** A conformance case. */
export interface Case {
  /** Short name, used in the table and on the command line. */
  readonly name: string;
  /** One line: what it does. */
  readonly title: string;
  /** What the protocol makes happen, for the report. */
  readonly expect: string;
  /** Probes only: why the two worlds differ and which one is wrong. */
  readonly diagnosis?: string;
  readonly steps: readonly Step[];
}

/** The host every node runs on. */
export const HOST = "127.0.0.1";
/** Milliseconds between steps, on BEAM after each step has finished and in virtual time. */
export const GAP_MS = 100;

/** `short@127.0.0.1`. */
export const fullName = (short: string): string => `${short}@${HOST}`;

/** The nodes a case uses, in order of first mention. */
export function nodesOf(c: Case): string[] {
  const out: string[] = [];
  const add = (n: string | undefined): void => {
    if (n !== undefined && !out.includes(n)) out.push(n);
  };
  for (const s of c.steps) {
    switch (s.do) {
      case "server":
      case "kill":
      case "restart":
        add(s.node);
        break;
      case "server2":
        add(s.node);
        add(s.boot);
        break;
      case "client":
        add(s.server);
        add(s.node);
        break;
      case "shell-send":
        add(s.node);
        break;
      case "send-old":
        add(s.from);
        add(s.target);
        break;
      case "type":
      case "leave":
        break;
    }
  }
  return out;
}

/** The clients of a case: name → short node name. */
export function clientsOf(c: Case): Map<string, string> {
  const out = new Map<string, string>();
  for (const s of c.steps) if (s.do === "client") out.set(s.name, s.node);
  return out;
}

const DISCONNECT: CaseMsg = { erl: "disconnect", sim: msg.disconnect() };
const HELLO: CaseMsg = { erl: "hello", sim: { tag: "hello" } }; // the atom hello
const GHOST: CaseMsg = { erl: '{send,"Ghost","boo\\n"}', sim: msg.send("Ghost", "boo") };

const threeClients = (server: string): Step[] => [
  { do: "client", name: "John", node: "john", server },
  { do: "client", name: "Mary", node: "mary", server },
  { do: "client", name: "Ana", node: "ana", server },
];
const threeServers: Step[] = [
  { do: "server2", node: "server1" },
  { do: "server2", node: "server2", boot: "server1" },
  { do: "server2", node: "server3", boot: "server1" },
];
const oneClientEach: Step[] = [
  { do: "client", name: "John", node: "john", server: "server1" },
  { do: "client", name: "Mary", node: "mary", server: "server2" },
  { do: "client", name: "Ana", node: "ana", server: "server3" },
];

/** The cases of issue 9, in order. */
const BASE_CASES: readonly Case[] = [
  {
    name: "three-clients",
    title: "three clients on one server (MS1), then one leaves",
    expect: "Everyone sees every join and every line; Ana's leave reaches all three (the old list), then `exit` ends her background task; John's last line reaches John and Mary only.",
    steps: [
      { do: "server", node: "server_node" },
      ...threeClients("server_node"),
      { do: "type", name: "John", text: "hi from John" },
      { do: "type", name: "Mary", text: "hi from Mary" },
      { do: "type", name: "Ana", text: "hi from Ana" },
      { do: "leave", name: "Ana" },
      { do: "type", name: "John", text: "bye Ana" },
    ],
  },
  {
    name: "server-disconnect",
    title: "`myserver ! disconnect` at the server's prompt, then the clients type (MS2)",
    expect: "The server unregisters and ends without a word; later lines go to an unregistered name and vanish; nobody is told and nothing is printed.",
    steps: [
      { do: "server", node: "server_node" },
      ...threeClients("server_node"),
      { do: "type", name: "John", text: "before" },
      { do: "shell-send", node: "server_node", to: "myserver", msg: DISCONNECT },
      { do: "type", name: "Mary", text: "anyone there?" },
      { do: "type", name: "John", text: "after" },
    ],
  },
  {
    name: "unsupported-message",
    title: "`myserver ! hello` at the server's prompt, then the clients type",
    expect: "The catch-all prints `Received unsupported message: hello` and, not looping, ends the server; later lines vanish.",
    steps: [
      { do: "server", node: "server_node" },
      ...threeClients("server_node"),
      { do: "type", name: "John", text: "before" },
      { do: "shell-send", node: "server_node", to: "myserver", msg: HELLO },
      { do: "type", name: "Mary", text: "after" },
      { do: "type", name: "Ana", text: "after too" },
    ],
  },
  {
    name: "server2-three",
    title: "three server2 servers with a client each (MS4)",
    expect: "Each join of a server prints `[SERVER UPDATE]` on the servers in the new list (the joiner and the boot server first hear it themselves); every line reaches every client through the servers.",
    steps: [...threeServers, ...oneClientEach, { do: "type", name: "John", text: "hi from John" }, { do: "type", name: "Mary", text: "hi from Mary" }, { do: "type", name: "Ana", text: "hi from Ana" }],
  },
  {
    name: "server2-disconnect",
    title: "one of three server2 servers disconnects (MS5)",
    expect: "server3 tells server1 and server2 (`[SERVER UPDATE]` with two pids) and unregisters; Ana is not told, her line vanishes; John's and Mary's lines reach each other only.",
    steps: [
      ...threeServers,
      ...oneClientEach,
      { do: "type", name: "John", text: "before" },
      { do: "shell-send", node: "server3", to: "myserver", msg: DISCONNECT },
      { do: "type", name: "Ana", text: "Ana after" },
      { do: "type", name: "John", text: "John after" },
      { do: "type", name: "Mary", text: "Mary after" },
    ],
  },
  {
    name: "server2-rejoin",
    title: "a server2 node killed, restarted and joining again (the 2012 report's figure 9)",
    expect: "The lists keep the dead server's pid beside the new one; relays to the old pid are dropped without a word (they come from other nodes); Mary, whose server died, hears nothing more; John and Ana go on.",
    steps: [
      ...threeServers,
      ...oneClientEach,
      { do: "type", name: "John", text: "hi from John" },
      { do: "kill", node: "server2" },
      { do: "restart", node: "server2" },
      { do: "server2", node: "server2", boot: "server1" },
      { do: "type", name: "John", text: "John again" },
      { do: "type", name: "Ana", text: "Ana again" },
    ],
  },
  {
    name: "server2-unsupported-message",
    title: "`myserver ! hello` at a server2 server's prompt, then the clients type",
    expect: "server2's last clause relays `hello` to its own client, John, whose catch-all prints `Received unsupported message: hello` and ends his background task; John's later line still reaches Mary and Ana, but he sees nothing more.",
    steps: [
      ...threeServers,
      ...oneClientEach,
      { do: "type", name: "John", text: "before" },
      { do: "shell-send", node: "server1", to: "myserver", msg: HELLO },
      { do: "type", name: "Mary", text: "Mary after" },
      { do: "type", name: "John", text: "John after" },
    ],
  },
  {
    name: "unregistered-name",
    title: "a client joins `{myserver, Node}` on a live node where nothing is registered",
    expect: "The join and the lines go to an unregistered name on a live node and vanish silently; at that node's prompt, `myserver ! hello` (a bare name) raises badarg.",
    steps: [
      { do: "client", name: "John", node: "john", server: "server_node" },
      { do: "type", name: "John", text: "hello?" },
      { do: "shell-send", node: "server_node", to: "myserver", msg: HELLO },
    ],
  },
  {
    name: "old-incarnation",
    title: "a message to a pid of a restarted node's old incarnation",
    expect: "After the server's node is killed and restarted (with a new server), a message to the old server's pid is discarded: the new server, whose pid may print alike, never gets it, and nothing is printed. John, still holding the name, now talks to the new server, which relays to its only client, Mary.",
    steps: [
      { do: "server", node: "server_node" },
      { do: "client", name: "John", node: "john", server: "server_node" },
      { do: "type", name: "John", text: "first" },
      { do: "kill", node: "server_node" },
      { do: "restart", node: "server_node" },
      { do: "server", node: "server_node" },
      { do: "client", name: "Mary", node: "mary", server: "server_node" },
      { do: "send-old", from: "john", target: "server_node", msg: GHOST },
      { do: "type", name: "John", text: "second" },
    ],
  },
  {
    name: "unsupported-string",
    title: 'a string to the server: `myserver ! "hello"` is printed with `~w`',
    expect: "The catch-all's `~w` prints a string as the list of its character codes: `Received unsupported message: [104,101,108,108,111]`.",
    steps: [{ do: "server", node: "server_node" }, { do: "shell-send", node: "server_node", to: "myserver", msg: { erl: '"hello"', sim: "hello" } }],
  },
];

function byNameSteps(name: string): readonly Step[] {
  return BASE_CASES.find((c) => c.name === name)!.steps;
}

/**
 * Probes: cases that show a known difference between BEAM and chatty-sim. They run with
 * the cases (and alone when named: `npm run conformance -- <probe>`, a
 * one-command reproduction) but never fail the run; once chatty-sim is fixed, a probe
 * that agrees belongs in `CASES`.
 */
export const PROBES: readonly Case[] = [
];

/** Every case: the base ones, then those built from their steps. */
export const CASES: readonly Case[] = [
  ...BASE_CASES,
  {
    name: "server2-rejoin-local",
    title: "`server2-rejoin`, then Mary types: the new server2 relays to its own dead predecessor",
    expect:
      "Mary's line goes to `{myserver, 'server2@127.0.0.1'}`, now the new server2, which forwards it to every server in its list: John and Ana see it, Mary does not (she is nobody's client any more). The list holds the dead server2's pid, a pid of this very node's old incarnation, and BEAM discards that local send with a logged error on server2: `Discarding message … in an old incarnation (…) of this node (…)`.",
    steps: [...byNameSteps("server2-rejoin"), { do: "type", name: "Mary", text: "Mary again" }],
  },
];
