/**
 * The idle-timeout chat of the Elixir report: telnet users choose a pseudonym (refused and
 * asked again when empty, too long, badly formed or taken), chat through one main process,
 * and are disconnected when idle for longer than the maximum, the others being told.
 */
import { buildIdleChat, type IdleChatConfig } from "./idleSystem.js";
import { idleChat, observedTerminal } from "../nodes/index.js";
import { ms, sec, Simulation, type Micros } from "../sim/index.js";
import { linkFor, type Profile } from "./chat.js";
import { customCheck } from "./customChecks.js";
import { NETWORK_PARAMS, get, type ParamSpec } from "./params.js";
import { terminalView, type BuildContext, type Built, type CheckSpec, type ClientView, type Scenario, type TraceView } from "./scenario.js";

type Step = idleChat.TelnetStep;
const line = (at: Micros, text: string): Step => ({ at, op: "line", text });


const PARAMS: readonly ParamSpec[] = [
  ...NETWORK_PARAMS,
  { kind: "duration", name: "maxIdle", doc: "idle time after which a user is disconnected", default: sec(5) },
  { kind: "duration", name: "checkPeriod", doc: "how often the idle updater looks", default: sec(1) },
  { kind: "int", name: "maxPseudoLength", doc: "longest pseudonym accepted", default: 8, min: 1, max: 100 },
];

/** A telnet session as a terminal view (a closed connection is the JSON output's `exit`). */
function view(s: idleChat.Screen): ClientView {
  return terminalView(s, (e) => idleChat.formatEntry(e, s.node), (e) => (e.kind === "closed" ? { at: e.t, event: "exit" } : undefined));
}

/** An idle-chat world as data: the chat's settings, the telnet users' scripts and the checks. */
export interface IdleWorld {
  readonly system: "idle";
  readonly profile: Profile;
  readonly maxIdle: Micros;
  readonly checkPeriod: Micros;
  readonly maxPseudoLength: number;
  readonly clients: IdleChatConfig["clients"];
  readonly until: Micros;
  readonly checks: readonly CheckSpec[];
}

/** Builds an idle-chat world into a simulation. */
export function buildIdleWorld(w: IdleWorld, ctx: BuildContext): Built {
  const sim = new Simulation({ seed: ctx.seed, trace: ctx.trace, network: { default: linkFor(w.profile, ctx) } });
  const sys = buildIdleChat(sim, { maxIdle: w.maxIdle, checkPeriod: w.checkPeriod, maxPseudoLength: w.maxPseudoLength, clients: w.clients });
  const read = { clients: (t: TraceView) => sys.clients.map((c) => view(observedTerminal<idleChat.ScreenEvent>(t, c))) };
  return { sim, until: w.until, clients: read.clients(sim.trace), read, codec: null, checks: w.checks };
}

/** An idle-chat scenario given by its world. */
function idleScenario(s: Omit<Scenario, "build" | "world"> & { readonly world: (ctx: BuildContext) => IdleWorld }): Scenario {
  return { ...s, build: (ctx) => buildIdleWorld(s.world(ctx), ctx) };
}

/** The world of these clients with the chat's settings from the parameters. */
function world(ctx: BuildContext, clients: IdleWorld["clients"], until: Micros, checks: (w: { maxIdle: Micros; checkPeriod: Micros }) => readonly CheckSpec[]): IdleWorld {
  const settings = { maxIdle: get.int(ctx.params, "maxIdle"), checkPeriod: get.int(ctx.params, "checkPeriod") };
  return { system: "idle", profile: "sameMachine", ...settings, maxPseudoLength: get.int(ctx.params, "maxPseudoLength"), clients, until, checks: checks(settings) };
}

export const idleTimeout: Scenario = idleScenario({
  name: "idle-timeout",
  group: "idle",
  title: "idle chat: a silent user is disconnected and the others are told",
  about:
    "Ann and Bob talk every two seconds; Cy says hello and then nothing. With a maximum idle time of 5 s checked every second, Cy is disconnected between 5 and 6 s after his last line, sees a goodbye and the connection closing, and Ann and Bob are told; they stay.",
  params: PARAMS,
  world: (ctx) => {
    const talk = (name: string, off: number): Step[] => [line(ms(100 + off), name), ...Array.from({ length: 6 }, (_, k) => line(sec(1 + 2 * k) + ms(off), `${name} says ${k + 1}`))];
    return world(
      ctx,
      [
        { name: "Ann", script: talk("Ann", 0) },
        { name: "Bob", script: talk("Bob", 7) },
        { name: "Cy", script: [line(ms(120), "Cy"), line(ms(500), "hello from Cy")] },
      ],
      sec(15),
      (w) => [customCheck({ kind: "idle-user-kicked", client: "Cy", ...w }), customCheck({ kind: "others-told", client: "Cy" }), customCheck({ kind: "active-users-kept", client: "Cy" })],
    );
  },
});

export const pseudonymValidation: Scenario = idleScenario({
  name: "pseudonym-validation",
  group: "idle",
  title: "idle chat: invalid or taken pseudonyms are refused and asked again",
  about:
    "Ann tries an empty pseudonym, one too long, one with a space and one with punctuation before `Ann`; Bob then tries `Ann`, which is taken, and then `Bob`. Each refusal says why and asks again; both end up in the chat.",
  params: PARAMS,
  world: (ctx) =>
    world(
      ctx,
      [
        { name: "Ann", script: [line(ms(10), ""), line(ms(20), "averyveryverylongname"), line(ms(30), "Ann Lee"), line(ms(40), "ann!"), line(ms(50), "Ann"), line(ms(600), "hi, Ann here")] },
        { name: "Bob", connectAt: ms(300), script: [line(ms(400), "Ann"), line(ms(450), "Bob"), line(ms(700), "hi, Bob here")] },
      ],
      sec(3),
      () => [customCheck({ kind: "refused-and-asked-again" })],
    ),
});

/** The idle-chat scenarios. */
export const IDLE: readonly Scenario[] = [idleTimeout, pseudonymValidation];
