/**
 * Agreement on one total order: there is a single order of all lines that every client's
 * screen follows (each client may miss lines). Two clients that show two lines in opposite
 * orders break it; so can three or more clients whose orders only clash around a cycle,
 * which is why the pairwise scan is followed by a cycle search over the union of the
 * screens' orders.
 */
import type { ChatLog } from "./chatLog.js";
import { verdict, type Evidence, type Verdict } from "./verdict.js";

/** Judges agreement on one total order among all clients. */
export function totalOrder(log: ChatLog): Verdict {
  const violations: Evidence[] = [];
  const orders = log.clients.map((c) => ({ c, seq: firstShown(log, c) }));
  const pos = orders.map(({ seq }) => new Map(seq.map((l, i) => [l, i])));
  let judged = 0;
  for (let x = 0; x < orders.length; x++) {
    for (let y = x + 1; y < orders.length; y++) {
      // X's order restricted to the lines Y also shows must be increasing in Y's positions.
      let prevLine = -1;
      let prevPos = -1;
      for (const l of orders[x]!.seq) {
        const p = pos[y]!.get(l);
        if (p === undefined) continue;
        judged++;
        if (p < prevPos) {
          const a = log.lines[prevLine]!;
          const b = log.lines[l]!;
          violations.push({
            text: `${orders[x]!.c} showed [${a.sender}] "${a.text}" before [${b.sender}] "${b.text}"; ${orders[y]!.c} showed them the other way round`,
            receiver: orders[x]!.c,
            lines: [a.index, b.index],
          });
        } else {
          prevLine = l;
          prevPos = p;
        }
      }
    }
  }
  if (violations.length === 0) {
    const cycle = findCycle(log.lines.length, orders.map((o) => o.seq));
    if (cycle !== null) {
      violations.push({
        text: `no order fits every screen: the screens together order ${cycle.map((l) => `"${log.lines[l]!.text}"`).join(" < ")} < "${log.lines[cycle[0]!]!.text}"`,
        lines: cycle,
      });
    }
  }
  return verdict("total-order", judged, violations, "one common order among all clients");
}

/** Each client's screen as line indexes, first showing only (duplicates are judged elsewhere). */
function firstShown(log: ChatLog, client: string): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  for (const r of log.receipts.get(client) ?? []) {
    if (!seen.has(r.line)) {
      seen.add(r.line);
      out.push(r.line);
    }
  }
  return out;
}

/** A cycle in the graph whose edges are consecutive pairs of each sequence, or null. */
export function findCycle(n: number, seqs: readonly (readonly number[])[]): number[] | null {
  const next: number[][] = Array.from({ length: n }, () => []);
  for (const s of seqs) for (let i = 1; i < s.length; i++) next[s[i - 1]!]!.push(s[i]!);
  const state = new Uint8Array(n); // 0 new, 1 on stack, 2 done
  const parent = new Int32Array(n).fill(-1);
  for (let root = 0; root < n; root++) {
    if (state[root] !== 0) continue;
    // Iterative DFS: a stack of (node, next edge to try).
    const stack: [number, number][] = [[root, 0]];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const [v, i] = top;
      if (i < next[v]!.length) {
        top[1]++;
        const w = next[v]![i]!;
        if (state[w] === 1) {
          const cycle = [w];
          for (let u = v; u !== w; u = parent[u]!) cycle.push(u);
          cycle.reverse();
          // Start at w, then the path from w down to v.
          return [cycle[cycle.length - 1]!, ...cycle.slice(0, -1)];
        }
        if (state[w] === 0) {
          state[w] = 1;
          parent[w] = v;
          stack.push([w, 0]);
        }
      } else {
        state[v] = 2;
        stack.pop();
      }
    }
  }
  return null;
}
