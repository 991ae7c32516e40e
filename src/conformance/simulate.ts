/**
 * A case in chatty-sim: the same nodes and steps as on BEAM, with the handout variants of
 * `src/nodes`, step `i` at `i × GAP_MS` of virtual time on the same-machine network
 * profile. Shell commands (`server:start()`, `myserver ! disconnect`, …) run in a short
 * "shell" process on their node, as they do on BEAM, so that sends have a sender and
 * bare names resolve (or raise badarg) on that node.
 */
import { client, formatEntry, MYSERVER, screenOf, server, server2, type ClientAction } from "../nodes/index.js";
import { type Body, ErlangError, ms, Name, type Pid, type Proc, PROFILES, Simulation } from "../sim/index.js";
import { type Case, clientsOf, fullName, GAP_MS, nodesOf, type Step } from "./cases.js";
import { normaliseLines, type Outcome } from "./outcome.js";

/** The seed of every chatty-sim run of a case (the outcome must not depend on it). */
export const CONFORMANCE_SEED = 9;

/** What the shell prints when a command raises badarg (the first line of the Erlang shell's report). */
export const BADARG_LINE = "** exception error: bad argument";

/** Runs `c` in chatty-sim and returns its normalised outcome. */
export function simulateCase(c: Case, seed: number = CONFORMANCE_SEED): Outcome {
  const sim = new Simulation({ seed, trace: "off", network: { default: PROFILES.sameMachine } });
  for (const n of nodesOf(c)) sim.addNode({ name: fullName(n) });

  // Every server pid started on each node, in order, so that `send-old` can find the one
  // of an earlier incarnation (as the BEAM controller remembers it at `kill`).
  const started = new Map<string, Pid[]>();
  const remember = (node: string, pid: Pid): void => void started.set(node, [...(started.get(node) ?? []), pid]);

  const screens = new Map<string, ReturnType<typeof client.program>["screen"]>();
  const actions = actionsByClient(c);
  c.steps.forEach((s, i) => {
    const t = ms(i * GAP_MS);
    const shell = (node: string, label: string, body: Body): void => sim.at(t, { op: "spawn", node: fullName(node), body, label });
    switch (s.do) {
      case "server":
        return shell(s.node, "shell", function* (p: Proc) {
          remember(s.node, server.start(p, "handout"));
          return "true";
        });
      case "server2": {
        const opts = s.boot === undefined ? { variant: "handout" as const } : { boot: new Name(MYSERVER, fullName(s.boot)), variant: "handout" as const };
        return shell(s.node, "shell", function* (p: Proc) {
          remember(s.node, server2.start(p, opts));
          return "true";
        });
      }
      case "client": {
        const prog = client.program(fullName(s.node), { name: s.name, server: new Name(MYSERVER, fullName(s.server)), actions: actions.get(s.name) ?? [] }, "handout");
        screens.set(s.name, prog.screen);
        return shell(s.node, `client:${s.name}`, prog.body);
      }
      case "type":
      case "leave":
        return; // in the client's script (actionsByClient)
      case "shell-send":
        return shell(s.node, "shell", shellSend(s.to, s.msg.sim));
      case "kill":
        return sim.at(t, { op: "crash", node: fullName(s.node) });
      case "restart":
        return sim.at(t, { op: "restart", node: fullName(s.node) });
      case "send-old":
        return shell(s.from, "shell", function* (p: Proc) {
          const pids = started.get(s.target) ?? [];
          const current = pids[pids.length - 1];
          // The latest server of an incarnation before the current one.
          const old = [...pids].reverse().find((q) => current === undefined || q.creation !== current.creation);
          if (old !== undefined) p.send(old, s.msg.sim);
          return "ok";
        });
    }
  });

  sim.run({ until: ms((c.steps.length + 5) * GAP_MS) });

  const nodes: Record<string, string[]> = {};
  for (const n of nodesOf(c)) nodes[fullName(n)] = normaliseLines(sim.printed(fullName(n)).map((l) => l.text));
  const out: Record<string, string[]> = {};
  for (const name of clientsOf(c).keys()) {
    const screen = screenOf(sim.trace, screens.get(name)!);
    const lines: string[] = [];
    for (const e of screen.entries) {
      if (e.kind === "typed") continue; // what the user typed is not what the client received
      lines.push(e.kind === "exit" ? "(exit)" : formatEntry(e, screen.node) ?? "");
    }
    out[name] = normaliseLines(lines);
  }
  return { nodes, screens: out };
}

/** Each client's scripted lines: its `type` and `leave` steps at their step times. */
function actionsByClient(c: Case): Map<string, ClientAction[]> {
  const out = new Map<string, ClientAction[]>();
  c.steps.forEach((s: Step, i) => {
    if (s.do !== "type" && s.do !== "leave") return;
    const a: ClientAction = s.do === "type" ? { at: ms(i * GAP_MS), do: "send", text: s.text } : { at: ms(i * GAP_MS), do: "leave" };
    out.set(s.name, [...(out.get(s.name) ?? []), a]);
  });
  return out;
}

/** `To ! Msg` typed at a prompt: a bare name that is not registered raises badarg, which the shell prints. */
function shellSend(to: string, m: unknown): Body {
  return function* shell(p: Proc) {
    try {
      p.send(to, m);
    } catch (e) {
      if (!(e instanceof ErlangError) || e.reason !== "badarg") throw e;
      p.log(BADARG_LINE);
    }
    return "ok";
  };
}
