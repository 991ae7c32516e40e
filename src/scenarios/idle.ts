/**
 * The idle-timeout chat of the Elixir report: telnet users choose a pseudonym (refused and
 * asked again when empty, too long, badly formed or taken), chat through one main process,
 * and are disconnected when idle for longer than the maximum, the others being told.
 */
import type { LineCodec } from "../check/index.js";
import { idleChat } from "../nodes/index.js";
import { formatTime, ms, sec, Simulation, type Micros } from "../sim/index.js";
import { linkFor } from "./chat.js";
import { COMMON_PARAMS, get, type ParamSpec } from "./params.js";
import { terminalView, type BuildContext, type Built, type CheckSpec, type ClientView, type CustomVerdict, type Judged, type Scenario } from "./scenario.js";

type Step = idleChat.TelnetStep;
const line = (at: Micros, text: string): Step => ({ at, op: "line", text });

/** The idle chat's lines are free text; no message issues or shows a handout chat line. */
const NO_LINES: LineCodec = { issued: () => null, shown: () => null, carried: () => null, joinShown: () => null, joining: () => false, leaving: () => false };

const PARAMS: readonly ParamSpec[] = [
  ...COMMON_PARAMS.filter((p) => p.name !== "variant"),
  { kind: "duration", name: "maxIdle", doc: "idle time after which a user is disconnected", default: sec(5) },
  { kind: "duration", name: "checkPeriod", doc: "how often the idle updater looks", default: sec(1) },
  { kind: "int", name: "maxPseudoLength", doc: "longest pseudonym accepted", default: 8, min: 1, max: 100 },
];

/** A telnet session as a terminal view (a closed connection is the JSON output's `exit`). */
function view(s: idleChat.Screen): ClientView {
  const v = terminalView(s, (e) => idleChat.formatEntry(e, s.node));
  return { ...v, json: (e) => (e.kind === "closed" ? { at: e.t, event: "exit" } : v.json(e)) };
}

const textOf = (e: ClientView["entries"][number]): string => (e as unknown as { text: string }).text;
const lines = (c: ClientView): string[] => c.entries.filter((e) => e.kind === "line").map(textOf);

function build(clients: idleChat.IdleChatConfig["clients"], until: Micros, checks: readonly CheckSpec[], ctx: BuildContext): Built {
  const sim = new Simulation({ seed: ctx.seed, trace: ctx.trace, network: { default: linkFor("sameMachine", ctx) } });
  const sys = idleChat.buildIdleChat(sim, {
    maxIdle: get.int(ctx.params, "maxIdle"),
    checkPeriod: get.int(ctx.params, "checkPeriod"),
    maxPseudoLength: get.int(ctx.params, "maxPseudoLength"),
    clients,
  });
  return { sim, until, clients: sys.clients.map((c) => view(c.screen)), codec: NO_LINES, checks };
}

function custom(name: string, judge: (run: Judged) => CustomVerdict): CheckSpec {
  return { kind: "custom", name, judge };
}

