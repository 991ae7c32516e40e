/**
 * The network between nodes. Each directed node pair is a link with a latency distribution,
 * a loss and a duplication probability and an ordering mode; each unordered pair has at
 * most one connection, made on the first send (Erlang's auto-connect) and lost on a crash,
 * which loses what is in flight on it, or when a partition outlasts the nodes' tick time
 * (`net_ticktime`, see `partition`). Messages between processes on one node take `local`
 * time and are always FIFO.
 */
import { ConfigError } from "./errors.js";
import { type Delivery, FaultEv } from "./events.js";
import type { Kernel } from "./kernel.js";
import { type Latency, meanLatency, sampleLatency, validateLatency } from "./latency.js";
import type { Rng, Stream } from "./rng.js";
import { Pid, type Name } from "./pid.js";
import type { VmNode } from "./node.js";
import type { Proc } from "./process.js";
import { sever } from "./signals.js";
import type { Micros } from "./time.js";
import type { DropReason } from "./trace.js";

/**
 * What a link promises about order:
 * - `process-pair`: messages from one process to another arrive in send order (Erlang's guarantee);
 *   the runtime's own answers across a link (a noproc DOWN or EXIT for a gone process, an
 *   is_process_alive reply) arrive after what the link carried before them;
 * - `node-pair`: everything from one node to another arrives in send order (one TCP connection);
 * - `none`: each message takes its own sampled time (datagrams).
 */
export type Ordering = "process-pair" | "node-pair" | "none";

/** The orderings, for validation and for arbitraries. */
export const ORDERINGS: readonly Ordering[] = ["process-pair", "node-pair", "none"];

/** How one directed link behaves. */
export interface LinkConfig {
  readonly latency: Latency;
  /** Probability that a message is lost, in [0, 1]. */
  readonly loss: number;
  /** Probability that a message is delivered twice, in [0, 1]. */
  readonly duplicate: number;
  readonly ordering: Ordering;
}

/** A per-link override: the directed pair and what differs from the default. */
export interface LinkOverride extends Partial<LinkConfig> {
  readonly from: string;
  readonly to: string;
}

/** The network of a simulation. */
export interface NetworkConfig {
  /** Every link not overridden. */
  readonly default: LinkConfig;
  /** Overrides for chosen directed links. */
  readonly links: readonly LinkOverride[];
  /** Time a message takes between two processes of one node. */
  readonly local: Micros;
}

/** Common profiles. Latencies are one-way. */
export const PROFILES = {
  /** Several VMs on one machine: loopback TCP. */
  sameMachine: { latency: { kind: "lognormal", median: 60, sigma: 0.25, min: 20 }, loss: 0, duplicate: 0, ordering: "process-pair" },
  /** A local network. */
  lan: { latency: { kind: "lognormal", median: 250, sigma: 0.3, min: 80 }, loss: 0, duplicate: 0, ordering: "process-pair" },
  /** A wide-area network. */
  wan: { latency: { kind: "lognormal", median: 40_000, sigma: 0.35, min: 15_000 }, loss: 0, duplicate: 0, ordering: "process-pair" },
} as const satisfies Record<string, LinkConfig>;

/** The default network: a LAN, 1 µs between processes of one node. */
export const DEFAULT_NETWORK: NetworkConfig = { default: PROFILES.lan, links: [], local: 1 };

function probability(what: string, v: unknown): number {
  if (typeof v !== "number" || !(v >= 0 && v <= 1)) throw new ConfigError(`${what} must be a probability in [0, 1], got ${JSON.stringify(v)}`);
  return v;
}

/** Checks a link configuration from user input. */
export function validateLink(v: Partial<LinkConfig>, base: LinkConfig, where: string): LinkConfig {
  const ordering = v.ordering ?? base.ordering;
  if (!ORDERINGS.includes(ordering)) throw new ConfigError(`${where}.ordering must be one of ${ORDERINGS.join(", ")}, got ${JSON.stringify(ordering)}`);
  return Object.freeze({
    latency: v.latency === undefined ? base.latency : validateLatency(v.latency, `${where}.latency`),
    loss: probability(`${where}.loss`, v.loss ?? base.loss),
    duplicate: probability(`${where}.duplicate`, v.duplicate ?? base.duplicate),
    ordering,
  });
}

