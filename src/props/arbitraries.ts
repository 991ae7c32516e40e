/**
 * fast-check arbitraries of whole chat worlds: system, servers, clients and where they run,
 * the network, the workload (who types what when, who answers whom, who joins late or
 * leaves) and a small fault timeline, plus the simulation seed. A generated `WorldCase`
 * runs as the `world` scenario with `caseSets(c)`, so every case replays from the command
 * line.
 *
 * Everything is drawn as a flat `fc.record` of small integers (indexes taken modulo the
 * sizes drawn, times as counts of a time unit), then mapped to a world. The default
 * shrinkers therefore move towards fewer servers, fewer clients, fewer lines, earlier and
 * simultaneous times, no faults, the profile's network and seed 0.
 *
 * Time unit: `U` is the mean one-way latency; times are multiples of `q = U/4`. Servers
 * start first (one at a time, `40U` apart, unless `serverJoins: "concurrent"`); clients join
 * `40U` after the last server, and type from `20U` later, so servers have found each
 * other and clients have joined before anyone types, unless late joins are asked for.
 */
import fc from "fast-check";
import type { Variant } from "../nodes/index.js";
import { meanLatency, ORDERINGS, parseLatency, PROFILES, type Micros, type Ordering } from "../sim/index.js";
import type { Profile } from "../scenarios/index.js";
import { worldText, type WorldAction, type WorldClient, type WorldFault, type WorldReply, type WorldServer, type WorldSpec } from "../scenarios/world.js";

/** A generated world with its network, variant and seed: one run of the `world` scenario. */
export interface WorldCase {
  readonly seed: number;
  readonly variant: Variant;
  readonly ordering: Ordering;
  /** The `latency` parameter as a user types it, or null for the profile's. */
  readonly latency: string | null;
  readonly loss: number;
  readonly world: WorldSpec;
}

/** The kinds of fault a generated timeline may hold. */
export type FaultKind = "disconnect" | "crash" | "partition" | "slow";

/** What to generate. Every field has a default (see each). */
export interface WorldOptions {
  /** Default both, `server` first (so shrinking prefers it). */
  readonly systems?: readonly ("server" | "server2")[];
  /** Default both, `handout` first. */
  readonly variants?: readonly Variant[];
  /** Default all three, `process-pair` first. */
  readonly orderings?: readonly Ordering[];
  /** server2 servers; default 1 to 4. (`server` always has one.) */
  readonly servers?: { readonly min: number; readonly max: number };
  /** Default 2 to 6. */
  readonly clients?: { readonly min: number; readonly max: number };
  /** Lines each client may type; default 3. */
  readonly lines?: number;
  /** Reply rules ("B answers A's line"); default true. */
  readonly replies?: boolean;
  /** Clients may leave or crash; default true. */
  readonly leaves?: boolean;
  /** Clients may join while lines are on their way; default true. */
  readonly lateJoins?: boolean;
  /** `sequential` (default): each server joins once the last has settled; `concurrent`: within a few `q`. */
  readonly serverJoins?: "sequential" | "concurrent";
  /** Fault kinds on the timeline; default none. */
  readonly faults?: readonly FaultKind[];
  /** Faults happen while servers join (for question i) rather than while clients type; default false. */
  readonly faultsDuringJoins?: boolean;
  /** Links may lose messages; default false. */
  readonly loss?: boolean;
  /** Latencies other than the profiles'; default true. */
  readonly customLatency?: boolean;
}

/** The `--set` pairs that run a case as the `world` scenario. */
export function caseSets(c: WorldCase): [string, string][] {
  return [
    ["variant", c.variant],
    ["ordering", c.ordering],
    ...(c.latency === null ? [] : ([["latency", c.latency]] as [string, string][])),
    ["loss", String(c.loss)],
    ["world", worldText(c.world)],
  ];
}