export const idleTimeout: Scenario = {
  name: "idle-timeout",
  group: "idle",
  title: "idle chat: a silent user is disconnected and the others are told",
  about:
    "Ann and Bob talk every two seconds; Cy says hello and then nothing. With a maximum idle time of 5 s checked every second, Cy is disconnected between 5 and 6 s after his last line, sees a goodbye and the connection closing, and Ann and Bob are told; they stay.",
  params: PARAMS,
  build: (ctx) => {
    const talk = (name: string, off: number): Step[] => [line(ms(100 + off), name), ...Array.from({ length: 6 }, (_, k) => line(sec(1 + 2 * k) + ms(off), `${name} says ${k + 1}`))];
    return build(
      [
        { name: "Ann", script: talk("Ann", 0) },
        { name: "Bob", script: talk("Bob", 7) },
        { name: "Cy", script: [line(ms(120), "Cy"), line(ms(500), "hello from Cy")] },
      ],
      sec(15),
      [
        custom("idle-user-kicked", (run) => {
          const cy = run.clients.find((c) => c.name === "Cy")!;
          const closed = cy.entries.find((e) => e.kind === "closed");
          if (closed === undefined || !lines(cy).includes(idleChat.KICKED)) return { holds: false, detail: "Cy was never disconnected" };
          // Idle from his last line; the updater looks every checkPeriod, so he goes within one period after maxIdle.
          const last = Math.max(...cy.entries.filter((e) => e.kind === "typed").map((e) => e.t));
          const maxIdle = get.int(ctx.params, "maxIdle");
          const period = get.int(ctx.params, "checkPeriod");
          const from = last + maxIdle;
          const to = from + period + ms(1);
          return closed.t >= from && closed.t <= to
            ? { holds: true, detail: `Cy, silent since ${formatTime(last)}, was told "${idleChat.KICKED}" and disconnected at ${formatTime(closed.t)}, within one check period after the maximum idle time` }
            : { holds: false, detail: `Cy was disconnected at ${formatTime(closed.t)}, outside ${formatTime(from)}..${formatTime(to)} (silent since ${formatTime(last)})` };
        }),
        custom("others-told", (run) => {
          const untold = run.clients.filter((c) => c.name !== "Cy" && !lines(c).includes(idleChat.idleLine("Cy")));
          return untold.length === 0 ? { holds: true, detail: "Ann and Bob were told Cy left" } : { holds: false, detail: `${untold.map((c) => c.name).join(", ")} never told`, evidence: untold.map((c) => `${c.name}'s screen lacks "${idleChat.idleLine("Cy")}"`) };
        }),
        custom("active-users-kept", (run) => {
          const kicked = run.clients.filter((c) => c.name !== "Cy" && lines(c).includes(idleChat.KICKED));
          return kicked.length === 0 ? { holds: true, detail: "nobody who kept talking was disconnected" } : { holds: false, detail: `${kicked.map((c) => c.name).join(", ")} disconnected while active` };
        }),
      ],
      ctx,
    );
  },
};

export const pseudonymValidation: Scenario = {
  name: "pseudonym-validation",
  group: "idle",
  title: "idle chat: invalid or taken pseudonyms are refused and asked again",
  about:
    "Ann tries an empty pseudonym, one too long, one with a space and one with punctuation before `Ann`; Bob then tries `Ann`, which is taken, and then `Bob`. Each refusal says why and asks again; both end up in the chat.",
  params: PARAMS,
  build: (ctx) =>
    build(
      [
        { name: "Ann", script: [line(ms(10), ""), line(ms(20), "averyveryverylongname"), line(ms(30), "Ann Lee"), line(ms(40), "ann!"), line(ms(50), "Ann"), line(ms(600), "hi, Ann here")] },
        { name: "Bob", connectAt: ms(300), script: [line(ms(400), "Ann"), line(ms(450), "Bob"), line(ms(700), "hi, Bob here")] },
      ],
      sec(3),
      [
        custom("refused-and-asked-again", (run) => {
          const evidence: string[] = [];
          for (const c of run.clients) {
            const typed = c.entries.filter((e) => e.kind === "typed").map(textOf);
            const accepted = typed.indexOf(c.name);
            const refusals = lines(c).filter((l) => l.endsWith("Choose a pseudo:") && l !== idleChat.WELCOME).length;
            if (accepted < 0 || refusals !== accepted) evidence.push(`${c.name}: ${accepted} refused attempts typed, ${refusals} refusals shown`);
            if (!lines(c).includes(`[JOIN] ${c.name} joined the chat`)) evidence.push(`${c.name} never joined`);
          }
          return evidence.length === 0 ? { holds: true, detail: "every bad pseudonym was refused with a reason and asked again; both joined" } : { holds: false, detail: "a pseudonym was mishandled", evidence };
        }),
      ],
      ctx,
    ),
};

/** The idle-chat scenarios. */
export const IDLE: readonly Scenario[] = [idleTimeout, pseudonymValidation];