/** Checks a whole network configuration from user input. */
export function validateNetwork(v: Partial<NetworkConfig> | undefined): NetworkConfig {
  const def = validateLink(v?.default ?? DEFAULT_NETWORK.default, DEFAULT_NETWORK.default, "network.default");
  const links = (v?.links ?? []).map((l, i) => {
    if (typeof l.from !== "string" || typeof l.to !== "string") throw new ConfigError(`network.links[${i}] needs "from" and "to" node names`);
    return Object.freeze({ ...validateLink(l, def, `network.links[${i}]`), from: l.from, to: l.to });
  });
  const local = v?.local ?? DEFAULT_NETWORK.local;
  if (!Number.isInteger(local) || local < 0) throw new ConfigError(`network.local must be a non-negative integer of microseconds, got ${JSON.stringify(local)}`);
  return Object.freeze({ default: def, links: Object.freeze(links), local });
}

/** The connection between two nodes (unordered pair). */
export class Connection {
  /** Whether it is up. */
  up = false;
  /** Bumped every time it goes down: deliveries of an older epoch are lost. */
  epoch = 0;
  /** Why each past epoch ended, indexed by epoch. */
  readonly endedBy: DropReason[] = [];
  /** A symmetric partition stands between the two nodes: nothing gets through, and no connection can be made. */
  cut = false;
  /** When it last came up. */
  upAt: Micros = 0;
  /** When the cut came (while `cut`). */
  cutAt: Micros = 0;
  /** The node index of end `a` (set when it comes up): a delivery's end, 0 for `a` and 1 for `b`, without comparing names. */
  aIndex = -1;
  /** Per end (0: `a`, 1: `b`): when it last read something from the other end (a delivery arriving; the setup counts). */
  readonly heard = new Float64Array(2);
  /**
   * Per end: the check of its ticker that closes the interval of its last write on the
   * connection, and the one closing the write interval before that (-1: none). A node's ticker
   * sends a tick at a check only if it wrote nothing in the interval the check closes.
   */
  readonly wrote = new Float64Array(2);
  readonly wroteBefore = new Float64Array(2);
  /**
   * While cut and up: the end whose node crashed behind the cut (`halfDown`). The other end
   * cannot tell and still has the connection up; the dead end's node, if it restarts, has none.
   */
  gone: string | null = null;
  /** While cut and up: the tick timeout, when the first of the two ends declares the other down (`net_ticktime`). */
  tick: FaultEv | null = null;
  /** Deliveries that reached the cut while it was up, in arrival order: sent on at the heal, or lost when it goes down. */
  held: Delivery[] = [];
  /** Its two directed links, by the side that sends on each (0: from `a`), once made. */
  readonly links: (Link | null)[] = [null, null];

  /** @param a,b the two node names, sorted */
  constructor(
    readonly a: string,
    readonly b: string,
  ) {}
}

/**
 * How one ordering mode keeps order, in both kinds of run: in a timed run it clamps sampled
 * arrival times, in explore mode it names the FIFO queue a pending delivery waits in.
 */
export interface OrderRule {
  /** A timed run: the arrival time for a copy sampled to arrive at `a`, clamped so that this mode's order holds. */
  clamp(a: Micros, link: Link, sender: Proc | null, to: Pid | Name): Micros;
  /**
   * Explore mode: the queue a pending delivery waits in; deliveries of one queue leave in
   * send order. `who` names the process the send is in order with (its sender, or the gone
   * process a runtime's noproc answer speaks for; null: the runtime itself), `to` the
   * destination, `id` the send.
   */
  queue(link: Link, who: string | null, to: string, id: number): string;
}

