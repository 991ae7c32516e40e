import { describe, expect, test } from "vitest";
import { type Fault, type LinkOverride, Name, PROFILES, Pid, Simulation, ms } from "../../src/sim/index.js";
import { type ClientStep, Restarts, formatScreen, msg, sawMessage } from "../../src/nodes/theychat/index.js";
import { type TheyChatConfig, type TheyChatSystem, buildTheyChat } from "../../src/scenarios/theychatSystem.js";

const SERVER = "server@127.0.0.1";

type Faults = readonly [number, Fault][] | ((sys: TheyChatSystem) => readonly [number, Fault][]);

function run(cfg: TheyChatConfig, faults: Faults = [], until = ms(2000), seed = 7, links: readonly LinkOverride[] = []) {
  const sim = new Simulation({ seed, network: { default: PROFILES.sameMachine, links } });
  const sys = buildTheyChat(sim, cfg);
  for (const [t, f] of typeof faults === "function" ? faults(sys) : faults) sim.at(t, f);
  const result = sim.run({ until });
  const client = (name: string) => sys.clients.find((c) => c.name === name)!;
  const printed = (node: string) => sim.printed(node).map((l) => l.text);
  /** Messages of a given tag sent by `from`. */
  const sent = (from: Pid, tag: string) => sim.trace.records.filter((r) => r.k === "send" && r.from === from && (r.msg as { tag?: string }).tag === tag);
  return { sim, sys, result, client, printed, sent };
}

const join = (at: number, topic = "sports"): ClientStep => ({ at: ms(at), op: "join", topic });
const say = (at: number, text: string, topic = "sports"): ClientStep => ({ at: ms(at), op: "send", topic, text });

describe("TheyChat: chatting", () => {
  test("three clients all receive all messages; a leaver gets its own leave and exit, then nothing", () => {
    const { client, result } = run({
      topics: ["sports"],
      clients: [
        { name: "John", script: [join(10), say(30, "hi from John"), say(60, "after Ana left")] },
        { name: "Mary", script: [join(11), say(31, "hi from Mary")] },
        { name: "Ana", script: [join(12), say(32, "hi from Ana"), { at: ms(50), op: "leave", topic: "sports" }, say(70, "too late")] },
      ],
    });
    expect(result.outcome.kind).toBe("quiescent");
    for (const n of ["John", "Mary", "Ana"]) {
      for (const from of ["John", "Mary", "Ana"]) expect(sawMessage(client(n).screen, from, `hi from ${from}`), `${n} saw ${from}`).toBeDefined();
    }
    const ana = formatScreen(client("Ana").screen);
    expect(ana).toContain("[LEAVE] Ana left the chat");
    expect(ana).toContain("[ERROR] not in sports: too late");
    expect(client("Ana").screen.entries.some((e) => e.kind === "exit" && e.topic === "sports")).toBe(true);
    expect(sawMessage(client("Ana").screen, "John", "after Ana left")).toBeUndefined();
    for (const n of ["John", "Mary"]) {
      expect(formatScreen(client(n).screen)).toContain("[LEAVE] Ana left the chat");
      expect(sawMessage(client(n).screen, "John", "after Ana left")).toBeDefined();
    }
    // The handout's terminal: John's first lines.
    expect(formatScreen(client("John").screen).slice(0, 3)).toEqual(["[JOIN] John joined the chat", "[JOIN] Mary joined the chat", "[JOIN] Ana joined the chat"]);
  });

  test("several topics on several servers are isolated from each other", () => {
    const { client, printed, sys } = run(
      {
        topics: ["sports", { topic: "music", node: "music@127.0.0.1" }],
        clients: [
          { name: "John", script: [join(10), join(10, "music"), say(30, "goal!"), say(31, "la la", "music")] },
          { name: "Mary", script: [join(11), say(40, "nice")] },
          { name: "Bob", script: [join(12, "music"), say(41, "do re mi", "music")] },
        ],
      },
      [[ms(60), { op: "kill", target: new Name("server_chat_sports", SERVER), reason: "crash" }]],
    );
    expect(sys.topics.map((t) => t.node)).toEqual([SERVER, "music@127.0.0.1"]);
    const mary = client("Mary").screen;
    const bob = client("Bob").screen;
    expect(sawMessage(mary, "John", "goal!", "sports")).toBeDefined();
    expect(sawMessage(mary, "John", "la la")).toBeUndefined();
    expect(sawMessage(mary, "Bob", "do re mi")).toBeUndefined();
    expect(sawMessage(bob, "John", "la la", "music")).toBeDefined();
    expect(sawMessage(bob, "John", "goal!")).toBeUndefined();
    expect(sawMessage(bob, "Mary", "nice")).toBeUndefined();
    expect(sawMessage(client("John").screen, "Bob", "do re mi", "music")).toBeDefined();
    expect(formatScreen(client("John").screen, { topics: true })).toContain("(music) [Bob] do re mi");
    // The sports chat's crash restarts sports only.
    expect(mary.entries.filter((e) => e.kind === "new_server")).toHaveLength(1);
    expect(bob.entries.filter((e) => e.kind === "new_server")).toHaveLength(0);
    expect(client("John").screen.entries.filter((e) => e.kind === "new_server").map((e) => "topic" in e && e.topic)).toEqual(["sports"]);
    expect(printed("music@127.0.0.1")).toEqual([]);
  });

  test("an unknown topic is answered with no_topic", () => {
    const { client } = run({ topics: ["sports"], clients: [{ name: "John", script: [join(10, "cooking"), say(20, "anyone?", "cooking")] }] });
    expect(formatScreen(client("John").screen)).toEqual(["[ERROR] no such topic: cooking", "[ERROR] not in cooking: anyone?"]);
  });

  test("a client that asks before the chat has started asks again and joins", () => {
    // The chat's first report takes 10 ms to reach the router.
    const slow = [{ from: SERVER, to: "router@127.0.0.1", latency: { kind: "constant", us: ms(10) } }] as const;
    const { client, sent } = run({ topics: ["sports"], lookupRetry: ms(5), clients: [{ name: "John", script: [join(0), say(50, "first")] }] }, [], ms(2000), 7, slow);
    const john = client("John");
    expect(sent(john.pid, "find_server").length).toBeGreaterThan(1);
    expect(sawMessage(john.screen, "John", "first")).toBeDefined();
  });

  test("same seed, same trace", () => {
    const cfg: TheyChatConfig = { topics: ["sports"], clients: [{ name: "John", script: [join(10), say(20, "x")] }, { name: "Mary", script: [join(10)] }] };
    const kill: [number, Fault][] = [[ms(30), { op: "kill", target: new Name("router", "router@127.0.0.1") }]];
    expect(run(cfg, kill, ms(500), 3).result.traceHash).toBe(run(cfg, kill, ms(500), 3).result.traceHash);
  });
});

