/**
 * The network between nodes. Each directed node pair is a link with a latency distribution,
 * a loss and a duplication probability and an ordering mode; each unordered pair has at
 * most one connection, made on the first send (Erlang's auto-connect) and lost on a crash
 * or a partition, which loses what is in flight on it. Messages between processes on one
 * node take `local` time and are always FIFO.
 */
import { ConfigError } from "./errors.js";
import { type Latency, sampleLatency, validateLatency } from "./latency.js";
import type { Rng, Stream } from "./rng.js";
import type { Micros } from "./time.js";
import type { DropReason } from "./trace.js";

/**
 * What a link promises about order:
 * - `process-pair`: messages from one process to another arrive in send order (Erlang's guarantee);
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

  /** @param a,b the two node names, sorted */
  constructor(
    readonly a: string,
    readonly b: string,
  ) {}
}

/** The live state of one directed link. */
export class Link {
  /** Latest arrival time scheduled on this link (for `node-pair` FIFO). */
  lastArrival: Micros = 0;
  /** Partitioned: messages on this link are dropped. */
  blocked = false;

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
    public config: LinkConfig,
    readonly stream: Stream,
    readonly conn: Connection,
  ) {}

  /** Samples the arrival time of a message sent at `t` on this link (FIFO clamping is the caller's). */
  arrival(t: Micros): Micros {
    return t + sampleLatency(this.config.latency, this.stream);
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
      let cfg = this.config.default;
      for (const o of this.config.links) if (o.from === from && o.to === to) cfg = { ...cfg, ...stripEnds(o) };
      l = new Link(from, to, cfg, this.rng.stream(`net:${from}->${to}`), this.connection(from, to));
      out.set(to, l);
      this.linkList.push(l);
    }
    return l;
  }

  /** The connection between `a` and `b`, in either order. */
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

  /** The connections that are up and touch `node`, in creation order. */
  connectionsOf(node: string): Connection[] {
    const out: Connection[] = [];
    for (const c of this.conns.values()) if (c.up && (c.a === node || c.b === node)) out.push(c);
    return out;
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
