import { describe, expect, test } from "vitest";
import { ConfigError } from "../../src/sim/errors.js";
import { latency } from "../../src/sim/latency.js";
import { DEFAULT_NETWORK, type Link, type LinkConfig, Network, ORDER_RULES, ORDERINGS, PROFILES, validateLink, validateNetwork } from "../../src/sim/network.js";
import { Name, Pid } from "../../src/sim/pid.js";
import type { Proc } from "../../src/sim/process.js";
import { Rng } from "../../src/sim/rng.js";

const base: LinkConfig = { latency: latency.constant(100), loss: 0, duplicate: 0, ordering: "process-pair" };

describe("validateLink", () => {
  test("fills what is missing from the base and freezes the result", () => {
    const l = validateLink({ loss: 0.25 }, base, "x");
    expect(l).toEqual({ ...base, loss: 0.25 });
    expect(Object.isFrozen(l)).toBe(true);
  });

  test("accepts every ordering and the ends of [0, 1]", () => {
    for (const ordering of ORDERINGS) expect(validateLink({ ordering }, base, "x").ordering).toBe(ordering);
    expect(validateLink({ loss: 1, duplicate: 0 }, base, "x").loss).toBe(1);
  });

  test("validates the latency it is given", () => {
    expect(validateLink({ latency: { kind: "uniform", min: 1, max: 2.2 } }, base, "x").latency).toEqual({ kind: "uniform", min: 1, max: 2 });
    expect(() => validateLink({ latency: { kind: "constant", us: -5 } }, base, "x")).toThrow(ConfigError);
  });

  test.each([
    ["loss above 1", { loss: 1.5 }],
    ["negative loss", { loss: -0.1 }],
    ["NaN loss", { loss: Number.NaN }],
    ["string duplicate", { duplicate: "0.1" }],
    ["duplicate above 1", { duplicate: 2 }],
    ["unknown ordering", { ordering: "fifo" }],
  ])("rejects %s with a ConfigError naming the field", (_what, v) => {
    expect(() => validateLink(v as Partial<LinkConfig>, base, "network.links[3]")).toThrow(ConfigError);
    expect(() => validateLink(v as Partial<LinkConfig>, base, "network.links[3]")).toThrow(/^network\.links\[3\]\./);
  });
});

describe("validateNetwork", () => {
  test("undefined gives the default network: a LAN with 1 µs between local processes", () => {
    const n = validateNetwork(undefined);
    expect(n).toEqual(DEFAULT_NETWORK);
    expect(n.default).toEqual(PROFILES.lan);
    expect(n.local).toBe(1);
    expect(n.default.ordering).toBe("process-pair");
    expect(Object.isFrozen(n)).toBe(true);
  });

  test("overrides inherit from the validated default, not from the LAN", () => {
    const n = validateNetwork({ default: { ...base, loss: 0.1 }, links: [{ from: "a", to: "b", duplicate: 0.5 }] });
    expect(n.links[0]).toEqual({ ...base, loss: 0.1, duplicate: 0.5, from: "a", to: "b" });
  });

  test.each([
    ["a negative local delay", { local: -1 }],
    ["a fractional local delay", { local: 0.5 }],
    ["a bad default", { default: { ...base, loss: 3 } }],
    ["an override without ends", { links: [{ from: "a", loss: 0.1 }] }],
    ["a bad override", { links: [{ from: "a", to: "b", ordering: "random" }] }],
  ])("rejects %s with a ConfigError", (_what, v) => {
    expect(() => validateNetwork(v as never)).toThrow(ConfigError);
  });

  test("the profiles are valid links, faster to slower", () => {
    for (const p of Object.values(PROFILES)) expect(validateLink(p, base, "p")).toEqual(p);
    expect(PROFILES.sameMachine.latency.median).toBeLessThan(PROFILES.lan.latency.median);
    expect(PROFILES.lan.latency.median).toBeLessThan(PROFILES.wan.latency.median);
  });
});

