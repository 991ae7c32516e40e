/**
 * The replicated server (`server2.erl`), both variants: every clause, the handout's
 * milestones MS4 (three servers with clients on each) and MS5 (a server leaves), and the
 * 2012 report's figures 8 and 9 (a server leaving or crashing, then started again and
 * joining again).
 */
import { describe, expect, test } from "vitest";
import { clientFault, server2Fault, startClient, startServer2 } from "./start.js";
import { type Screen, type Variant, MYSERVER, formatScreen, messagesOf, msg, server2 } from "../../src/nodes/index.js";
import { Name, type Pid, type Proc, type Simulation, ms, stackOf } from "../../src/sim/index.js";
import { chatSim, clientNode, exits, myserver, printed, sendsTagged, serverNode } from "./chat-helpers.js";

/**
 * `servers` server2 nodes (the first started with `start()` at 0, the others with
 * `start({myserver, server_node1})` at 5 ms apart) and `perServer` clients on each, on
 * their own nodes, joining at 50 ms; client `Ck` types `line from Ck` at 100 ms + k.
 */
function cluster(variant: Variant, opts?: { servers?: number; perServer?: number; seed?: number; profile?: "sameMachine" | "lan"; clientVariant?: Variant }) {
  const nS = opts?.servers ?? 3;
  const perServer = opts?.perServer ?? 2;
  const nodes: string[] = [];
  for (let s = 1; s <= nS; s++) nodes.push(serverNode(s));
  for (let k = 1; k <= nS * perServer; k++) nodes.push(clientNode(k));
  const sim = chatSim(nodes, { seed: opts?.seed, profile: opts?.profile });
  const pids: Pid[] = [startServer2(sim, serverNode(1), { variant })];
  for (let s = 2; s <= nS; s++) sim.at(ms(5 * (s - 1)), server2Fault(serverNode(s), { boot: myserver(serverNode(1)), variant }));
  const clients: { name: string; server: number; screen: Screen }[] = [];
  for (let k = 1; k <= nS * perServer; k++) {
    const s = Math.ceil(k / perServer);
    const name = `C${k}`;
    const { fault, screen } = clientFault(sim, clientNode(k), { name, server: myserver(serverNode(s)), actions: [{ at: ms(100) + ms(k), do: "send", text: `line from ${name}` }] }, opts?.clientVariant ?? variant);
    sim.at(ms(50), fault);
    clients.push({ name, server: s, screen });
  }
  return { sim, first: pids[0]!, clients };
}

const lines = (s: Screen): string[] => messagesOf(s).map((m) => m.text);
const serverOn = (sim: Simulation, s: number): Pid => sim.whereis(MYSERVER, serverNode(s))!;

