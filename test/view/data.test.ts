import { describe, expect, it } from "vitest";
import { findScenario, runScenario } from "../../src/scenarios/index.js";
import { recordJson } from "../../src/sim/trace.js";
import { messageKind, parseTraceLines, pidNode, termText, viewData } from "../../src/view/data.js";
import { evidenceRecords, runView, viewCommandFor } from "../../src/view/fromRun.js";
import { processesAt, screensAt } from "../../src/view/state.js";

const run = (name: string, sets: [string, string][] = []) => runScenario(findScenario(name), 1, sets);

describe("viewer data", () => {
  it("groups lanes by node, in order of first appearance", () => {
    const d = runView(run("ms1"), "ms1");
    expect(d.nodes[0]).toBe("server_node@127.0.0.1");
    const nodeOrder = d.lanes.map((l) => d.nodes.indexOf(l.node));
    expect([...nodeOrder].sort((a, b) => a - b)).toEqual(nodeOrder);
    expect(d.lanes.map((l) => l.label)).toContain("client:Ana:bg");
    expect(d.events.length).toBe(run("ms1").records.length);
  });

  it("reads the same data from a trace file's lines as from the run", () => {
    const r = run("ms1");
    const fromFile = viewData(parseTraceLines(r.records.map(recordJson).join("")), { title: "t", replay: "" });
    const fromRun = runView(r, "t");
    expect(fromFile.lanes).toEqual(fromRun.lanes);
    expect(fromFile.events).toEqual(fromRun.events);
    // Clients named by their spawn labels, as the run names them.
    expect(fromFile.clients).toEqual(fromRun.clients);
  });

  it.each([
    ["ms1", [] as [string, string][]],
    ["q-e", [["system", "server2"]] as [string, string][]],
    ["rejoin-after-crash", [] as [string, string][]],
  ])("%s: each client's screen at the last step is what its node printed", (name, sets) => {
    const r = run(name, sets);
    const d = runView(r, name);
    const screens = screensAt(d, d.events.length - 1);
    for (const [i, c] of d.clients.entries()) {
      const node = r.screens.find((s) => s.name === c.name)!.node;
      expect(screens[i]).toEqual(r.printed[node]!.map(([, l]) => l));
      expect(screens[i]!.length).toBeGreaterThan(0);
    }
    // Before the first event nobody has printed anything.
    expect(screensAt(d, -1).every((s) => s.length === 0)).toBe(true);
  });

  it("a screen grows exactly at its client's log records", () => {
    const r = run("ms1");
    const d = runView(r, "ms1");
    const ana = d.clients.findIndex((c) => c.name === "Ana");
    const firstLog = d.events.findIndex((e) => e.k === "log" && d.clients[ana]!.lanes.includes(e.lane));
    expect(screensAt(d, firstLog - 1)[ana]).toEqual([]);
    expect(screensAt(d, firstLog)[ana]).toEqual(["[JOIN] Ana joined the chat"]);
  });

  it("a message is in the mailbox from its delivery until it is taken", () => {
    const d = runView(run("ms1"), "ms1");
    const deliver = d.events.findIndex((e) => e.k === "deliver");
    const e = d.events[deliver]!;
    const take = d.events.findIndex((x, i) => i > deliver && x.k === "receive" && x.id === e.id);
    const sent = d.events.find((x) => x.k === "send" && x.id === e.id)!;
    expect(sent.text).toBe('{client_join_req,<john@127.0.0.1.2.1>,"John"}');
    expect(processesAt(d, deliver - 1)[e.lane]!.mailbox).toEqual([]);
    expect(processesAt(d, deliver)[e.lane]!.mailbox).toEqual([sent.text]);
    expect(processesAt(d, take)[e.lane]!.mailbox).toEqual([]);
    expect(processesAt(d, take)[e.lane]!.state).toContain(`last took ${sent.text}`);
  });

  it("state lines: not spawned yet, then in receive, then exited with the reason", () => {
    const d = runView(run("rejoin-after-crash"), "r");
    const crashed = d.events.findIndex((e) => e.k === "exit" && e.text.includes("node-down"));
    const lane = d.events[crashed]!.lane;
    const spawn = d.events.findIndex((e) => e.k === "spawn" && e.lane === lane);
    expect(processesAt(d, spawn - 1)[lane]!.state).toBe("not spawned yet");
    expect(processesAt(d, crashed - 1)[lane]!.state).toMatch(/receive|to take/);
    expect(processesAt(d, crashed)[lane]!.state).toBe("exit: 'node-down'");
    expect(processesAt(d, crashed)[lane]!.mailbox).toEqual([]);
  });

  it("a violation's evidence points at the issuing sends and the receiver's takings", () => {
    const r = run("q-e", [["system", "server2"]]);
    const v = r.checks.find((c) => c.status === "violated")!;
    const ev = v.evidence[0]!;
    const at = evidenceRecords(r, ev);
    const kinds = at.map((i) => r.records[i]!.k);
    expect(kinds).toContain("send");
    expect(kinds).toContain("receive");
    const ana = r.screens.find((s) => s.name === ev.receiver)!;
    for (const i of at) {
      const x = r.records[i]!;
      if (x.k === "receive") expect(ana.pids).toContain(x.pid);
    }
    // The membership verdict names no lines or time: it points at the run's faults.
    const rj = run("rejoin-after-crash");
    const m = rj.checks.find((c) => c.check === "membership")!;
    expect(evidenceRecords(rj, m.evidence[0]!).map((i) => rj.records[i]!.k)).toEqual(["fault", "fault"]);
  });

  it("terms, kinds, pids, bad trace lines, view commands", () => {
    expect(termText({ tag: "message", name: "John", text: "hi" })).toBe('{message,"John","hi"}');
    expect(termText(["<a@h.1.1>", 3])).toBe("[<a@h.1.1>,3]");
    expect(messageKind({ tag: "join" })).toBe("join");
    expect(messageKind("garbage")).toBe("atom");
    expect(pidNode("<server1@10.0.0.1.12.3>")).toBe("server1@10.0.0.1");
    expect(() => parseTraceLines('{"k":"send","t":1}\nnot json\n')).toThrow("line 2 is not JSON");
    expect(() => parseTraceLines('{"x":1}\n')).toThrow("line 1 is not a trace record");
    expect(() => parseTraceLines("\n")).toThrow("no trace records");
    expect(viewCommandFor("chatty-sim run q-e --seed 1 --set system=server2")).toBe("chatty-sim view q-e --seed 1 --set system=server2");
    expect(viewCommandFor("chatty-sim explore world --set world=x --replay 0,4")).toBe("chatty-sim view world --set world=x --replay 0,4");
  });
});