describe("Network", () => {
  const config = validateNetwork({ default: base, links: [{ from: "a", to: "b", latency: { kind: "constant", us: 7 }, loss: 0.5 }] });

  test("link(from, to) is created once, with its own stream net:<from>-><to>", () => {
    const rng = new Rng(1);
    const net = new Network(config, rng);
    const l = net.link("a", "b");
    expect(net.link("a", "b")).toBe(l);
    expect(l.from).toBe("a");
    expect(l.to).toBe("b");
    expect(l.stream).toBe(rng.stream("net:a->b"));
    expect(net.link("b", "a").stream).toBe(rng.stream("net:b->a"));
  });

  test("an override applies to its directed link only", () => {
    const net = new Network(config, new Rng(1));
    expect(net.link("a", "b").config).toEqual({ ...base, latency: { kind: "constant", us: 7 }, loss: 0.5 });
    expect(net.link("b", "a").config).toEqual(base);
    expect(net.link("a", "c").config).toEqual(base);
  });

  test("both directions share one connection, which starts down at epoch 0", () => {
    const net = new Network(config, new Rng(1));
    const c = net.link("b", "a").conn;
    expect(net.link("a", "b").conn).toBe(c);
    expect(net.connection("a", "b")).toBe(c);
    expect(net.connection("b", "a")).toBe(c);
    expect([c.a, c.b]).toEqual(["a", "b"]);
    expect(c.up).toBe(false);
    expect(c.epoch).toBe(0);
    expect(net.connection("a", "c")).not.toBe(c);
  });

  test("connectionsOf lists the connections that are up and touch a node, in creation order", () => {
    const net = new Network(config, new Rng(1));
    const ab = net.connection("a", "b");
    const ca = net.connection("c", "a");
    const bc = net.connection("b", "c");
    expect(net.connectionsOf("a")).toEqual([]);
    ab.up = ca.up = bc.up = true;
    expect(net.connectionsOf("a")).toEqual([ab, ca]);
    ca.up = false;
    expect(net.connectionsOf("a")).toEqual([ab]);
    expect(net.connectionsOf("c")).toEqual([bc]);
  });

  test("allLinks lists links in creation order and is a copy", () => {
    const net = new Network(config, new Rng(1));
    const l1 = net.link("b", "c");
    const l2 = net.link("a", "b");
    const all = net.allLinks();
    expect(all).toEqual([l1, l2]);
    all.pop();
    expect(net.allLinks()).toHaveLength(2);
  });

  test("arrival adds a sampled latency; a constant draws nothing", () => {
    const net = new Network(config, new Rng(1));
    const l = net.link("a", "b");
    expect(l.arrival(1000)).toBe(1007);
    expect(l.stream.draws).toBe(0);
    l.config = { ...l.config, latency: latency.uniform(10, 20) };
    const t = l.arrival(1000);
    expect(t).toBeGreaterThanOrEqual(1010);
    expect(t).toBeLessThanOrEqual(1020);
    expect(l.stream.draws).toBe(1);
  });

  test("the same seed gives the same arrivals on the same link", () => {
    const arrivals = (seed: number) => {
      const net = new Network(validateNetwork({ default: PROFILES.wan }), new Rng(seed));
      return [0, 1, 2, 3].map((t) => net.link("x", "y").arrival(t));
    };
    expect(arrivals(3)).toEqual(arrivals(3));
    expect(arrivals(3)).not.toEqual(arrivals(4));
  });
});

describe("process-pair order (ORDER_RULES)", () => {
  // A sender stand-in: the rule reads only its FIFO table.
  const sender = (): Proc => {
    const o = { fifoMap: null as Map<Pid | string, number> | null };
    Object.defineProperty(o, "fifo", { get: () => (o.fifoMap ??= new Map()) });
    return o as unknown as Proc;
  };
  // A link stand-in: the rule reads only its latest arrival (which `Link.arrive` keeps), for the runtime's answers.
  const link = { lastArrival: 0 } as Link;
  const clamp = (a: number, s: Proc | null, to: Pid | Name): number => ORDER_RULES["process-pair"].clamp(a, link, s, to);

  test("each sender's arrivals at a pid keep their order, whoever sent in between (the pid's slot and the senders' tables)", () => {
    const p = new Pid("b@h", 2, 1, 1);
    const q = new Pid("b@h", 2, 2, 1);
    const s = sender();
    const t = sender();
    expect(clamp(100, s, p)).toBe(100);
    expect(clamp(50, t, p)).toBe(50); // another sender: not behind s's
    expect(clamp(40, s, p)).toBe(100); // s again: behind its own 100, found in its table
    expect(clamp(10, t, p)).toBe(50); // t again: behind its own 50
    expect(clamp(70, s, q)).toBe(70); // another destination: its own order
    expect(clamp(60, s, q)).toBe(70);
    expect(clamp(120, s, p)).toBe(120);
    expect(clamp(110, s, p)).toBe(120);
    expect(clamp(30, t, p)).toBe(50);
    // The runtime's answers come after everything on the link before them, whoever sent it.
    link.lastArrival = 120;
    expect(clamp(5, null, p)).toBe(120);
    expect(clamp(130, null, q)).toBe(130);
  });

  test("a name is ordered apart from the pid it stands for when nobody has it", () => {
    const s = sender();
    const n = new Name("srv", "b@h");
    expect(clamp(100, s, n)).toBe(100);
    expect(clamp(90, s, n)).toBe(100);
    expect(clamp(80, s, new Pid("b@h", 2, 1, 1))).toBe(80);
  });
});