describe.each(["handout", "fixed"] as const)("server2 (%s)", (variant) => {
  test("start() and start(BootServer): the boot server adds the newcomer and tells every server", () => {
    const sim = chatSim([serverNode(1), serverNode(2)]);
    const s1 = startServer2(sim, serverNode(1), { variant });
    sim.at(ms(5), server2Fault(serverNode(2), { boot: myserver(serverNode(1)), variant }));
    sim.run();
    const s2 = serverOn(sim, 2);
    expect(sendsTagged(sim, "server_join_req")[0]!.msg).toEqual(msg.serverJoinReq(s2));
    const updates = sendsTagged(sim, "update_servers");
    expect(updates.map((u) => u.to)).toEqual([s2, s1]);
    for (const u of updates) expect(u.msg).toEqual(msg.updateServers([s2, s1]));
    // Pids print like BEAM's: <0.N.0> for a local one, <I.N.0> for one on node number I.
    expect(printed(sim, serverNode(1))).toEqual(["[SERVER UPDATE] [<2.1.0>,<0.1.0>]"]);
    expect(printed(sim, serverNode(2))).toEqual(["[SERVER UPDATE] [<0.1.0>,<1.1.0>]"]);
  });

  test("MS4: three servers with two clients each; every client gets every line", () => {
    for (const profile of ["sameMachine", "lan"] as const) {
      for (const seed of [1, 2, 3]) {
        const { sim, clients } = cluster(variant, { seed, profile });
        expect(sim.run().outcome.kind).toBe("quiescent");
        const all = clients.map((c) => `line from ${c.name}`).sort();
        for (const c of clients) expect(lines(c.screen).sort()).toEqual(all);
      }
    }
  });

  test("client_join_req and send go to every server, each relaying to its own clients", () => {
    const { sim, clients } = cluster(variant);
    sim.run();
    for (const c of clients) {
      const joins = c.screen.entries.flatMap((e) => (e.kind === "join" ? [e.name] : []));
      // A client hears its own join and every later one, wherever the joiner is.
      expect(joins).toContain(c.name);
    }
    const fromC1 = sendsTagged(sim, "message", "line from C1");
    // One {message,...} to each of the 3 servers, then one per client from each relaying server.
    expect(fromC1.filter((s) => s.from === serverOn(sim, 1)).length).toBe(3 + 2);
    expect(fromC1.length).toBe(3 + 6);
  });

  test("client_leave_req: every client sees the leave, the leaver gets exit and no more lines", () => {
    const nodes = [serverNode(1), serverNode(2), clientNode(1), clientNode(2)];
    const sim = chatSim(nodes);
    startServer2(sim, serverNode(1), { variant });
    sim.at(ms(5), server2Fault(serverNode(2), { boot: myserver(serverNode(1)), variant }));
    const { fault, screen: leaver } = clientFault(sim, clientNode(1), { name: "Leo", server: myserver(serverNode(1)), actions: [{ at: ms(30), do: "leave" }] }, variant);
    const { fault: f2, screen: peter } = clientFault(sim, clientNode(2), { name: "Peter", server: myserver(serverNode(2)), actions: [{ at: ms(40), do: "send", text: "bye Leo" }] }, variant);
    sim.at(ms(20), fault);
    sim.at(ms(20), f2);
    sim.run();
    expect(formatScreen(peter)).toContain("[LEAVE] Leo left the chat");
    // Unlike server.erl, the leaver is off its server's list before the relayed leave comes
    // back to it (the 2012 report's figure 6 shows no [LEAVE] on the leaver's screen).
    expect(formatScreen(leaver)).not.toContain("[LEAVE] Leo left the chat");
    expect(leaver.entries.at(-1)!.kind).toBe("exit");
    expect(lines(leaver)).not.toContain("bye Leo");
    expect(sendsTagged(sim, "message", "bye Leo").some((s) => s.to === leaver.pids[1])).toBe(false);
  });

  test("start from a shell process registers myserver on that node", () => {
    const sim = chatSim([serverNode(1)]);
    let pid: Pid | undefined;
    sim.spawn(serverNode(1), function* shell(p: Proc) {
      pid = server2.start(p, { variant });
      yield* p.sleep(0);
    });
    sim.run();
    expect(sim.whereis(MYSERVER, serverNode(1))).toBe(pid);
  });

  test("a crashed client: the fixed server announces its leave everywhere, the handout one never notices", () => {
    const { sim, clients } = cluster(variant, { servers: 2, perServer: 1 });
    const { fault, screen } = clientFault(sim, clientNode(3), { name: "Doomed", server: myserver(serverNode(2)), actions: [{ at: ms(80), do: "crash" }] }, variant);
    sim.addNode({ name: clientNode(3) });
    sim.at(ms(50), fault);
    sim.run();
    const c1 = formatScreen(clients[0]!.screen);
    if (variant === "fixed") expect(c1).toContain("[LEAVE] Doomed left the chat");
    else expect(c1.some((l) => l.startsWith("[LEAVE]"))).toBe(false);
    const toDead = sendsTagged(sim, "message").filter((s) => s.to === screen.pids[1]);
    expect(toDead.length).toBe(variant === "fixed" ? 0 : 2);
  });
});

