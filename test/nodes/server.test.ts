/**
 * The centralized server (`server.erl`), both variants: every clause, and the handout's
 * milestones MS1 (three clients all receive all messages) and MS2 (a disconnected server
 * leaves its clients talking to nothing), and an unsupported message, which ends the
 * handout's server.
 */
import { describe, expect, test } from "vitest";
import { serverFault, startClient, startServer } from "./start.js";
import { type ClientScript, type Variant, MYSERVER, formatScreen, messagesOf, msg, server } from "../../src/nodes/index.js";
import { Name, type Pid, type Proc, ms } from "../../src/sim/index.js";
import { SERVER_NODE, chatSim, clientNode, exits, myserver, printed, sendsTagged } from "./chat-helpers.js";

const NAMES = ["John", "Mary", "Ana"];

/** A server and three clients on four terminals; client i says `hi from <name>` at 10+i ms. */
function threeClients(opts: { base?: number; seed?: number; variant?: Variant; clientVariant?: Variant; profile?: "sameMachine" | "lan" | "wan"; extra?: (i: number) => ClientScript["actions"] }) {
  const sim = chatSim([SERVER_NODE, clientNode(1), clientNode(2), clientNode(3)], { seed: opts.seed, profile: opts.profile });
  const srv = startServer(sim, SERVER_NODE, opts.variant ?? "handout");
  const clients = NAMES.map((name, i) =>
    startClient(
      sim,
      clientNode(i + 1),
      { name, server: myserver(SERVER_NODE), actions: [{ at: (opts.base ?? ms(10)) + ms(i), do: "send", text: `hi from ${name}` }, ...(opts.extra?.(i) ?? [])] },
      opts.clientVariant ?? opts.variant ?? "handout",
    ),
  );
  return { sim, srv, clients };
}

describe.each(["handout", "fixed"] as const)("server (%s)", (variant) => {
  test("MS1: three clients all receive all messages, in every network profile and several seeds", () => {
    for (const profile of ["sameMachine", "lan", "wan"] as const) {
      for (const seed of [1, 2, 3]) {
        // Lines are typed once the joins are through (a WAN takes tens of ms one way).
        const { sim, clients } = threeClients({ seed, variant, profile, base: ms(500) });
        expect(sim.run().outcome.kind).toBe("quiescent");
        for (const c of clients) {
          expect(messagesOf(c.screen).map((m) => `${m.name}: ${m.text}`).sort()).toEqual(NAMES.map((n) => `${n}: hi from ${n}`).sort());
        }
      }
    }
  });

  test("join broadcasts {join, Name} to the new list: each client sees its own join and the later ones", () => {
    const { sim, clients } = threeClients({ variant });
    sim.run();
    // The server took the joins in some order; each client saw exactly the joins from its own on.
    // The order the server took the joins in: the order of its first {join, Name} sends.
    const order = [...new Set(sendsTagged(sim, "join").map((s) => (s.msg as { name: string }).name))];
    for (const c of clients) {
      const joins = c.screen.entries.flatMap((e) => (e.kind === "join" ? [e.name] : []));
      expect(joins).toEqual(order.slice(order.indexOf(c.screen.name)));
    }
  });

  test("leave broadcasts {leave, Name} to the old list (the leaver too), sends exit, and the leaver hears no more", () => {
    const { sim, clients } = threeClients({ variant, extra: (i) => (i === 0 ? [{ at: ms(20), do: "leave" }] : i === 1 ? [{ at: ms(30), do: "send", text: "after John left" }] : []) });
    sim.run();
    const [john, mary, ana] = clients;
    for (const c of clients) expect(formatScreen(c.screen)).toContain("[LEAVE] John left the chat");
    expect(formatScreen(john!.screen)).toContain("-> exit");
    expect(john!.screen.entries.at(-1)!.kind).toBe("exit");
    const leave = sendsTagged(sim, "client_leave_req")[0]!;
    expect(leave.msg).toEqual(msg.clientLeaveReq("John", john!.screen.pids[1]!));
    expect(leave.from).toBe(john!.screen.pids[0]); // from the main task, naming the background task
    const ex = exits(sim);
    expect(ex.get(john!.screen.pids[0]!.key())).toBe("normal");
    expect(ex.get(john!.screen.pids[1]!.key())).toBe("normal");
    expect(messagesOf(john!.screen).map((m) => m.text)).not.toContain("after John left");
    expect(messagesOf(mary!.screen).map((m) => m.text)).toContain("after John left");
    expect(messagesOf(ana!.screen).map((m) => m.text)).toContain("after John left");
    // Nothing was sent to John's background task after the exit.
    const exitAt = sendsTagged(sim, "exit")[0]!.t;
    expect(sendsTagged(sim, "message").filter((s) => s.to === john!.screen.pids[1] && s.t > exitAt)).toEqual([]);
  });

  test("send broadcasts {message, Name, Text} to every client, printed as [Name] Text", () => {
    const { sim, clients } = threeClients({ variant });
    sim.run();
    expect(sendsTagged(sim, "message", "hi from Mary").length).toBe(3);
    expect(printed(sim, clientNode(3))).toContain("[Mary] hi from Mary");
    expect(printed(sim, clientNode(3))).toContain(`[JOIN] ${clients[2]!.screen.name} joined the chat`);
  });

  test("start from a shell process and startFault register myserver as server:start() does", () => {
    const sim = chatSim([SERVER_NODE, clientNode(1)]);
    let started: Pid | undefined;
    sim.spawn(SERVER_NODE, function* shell(p: Proc) {
      started = server.start(p, variant);
      yield* p.sleep(0);
    });
    sim.run({ until: ms(1) });
    expect(sim.whereis(MYSERVER, SERVER_NODE)).toBe(started);
    const other = "other@127.0.0.1";
    sim.addNode({ name: other });
    sim.at(ms(5), serverFault(other, variant));
    const c = startClient(sim, clientNode(1), { name: "Late", server: myserver(other), actions: [{ at: ms(6), do: "send", text: "late hi" }] }, variant);
    // The join at t=1ms reaches an unregistered name and is dropped; the line at 6ms too.
    sim.run();
    expect(sim.whereis(MYSERVER, other)).toBeDefined();
    expect(sendsTagged(sim, "client_join_req")[0]!.dropped).toBe("unregistered");
    expect(messagesOf(c.screen)).toEqual([]);
  });
});