/**
 * The process a send is in order with: a pid, or for `{Name, Node}` the process the name
 * stands for when it is sent (the name itself if nobody has it). So a message to B's pid
 * and one to B's registered name, or a monitor request by name and a message after it,
 * keep their send order, as everything from one process to another does on BEAM
 * (Reference Manual, "Processes", Signal Delivery: signals between a pair of processes are
 * in order, however the receiver is addressed; checked against OTP 25).
 */
export function orderTarget(to: Pid | Name, dst: VmNode): Pid | Name {
  return to instanceof Pid ? to : (dst.registry.get(to.name)?.pid ?? to);
}

/** A registered name as `process-pair` ordering keys it in a sender's table (a pid keys itself). */
const nameKey = (to: Name): string => `${to.name}\u0000${to.node}`;

/** The rule of each ordering mode. */
export const ORDER_RULES: Readonly<Record<Ordering, OrderRule>> = {
  "process-pair": {
    clamp(a, link, sender, to) {
      // The runtime's answers (no sender process: a noproc DOWN or EXIT for a process that is
      // gone, an is_process_alive reply) come after everything sent on the link before them,
      // as on BEAM's one connection between two nodes: so a noproc answer, which speaks for
      // the dead process, never overtakes what that process sent before it ended.
      if (sender === null) return a < link.lastArrival ? link.lastArrival : a;
      if (!(to instanceof Pid)) {
        const key = nameKey(to);
        const fifo = sender.fifo;
        const last = fifo.get(key);
        if (last !== undefined && a < last) a = last;
        fifo.set(key, a);
        return a;
      }
      // The pair's latest arrival is in the pid's slot if this sender sent to it last, else in
      // the sender's table; the slot's holder, if another, moves its own to its table.
      let last = to.fifoFrom(sender);
      if (last === undefined) {
        const holder = to.fifoHolder() as Proc | null;
        if (holder !== null) holder.fifo.set(to, to.fifoHeld());
        last = sender.fifoMap?.get(to);
      }
      if (last !== undefined && a < last) a = last;
      to.setFifo(sender, a);
      return a;
    },
    // The runtime's own messages go per node pair; a noproc answer in the queue of the process it speaks for.
    queue: (link, who, to) => (who === null ? `${link.from}>${link.to}` : `${who}>${to}`),
  },
  "node-pair": {
    clamp(a, link) {
      if (a < link.lastArrival) a = link.lastArrival;
      link.lastArrival = a;
      return a;
    },
    queue: (link) => `${link.from}>${link.to}`,
  },
  none: {
    clamp: (a) => a,
    queue: (_link, _who, _to, id) => `#${id}`,
  },
};

/** The live state of one directed link. */
export class Link {
  /** Latest arrival time scheduled on this link (`node-pair` keeps all in order behind it, `process-pair` the runtime's answers). */
  lastArrival: Micros = 0;
  /** Partitioned: messages on this link are dropped. */
  blocked = false;
  /** The rule of `config.ordering`. */
  order: OrderRule;
  /** Whether `config` loses or duplicates messages: if not, a send asks neither (`loses`, `copies`). */
  lossy: boolean;
  /** Which end of its connection sends on it: 0 for `a`, 1 for `b`. */
  readonly side: 0 | 1;
  private cfg: LinkConfig;

  /**
   * @param from sending node
   * @param to receiving node
   * @param config current behaviour (replaced by faults)
   * @param stream its own random stream, `net:<from>-><to>`
   * @param conn the connection it belongs to (shared with the reverse link)
   */
  constructor(
    readonly from: string,
    readonly to: string,
    config: LinkConfig,
    readonly stream: Stream,
    readonly conn: Connection,
  ) {
    this.cfg = config;
    this.order = ORDER_RULES[config.ordering];
    this.lossy = config.loss > 0 || config.duplicate > 0;
    this.side = from === conn.a ? 0 : 1;
    conn.links[this.side] = this;
  }

