/**
 * `spawn`, `spawn_link` and `spawn_monitor` from a running process, on its node or another:
 * the child is linked or monitored before it runs (so the EXIT or DOWN carries its real
 * reason even if it ends in its first step), and a spawn on a node that is down or unknown
 * returns a pid that never lived, as Erlang does.
 */
import type { Kernel } from "./kernel.js";
import { connect, halfUp } from "./network.js";
import { Pid, type Ref } from "./pid.js";
import type { Body, Proc, SpawnOpts } from "./process.js";
import * as signals from "./signals.js";

/** How a spawned child is tied to its parent. */
export type Tie = "none" | "link" | "monitor";

/** Spawns `body` for `p`, tied as `tie`; returns the child's pid and, for `monitor`, the monitor's ref. */
export function spawnTied(k: Kernel, p: Proc, body: Body, tie: Tie, opts?: SpawnOpts): [Pid, Ref | null] {
  const label = opts?.label ?? body.name;
  let n = p.node;
  const ref = tie === "monitor" ? k.makeRef(p) : null;
  if (opts?.node !== undefined && opts.node !== n.name) {
    const target = k.nodes.get(opts.node);
    if (target === undefined || !target.up || !connect(k, n, opts.node)) {
      // Erlang returns a pid that never lived.
      const dead = new Pid(opts.node, target?.index ?? 0, 0, 0);
      if (tie === "link") p.links.add(dead);
      else if (ref !== null) p.monitors.set(ref, dead);
      // Connected to a node that crashed behind a cut (`halfDown`): the request is lost in the
      // cut and the caller cannot tell yet; its link or monitor breaks with `noconnection`
      // when the connection goes down, as the dead node's others do.
      if (target !== undefined && halfUp(k.network, n, target)) return [dead, ref];
      // Otherwise it breaks at once, and BEAM logs a warning report with the function
      // (`#Fun<…>` here names the body: a deterministic stand-in for module, index and hash).
      k.print(p, k.clock, `** Can not start erlang:apply,[#Fun<${label || "anonymous"}>,[]] on ${opts.node} **`);
      if (tie === "link") signals.signalLocal(k, { kind: "link-exit", from: dead, to: p.pid, reason: signals.NOCONNECTION });
      else if (ref !== null) signals.signalLocal(k, { kind: "down", from: dead, to: p.pid, ref, reason: signals.NOCONNECTION });
      return [dead, ref];
    }
    n = target;
  }
  const q = k.createProc(n, body, p.pid, label);
  if (tie === "link") {
    p.links.add(q.pid);
    q.links.add(p.pid);
  } else if (ref !== null) {
    p.monitors.set(ref, q.pid);
    q.watchers.set(ref, p.pid);
  }
  return [q.pid, ref];
}
