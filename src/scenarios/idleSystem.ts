/**
 * Builds the idle-timeout chat into a simulation: the server's processes on one node (as
 * the report's single Elixir VM), each telnet client on a node of its own. The idle updater
 * ticks forever, so run such a simulation with `until`.
 */
import { idleChat, observedTerminal } from "../nodes/index.js";
import { ConfigError, type Micros, Name, type Pid, type Simulation, sec } from "../sim/index.js";
import { launch } from "./launch.js";
import { formatDurationArg } from "./params.js";

type TelnetStep = idleChat.TelnetStep;
type IdleChatParams = idleChat.IdleChatParams;
type Screen = idleChat.Screen;
const { ACCEPTOR, LISTENER, MAIN } = idleChat;

/** A small description of an idle-timeout chat. */
export interface IdleChatConfig {
  /** Default `chat_server@127.0.0.1`. */
  readonly serverNode?: string;
  /** Default 10 s. */
  readonly maxIdle?: Micros;
  /** Default 1 s. */
  readonly checkPeriod?: Micros;
  /** Default 12. */
  readonly maxPseudoLength?: number;
  /** Default 60 s. */
  readonly pseudoTimeout?: Micros;
  /** The telnet clients: a label, a node (default `<label in lower case>@127.0.0.1`), when it connects (default 0) and its script. */
  readonly clients: readonly { readonly name: string; readonly node?: string; readonly connectAt?: Micros; readonly script: readonly TelnetStep[] }[];
}

/** Handles on a built chat. */
export interface IdleChatSystem {
  readonly params: IdleChatParams;
  readonly serverNode: string;
  /** The main process. */
  readonly main: Pid;
  /** Registered names on the server's node, for faults. */
  readonly names: { readonly main: Name; readonly listener: Name; readonly acceptor: Name };
  /** Per client: its node, pid and screen (read from the trace's observations as the run goes on). */
  readonly clients: readonly { readonly name: string; readonly node: string; readonly pid: Pid; readonly screen: Screen }[];
}

/** Adds the nodes the chat needs (those not already there) and starts it at the current time. */
export function buildIdleChat(sim: Simulation, c: IdleChatConfig): IdleChatSystem {
  const serverNode = c.serverNode ?? "chat_server@127.0.0.1";
  const params: IdleChatParams = Object.freeze({
    maxIdle: c.maxIdle ?? sec(10),
    checkPeriod: c.checkPeriod ?? sec(1),
    maxPseudoLength: c.maxPseudoLength ?? 12,
    pseudoTimeout: c.pseudoTimeout ?? sec(60),
  });
  for (const [k, v] of Object.entries(params)) {
    if (Number.isInteger(v) && v > 0) continue;
    // maxPseudoLength counts characters; the others are durations, given as `--set maxIdle=5s`.
    throw new ConfigError(k === "maxPseudoLength" ? `idle chat: ${k} must be a positive integer, got ${v}` : `idle chat: ${k} must be a positive duration (1us at least), got ${Number.isInteger(v) ? formatDurationArg(v) : v}`);
  }
  const labels = new Set<string>();
  const clients = c.clients.map((cl) => {
    if (cl.name.length === 0 || labels.has(cl.name)) throw new ConfigError(`idle chat: client labels must be distinct and non-empty, got ${JSON.stringify(cl.name)}`);
    labels.add(cl.name);
    let last = 0;
    for (const s of cl.script) {
      if (!Number.isInteger(s.at) || s.at < last) throw new ConfigError(`idle chat: ${cl.name}'s script must be sorted by time, in integer µs`);
      last = s.at;
    }
    return { ...cl, node: cl.node ?? `${cl.name.toLowerCase()}@127.0.0.1`, connectAt: cl.connectAt ?? 0 };
  });
  const have = new Set(sim.allNodes().map((n) => n.name));
  for (const n of [serverNode, ...clients.map((cl) => cl.node)]) {
    if (!have.has(n)) sim.addNode({ name: n });
    have.add(n);
  }
  const mainPid = launch(sim, serverNode, idleChat.MAIN_SPEC, params);
  return {
    params,
    serverNode,
    main: mainPid,
    names: { main: new Name(MAIN, serverNode), listener: new Name(LISTENER, serverNode), acceptor: new Name(ACCEPTOR, serverNode) },
    clients: clients.map((cl) => {
      const id = { name: cl.name, node: cl.node };
      const pid = launch(sim, cl.node, idleChat.TELNET_SPEC, { name: cl.name, serverNode, connectAt: cl.connectAt, script: cl.script, screen: id });
      return { name: cl.name, node: cl.node, pid, screen: observedTerminal<idleChat.ScreenEvent>(sim.trace, id) };
    }),
  };
}