  /**
   * Notes a write at `t` by the sending node `n` (its ticker's grid): a check closing an
   * interval with a write sends no tick. Writes come in time order, so only a write past the
   * interval of the last one moves the record on.
   */
  wrote(n: VmNode, t: Micros): void {
    const w = this.conn.wrote;
    const s = this.side;
    if (t > w[s]!) {
      this.conn.wroteBefore[s] = w[s]!;
      w[s] = checkAtOrAfter(n, t);
    }
  }

  /** Current behaviour (replaced by faults). */
  get config(): LinkConfig {
    return this.cfg;
  }

  set config(c: LinkConfig) {
    this.cfg = c;
    this.order = ORDER_RULES[c.ordering];
    this.lossy = c.loss > 0 || c.duplicate > 0;
  }

  /** Samples the arrival time of a message sent at `t` on this link (FIFO clamping is `order`'s). */
  arrival(t: Micros): Micros {
    return t + sampleLatency(this.cfg.latency, this.stream);
  }

  // In a timed run, something sent on the link is `loses`, else `copies` times `arrive`. Loss
  // and duplication apply to messages only: signals travel with the connection and are lost
  // only with it. The draws from the link's stream come in this order: loss, duplication,
  // then each copy's latency.

  /** Whether a message is lost (never a signal). */
  loses(isMsg: boolean): boolean {
    return isMsg && this.stream.chance(this.cfg.loss);
  }

  /** How many copies of what is sent arrive: two when a message is duplicated. */
  copies(isMsg: boolean): number {
    return isMsg && this.stream.chance(this.cfg.duplicate) ? 2 : 1;
  }

  /** The arrival time of one copy sent at `t` by `sender` to `to`: sampled, then kept in order. */
  arrive(t: Micros, sender: Proc | null, to: Pid | Name): Micros {
    const a = this.order.clamp(this.arrival(t), this, sender, to);
    if (a > this.lastArrival) this.lastArrival = a;
    return a;
  }
}

/** Links and connections, created on first use in a deterministic way. */
export class Network {
  private readonly links = new Map<string, Map<string, Link>>();
  private readonly linkList: Link[] = [];
  private readonly conns = new Map<string, Connection>();

  /** A network with the given configuration, drawing from `rng`. */
  constructor(
    readonly config: NetworkConfig,
    private readonly rng: Rng,
  ) {}

  /** The directed link `from -> to`. */
  link(from: string, to: string): Link {
    let out = this.links.get(from);
    if (out === undefined) {
      out = new Map();
      this.links.set(from, out);
    }
    let l = out.get(to);
    if (l === undefined) {
      l = new Link(from, to, this.configured(from, to), this.rng.stream(`net:${from}->${to}`), this.connection(from, to));
      out.set(to, l);
      this.linkList.push(l);
    }
    return l;
  }

  /** The connection between `a` and `b`, in either order; made (down) if there is none yet. */
  connection(a: string, b: string): Connection {
    const [x, y] = a < b ? [a, b] : [b, a];
    const key = x + "\u0000" + y;
    let c = this.conns.get(key);
    if (c === undefined) {
      c = new Connection(x, y);
      this.conns.set(key, c);
    }
    return c;
  }

  /** The latency of the link `from -> to` as it is now (its configuration if it was never used; nothing is made here). */
  latencyOf(from: string, to: string): Latency {
    return (this.links.get(from)?.get(to)?.config ?? this.configured(from, to)).latency;
  }

  /** The configuration of the link `from -> to` before any fault: the default with its overrides. */
  private configured(from: string, to: string): LinkConfig {
    let cfg = this.config.default;
    for (const o of this.config.links) if (o.from === from && o.to === to) cfg = { ...cfg, ...stripEnds(o) };
    return cfg;
  }

  /** The connection between `a` and `b`, in either order, if one was ever made (nothing is made here). */
  find(a: string, b: string): Connection | undefined {
    return this.conns.get(a < b ? a + "\u0000" + b : b + "\u0000" + a);
  }

