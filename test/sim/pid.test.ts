import { describe, expect, test } from "vitest";
import { isPid, Name, Pid, Ref } from "../../src/sim/pid.js";

describe("Pid", () => {
  const p = new Pid("server@h", 3, 42, 1);

  test("prints <0.Id.0> on its own node, like BEAM's local form", () => {
    expect(p.format("server@h")).toBe("<0.42.0>");
  });

  test("prints <N.Id.0> seen from another node, N being the node's number; with no viewer too, so pids of different nodes never print alike", () => {
    expect(p.format("client@h")).toBe("<3.42.0>");
    expect(p.format()).toBe("<3.42.0>");
    expect(String(p)).toBe("<3.42.0>");
    expect(`${p}`).toBe("<3.42.0>");
    expect(new Pid("other@h", 4, 42, 1).format()).not.toBe(p.format());
  });

  test("pids of different incarnations may print alike but have different keys", () => {
    const q = new Pid("server@h", 3, 42, 2);
    expect(q.format()).toBe(p.format());
    expect(q.key()).not.toBe(p.key());
    expect(p.key()).toBe("<server@h.42.1>");
    expect(q.key()).toBe("<server@h.42.2>");
  });

  test("isPid tells pids from other values", () => {
    expect(isPid(p)).toBe(true);
    expect(isPid({ node: "server@h", id: 42, creation: 1 })).toBe(false);
    expect(isPid("<0.42.0>")).toBe(false);
    expect(isPid(null)).toBe(false);
    expect(isPid(new Ref("server@h", 1))).toBe(false);
  });
});

describe("Ref", () => {
  test("prints like BEAM and has an unambiguous key", () => {
    const r = new Ref("a@h", 7);
    expect(String(r)).toBe("#Ref<0.0.0.7>");
    expect(r.key()).toBe("#Ref<a@h.7>");
    expect(new Ref("b@h", 7).key()).not.toBe(r.key());
  });
});

describe("Name", () => {
  test("prints like Erlang's {Name, Node} and has an unambiguous key", () => {
    const n = new Name("myserver", "server_node@127.0.0.1");
    expect(String(n)).toBe("{myserver,'server_node@127.0.0.1'}");
    expect(n.key()).toBe("{myserver,server_node@127.0.0.1}");
    expect(n.name).toBe("myserver");
    expect(n.node).toBe("server_node@127.0.0.1");
  });
});
