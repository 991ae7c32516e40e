/**
 * Helpers for the node-code tests: a simulation whose nodes stand for the handout's
 * terminals (one Erlang VM per terminal, on one machine or a LAN), and readers of what the
 * run left behind (printed lines, sends, drops).
 */
import { type DropReason, Name, PROFILES, type Pid, Simulation, type TraceRecord } from "../../src/sim/index.js";
import { MYSERVER } from "../../src/nodes/index.js";

/** The handout's node names. */
export const SERVER_NODE = "server_node@127.0.0.1";
/** `client_node<i>@127.0.0.1`. */
export const clientNode = (i: number): string => `client_node${i}@127.0.0.1`;
/** `server_node<i>@127.0.0.1` (server2 tests). */
export const serverNode = (i: number): string => `server_node${i}@127.0.0.1`;
/** `{myserver, Node}`. */
export const myserver = (node: string): Name => new Name(MYSERVER, node);

/** A simulation with the given nodes, all linked by one of the kernel's network profiles. */
export function chatSim(nodes: readonly string[], opts?: { seed?: number; profile?: keyof typeof PROFILES }): Simulation {
  const sim = new Simulation({ seed: opts?.seed ?? 1, network: { default: PROFILES[opts?.profile ?? "sameMachine"] } });
  for (const n of nodes) sim.addNode({ name: n });
  return sim;
}

/** The texts a node printed, in order. */
export function printed(sim: Simulation, node: string): string[] {
  return sim.printed(node).map((l) => l.text);
}

/** A send record and what became of it. */
export interface SendFate {
  readonly t: number;
  readonly from: Pid | null;
  readonly to: Pid | Name;
  readonly msg: unknown;
  /** The drop reason, or null if it was delivered (or is still in flight). */
  readonly dropped: DropReason | null;
}

/** Every message send in the trace with its fate, in trace order. */
export function sends(sim: Simulation): SendFate[] {
  const drops = new Map<number, DropReason>();
  for (const r of sim.trace.records) if (r.k === "drop") drops.set(r.id, r.reason);
  const out: SendFate[] = [];
  for (const r of sim.trace.records as TraceRecord[]) {
    if (r.k === "send") out.push({ t: r.t, from: r.from, to: r.to, msg: r.msg, dropped: drops.get(r.id) ?? null });
  }
  return out;
}

/** The sends whose message has this tag (and, for chat lines, this text). */
export function sendsTagged(sim: Simulation, tag: string, text?: string): SendFate[] {
  return sends(sim).filter((s) => {
    const m = s.msg as { tag?: unknown; text?: unknown } | null;
    return m?.tag === tag && (text === undefined || m.text === text);
  });
}

/** How each process ended: pid key → reason. */
export function exits(sim: Simulation): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const r of sim.trace.records) if (r.k === "exit") out.set(r.pid.key(), r.reason);
  return out;
}