describe("server2: a server leaves (MS5, the 2012 report's figure 8)", () => {
  test("handout: the others drop it from their lists and the server ends; its clients are not told", () => {
    const { sim, clients } = cluster("handout", { perServer: 1 });
    sim.run({ until: ms(150) });
    const s2 = serverOn(sim, 2);
    sim.at(ms(200), { op: "inject", to: myserver(serverNode(2)), msg: msg.disconnect() });
    sim.run();
    expect(exits(sim).get(s2.key())).toBe("normal");
    expect(sim.whereis(MYSERVER, serverNode(2))).toBeUndefined();
    expect(printed(sim, serverNode(1)).at(-1)).toBe("[SERVER UPDATE] [<3.1.0>,<0.1.0>]");
    expect(printed(sim, serverNode(3)).at(-1)).toBe("[SERVER UPDATE] [<0.1.0>,<1.1.0>]");
    expect(formatScreen(clients[1]!.screen).some((l) => l.startsWith("[SERVER]"))).toBe(false);
    expect(exits(sim).has(clients[1]!.screen.pids[1]!.key())).toBe(false); // still "connected"
  });

  test.each(["handout", "fixed"] as const)("%s: lines typed after the disconnect", (variant) => {
    const sim = chatSim([serverNode(1), serverNode(2), clientNode(1), clientNode(2)]);
    startServer2(sim, serverNode(1), { variant });
    sim.at(ms(5), server2Fault(serverNode(2), { boot: myserver(serverNode(1)), variant }));
    const leo = clientFault(sim, clientNode(1), { name: "Leo", server: myserver(serverNode(1)), actions: [{ at: ms(30), do: "send", text: "hi Peter" }, { at: ms(80), do: "send", text: "Peter?" }] }, variant);
    const peter = clientFault(sim, clientNode(2), { name: "Peter", server: myserver(serverNode(2)), actions: [{ at: ms(40), do: "send", text: "hi Leo" }, { at: ms(90), do: "send", text: "anybody there?" }] }, variant);
    sim.at(ms(20), leo.fault);
    sim.at(ms(20), peter.fault);
    sim.at(ms(60), { op: "inject", to: myserver(serverNode(2)), msg: msg.disconnect() });
    sim.run();
    // Before the disconnect both saw both lines.
    for (const s of [leo.screen, peter.screen]) expect(lines(s).slice(0, 2)).toEqual(["hi Peter", "hi Leo"]);
    expect(lines(leo.screen)).toContain("Peter?");
    expect(lines(leo.screen)).not.toContain("anybody there?");
    expect(lines(peter.screen)).not.toContain("Peter?");
    expect(printed(sim, serverNode(1)).at(-1)).toBe("[SERVER UPDATE] [<0.1.0>]");
    if (variant === "handout") {
      // Peter still types; his line goes to {myserver, server_node2} and is dropped.
      expect(sendsTagged(sim, "send", "anybody there?")[0]!.dropped).toBe("unregistered");
      expect(formatScreen(peter.screen).at(-1)).toBe("-> anybody there?");
    } else {
      expect(formatScreen(peter.screen)).toContain("[SERVER] the server left the chat");
      expect(sendsTagged(sim, "send", "anybody there?")).toEqual([]);
    }
  });

  test("handout, figure 8: the server restarted on the same node reaches the chat, its old clients are not reached", () => {
    const sim = chatSim([serverNode(1), serverNode(2), clientNode(1), clientNode(2)]);
    startServer2(sim, serverNode(1));
    sim.at(ms(5), server2Fault(serverNode(2), { boot: myserver(serverNode(1)) }));
    const leo = clientFault(sim, clientNode(1), { name: "Leo", server: myserver(serverNode(1)), actions: [{ at: ms(100), do: "send", text: "Hola!" }] });
    const peter = clientFault(sim, clientNode(2), { name: "Peter", server: myserver(serverNode(2)), actions: [{ at: ms(110), do: "send", text: "Wow, am I alone here?" }] });
    sim.at(ms(20), leo.fault);
    sim.at(ms(20), peter.fault);
    sim.at(ms(50), { op: "inject", to: myserver(serverNode(2)), msg: msg.disconnect() });
    sim.at(ms(70), server2Fault(serverNode(2), { boot: myserver(serverNode(1)) }));
    sim.run();
    expect(lines(leo.screen)).toEqual(["Hola!", "Wow, am I alone here?"]);
    expect(lines(peter.screen)).toEqual([]);
  });
});

