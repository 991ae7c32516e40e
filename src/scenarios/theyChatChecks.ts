/** TheyChat's own checks (see customChecks.ts): recovery without joining again, dead clients dropped, topics apart. */
import { ms } from "../sim/index.js";
import type { CustomVerdict, Judged } from "./scenario.js";

/** Each client asked to join each topic once: the recovery needed nobody to join again. */
export function noRejoin(run: Judged): CustomVerdict {
  const bad: string[] = [];
  for (const c of run.clients) {
    const pids = new Set(c.pids.map((p) => p.key()));
    const joins = run.trace.records.filter((r) => r.k === "send" && r.from !== null && pids.has(r.from.key()) && typeof r.msg === "object" && r.msg !== null && (r.msg as { tag?: unknown }).tag === "client_join_req");
    const topics = new Set(c.entries.filter((e) => e.kind === "typed" || e.kind === "join").map((e) => (e as { topic?: string }).topic));
    if (joins.length > topics.size) bad.push(`${c.name} sent ${joins.length} join requests`);
  }
  if (run.clients.length === 0) return { status: "vacuous", detail: "no client to judge" };
  return bad.length === 0 ? { status: "holds", detail: "no client had to join again" } : { status: "violated", detail: `${bad.length} clients joined again`, evidence: bad };
}

/** No message reaches a dead client's pid after its exit (the server noticed and removed it). */
export function deadClientRemoved(run: Judged): CustomVerdict {
  const rec = run.trace.records;
  const evidence: string[] = [];
  let dead = 0;
  for (const c of run.clients) {
    for (const pid of c.pids) {
      const e = rec.find((r) => r.k === "exit" && r.pid.key() === pid.key());
      if (e === undefined) continue;
      dead++;
      // Allow what was already on its way: sends made later than one round trip after the exit count.
      const late = rec.filter((r) => r.k === "send" && r.to !== null && typeof r.to === "object" && "key" in r.to && r.to.key() === pid.key() && r.t > e.t + ms(50));
      if (late.length > 0) evidence.push(`${late.length} messages were sent to ${c.name}'s dead process after ${e.t + ms(50)}µs`);
    }
  }
  if (dead === 0) return { status: "vacuous", detail: "no client process died" };
  return evidence.length === 0 ? { status: "holds", detail: "nothing was sent to a dead client after it was noticed" } : { status: "violated", detail: "a dead client was kept", evidence };
}

/** No client shows a line of a topic it never joined. */
export function topicsIsolated(run: Judged): CustomVerdict {
  const evidence: string[] = [];
  let shown = 0;
  for (const c of run.clients) {
    const joined = new Set(c.entries.filter((e) => e.kind === "typed" || e.kind === "join").map((e) => (e as { topic?: string }).topic));
    for (const e of c.entries) {
      const topic = (e as { topic?: string }).topic;
      if (e.kind !== "message" || topic === undefined) continue;
      shown++;
      if (!joined.has(topic)) evidence.push(`${c.name} showed a line of ${topic}, which it never joined`);
    }
  }
  if (shown === 0) return { status: "vacuous", detail: "no client showed a line of any topic" };
  return evidence.length === 0 ? { status: "holds", detail: "every client saw only its own topics" } : { status: "violated", detail: "lines crossed topics", evidence };
}
