/**
 * The scripted client (`client.erl`), both variants: the two tasks and who sends what, every
 * clause of the background task, the script's actions (send, leave, crash, replies on
 * receipt) and the screen it leaves behind.
 */
import { describe, expect, test } from "vitest";
import { startClient, startServer } from "./start.js";
import { type Variant, formatEntry, formatScreen, messagesOf, msg, newScreen, sawMessage } from "../../src/nodes/index.js";
import { type Pid, type Proc, ms } from "../../src/sim/index.js";
import { SERVER_NODE, chatSim, clientNode, exits, myserver, printed, sends, sendsTagged } from "./chat-helpers.js";

/** A test process standing in for a server: records what it gets and forwards nothing. */
function fakeServer(got: unknown[]) {
  return function* fake(p: Proc) {
    for (;;) got.push(yield* p.receive());
  };
}

describe.each(["handout", "fixed"] as const)("client (%s)", (variant: Variant) => {
  test("the background task joins with its own pid; lines and the leave come from the main task", () => {
    const sim = chatSim([SERVER_NODE, clientNode(1)]);
    const got: unknown[] = [];
    const srv = sim.spawn(SERVER_NODE, fakeServer(got));
    const c = startClient(sim, clientNode(1), { name: "John", server: srv, actions: [{ at: ms(5), do: "send", text: "hi!" }, { at: ms(6), do: "leave" }] }, variant);
    sim.run();
    const [main, bg] = c.screen.pids;
    expect(main).toBe(c.pid);
    expect(got).toEqual([msg.clientJoinReq("John", bg!), msg.send("John", "hi!"), msg.clientLeaveReq("John", bg!)]);
    const toServer = sends(sim).filter((s) => s.to === srv);
    expect(toServer.map((s) => s.from)).toEqual([bg, main, main]);
    expect(exits(sim).get(main!.key())).toBe("normal");
    expect(exits(sim).has(bg!.key())).toBe(false); // still waiting for the server's exit
  });

  test("join, leave, message and exit clauses print like the handout's terminal and fill the screen", () => {
    const sim = chatSim([SERVER_NODE, clientNode(1)]);
    const srv = sim.spawn(SERVER_NODE, fakeServer([]));
    const c = startClient(sim, clientNode(1), { name: "John", server: srv }, variant);
    const bgAt = (): Pid => c.screen.pids[1]!;
    sim.run({ until: ms(1) });
    sim.at(ms(2), { op: "inject", to: bgAt(), msg: msg.join("Mary") });
    sim.at(ms(3), { op: "inject", to: bgAt(), msg: msg.message("Mary", "hi John") });
    sim.at(ms(4), { op: "inject", to: bgAt(), msg: msg.leave("Mary") });
    sim.at(ms(5), { op: "inject", to: bgAt(), msg: msg.exit() });
    sim.at(ms(6), { op: "inject", to: bgAt(), msg: msg.join("Late") });
    sim.run();
    const lines = ["[JOIN] Mary joined the chat", "[Mary] hi John", "[LEAVE] Mary left the chat"];
    expect(printed(sim, clientNode(1))).toEqual(lines);
    expect(formatScreen(c.screen)).toEqual(lines);
    expect(c.screen.entries.map((e) => e.kind)).toEqual(["join", "message", "leave", "exit"]);
    // Injected at 2..5 ms: 1 µs local delivery plus 1 µs receive cost later, on screen.
    expect(c.screen.entries.map((e) => e.t)).toEqual([ms(2) + 2, ms(3) + 2, ms(4) + 2, ms(5) + 2]);
    expect(sawMessage(c.screen, "Mary", "hi John")).toBe(c.screen.entries[1]!.t);
    expect(sawMessage(c.screen, "Mary", "nope")).toBeUndefined();
    expect(exits(sim).get(bgAt().key())).toBe("normal");
  });

  test("crash: both tasks die abnormally at the scripted time", () => {
    const sim = chatSim([SERVER_NODE, clientNode(1)]);
    const srv = sim.spawn(SERVER_NODE, fakeServer([]));
    const c = startClient(sim, clientNode(1), { name: "John", server: srv, actions: [{ at: ms(3), do: "crash", reason: "boom" }, { at: ms(4), do: "send", text: "never" }] }, variant);
    sim.run();
    for (const pid of c.screen.pids) expect(exits(sim).get(pid.key())).toBe("boom");
    expect(sendsTagged(sim, "send")).toEqual([]);
  });

  test("actions run in time order, equal times in script order, past times at once", () => {
    const sim = chatSim([SERVER_NODE, clientNode(1)]);
    const got: unknown[] = [];
    const srv = sim.spawn(SERVER_NODE, fakeServer(got));
    sim.run({ until: ms(10) });
    startClient(sim, clientNode(1), {
      name: "J",
      server: srv,
      actions: [
        { at: ms(20), do: "send", text: "c" },
        { at: ms(15), do: "send", text: "a" },
        { at: ms(15), do: "send", text: "b" },
        { at: ms(1), do: "send", text: "past" },
      ],
    }, variant);
    sim.run();
    expect(got.slice(1).map((m) => (m as { text: string }).text)).toEqual(["past", "a", "b", "c"]);
    const t = sendsTagged(sim, "send").map((s) => s.t);
    expect(t[0]).toBeLessThan(ms(11));
    expect(t[1]).toBeGreaterThanOrEqual(ms(15));
    expect(t[3]).toBeGreaterThanOrEqual(ms(20));
  });

  test("reply on receipt: sent by the main task after the think time, once, even if the line shows twice", () => {
    const sim = chatSim([SERVER_NODE, clientNode(1)]);
    const got: unknown[] = [];
    const srv = sim.spawn(SERVER_NODE, fakeServer(got));
    const c = startClient(sim, clientNode(1), { name: "Mary", server: srv, replies: [{ from: "John", text: "hi!", think: ms(7), reply: "hello John" }] }, variant);
    sim.run({ until: ms(1) });
    const bg = c.screen.pids[1]!;
    sim.at(ms(2), { op: "inject", to: bg, msg: msg.message("John", "hi!") });
    sim.at(ms(3), { op: "inject", to: bg, msg: msg.message("John", "hi!") });
    sim.at(ms(4), { op: "inject", to: bg, msg: msg.message("Ana", "hi!") });
    sim.run();
    const replies = sendsTagged(sim, "send", "hello John");
    expect(replies.length).toBe(1);
    expect(replies[0]!.from).toBe(c.pid);
    const seen = sawMessage(c.screen, "John", "hi!")!;
    expect(replies[0]!.t).toBeGreaterThanOrEqual(seen + ms(7));
    expect(replies[0]!.t).toBeLessThan(seen + ms(8));
    expect(formatScreen(c.screen)).toContain("-> hello John");
  });

  test("a client can name its server by pid or by {myserver, Node}", () => {
    const sim = chatSim([SERVER_NODE, clientNode(1), clientNode(2)]);
    const srv = startServer(sim, SERVER_NODE, variant);
    const a = startClient(sim, clientNode(1), { name: "ByPid", server: srv, actions: [{ at: ms(5), do: "send", text: "by pid" }] }, variant);
    const b = startClient(sim, clientNode(2), { name: "ByName", server: myserver(SERVER_NODE), actions: [{ at: ms(6), do: "send", text: "by name" }] }, variant);
    sim.run();
    for (const c of [a, b]) expect(messagesOf(c.screen).map((m) => m.text)).toEqual(["by pid", "by name"]);
  });
});