describe("server2: figure 9 — a server's node crashes, restarts and the server joins again", () => {
  function figure9(variant: Variant) {
    const sim = chatSim([serverNode(1), serverNode(2), clientNode(1), clientNode(2)]);
    startServer2(sim, serverNode(1), { variant });
    sim.at(ms(5), server2Fault(serverNode(2), { boot: myserver(serverNode(1)), variant }));
    const leo = startClient(sim, clientNode(1), { name: "Leo", server: myserver(serverNode(1)), actions: [{ at: ms(20), do: "send", text: "hey!" }, { at: ms(200), do: "send", text: "wow, finally!" }] }, variant);
    const peter = clientFault(sim, clientNode(2), { name: "Peter", server: myserver(serverNode(2)), actions: [{ at: ms(30), do: "send", text: "hi Leo" }, { at: ms(150), do: "send", text: "we have it back..." }] }, variant);
    sim.at(ms(10), peter.fault);
    sim.at(ms(50), { op: "crash", node: serverNode(2) });
    sim.at(ms(100), { op: "restart", node: serverNode(2) });
    sim.at(ms(110), server2Fault(serverNode(2), { boot: myserver(serverNode(1)), variant }));
    sim.run();
    return { sim, leo: leo.screen, peter: peter.screen };
  }

  test("handout: the dead server stays in the list beside its new self (both print alike) and messages go to the old incarnation", () => {
    const { sim, leo, peter } = figure9("handout");
    expect(printed(sim, serverNode(1))).toEqual(["[SERVER UPDATE] [<2.1.0>,<0.1.0>]", "[SERVER UPDATE] [<2.1.0>,<2.1.0>,<0.1.0>]"]);
    // The relay to its own dead predecessor is discarded and logged on the node, as BEAM does
    // (the 2012 report's figure 9; checked against OTP by `npm run conformance`).
    expect(printed(sim, serverNode(2))).toEqual([
      "[SERVER UPDATE] [<0.1.0>,<1.1.0>]",
      "[SERVER UPDATE] [<0.1.0>,<0.1.0>,<1.1.0>]",
      'Discarding message {message,"Peter","we have it back..."} from <0.1.0> to <0.1.0> in an old incarnation (1) of this node (2)',
    ]);
    const old = sendsTagged(sim, "message", "we have it back...").filter((s) => s.dropped === "old-incarnation");
    expect(old.length).toBe(1);
    expect((old[0]!.to as Pid).creation).toBe(1);
    // Peter reaches the chat through the new server, but nobody reaches Peter any more.
    expect(lines(leo)).toContain("we have it back...");
    expect(lines(peter)).not.toContain("wow, finally!");
    expect(lines(peter)).not.toContain("we have it back...");
    expect(formatScreen(peter).some((l) => l.startsWith("[SERVER]"))).toBe(false);
  });

  test("fixed: the crash is seen (monitors), the list holds one entry per node, nothing goes to the old incarnation", () => {
    const { sim, leo, peter } = figure9("fixed");
    expect(printed(sim, serverNode(1))).toEqual(["[SERVER UPDATE] [<2.1.0>,<0.1.0>]", "[SERVER DOWN] <2.1.0> noconnection", "[SERVER UPDATE] [<2.1.0>,<0.1.0>]"]);
    expect(printed(sim, serverNode(2)).at(-1)).toBe("[SERVER UPDATE] [<0.1.0>,<1.1.0>]");
    for (const u of sendsTagged(sim, "update_servers")) {
      const nodes = (u.msg as { servers: Pid[] }).servers.map((p) => p.node);
      expect(new Set(nodes).size).toBe(nodes.length);
    }
    expect(sendsTagged(sim, "message").filter((s) => s.dropped !== null)).toEqual([]);
    // Peter's client saw its server go and stopped; Leo's line still reaches the chat.
    expect(formatScreen(peter)).toContain("[SERVER] the server is down (noconnection)");
    expect(sendsTagged(sim, "send", "we have it back...")).toEqual([]);
    expect(lines(leo)).toContain("wow, finally!");
  });

  test("fixed: a client started again after the restart chats both ways", () => {
    const { sim } = figure9("fixed");
    const again = startClient(sim, clientNode(2), { name: "Peter2", server: myserver(serverNode(2)), actions: [{ at: ms(300), do: "send", text: "back again" }] }, "fixed");
    sim.run();
    expect(lines(again.screen)).toEqual(["back again"]);
  });
});

