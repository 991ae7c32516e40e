import { describe, expect, test } from "vitest";
import { type Fault, PROFILES, Simulation, ms, sec } from "../../src/sim/index.js";
import { type IdleChatConfig, type IdleChatSystem, buildIdleChat } from "../../src/scenarios/idleSystem.js";
import {
  KICKED,
  type TelnetStep,
  WELCOME,
  checkPseudo,
  formatScreen,
  idleLine,
  linesOf,
  msg,
  refusalText,
  sawLine,
} from "../../src/nodes/idleChat/index.js";

const SERVER = "chat_server@127.0.0.1";
const L = (at: number, text: string): TelnetStep => ({ at, op: "line", text });

type Faults = readonly [number, Fault][] | ((sys: IdleChatSystem) => readonly [number, Fault][]);

function run(clients: IdleChatConfig["clients"], opts: { faults?: Faults; until?: number; seed?: number; params?: Partial<IdleChatConfig> } = {}) {
  const sim = new Simulation({ seed: opts.seed ?? 5, network: { default: PROFILES.sameMachine } });
  const sys = buildIdleChat(sim, { maxIdle: sec(5), checkPeriod: sec(1), maxPseudoLength: 8, ...opts.params, clients });
  const faults = opts.faults ?? [];
  for (const [t, f] of typeof faults === "function" ? faults(sys) : faults) sim.at(t, f);
  const result = sim.run({ until: opts.until ?? sec(20) });
  const screen = (name: string) => sys.clients.find((c) => c.name === name)!.screen;
  return { sim, sys, result, screen, printed: (node: string) => sim.printed(node).map((l) => l.text) };
}

describe("idle chat: pseudonyms", () => {
  test("each invalid pseudonym is refused with its reason and asked again; a taken one too", () => {
    const { screen } = run([
      { name: "a", script: [L(ms(10), ""), L(ms(20), "   "), L(ms(30), "waytoolong"), L(ms(40), "bad!"), L(ms(50), "bad name"), L(ms(60), "John")] },
      { name: "b", connectAt: ms(500), script: [L(ms(600), "John"), L(ms(700), " Mary ")] },
    ]);
    expect(linesOf(screen("a")).slice(0, 8)).toEqual([
      WELCOME,
      refusalText("empty", 8),
      refusalText("empty", 8),
      "Pseudo too long (at most 8 characters). Choose a pseudo:",
      refusalText("bad_chars", 8),
      refusalText("bad_chars", 8),
      "[JOIN] John joined the chat",
      "[JOIN] Mary joined the chat",
    ]);
    expect(linesOf(screen("b")).slice(0, 3)).toEqual([WELCOME, "Pseudo already taken. Choose a pseudo:", "[JOIN] Mary joined the chat"]);
  });

  test("the acceptor's own checks", () => {
    expect(checkPseudo("", 8)).toBe("empty");
    expect(checkPseudo("abcdefgh", 8)).toBeNull();
    expect(checkPseudo("abcdefghi", 8)).toBe("too_long");
    expect(checkPseudo("a b", 8)).toBe("bad_chars");
    expect(checkPseudo("é", 8)).toBe("bad_chars");
    expect(checkPseudo("A_b-9", 8)).toBeNull();
  });

  test("a pseudonym is free again once its user has left", () => {
    const { screen } = run([
      { name: "a", script: [L(ms(10), "John"), L(ms(100), "/quit")] },
      { name: "b", connectAt: ms(50), script: [L(ms(60), "Mary")] },
      { name: "c", connectAt: ms(200), script: [L(ms(210), "John"), L(ms(300), "back again")] },
    ], { until: sec(2) });
    expect(formatScreen(screen("a")).slice(-2)).toEqual(["Bye!", "Connection closed by foreign host."]);
    const mary = linesOf(screen("b"));
    expect(mary).toEqual(["Welcome to the chat! Choose a pseudo:", "[JOIN] Mary joined the chat", "[LEAVE] John left the chat", "[JOIN] John joined the chat", "[John] back again"]);
    expect(linesOf(screen("c"))).not.toContain(refusalText("taken", 8));
  });

  test("the single acceptor serves connections one at a time (the report's design): a later one waits", () => {
    const { screen } = run([
      { name: "a", script: [L(ms(300), "Ann")] },
      { name: "b", connectAt: ms(10), script: [L(ms(20), "Bob")] },
    ]);
    expect(sawLine(screen("b"), WELCOME)!).toBeGreaterThan(ms(300));
    // Bob's line, typed early, waited in his socket and was read once the acceptor got to him.
    expect(linesOf(screen("b"))).toContain("[JOIN] Bob joined the chat");
  });

  test("a connection silent for pseudoTimeout is closed, and the next one is served", () => {
    const { screen } = run(
      [
        { name: "a", script: [] },
        { name: "b", connectAt: ms(10), script: [L(ms(20), "Bob")] },
      ],
      { params: { pseudoTimeout: sec(2) } },
    );
    expect(formatScreen(screen("a"))).toEqual([WELCOME, "Too slow. Bye!", "Connection closed by foreign host."]);
    expect(sawLine(screen("b"), "[JOIN] Bob joined the chat")!).toBeGreaterThanOrEqual(sec(2));
  });

  test("a client that hangs up while choosing frees the acceptor at once", () => {
    const { screen } = run([
      { name: "a", script: [{ at: ms(100), op: "hangup" }] },
      { name: "b", connectAt: ms(10), script: [L(ms(20), "Bob")] },
    ]);
    const t = sawLine(screen("b"), "[JOIN] Bob joined the chat")!;
    expect(t).toBeGreaterThan(ms(100));
    expect(t).toBeLessThan(ms(101));
  });
});

