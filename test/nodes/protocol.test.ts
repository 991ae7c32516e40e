/**
 * The protocols' constructors (the handout's and TheyChat's): what a server broadcasts is frozen all the way down, so a send
 * shares it with every peer instead of copying it (`src/sim/termCopy.ts`), and changing it
 * afterwards is impossible; what a client sends once is a plain object, copied at send.
 */
import { describe, expect, test } from "vitest";
import { msg, parse } from "../../src/nodes/protocol.js";
import { msg as theyChat } from "../../src/nodes/theychat/protocol.js";
import { Pid } from "../../src/sim/index.js";
import { copyTerm } from "../../src/sim/termCopy.js";

const a = new Pid("a@h", 1, 1, 0);
const b = new Pid("b@h", 2, 1, 0);

describe("protocol constructors", () => {
  test.each([
    ["join", msg.join("n")],
    ["leave", msg.leave("n")],
    ["message", msg.message("n", "t")],
    ["server_left", msg.serverLeft()],
    ["update_servers", msg.updateServers([a, b])],
  ])("a broadcast's %s is shared by a send, and parses", (_tag, m) => {
    expect(copyTerm(m)).toBe(m);
    expect(parse(m)).toBe(m);
  });

  test.each([
    ["join", theyChat.join("t", "n")],
    ["leave", theyChat.leave("t", "n")],
    ["message", theyChat.message("t", "n", "x")],
    ["new_server", theyChat.newServer("t", a)],
  ])("a TheyChat server_chat's %s is shared by a send", (_tag, m) => {
    expect(copyTerm(m)).toBe(m);
  });

  test("update_servers freezes its own list: the caller's stays the caller's", () => {
    const servers = [a];
    const m = msg.updateServers(servers);
    servers.push(b);
    expect(m.servers).toEqual([a]);
    expect(() => (m.servers as Pid[]).push(b)).toThrow(TypeError);
  });

  test("a client's request is copied at send", () => {
    const m = msg.send("n", "t");
    expect(copyTerm(m)).not.toBe(m);
    expect(copyTerm(m)).toEqual(m);
  });
});
