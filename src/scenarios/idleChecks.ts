/** The idle chat's own checks (see customChecks.ts): who is disconnected for idling, who is told, pseudonyms asked again. */
import { idleChat } from "../nodes/index.js";
import { formatTime, ms, type Micros } from "../sim/index.js";
import type { ClientView, CustomVerdict, Judged } from "./scenario.js";

const textOf = (e: ClientView["entries"][number]): string => (e as unknown as { text: string }).text;
const lines = (c: ClientView): string[] => c.entries.filter((e) => e.kind === "line").map(textOf);

/** `idler` is disconnected within one check period after `maxIdle` of silence, and told why. */
export function idleUserKicked(run: Judged, idler: string, maxIdle: Micros, period: Micros): CustomVerdict {
  const cy = run.clients.find((c) => c.name === idler);
  if (cy === undefined) return { status: "violated", detail: `there is no user called ${idler}` };
  const closed = cy.entries.find((e) => e.kind === "closed");
  if (closed === undefined || !lines(cy).includes(idleChat.KICKED)) return { status: "violated", detail: `${idler} was never disconnected` };
  // Idle from the last line; the updater looks every period, so the user goes within one period after maxIdle.
  const last = Math.max(...cy.entries.filter((e) => e.kind === "typed").map((e) => e.t));
  const from = last + maxIdle;
  const to = from + period + ms(1);
  return closed.t >= from && closed.t <= to
    ? { status: "holds", detail: `${idler}, silent since ${formatTime(last)}, was told "${idleChat.KICKED}" and disconnected at ${formatTime(closed.t)}, within one check period after the maximum idle time` }
    : { status: "violated", detail: `${idler} was disconnected at ${formatTime(closed.t)}, outside ${formatTime(from)}..${formatTime(to)} (silent since ${formatTime(last)})` };
}

/** Every other user is told that `idler` left for idling. */
export function othersTold(run: Judged, idler: string): CustomVerdict {
  const others = run.clients.filter((c) => c.name !== idler);
  const untold = others.filter((c) => !lines(c).includes(idleChat.idleLine(idler)));
  if (others.length === 0) return { status: "vacuous", detail: `nobody but ${idler} to be told` };
  return untold.length === 0
    ? { status: "holds", detail: `${others.map((c) => c.name).join(" and ")} were told ${idler} left` }
    : { status: "violated", detail: `${untold.map((c) => c.name).join(", ")} never told`, evidence: untold.map((c) => `${c.name}'s screen lacks "${idleChat.idleLine(idler)}"`) };
}

/** Nobody but `idler` is disconnected. */
export function activeUsersKept(run: Judged, idler: string): CustomVerdict {
  const kicked = run.clients.filter((c) => c.name !== idler && lines(c).includes(idleChat.KICKED));
  if (!run.clients.some((c) => c.name !== idler)) return { status: "vacuous", detail: `nobody but ${idler} to keep` };
  return kicked.length === 0 ? { status: "holds", detail: "nobody who kept talking was disconnected" } : { status: "violated", detail: `${kicked.map((c) => c.name).join(", ")} disconnected while active` };
}

/** Each user's pseudonyms before their own name were refused with a reason and asked again, and each joined. */
export function refusedAndAskedAgain(run: Judged): CustomVerdict {
  const evidence: string[] = [];
  if (run.clients.length === 0) return { status: "vacuous", detail: "no user to judge" };
  for (const c of run.clients) {
    const typed = c.entries.filter((e) => e.kind === "typed").map(textOf);
    const accepted = typed.indexOf(c.name);
    const refusals = lines(c).filter((l) => l.endsWith("Choose a pseudo:") && l !== idleChat.WELCOME).length;
    if (accepted < 0 || refusals !== accepted) evidence.push(`${c.name}: ${accepted} refused attempts typed, ${refusals} refusals shown`);
    if (!lines(c).includes(`[JOIN] ${c.name} joined the chat`)) evidence.push(`${c.name} never joined`);
  }
  return evidence.length === 0 ? { status: "holds", detail: "every bad pseudonym was refused with a reason and asked again; both joined" } : { status: "violated", detail: "a pseudonym was mishandled", evidence };
}