  /** The connections that are up and touch `node`, in creation order. */
  connectionsOf(node: string): Connection[] {
    const out: Connection[] = [];
    for (const c of this.conns.values()) if (c.up && (c.a === node || c.b === node)) out.push(c);
    return out;
  }

  /** All connections made so far (up or not), in creation order. */
  allConnections(): Connection[] {
    return [...this.conns.values()];
  }

  /** All links created so far, in creation order. */
  allLinks(): Link[] {
    return this.linkList.slice();
  }
}

function stripEnds(o: LinkOverride): Partial<LinkConfig> {
  const { from: _f, to: _t, ...rest } = o;
  return rest;
}

// ---------------------------------------------------------------- connections in a run

/** Makes sure `from` is connected to node `to` (auto-connect); false if it cannot be. */
export function connect(k: Kernel, from: VmNode, to: string): boolean {
  const dst = k.nodes.get(to);
  if (dst === undefined || !from.up) return false;
  // A node down, unless it crashed behind a cut: the other end, which cannot tell, is connected still.
  if (!dst.up) return halfUp(k.network, from, dst);
  const conn = k.network.connection(from.name, to);
  // Half down (`halfDown`) and the crashed node restarted: the restart has no connection.
  if (conn.up) return conn.gone !== from.name;
  if (conn.cut || k.network.link(from.name, to).blocked || k.network.link(to, from.name).blocked) return false;
  conn.up = true;
  conn.upAt = k.now;
  // The setup is a write and a read at both ends.
  const [na, nb] = from.name === conn.a ? [from, dst] : [dst, from];
  conn.aIndex = na.index;
  conn.heard.fill(k.now);
  conn.wrote[0] = checkAtOrAfter(na, k.now);
  conn.wrote[1] = checkAtOrAfter(nb, k.now);
  conn.wroteBefore.fill(-1);
  if (k.trace.on) k.trace.add({ t: k.now, k: "connection", a: conn.a, b: conn.b, up: true, reason: null });
  return true;
}

/** A connection goes down: what is in flight on it or held at a cut is lost, and both ends see `noconnection`. */
export function connectionDown(k: Kernel, conn: Connection, reason: DropReason): void {
  conn.up = false;
  conn.gone = null;
  conn.endedBy[conn.epoch] = reason;
  conn.epoch++;
  callOffTick(conn);
  if (k.trace.on) k.trace.add({ t: k.now, k: "connection", a: conn.a, b: conn.b, up: false, reason });
  const held = conn.held;
  conn.held = [];
  for (const d of held) k.drop(d.id, k.now, reason);
  // What was on its way is lost with it: nothing sent on a new connection keeps order behind it.
  for (const l of conn.links) if (l !== null) l.lastArrival = 0;
  sever(k, conn.a, conn.b);
  sever(k, conn.b, conn.a);
}

/** Whether `from` has a connection to `to` that `to` crashed behind a cut (`halfDown`): `from` cannot tell. */
export function halfUp(net: Network, from: VmNode | null, to: VmNode): boolean {
  return from !== null && from !== to && net.find(from.name, to.name)?.gone === to.name;
}

/** The nodes `node` is connected to, sorted (`nodes()`). */
export function connectedNodes(net: Network, node: string): string[] {
  return net
    .connectionsOf(node)
    .filter((c) => c.gone !== node)
    .map((c) => (c.a === node ? c.b : c.a))
    .sort();
}

/**
 * Cuts every node of `a` off from every node of `b`.
 *
 * Symmetric, as distributed Erlang sees a cable pulled: nothing crosses, no connection can be
 * made (a send that needs one is dropped, `partition`), but a connection that is up stays up
 * until a node's ticker notices. What reaches the cut is held, as TCP holds it, and sent on,
 * in order, if the cut heals first: a cut shorter than the tick time loses nothing. Otherwise
 * the connection goes down at detection (`partition`): what was held is lost and both ends
 * see `noconnection` and `nodedown`.
 *
 * One-way: only messages from `a` to `b` are dropped, at send time; the connection stays up
 * (a lossy route, not a TCP cut).
 */