describe("server (handout) flaws", () => {
  test("MS2: disconnect unregisters and ends; clients stay 'connected' and their lines vanish (dropped: unregistered)", () => {
    const { sim, srv, clients } = threeClients({ variant: "handout", extra: () => [{ at: ms(40), do: "send", text: "anybody there?" }] });
    sim.at(ms(20), { op: "inject", to: myserver(SERVER_NODE), msg: msg.disconnect() });
    sim.run();
    expect(exits(sim).get(srv.key())).toBe("normal");
    expect(sim.trace.records.some((r) => r.k === "unregister" && r.name === MYSERVER)).toBe(true);
    const lost = sendsTagged(sim, "send", "anybody there?");
    expect(lost.length).toBe(3);
    for (const s of lost) {
      expect(s.to).toBeInstanceOf(Name);
      expect(s.dropped).toBe("unregistered");
    }
    for (const c of clients) {
      // The screen shows the user typing, and nothing coming back; the background task still waits.
      expect(formatScreen(c.screen)).toContain("-> anybody there?");
      expect(messagesOf(c.screen).map((m) => m.text)).not.toContain("anybody there?");
      expect(exits(sim).has(c.screen.pids[1]!.key())).toBe(false);
    }
  });

  test("an unsupported message is printed and ends the server; later lines are dropped (unregistered)", () => {
    const { sim, srv, clients } = threeClients({ variant: "handout", extra: (i) => (i === 0 ? [{ at: ms(30), do: "send", text: "still there?" }] : []) });
    sim.at(ms(20), { op: "inject", to: myserver(SERVER_NODE), msg: { tag: "hello", n: 1 } });
    sim.run();
    expect(printed(sim, SERVER_NODE)).toEqual(["Received unsupported message: {hello,1}"]);
    expect(exits(sim).get(srv.key())).toBe("normal");
    expect(sendsTagged(sim, "send", "still there?")[0]!.dropped).toBe("unregistered");
    expect(messagesOf(clients[1]!.screen).map((m) => m.text)).not.toContain("still there?");
  });

  test("a malformed request falls to the catch-all (clause heads match shapes, not only tags)", () => {
    const sim = chatSim([SERVER_NODE]);
    const srv = startServer(sim, SERVER_NODE, "handout");
    sim.send(srv, { tag: "send", name: "x" });
    sim.run();
    expect(printed(sim, SERVER_NODE)).toEqual(["Received unsupported message: {send,[120]}"]); // ~w writes a string as its code list, as BEAM does
  });

  test("a crashed client stays in the list: lines to it are dropped (noproc) for ever", () => {
    const { sim, clients } = threeClients({ variant: "handout", extra: (i) => (i === 2 ? [{ at: ms(5), do: "crash" }] : []) });
    sim.run();
    const ana = clients[2]!.screen.pids[1]!;
    expect(exits(sim).get(ana.key())).toBe("crash");
    const toAna = sendsTagged(sim, "message").filter((s) => s.to === ana);
    expect(toAna.length).toBe(2); // John's and Mary's lines (Ana never sent hers)
    expect(toAna.every((s) => s.dropped === "noproc")).toBe(true);
  });
});