describe("server2 flaws and fixes", () => {
  test("handout: a joining server knows no server until the first update; its clients' lines go nowhere", () => {
    for (const variant of ["handout", "fixed"] as const) {
      const sim = chatSim([serverNode(1), serverNode(2), clientNode(1)]);
      startServer2(sim, serverNode(1), { variant });
      sim.at(ms(4), { op: "pause", node: serverNode(1) }); // the boot server is slow to answer
      sim.at(ms(5), server2Fault(serverNode(2), { boot: myserver(serverNode(1)), variant }));
      const c = clientFault(sim, clientNode(1), { name: "Early", server: myserver(serverNode(2)), actions: [{ at: ms(20), do: "send", text: "early line" }] }, variant);
      sim.at(ms(10), c.fault);
      sim.at(ms(30), { op: "resume", node: serverNode(1) });
      sim.run();
      if (variant === "handout") {
        expect(c.screen.entries.filter((e) => e.kind !== "typed")).toEqual([]);
        expect(sendsTagged(sim, "message", "early line")).toEqual([]);
      } else {
        expect(formatScreen(c.screen)).toEqual(["[JOIN] Early joined the chat", "-> early line", "[Early] early line"]);
      }
    }
  });

  test("a server that asks to join twice: the handout lists it twice and its clients see every line twice; fixed does not", () => {
    for (const variant of ["handout", "fixed"] as const) {
      const { sim, clients } = cluster(variant, { servers: 2, perServer: 1 });
      sim.run({ until: ms(30) });
      sim.at(ms(40), { op: "inject", to: myserver(serverNode(1)), msg: msg.serverJoinReq(serverOn(sim, 2)) });
      sim.run();
      const c2 = clients[1]!.screen;
      expect(lines(c2).filter((t) => t === "line from C1").length).toBe(variant === "handout" ? 2 : 1);
    }
  });

  test("handout: an unknown message is relayed to the clients, whose catch-all ends them; fixed prints it and goes on", () => {
    for (const variant of ["handout", "fixed"] as const) {
      const { sim, clients } = cluster(variant, { servers: 2, perServer: 1 });
      sim.at(ms(80), { op: "inject", to: myserver(serverNode(1)), msg: { tag: "surprise" } });
      sim.run();
      const c1 = clients[0]!.screen;
      if (variant === "handout") {
        expect(formatScreen(c1).filter((l) => !l.startsWith("-> ")).at(-1)).toBe("Received unsupported message: surprise");
        expect(lines(c1)).toEqual([]);
        expect(exits(sim).get(c1.pids[1]!.key())).toBe("normal");
      } else {
        expect(printed(sim, serverNode(1))).toContain("Received unsupported message: surprise");
        expect(lines(c1)).toEqual(["line from C1", "line from C2"]);
      }
    }
  });

  test("an update that leaves a server out of its own list: the handout's clients stop hearing themselves; fixed keeps itself", () => {
    for (const variant of ["handout", "fixed"] as const) {
      const { sim, clients } = cluster(variant, { servers: 2, perServer: 1 });
      sim.run({ until: ms(30) });
      const s2 = serverOn(sim, 2);
      sim.at(ms(40), { op: "inject", to: myserver(serverNode(1)), msg: msg.updateServers([s2]) });
      sim.run();
      expect(printed(sim, serverNode(1)).at(-1)).toBe(variant === "handout" ? "[SERVER UPDATE] [<2.1.0>]" : "[SERVER UPDATE] [<0.1.0>,<2.1.0>]");
      expect(lines(clients[0]!.screen).includes("line from C1")).toBe(variant === "fixed");
    }
  });

  test("fixed: a killed server is dropped by the others and its clients are told", () => {
    const { sim, clients } = cluster("fixed", { perServer: 1 });
    sim.run({ until: ms(150) });
    const s3 = serverOn(sim, 3);
    sim.at(ms(160), { op: "kill", target: s3 });
    sim.run();
    for (const s of [1, 2]) expect(printed(sim, serverNode(s))).toContain(`[SERVER DOWN] <3.1.0> killed`);
    expect(formatScreen(clients[2]!.screen).at(-1)).toBe("[SERVER] the server is down (killed)");
  });

  test("handout: start(Boot) typed twice on one node (the 2016 report): register fails with badarg, but the orphan already asked to join", () => {
    const sim = chatSim([serverNode(1), serverNode(2)]);
    startServer2(sim, serverNode(1));
    sim.at(ms(5), server2Fault(serverNode(2), { boot: myserver(serverNode(1)) }));
    let shell: Pid | undefined;
    sim.at(ms(10), {
      op: "spawn",
      node: serverNode(2),
      body: function* shellLine(p: Proc) {
        shell = p.self();
        server2.start(p, { boot: myserver(serverNode(1)) });
        yield* p.sleep(0);
      },
    });
    sim.run();
    expect(exits(sim).get(shell!.key())).toEqual({ tag: "badarg", stack: stackOf("shellLine") }); // an error: {badarg, Stack}
    // The unregistered second server joined all the same: server 1 lists both (2.1 and 2.3).
    expect(printed(sim, serverNode(1)).at(-1)).toBe("[SERVER UPDATE] [<2.3.0>,<2.1.0>,<0.1.0>]");
  });

  test("the server list is printed with pids as BEAM prints them, seen from each node", () => {
    const { sim } = cluster("handout", { perServer: 1 });
    sim.run();
    expect(printed(sim, serverNode(3)).at(-1)).toBe("[SERVER UPDATE] [<0.1.0>,<2.1.0>,<1.1.0>]");
    expect(printed(sim, serverNode(1)).at(-1)).toBe("[SERVER UPDATE] [<3.1.0>,<2.1.0>,<0.1.0>]");
    expect(new Name(MYSERVER, serverNode(1)).toString()).toBe("{myserver,'server_node1@127.0.0.1'}");
  });
});