describe("idle chat: chatting and leaving", () => {
  test("every line goes to every user, the speaker included", () => {
    const { screen } = run([
      { name: "a", script: [L(ms(10), "John"), L(ms(200), "hi!")] },
      { name: "b", connectAt: ms(50), script: [L(ms(60), "Mary"), L(ms(300), "hello")] },
    ], { until: sec(2) });
    for (const s of ["a", "b"]) {
      expect(linesOf(screen(s))).toContain("[John] hi!");
      expect(linesOf(screen(s))).toContain("[Mary] hello");
    }
    expect(formatScreen(screen("a")).slice(0, 3)).toEqual([WELCOME, "-> John", "[JOIN] John joined the chat"]);
  });

  test("a hang-up, a crashed client and a crashed client node each make a leave the others see", () => {
    const { screen } = run(
      [
        { name: "a", script: [L(ms(10), "Ann"), { at: ms(200), op: "hangup" }, L(ms(250), "into the void")] },
        { name: "b", connectAt: ms(20), script: [L(ms(30), "Bob"), { at: ms(300), op: "crash" }] },
        { name: "c", connectAt: ms(40), script: [L(ms(50), "Cid")] },
        { name: "m", connectAt: ms(60), script: [L(ms(70), "Mary"), L(ms(500), "anyone?")] },
      ],
      { faults: [[ms(400), { op: "crash", node: "c@127.0.0.1" }]], until: sec(2) },
    );
    const mary = linesOf(screen("m"));
    expect(mary.filter((l) => l.startsWith("[LEAVE]"))).toEqual(["[LEAVE] Ann left the chat", "[LEAVE] Bob left the chat", "[LEAVE] Cid left the chat"]);
    expect(mary.at(-1)).toBe("[Mary] anyone?");
    expect(formatScreen(screen("a")).slice(-2)).toEqual(["telnet> quit", "-> into the void"]);
  });
});

