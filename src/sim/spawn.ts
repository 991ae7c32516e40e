/**
 * `spawn`, `spawn_link` and `spawn_monitor` from a running process, on its node or another:
 * the child is linked or monitored before it runs (so the EXIT or DOWN carries its real
 * reason even if it ends in its first step), and a spawn on a node that is down or unknown
 * starts, as Erlang does, a local process that logs the failure and exits with `noconnection`.
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
  let label = opts?.label ?? body.name;
  let n = p.node;
  const ref = tie === "monitor" ? k.makeRef(p) : null;
  if (opts?.node !== undefined && opts.node !== n.name) {
    const target = k.nodes.get(opts.node);
    if (target === undefined || !target.up || !connect(k, n, opts.node)) {
      // Connected to a node that crashed behind a cut (`halfDown`): the request is lost in the
      // cut and the caller cannot tell yet; it gets a pid that never lived there, whose link or
      // monitor breaks with `noconnection` when the connection goes down, as the dead node's others do.
      if (target !== undefined && halfUp(k.network, n, target)) {
        const dead = new Pid(opts.node, target.index, 0, 0);
        if (tie === "link") p.links.add(dead);
        else if (ref !== null) p.monitors.set(ref, dead);
        return [dead, ref];
      }
      // Otherwise the spawn fails with noconnection, and BEAM starts a local process in the
      // child's place (erts_internal:crasher, from erlang:spawn/4 and its kin): it logs a
      // warning report naming the function and how it was to be tied, and exits with
      // `noconnection`. Its pid, a new local one each time, is what the spawn returns, linked
      // or monitored as the child would have been, so the EXIT or DOWN comes from it (checked
      // against OTP 25: `spawn_link(b@nowhere, F)` gives <0.87.0> and {'EXIT',<0.87.0>,noconnection}
      // after "** Can not start erlang:apply,[#Fun<...>,[]] ([link]) on b@nowhere **").
      // `#Fun<…>` here names the body: a deterministic stand-in for module, index and hash.
      const text = `** Can not start erlang:apply,[#Fun<${label || "anonymous"}>,[]]${tie === "none" ? "" : ` ([${tie}])`} on ${opts.node} **`;
      body = function* crasher(c: Proc) {
        c.log(text);
        c.exit(signals.NOCONNECTION);
      };
      label = "crasher";
    } else n = target;
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