describe("server (fixed) improvements", () => {
  test("the catch-all prints and loops: chat goes on after garbage", () => {
    const { sim, srv, clients } = threeClients({ variant: "fixed", extra: (i) => (i === 0 ? [{ at: ms(30), do: "send", text: "still there?" }] : []) });
    sim.at(ms(20), { op: "inject", to: myserver(SERVER_NODE), msg: "garbage" });
    sim.run();
    expect(printed(sim, SERVER_NODE)).toEqual(["Received unsupported message: [103,97,114,98,97,103,101]"]);
    expect(exits(sim).has(srv.key())).toBe(false);
    for (const c of clients) expect(messagesOf(c.screen).map((m) => m.text)).toContain("still there?");
  });

  test("a crashed client is dropped and its leave announced; no line is sent to it afterwards", () => {
    const { sim, clients } = threeClients({ variant: "fixed", extra: (i) => (i === 2 ? [{ at: ms(5), do: "crash" }] : []) });
    sim.run();
    const ana = clients[2]!.screen.pids[1]!;
    expect(sendsTagged(sim, "message").filter((s) => s.to === ana)).toEqual([]);
    for (const c of clients.slice(0, 2)) expect(formatScreen(c.screen)).toContain("[LEAVE] Ana left the chat");
  });

  test("disconnect tells the clients (server_left); fixed clients stop typing into the void", () => {
    const { sim, clients } = threeClients({ variant: "fixed", extra: () => [{ at: ms(40), do: "send", text: "anybody there?" }] });
    sim.at(ms(20), { op: "inject", to: myserver(SERVER_NODE), msg: msg.disconnect() });
    sim.run();
    expect(sendsTagged(sim, "server_left").length).toBe(3);
    expect(sendsTagged(sim, "send", "anybody there?")).toEqual([]);
    for (const c of clients) {
      expect(formatScreen(c.screen)).toContain("[SERVER] the server left the chat");
      for (const pid of c.screen.pids) expect(exits(sim).get(pid.key())).toBe("normal");
    }
  });

  test("a handout client meets server_left in its catch-all: it prints it and ends", () => {
    const { sim, clients } = threeClients({ variant: "fixed", clientVariant: "handout" });
    sim.at(ms(20), { op: "inject", to: myserver(SERVER_NODE), msg: msg.disconnect() });
    sim.run();
    for (const c of clients) {
      expect(formatScreen(c.screen).at(-1)).toBe("Received unsupported message: server_left");
      expect(exits(sim).get(c.screen.pids[1]!.key())).toBe("normal");
    }
  });

  test("a fixed client sees the handout server end through its monitor", () => {
    const { sim, clients } = threeClients({ variant: "handout", clientVariant: "fixed", extra: () => [{ at: ms(40), do: "send", text: "anybody there?" }] });
    sim.at(ms(20), { op: "inject", to: myserver(SERVER_NODE), msg: msg.disconnect() });
    sim.run();
    expect(sendsTagged(sim, "send", "anybody there?")).toEqual([]);
    for (const c of clients) expect(formatScreen(c.screen).at(-1)).toBe("[SERVER] the server is down (normal)");
  });
});

describe("server: a process that joins twice and leaves once", () => {
  function twice(variant: Variant): unknown[] {
    const sim = chatSim([SERVER_NODE, clientNode(1)]);
    startServer(sim, SERVER_NODE, variant);
    const got: unknown[] = [];
    sim.spawn(clientNode(1), function* twice(p: Proc) {
      const s = myserver(SERVER_NODE);
      p.send(s, msg.clientJoinReq("Twice", p.self()));
      p.send(s, msg.clientJoinReq("Twice", p.self()));
      p.send(s, msg.clientLeaveReq("Twice", p.self()));
      p.send(s, msg.send("Twice", "still here"));
      for (;;) {
        const m = yield* p.receive(undefined, { after: ms(10) });
        if (typeof m === "symbol") return;
        got.push(m);
      }
    });
    sim.run();
    return got;
  }

  test("handout: lists:delete removes one entry only, so it still gets lines (and every broadcast twice before)", () => {
    expect(twice("handout")).toEqual([msg.join("Twice"), msg.join("Twice"), msg.join("Twice"), msg.leave("Twice"), msg.leave("Twice"), msg.exit(), msg.message("Twice", "still here")]);
  });

  test("fixed: one entry per process, so after the leave it gets nothing", () => {
    expect(twice("fixed")).toEqual([msg.join("Twice"), msg.join("Twice"), msg.leave("Twice"), msg.exit()]);
  });
});

test("the same seed gives the same trace; another seed another", () => {
  const hash = (seed: number) => {
    const { sim } = threeClients({ seed, variant: "handout", profile: "lan" });
    return sim.run().traceHash;
  };
  expect(hash(7)).toBe(hash(7));
  expect(hash(7)).not.toBe(hash(8));
});