describe("idle chat: idle timeout", () => {
  test("a user idle longer than maxIdle is disconnected and the others are told; an active one stays", () => {
    const { screen, printed } = run([
      { name: "a", script: [L(ms(10), "John"), L(sec(12), "too late")] },
      { name: "b", connectAt: ms(20), script: [L(ms(30), "Mary"), ...[2, 4, 6, 8, 10].map((s) => L(sec(s), `line ${s}`))] },
    ]);
    const john = formatScreen(screen("a"));
    expect(john.slice(-3)).toEqual([KICKED, "Connection closed by foreign host.", "-> too late"]);
    const kicked = sawLine(screen("a"), KICKED)!;
    // Idle from its join (~10 ms): counted at each 1 s tick, kicked once past 5 s.
    expect(kicked).toBeGreaterThan(sec(5));
    expect(kicked).toBeLessThan(sec(7));
    expect(sawLine(screen("b"), idleLine("John"))).toBeDefined();
    expect(sawLine(screen("b"), "[Mary] line 10")).toBeDefined();
    // Mary, silent after 10 s, goes too, and nobody is left to be told.
    expect(sawLine(screen("b"), KICKED)!).toBeGreaterThan(sec(15));
    expect(printed(SERVER)).toEqual(["[main] John disconnected after 6000 ms idle", "[main] Mary disconnected after 6000 ms idle"]);
  });

  test("speaking resets the idle counter", () => {
    const { screen } = run([{ name: "a", script: [L(ms(10), "John"), ...[4, 8, 12, 16].map((s) => L(sec(s), `still here ${s}`))] }], { until: sec(19) });
    expect(sawLine(screen("a"), KICKED)).toBeUndefined();
    expect(sawLine(screen("a"), "[John] still here 16")).toBeDefined();
  });

  test("max idle and check period are parameters", () => {
    const { screen } = run([{ name: "a", script: [L(ms(10), "John")] }], { params: { maxIdle: ms(300), checkPeriod: ms(100) }, until: sec(1) });
    const t = sawLine(screen("a"), KICKED)!;
    expect(t).toBeGreaterThan(ms(300));
    expect(t).toBeLessThan(ms(500));
  });

  test("main checks again before a kick: a kick_idle for an active user is ignored", () => {
    const { screen } = run([{ name: "a", script: [L(ms(10), "John"), L(ms(500), "alive")] }], {
      faults: (sys) => [[ms(200), { op: "inject", to: sys.names.main, msg: msg.kickIdle("John") }]],
      until: sec(2),
    });
    expect(sawLine(screen("a"), KICKED)).toBeUndefined();
    expect(sawLine(screen("a"), "[John] alive")).toBeDefined();
  });
});

describe("idle chat: clauses and config", () => {
  test("strange messages are printed and every process goes on", () => {
    const garbage = { tag: "garbage" };
    const { screen, printed } = run([{ name: "a", script: [L(ms(10), "John"), L(ms(500), "fine")] }], {
      faults: (sys) => [
        [ms(100), { op: "inject", to: sys.names.main, msg: garbage }],
        [ms(100), { op: "inject", to: sys.names.listener, msg: garbage }],
        [ms(100), { op: "inject", to: sys.names.acceptor, msg: garbage }],
        [ms(100), { op: "inject", to: sys.clients[0]!.pid, msg: garbage }],
      ],
      until: sec(1),
    });
    expect(printed(SERVER)).toEqual([
      "[main] Received unsupported message: garbage",
      "[listener] Received unsupported message: garbage",
      "[acceptor] Received unsupported message: garbage",
    ]);
    expect(formatScreen(screen("a"))).toContain("Received unsupported message: garbage");
    expect(sawLine(screen("a"), "[John] fine")).toBeDefined();
  });

  test("same seed, same trace", () => {
    const clients = [
      { name: "a", script: [L(ms(10), "John"), L(ms(100), "x")] },
      { name: "b", connectAt: ms(5), script: [L(ms(20), "John"), L(ms(30), "Mary")] },
    ];
    expect(run(clients, { seed: 9, until: sec(8) }).result.traceHash).toBe(run(clients, { seed: 9, until: sec(8) }).result.traceHash);
  });

  test("bad parameters are one clear line", () => {
    const sim = new Simulation({ seed: 1 });
    expect(() => buildIdleChat(sim, { maxIdle: 0, clients: [] })).toThrow(/maxIdle must be a positive duration \(1us at least\), got 0us/);
    expect(() => buildIdleChat(sim, { maxIdle: 1.5, clients: [] })).toThrow(/maxIdle must be a positive duration \(1us at least\), got 1.5$/);
    expect(() => buildIdleChat(sim, { maxPseudoLength: 0, clients: [] })).toThrow(/maxPseudoLength must be a positive integer, got 0/);
    expect(() => buildIdleChat(sim, { clients: [{ name: "a", script: [L(5, "x"), L(1, "y")] }] })).toThrow(/sorted/);
    expect(() => buildIdleChat(sim, { clients: [{ name: "a", script: [] }, { name: "a", script: [] }] })).toThrow(/distinct/);
  });
});