describe("client variants differ", () => {
  test("handout: an unsupported message is printed and ends the background task", () => {
    const sim = chatSim([SERVER_NODE, clientNode(1)]);
    const srv = sim.spawn(SERVER_NODE, fakeServer([]));
    const c = startClient(sim, clientNode(1), { name: "John", server: srv }, "handout");
    sim.run({ until: ms(1) });
    const bg = c.screen.pids[1]!;
    sim.at(ms(2), { op: "inject", to: bg, msg: { tag: "surprise", n: 1 } });
    sim.at(ms(3), { op: "inject", to: bg, msg: msg.message("Mary", "lost") });
    sim.run();
    expect(printed(sim, clientNode(1))).toEqual(["Received unsupported message: {surprise,1}"]);
    expect(exits(sim).get(bg.key())).toBe("normal");
  });

  test("fixed: an unsupported message is printed and the client goes on", () => {
    const sim = chatSim([SERVER_NODE, clientNode(1)]);
    const srv = sim.spawn(SERVER_NODE, fakeServer([]));
    const c = startClient(sim, clientNode(1), { name: "John", server: srv }, "fixed");
    sim.run({ until: ms(1) });
    const bg = c.screen.pids[1]!;
    sim.at(ms(2), { op: "inject", to: bg, msg: { tag: "surprise", n: 1 } });
    sim.at(ms(3), { op: "inject", to: bg, msg: msg.message("Mary", "kept") });
    sim.run();
    expect(printed(sim, clientNode(1))).toEqual(["Received unsupported message: {surprise,1}", "[Mary] kept"]);
  });

  test("fixed: the server's node crashing shows on the screen (monitor, noconnection) and typing stops", () => {
    const sim = chatSim([SERVER_NODE, clientNode(1)]);
    startServer(sim, SERVER_NODE, "handout");
    const c = startClient(sim, clientNode(1), { name: "John", server: myserver(SERVER_NODE), actions: [{ at: ms(20), do: "send", text: "hello?" }] }, "fixed");
    sim.at(ms(10), { op: "crash", node: SERVER_NODE });
    sim.run();
    expect(formatScreen(c.screen)).toEqual(["[JOIN] John joined the chat", "[SERVER] the server is down (noconnection)"]);
    expect(sendsTagged(sim, "send")).toEqual([]);
  });

  test("handout: the server's node crashing goes unnoticed; the user types into the void", () => {
    const sim = chatSim([SERVER_NODE, clientNode(1)]);
    startServer(sim, SERVER_NODE, "handout");
    const c = startClient(sim, clientNode(1), { name: "John", server: myserver(SERVER_NODE), actions: [{ at: ms(20), do: "send", text: "hello?" }] }, "handout");
    sim.at(ms(10), { op: "crash", node: SERVER_NODE });
    sim.run();
    expect(formatScreen(c.screen)).toEqual(["[JOIN] John joined the chat", "-> hello?"]);
    expect(sendsTagged(sim, "send")[0]!.dropped).toBe("node-down");
  });
});