export function partition(k: Kernel, a: readonly string[], b: readonly string[], oneWay: boolean): void {
  for (const x of a) {
    for (const y of b) {
      if (x === y) continue;
      if (oneWay) {
        k.network.link(x, y).blocked = true;
        continue;
      }
      const conn = k.network.connection(x, y);
      if (conn.cut) continue;
      conn.cut = true;
      conn.cutAt = k.now;
      if (!conn.up) continue;
      conn.tick = new FaultEv(Math.min(detection(k, conn, 0), detection(k, conn, 1)), { op: "tick-timeout", a: conn.a, b: conn.b });
      k.queue.push(conn.tick);
    }
  }
}

/** How often `n`'s ticker looks at its connections: every netTicktime/4. */
function tickInterval(n: VmNode): Micros {
  return Math.ceil(n.config.netTicktime / 4);
}

/** The first look of `n`'s ticker at or after `t` (its first look is one interval after it started). */
export function checkAtOrAfter(n: VmNode, t: Micros): Micros {
  const i = tickInterval(n);
  return n.tickerFrom + Math.max(1, Math.ceil((t - n.tickerFrom) / i)) * i;
}

/**
 * When end `x` (0: `a`, 1: `b`) of `conn`, cut at `conn.cutAt`, declares the other end down:
 * the kernel application's `net_ticktime`, as OTP's code does it. Each node has one ticker,
 * started with the node, that looks at every connection once every TickTime/4
 * (`net_kernel:ticker/2`). At a look, a node that wrote nothing on the connection since the
 * last look sends a tick (`dist_util:need_to_tick/4`); a connection from which nothing was read
 * since the last look, 4 looks after the last look that did read something, is down
 * (`dist_util:send_tick/2`: `not_responding`). So the look that saw the last thing read before
 * the cut (a message, a signal, a tick, or the setup) is the last that saw traffic, and the
 * fourth after it decides: from about 3/4 TickTime after the cut (an idle connection, its last
 * tick read up to an interval before) to 5/4 TickTime (a busy one); with the default 60 s, 45
 * to 75 s (Kernel, "net_ticktime": MinT and MaxT). A tick takes the link's mean latency.
 * Checked against OTP 25, two nodes in network namespaces, `net_ticktime` 8 s, an idle
 * connection cut (a veth link set down) at four moments: `nodedown` came 6.4 to 7.7 s after
 * the cut, earlier than the tick time itself, as only a last read before the cut explains.
 */
export function detection(k: Kernel, conn: Connection, x: 0 | 1): Micros {
  const node = k.node(x === 0 ? conn.a : conn.b);
  const last = Math.max(conn.heard[x]!, lastTick(k, conn, x === 0 ? 1 : 0));
  // Never before the first look after the cut: the connection stood until it.
  return Math.max(checkAtOrAfter(node, last) + 4 * tickInterval(node), checkAtOrAfter(node, conn.cutAt + 1));
}

/**
 * When the last tick end `y` sent reached the other end before the cut (-Infinity: none). It
 * sends one at each look that closes an interval it wrote nothing in; the two last intervals
 * with writes are known (`Link.wrote`), and the ticks looked for are the last three looks'.
 */
function lastTick(k: Kernel, conn: Connection, y: 0 | 1): Micros {
  const [from, to] = y === 0 ? [conn.a, conn.b] : [conn.b, conn.a];
  const n = k.node(from);
  const i = tickInterval(n);
  const delay = Math.round(meanLatency(k.network.latencyOf(from, to)));
  for (let j = Math.floor((conn.cutAt - delay - n.tickerFrom) / i), tries = 0; j >= 1 && tries < 3; j--, tries++) {
    const look = n.tickerFrom + j * i;
    // The interval this look closes began before the setup (the setup's write is in it, or it is older).
    if (look - i < conn.upAt) break;
    if (look !== conn.wrote[y] && look !== conn.wroteBefore[y]) return look + delay;
  }
  return -Infinity;
}

