import { describe, expect, test } from "vitest";
import { Name, PROFILES, latency, Simulation, ms, type Pid, type Proc } from "../../src/sim/index.js";
import { causal, chatLog, completeness, metrics, percentiles, type ChatClient } from "../../src/check/index.js";

/** A minimal central chat server, enough to exercise the extraction (the real one is in src/nodes). */
function* relay(p: Proc) {
  const clients: Pid[] = [];
  for (;;) {
    const m = (yield* p.receive()) as { tag: string; name: string; from: Pid; text: string };
    if (m.tag === "client_join_req") {
      clients.push(m.from);
      for (const c of clients) p.send(c, { tag: "join", name: m.name });
    } else if (m.tag === "send") {
      for (const c of clients) p.send(c, { tag: "message", name: m.name, text: m.text });
    }
  }
}

/** A client that joins, optionally says something at `at`, and answers `answer.to` with `answer.text`. */
function chatter(name: string, say?: { at: number; text: string }, answer?: { to: string; text: string }) {
  return function* (p: Proc) {
    const server = new Name("myserver", "s@h");
    p.send(server, { tag: "client_join_req", name, from: p.self() });
    if (say) {
      yield* p.sleep(say.at - p.now());
      p.send(server, { tag: "send", name, text: say.text });
    }
    for (;;) {
      const m = (yield* p.receive()) as { tag: string; text: string };
      if (answer && m.tag === "message" && m.text === answer.to) p.send(server, { tag: "send", name, text: answer.text });
    }
  };
}

function run(seed = 1) {
  const sim = new Simulation({ seed, trace: "full", network: { default: { ...PROFILES.lan, latency: latency.constant(1000) } } });
  for (const n of ["s@h", "a@h", "b@h", "c@h"]) sim.addNode({ name: n });
  sim.spawn("s@h", relay, { register: "myserver" });
  const a = sim.spawn("a@h", chatter("A", { at: ms(10), text: "question" }));
  const b = sim.spawn("b@h", chatter("B", undefined, { to: "question", text: "answer" }));
  const c = sim.spawn("c@h", chatter("C"));
  sim.run({ until: ms(100) });
  const clients: ChatClient[] = [
    { name: "A", pids: [a] },
    { name: "B", pids: [b] },
    { name: "C", pids: [c] },
  ];
  return chatLog(sim.trace.records, clients);
}

describe("chatLog from a trace", () => {
  test("finds the lines, their issuers and the happens-before of a reply", () => {
    const log = run();
    expect(log.lines.map((l) => `${l.sender}:${l.text}`)).toEqual(["A:question", "B:answer"]);
    expect(log.lines[1]!.past).toEqual([0]);
    expect(log.lines[0]!.past).toEqual([]);
    for (const c of ["A", "B", "C"]) expect(log.receipts.get(c)!.map((r) => r.line)).toEqual([0, 1]);
    expect(causal(log).status).toBe("holds");
    expect(completeness(log).status).toBe("holds");
  });
  test("records joins, hops through the server and messages per line", () => {
    const log = run();
    expect([...log.joinedAt.keys()].sort()).toEqual(["A", "B", "C"]);
    const m = metrics(log);
    expect(m.shown).toBe(6);
    expect(m.hops.max).toBe(2);
    expect(m.networkHops.p50).toBe(2);
    // Each line: one send to the server, three messages out.
    expect(m.carriersPerLine).toBe(4);
    // Latency: at least two 1 ms network legs.
    expect(m.latency.p50!).toBeGreaterThanOrEqual(2000);
  });
  test("percentiles by nearest rank", () => {
    const p = percentiles([5, 1, 4, 2, 3, 6, 7, 8, 9, 10]);
    expect([p.p50, p.p95, p.p99, p.max, p.mean]).toEqual([5, 10, 10, 10, 5.5]);
    expect(percentiles([]).p50).toBeNull();
  });
});

describe("chatLog from hand-built trace records", () => {
  test("issues, shows, drops, exits and causal pasts are read from the records alone", async () => {
    const { Pid } = await import("../../src/sim/index.js");
    const srv = new Pid("s@h", 1, 1, 1);
    const aMain = new Pid("a@h", 2, 1, 1);
    const aBg = new Pid("a@h", 2, 2, 1);
    const bBg = new Pid("b@h", 3, 2, 1);
    const bMain = new Pid("b@h", 3, 1, 1);
    const records = [
      { t: 0, k: "send", id: 1, from: aBg, to: srv, msg: { tag: "client_join_req", name: "A", from: aBg } },
      { t: 10, k: "receive", id: 1, pid: srv },
      { t: 10, k: "send", id: 2, from: srv, to: aBg, msg: { tag: "join", name: "A" } },
      { t: 20, k: "receive", id: 2, pid: aBg },
      { t: 30, k: "send", id: 3, from: aMain, to: srv, msg: { tag: "send", name: "A", text: "q" } },
      { t: 40, k: "receive", id: 3, pid: srv },
      { t: 40, k: "send", id: 4, from: srv, to: aBg, msg: { tag: "message", name: "A", text: "q" } },
      { t: 40, k: "send", id: 5, from: srv, to: bBg, msg: { tag: "message", name: "A", text: "q" } },
      { t: 45, k: "drop", id: 5, reason: "loss" },
      { t: 50, k: "receive", id: 4, pid: aBg },
      { t: 60, k: "exit", pid: bMain, reason: "crash" },
    ] as const;
    const log = chatLog(records as never, [
      { name: "A", pids: [aMain, aBg] },
      { name: "B", pids: [bMain, bBg] },
    ]);
    expect(log.lines).toHaveLength(1);
    expect(log.lines[0]).toMatchObject({ sender: "A", text: "q", client: "A", sentAt: 30, senderSeq: 0, past: [] });
    expect(log.receipts.get("A")).toEqual([{ line: 0, t: 50, hops: 2, networkHops: 2 }]);
    expect(log.receipts.get("B")).toEqual([]);
    expect(log.drops).toEqual([{ line: 0, to: "<3.2.0> on b@h", client: "B", reason: "loss", t: 45 }]);
    expect(log.exits.get("B")).toEqual({ t: 60, reason: "crash" });
    expect(log.joinRequestedAt.get("A")).toBe(0);
    expect(log.joinedAt.get("A")).toBe(20);
    expect(log.leftAt.get("B")).toBe(60);
    expect(log.messages).toBe(5);
    expect(log.carriers).toEqual([3]);
  });
});