describe("screen", () => {
  test("formatScreen renders every kind, skips exit, and can show times", () => {
    const s = newScreen("John", clientNode(1));
    s.entries.push(
      { t: 1000, kind: "join", name: "John" },
      { t: 2000, kind: "typed", text: "hi!" },
      { t: 2500, kind: "message", name: "John", text: "hi!" },
      { t: 2600, kind: "unsupported", msg: { tag: "x", n: [1, 2] } },
      { t: 2700, kind: "server_left" },
      { t: 2800, kind: "server_down", reason: "noconnection" },
      { t: 2900, kind: "leave", name: "John" },
      { t: 3000, kind: "exit" },
    );
    expect(formatScreen(s)).toEqual([
      "[JOIN] John joined the chat",
      "-> hi!",
      "[John] hi!",
      "Received unsupported message: {x,[1,2]}",
      "[SERVER] the server left the chat",
      "[SERVER] the server is down (noconnection)",
      "[LEAVE] John left the chat",
    ]);
    expect(formatScreen(s, { times: true })[0]).toBe("     1.000ms  [JOIN] John joined the chat");
    expect(formatEntry({ kind: "exit" })).toBeNull();
    expect(messagesOf(s)).toEqual([{ t: 2500, name: "John", text: "hi!" }]);
  });
});