/** John and Mary chat in sports before a fault at 100 ms and after recovery from 300 ms; Ana joins at 250 ms. */
function failure(faults: readonly [number, Fault][], extra: ClientStep[] = []) {
  const r = run(
    {
      topics: ["sports"],
      clients: [
        { name: "John", script: [join(10), say(30, "before John"), say(300, "after John"), ...extra] },
        { name: "Mary", script: [join(12), say(40, "before Mary"), say(310, "after Mary")] },
        { name: "Ana", script: [join(250), say(320, "after Ana")] },
      ],
    },
    faults,
  );
  const { client, sent } = r;
  for (const n of ["John", "Mary", "Ana"]) {
    for (const [from, text] of [["John", "after John"], ["Mary", "after Mary"], ["Ana", "after Ana"]] as const) {
      expect(sawMessage(client(n).screen, from, text), `${n} saw ${text}`).toBeDefined();
    }
  }
  for (const n of ["John", "Mary"]) {
    expect(sawMessage(client(n).screen, "Mary", "before Mary"), `${n} before`).toBeDefined();
    // No rejoin: one lookup and one join request each.
    expect(sent(client(n).pid, "find_server")).toHaveLength(1);
    expect(sent(client(n).pid, "client_join_req")).toHaveLength(1);
  }
  return r;
}

const newServers = (s: { entries: readonly { kind: string }[] }) => s.entries.filter((e) => e.kind === "new_server").length;