/**
 * `node` crashes while `conn`, up, is cut. Distributed Erlang learns that a peer is gone only
 * from the peer (its connection closing) or from its silence (the ticker, `detection`), and
 * across the cut nothing of the crash arrives: the other end keeps the connection up, its
 * links and monitors of the dead node's processes standing, until its own ticker declares the
 * peer down (the dead end's ticker counts no more), or until the cut heals first, when the
 * dead node's host answers the next packet with a reset (RFC 793, "Reset Generation": a
 * segment for a connection that does not exist) and the connection goes down then (`heal`).
 * What reaches the cut meanwhile is held, and lost when it goes down. Checked against OTP 25,
 * two nodes in network namespaces of their own, `net_ticktime` 8 s, the cut a veth link set
 * down, the node behind it killed (-9) a second later: the other node's `nodedown` and
 * `'DOWN'` (`noconnection`) came 7.1 s after the cut ("not responding"); with the link up again
 * 2 s after the kill, they came 0.12 s after that (the first packet across: here, at the heal).
 */
export function halfDown(k: Kernel, conn: Connection, node: string): void {
  conn.gone = node;
  const at = detection(k, conn, conn.a === node ? 1 : 0);
  if (conn.tick !== null && conn.tick.time === at) return;
  callOffTick(conn);
  conn.tick = new FaultEv(at, { op: "tick-timeout", a: conn.a, b: conn.b });
  k.queue.push(conn.tick);
}

/** A cut's tick timeout is due (a heal or the connection going down calls it off): the connection goes down. */
export function tickTimeout(k: Kernel, a: string, b: string): void {
  const conn = k.network.connection(a, b);
  if (conn.up && conn.cut) connectionDown(k, conn, "partition");
}

/** Calls off a pending tick timeout of `conn`, if any. */
function callOffTick(conn: Connection): void {
  if (conn.tick !== null) conn.tick.cancelled = true;
  conn.tick = null;
}

/**
 * Whether a delivery between nodes (`d.conn` set) arrives now: not when its connection went
 * down since it was sent (dropped with the reason it went down), nor at a cut (held).
 */
export function crosses(k: Kernel, d: Delivery): boolean {
  const conn = d.conn!;
  if (conn.epoch !== d.epoch) {
    k.drop(d.id, k.now, conn.endedBy[d.epoch]!);
    return false;
  }
  if (!conn.cut) {
    conn.heard[d.node.index === conn.aIndex ? 0 : 1] = k.now;
    return true;
  }
  conn.held.push(d);
  return false;
}

/** Undoes partitions between `a` and `b` (both directions), or every partition when omitted; what a cut held arrives now, in order. */
export function heal(k: Kernel, a: readonly string[] | undefined, b: readonly string[] | undefined): void {
  const between = (x: string, y: string): boolean => a === undefined || b === undefined || (a.includes(x) && b.includes(y)) || (b.includes(x) && a.includes(y));
  for (const l of k.network.allLinks()) if (between(l.from, l.to)) l.blocked = false;
  for (const conn of k.network.allConnections()) {
    if (!conn.cut || !between(conn.a, conn.b)) continue;
    conn.cut = false;
    callOffTick(conn);
    // An end crashed behind the cut: the first packet across is answered with a reset.
    if (conn.gone !== null) {
      connectionDown(k, conn, "node-down");
      continue;
    }
    const held = conn.held;
    conn.held = [];
    for (const d of held) k.handle(d);
  }
}

/** The directed links from the nodes `from` to the nodes `to` (every node when omitted), made if need be. */
export function linksBetween(k: Kernel, from: readonly string[] | undefined, to: readonly string[] | undefined): Link[] {
  const names = [...k.nodes.keys()];
  const out = [];
  for (const a of from ?? names) for (const b of to ?? names) if (a !== b) out.push(k.network.link(a, b));
  return out;
}