/** The network part of a case: a profile, or a latency distribution typed as the parameter. */
const netArb = (custom: boolean): fc.Arbitrary<{ profile: Profile; latency: string | null }> => {
  const profiles = fc.constantFrom<Profile>("lan", "wan", "sameMachine").map((profile) => ({ profile, latency: null }));
  if (!custom) return profiles;
  const custom100 = (n: number): string => `${n * 100}us`;
  return fc.oneof(
    profiles,
    fc.integer({ min: 1, max: 400 }).map((n) => ({ profile: "lan" as Profile, latency: custom100(n) })),
    fc.record({ min: fc.integer({ min: 0, max: 100 }), width: fc.integer({ min: 1, max: 400 }) }).map(({ min, width }) => ({ profile: "lan" as Profile, latency: `uniform:${custom100(min)}..${custom100(min + width)}` })),
    fc.record({ mean: fc.integer({ min: 1, max: 400 }), min: fc.integer({ min: 0, max: 100 }) }).map(({ mean, min }) => ({ profile: "lan" as Profile, latency: `exp:${custom100(mean)}+${custom100(min)}` })),
    fc.record({ median: fc.integer({ min: 1, max: 400 }), sigma: fc.integer({ min: 1, max: 8 }) }).map(({ median, sigma }) => ({ profile: "lan" as Profile, latency: `lognormal:${custom100(median)},${sigma / 10}` })),
  );
};

/** The raw draw of one client: small integers, made into a client by `toWorld`. */
interface RawClient {
  readonly server: number;
  readonly host: number | undefined;
  readonly join: number;
  readonly sends: readonly number[];
  readonly exit: { readonly how: "leave" | "crash"; readonly at: number } | undefined;
  readonly replies: readonly { readonly to: number; readonly line: number; readonly think: number }[];
}

interface RawFault {
  readonly kind: FaultKind;
  readonly at: number;
  readonly a: number;
  readonly b: number;
  readonly heal: number;
}

interface Raw {
  readonly seed: number;
  readonly variant: Variant;
  readonly ordering: Ordering;
  readonly net: { readonly profile: Profile; readonly latency: string | null };
  readonly loss: number;
  readonly system: "server" | "server2";
  readonly servers: number;
  readonly serverDelays: readonly number[];
  readonly boots: readonly number[];
  readonly clients: readonly RawClient[];
  readonly faults: readonly RawFault[];
}

/** `undefined` three times in four, else a value of `arb`; shrinks to `undefined`. */
const rarely = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });

/** Arbitrary whole worlds, with network, variant and seed. */
export function worldCase(opts: WorldOptions = {}): fc.Arbitrary<WorldCase> {
  const systems = opts.systems ?? ["server", "server2"];
  const maxServers = opts.servers?.max ?? 4;
  const faultKinds = opts.faults ?? [];
  const lateJoins = opts.lateJoins ?? true;
  const client: fc.Arbitrary<RawClient> = fc.record({
    server: fc.nat({ max: maxServers - 1 }),
    // Mostly a machine of its own; sometimes a server's machine.
    host: rarely(fc.nat({ max: maxServers - 1 })),
    join: fc.nat({ max: lateJoins ? 120 : 8 }),
    sends: fc.array(fc.nat({ max: 40 }), { maxLength: opts.lines ?? 3 }),
    exit: (opts.leaves ?? true) ? rarely(fc.record({ how: fc.constantFrom("leave" as const, "crash" as const), at: fc.nat({ max: 60 }) })) : fc.constant(undefined),
    replies: (opts.replies ?? true) ? fc.array(fc.record({ to: fc.nat({ max: 5 }), line: fc.nat({ max: 3 }), think: fc.nat({ max: 8 }) }), { maxLength: 2 }) : fc.constant([]),
  });
  const raw: fc.Arbitrary<Raw> = fc.record({
    seed: fc.nat({ max: 9999 }),
    variant: fc.constantFrom<Variant>(...(opts.variants ?? ["handout", "fixed"])),
    ordering: fc.constantFrom<Ordering>(...(opts.orderings ?? ORDERINGS)),
    net: netArb(opts.customLatency ?? true),
    loss: opts.loss === true ? fc.constantFrom(0, 0.05, 0.2) : fc.constant(0),
    system: fc.constantFrom(...systems),
    servers: fc.integer({ min: opts.servers?.min ?? 1, max: maxServers }),
    serverDelays: fc.array(fc.nat({ max: 8 }), { minLength: maxServers, maxLength: maxServers }),
    boots: fc.array(fc.nat({ max: maxServers - 1 }), { minLength: maxServers, maxLength: maxServers }),
    clients: fc.array(client, { minLength: opts.clients?.min ?? 2, maxLength: opts.clients?.max ?? 6 }),
    faults:
      faultKinds.length === 0
        ? fc.constant([])
        : fc.array(fc.record({ kind: fc.constantFrom(...faultKinds), at: fc.nat({ max: 60 }), a: fc.nat({ max: 9 }), b: fc.nat({ max: 9 }), heal: fc.nat({ max: 40 }) }), { maxLength: 2 }),
  });
  return raw.map((r) => toCase(r, opts));
}