describe("TheyChat: failures, and the system resuming", () => {
  test("server_chat exits (crash): its monitor restarts it with its clients, who are told the new pid", () => {
    const r = failure([[ms(100), { op: "kill", target: new Name("server_chat_sports", SERVER), reason: "crash" }]]);
    expect(r.printed(SERVER)).toContain('[server_monitor sports] server_chat died (crash), restarting it with 2 clients');
    expect(newServers(r.client("John").screen)).toBe(1);
    expect(newServers(r.client("Ana").screen)).toBe(0);
    expect(r.sim.whereis("server_chat_sports", SERVER)).toBeDefined();
  });

  test("server_chat killed (kill): the same", () => {
    const r = failure([[ms(100), { op: "kill", target: new Name("server_chat_sports", SERVER) }]]);
    expect(r.printed(SERVER)).toContain("[server_monitor sports] server_chat died (killed), restarting it with 2 clients");
    expect(newServers(r.client("Mary").screen)).toBe(1);
  });

  test("a malformed message crashes server_chat, which restarts with its state", () => {
    const r = failure([[ms(100), { op: "inject", to: new Name("server_chat_sports", SERVER), msg: { tag: "client_leave_req", name: "X", from: null } }]]);
    expect(r.printed(SERVER).some((l) => l.startsWith("[server_monitor sports] server_chat died"))).toBe(true);
  });

  test("server_monitor killed: its chat dies with it and the router restarts both from its backup", () => {
    const r = failure([[ms(100), { op: "kill", target: new Name("server_monitor_sports", SERVER) }]]);
    expect(r.printed("router@127.0.0.1")).toContain("[router] server_monitor of sports died (killed), restarting it with 2 clients");
    expect(newServers(r.client("John").screen)).toBe(1);
    const exits = r.sim.trace.records.filter((x) => x.k === "exit" && x.pid.node === SERVER).map((x) => x.k === "exit" && x.reason);
    expect(exits).toEqual(["killed", "killed"]);
  });

  test("router killed: the router monitor restarts it with its table; chats go on untouched, new clients find the chat", () => {
    const r = failure([[ms(100), { op: "kill", target: new Name("router", "router@127.0.0.1") }]]);
    expect(r.printed("router_monitor@127.0.0.1")).toContain("[router_monitor] router died (killed), restarting it with 1 topics");
    expect(r.printed("router@127.0.0.1")).toContain("[router] restarted with 1 topics");
    const now = r.sim.whereis("router", "router@127.0.0.1");
    expect(now).toBeDefined();
    expect(now).not.toBe(r.sys.router);
    expect(newServers(r.client("John").screen)).toBe(0);
  });

  test("router restarted, then a server_monitor dies: the new router restarts it with the clients that joined meanwhile", () => {
    const r = failure([
      [ms(100), { op: "kill", target: new Name("router", "router@127.0.0.1") }],
      [ms(280), { op: "kill", target: new Name("server_monitor_sports", SERVER) }],
    ]);
    // Ana joined at 250 ms, after the router restart: the adopted monitor reported her.
    expect(r.printed("router@127.0.0.1")).toContain("[router] server_monitor of sports died (killed), restarting it with 3 clients");
    expect(newServers(r.client("Ana").screen)).toBe(1);
  });

  test("router_monitor killed: the router restarts it with the table, and it can restart the router in turn", () => {
    const r = failure([
      [ms(100), { op: "kill", target: new Name("router_monitor", "router_monitor@127.0.0.1") }],
      [ms(200), { op: "kill", target: new Name("router", "router@127.0.0.1") }],
    ]);
    expect(r.printed("router@127.0.0.1")).toContain("[router] router_monitor died (killed), restarting it");
    expect(r.printed("router_monitor@127.0.0.1")).toContain("[router_monitor] router died (killed), restarting it with 1 topics");
    expect(r.sim.whereis("router_monitor", "router_monitor@127.0.0.1")).toBeDefined();
  });

  test("the router's node crashes and restarts: the monitor retries until the node is back", () => {
    const r = failure([
      [ms(100), { op: "crash", node: "router@127.0.0.1" }],
      [ms(180), { op: "restart", node: "router@127.0.0.1" }],
    ]);
    const mon = r.printed("router_monitor@127.0.0.1");
    expect(mon[0]).toBe("[router_monitor] router died (noconnection), restarting it with 1 topics");
    // Spawns towards the dead node fail at once; retried every 50 ms until it is back.
    const spawns = r.sim.trace.records.filter((x) => x.k === "spawn" && x.label === "router");
    expect(spawns.length).toBe(2);
    expect(spawns[1]!.t).toBeGreaterThanOrEqual(ms(180));
  });

  test("the servers' node crashes and restarts: the router restarts monitor and chat with the clients", () => {
    const r = failure([
      [ms(100), { op: "crash", node: SERVER }],
      [ms(180), { op: "restart", node: SERVER }],
    ]);
    expect(r.printed("router@127.0.0.1")).toContain("[router] server_monitor of sports died (noconnection), restarting it with 2 clients");
    expect(newServers(r.client("John").screen)).toBe(1);
  });

  test("the router dies while a server's node is down: the new router goes on retrying and restores the chat", () => {
    const r = failure([
      [ms(100), { op: "crash", node: SERVER }],
      [ms(120), { op: "kill", target: new Name("router", "router@127.0.0.1") }],
      [ms(200), { op: "restart", node: SERVER }],
    ]);
    expect(r.printed("router@127.0.0.1")).toContain("[router] restarted with 1 topics");
    expect(newServers(r.client("John").screen)).toBe(1);
    expect(newServers(r.client("Mary").screen)).toBe(1);
  });

  test("a join lost with a dying chat is noticed (no echo) and made again with the restarted chat", () => {
    // Mary's requests take 10 ms to reach the chat; it dies while her join is on its way.
    const slow = [{ from: "mary@127.0.0.1", to: SERVER, latency: { kind: "constant", us: ms(10) } }] as const;
    const r = run(
      {
        topics: ["sports"],
        lookupRetry: ms(30),
        clients: [
          { name: "John", script: [join(10), say(200, "hi Mary")] },
          { name: "Mary", script: [join(50), say(150, "hi John")] },
        ],
      },
      [[ms(55), { op: "kill", target: new Name("server_chat_sports", SERVER), reason: "crash" }]],
      ms(2000),
      7,
      slow,
    );
    const mary = r.client("Mary");
    expect(r.sent(mary.pid, "client_join_req")).toHaveLength(2);
    expect(r.sent(mary.pid, "find_server")).toHaveLength(2);
    // The restored list did not have her: the restarted chat told John only.
    expect(newServers(r.client("John").screen)).toBe(1);
    expect(newServers(mary.screen)).toBe(0);
    expect(sawMessage(r.client("John").screen, "Mary", "hi John")).toBeDefined();
    expect(sawMessage(mary.screen, "John", "hi Mary")).toBeDefined();
  });

  test("a line sent to a chat that has just died is lost: this design does not buffer or resend", () => {
    const r = run(
      { topics: ["sports"], clients: [{ name: "John", script: [join(10), say(100, "into the gap"), say(200, "after")] }, { name: "Mary", script: [join(12)] }] },
      [[ms(100), { op: "kill", target: new Name("server_chat_sports", SERVER), reason: "crash" }]],
    );
    const mary = r.client("Mary").screen;
    expect(sawMessage(mary, "John", "into the gap")).toBeUndefined();
    expect(sawMessage(mary, "John", "after")).toBeDefined();
    const lost = r.sent(r.client("John").pid, "send").find((x) => x.k === "send" && (x.msg as { text: string }).text === "into the gap")!;
    expect(r.sim.trace.records.some((x) => x.k === "drop" && x.id === (lost as { id: number }).id && x.reason === "noproc")).toBe(true);
  });

  test("a client crashes: the chat notices (monitor), removes it, tells the others and stops sending to it", () => {
    const r = run({
      topics: ["sports"],
      clients: [
        { name: "John", script: [join(10), say(100, "still there?")] },
        { name: "Mary", script: [join(12), { at: ms(50), op: "crash" }] },
      ],
    });
    const mary = r.client("Mary").pid;
    expect(formatScreen(r.client("John").screen)).toContain("[LEAVE] Mary left the chat");
    expect(r.printed(SERVER)).toContain('[sports] client Mary is down (crash), removed');
    const toMary = r.sim.trace.records.filter((x) => x.k === "send" && x.to === mary && x.t > ms(50));
    expect(toMary).toEqual([]);
    expect(sawMessage(r.client("John").screen, "John", "still there?")).toBeDefined();
  });

  test("a client's node crashes: the chat sees noconnection and removes it; a later restart does not bring it back", () => {
    const r = run(
      {
        topics: ["sports"],
        clients: [
          { name: "John", script: [join(10), say(300, "after")] },
          { name: "Mary", script: [join(12)] },
        ],
      },
      [
        [ms(50), { op: "crash", node: "mary@127.0.0.1" }],
        [ms(100), { op: "kill", target: new Name("server_chat_sports", SERVER), reason: "crash" }],
      ],
    );
    expect(r.printed(SERVER)).toContain("[sports] client Mary is down (noconnection), removed");
    expect(r.printed(SERVER)).toContain('[server_monitor sports] server_chat died (crash), restarting it with 1 clients');
    expect(sawMessage(r.client("John").screen, "John", "after")).toBeDefined();
  });
});

describe("TheyChat: clauses", () => {
  const chat = new Name("server_chat_sports", SERVER);

  test("server_chat: a repeated join keeps one entry and confirms to the joiner alone", () => {
    // John's join again, as if sent twice.
    const r2 = run(
      { topics: ["sports"], clients: [{ name: "John", script: [join(10), say(60, "once")] }, { name: "Mary", script: [join(12)] }] },
      (sys) => [[ms(40), { op: "inject", to: chat, msg: msg.clientJoinReq("John", sys.clients[0]!.pid) }]],
    );
    const joins = (n: string) => r2.client(n).screen.entries.filter((e) => e.kind === "join" && e.name === "John").length;
    expect(joins("John")).toBe(2);
    // Mary joined after John: she saw no join of his, and the repeat is not broadcast.
    expect(joins("Mary")).toBe(0);
    expect(r2.client("Mary").screen.entries.filter((e) => e.kind === "message")).toHaveLength(1);
    expect(r2.client("John").screen.entries.filter((e) => e.kind === "message")).toHaveLength(1);
  });

  test("server_chat, server_monitor, router, router_monitor: a strange message is printed and they go on", () => {
    const garbage = { tag: "garbage" };
    const r = run(
      { topics: ["sports"], clients: [{ name: "John", script: [join(10), say(60, "still works")] }] },
      (sys) => [
        [ms(20), { op: "inject", to: chat, msg: garbage }],
        [ms(20), { op: "inject", to: new Name("server_monitor_sports", SERVER), msg: garbage }],
        [ms(20), { op: "inject", to: new Name("router", "router@127.0.0.1"), msg: 42 }],
        [ms(20), { op: "inject", to: new Name("router_monitor", "router_monitor@127.0.0.1"), msg: garbage }],
        [ms(20), { op: "inject", to: sys.clients[0]!.pid, msg: garbage }],
      ],
    );
    expect(r.printed(SERVER)).toEqual(["[sports] Received unsupported message: garbage", "[server_monitor sports] Received unsupported message: garbage"]);
    expect(r.printed("router@127.0.0.1")).toEqual(["[router] Received unsupported message: 42"]);
    expect(r.printed("router_monitor@127.0.0.1")).toEqual(["[router_monitor] Received unsupported message: garbage"]);
    expect(sawMessage(r.client("John").screen, "John", "still works")).toBeDefined();
    expect(formatScreen(r.client("John").screen)).toContain("Received unsupported message: garbage");
  });

  test("router: a server_state from a monitor that is not the topic's current one is ignored", () => {
    const r = run(
      { topics: ["sports"], clients: [{ name: "John", script: [join(50), say(80, "right chat")] }] },
      [[ms(20), { op: "inject", to: new Name("router", "router@127.0.0.1"), msg: msg.serverState("sports", fakePid(), fakePid(), []) }]],
    );
    expect(sawMessage(r.client("John").screen, "John", "right chat")).toBeDefined();
  });

  test("router: an exit signal from the shell is trapped and ignored", () => {
    const r = failure([[ms(100), { op: "kill", target: new Name("router", "router@127.0.0.1"), reason: "shutdown" }]]);
    expect(r.printed("router_monitor@127.0.0.1")).toEqual([]);
  });

  test("config errors are one clear line", () => {
    const sim = new Simulation({ seed: 1 });
    expect(() => buildTheyChat(sim, { topics: [], clients: [] })).toThrow(/at least one topic/);
    expect(() => buildTheyChat(sim, { topics: ["a", "a"], clients: [] })).toThrow(/given twice/);
    expect(() => buildTheyChat(sim, { topics: ["a"], clients: [{ name: "J", script: [join(5), join(1)] }] })).toThrow(/sorted/);
  });
});

describe("Restarts", () => {
  test("first restart at once, a second within the gap waits, due ones come out in order", () => {
    const r = new Restarts<string>(100);
    expect(r.timeout(0)).toBeUndefined();
    expect(r.request("a", 10)).toBe(true);
    expect(r.request("a", 50)).toBe(false);
    expect(r.request("b", 60)).toBe(true);
    expect(r.request("b", 70)).toBe(false);
    expect(r.timeout(70)).toBe(40);
    expect(r.takeDue(109)).toEqual([]);
    expect(r.takeDue(160)).toEqual(["a", "b"]);
    expect(r.timeout(160)).toBeUndefined();
    expect(r.request("a", 200)).toBe(false);
    expect(r.request("a", 260)).toBe(true);
  });
});

// A pid of a node that does not exist: messages to it are dropped.
function fakePid(): Pid {
  return new Pid("ghost@127.0.0.1", 99, 1, 1);
}