/** The mean one-way latency of a case's network, at least 100 µs: the time unit `U`. */
export function unitOf(net: { readonly profile: Profile; readonly latency: string | null }): Micros {
  const l = net.latency === null ? PROFILES[net.profile].latency : parseLatency(net.latency);
  return Math.max(100, Math.round(meanLatency(l)));
}

function toCase(r: Raw, opts: WorldOptions): WorldCase {
  const U = unitOf(r.net);
  const q = Math.max(1, Math.round(U / 4));
  const nServers = r.system === "server" ? 1 : r.servers;
  const concurrent = opts.serverJoins === "concurrent";
  const servers: WorldServer[] = [];
  let t = 0;
  for (let i = 0; i < nServers; i++) {
    if (i > 0) t += concurrent ? r.serverDelays[i]! * q : 40 * U;
    servers.push(i === 0 ? { at: t } : { at: t, boot: r.boots[i]! % i });
  }
  const ready = t + 40 * U;
  const act = ready + 20 * U;
  const nClients = r.clients.length;
  const sendCounts = r.clients.map((c) => c.sends.length);
  const clients: WorldClient[] = r.clients.map((c, i) => {
    const actions: WorldAction[] = [...c.sends].sort((a, b) => a - b).map((k) => ({ at: act + k * q, do: "send" }));
    if (c.exit !== undefined) actions.push({ at: act + c.exit.at * q, do: c.exit.how });
    const replies: WorldReply[] = [];
    for (const rep of c.replies) {
      const to = (i + 1 + (rep.to % (nClients - 1))) % nClients;
      if (sendCounts[to] === 0) continue;
      const line = 1 + (rep.line % sendCounts[to]!);
      if (replies.some((x) => x.to === to && x.line === line)) continue;
      replies.push({ to, line, think: rep.think * q });
    }
    const base = { server: c.server % nServers, at: ready + c.join * q, actions, replies };
    return c.host === undefined ? base : { ...base, host: c.host % nServers };
  });
  const faultBase = opts.faultsDuringJoins === true ? 0 : act;
  const nodes = nServers + nClients;
  const faults: WorldFault[] = [];
  for (const f of r.faults) {
    const at = faultBase + f.at * q;
    switch (f.kind) {
      case "disconnect":
      case "crash":
        faults.push({ at, op: f.kind, server: f.a % nServers });
        break;
      case "partition": {
        const a = f.a % nodes;
        faults.push({ at, op: "partition", a, b: (a + 1 + (f.b % (nodes - 1))) % nodes }, { at: at + f.heal * q, op: "heal" });
        break;
      }
      case "slow": {
        // A route 1 to 20 times slower than the mean latency, from the start of typing on.
        const a = f.a % nodes;
        faults.push({ at, op: "slow", a, b: (a + 1 + (f.b % (nodes - 1))) % nodes, us: (1 + (f.heal % 20)) * U });
        break;
      }
    }
  }
  faults.sort((a, b) => a.at - b.at);
  const world: WorldSpec = { system: r.system, profile: r.net.profile, servers, clients, faults, until: act + 200 * q + 400 * U };
  return { seed: r.seed, variant: r.variant, ordering: r.ordering, latency: r.net.latency, loss: r.loss, world };
}

/** How big a case is, for asserting that counterexamples shrink. */
export interface CaseSize {
  readonly servers: number;
  readonly clients: number;
  /** Lines typed (scripted sends, not replies). */
  readonly typed: number;
  readonly replies: number;
  readonly faults: number;
}

/** The size of a case's world. */
export function caseSize(c: WorldCase): CaseSize {
  const w = c.world;
  return {
    servers: w.servers.length,
    clients: w.clients.length,
    typed: w.clients.reduce((n, x) => n + x.actions.filter((a) => a.do === "send").length, 0),
    replies: w.clients.reduce((n, x) => n + x.replies.length, 0),
    faults: w.faults.length,
  };
}

/**
 * Arbitrary worlds for a user's own properties: `fc.assert(fc.property(arbWorld({ system:
 * "server2" }), (w) => …))`, with `runCase(w)` to run one. `system` fixes the system; the
 * other options are `worldCase`'s.
 */
export function arbWorld(opts: WorldOptions & { readonly system?: "server" | "server2" } = {}): fc.Arbitrary<WorldCase> {
  const { system, ...rest } = opts;
  return worldCase(system === undefined ? rest : { ...rest, systems: [system] });
}
