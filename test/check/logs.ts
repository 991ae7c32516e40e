/** Builds chat logs by hand, for checker tests that need no simulation. */
import type { ChatLog, Line, Receipt } from "../../src/check/index.js";

/** A line: `sender:text@sentAt`, with the texts of the lines that happen-before it. */
export interface LineSpec {
  readonly sender: string;
  readonly text: string;
  readonly at: number;
  readonly after?: readonly string[];
}

/** A log where each client showed the given texts, in order, at times 100, 200, … after issue. */
export function mkLog(specs: readonly LineSpec[], screens: Record<string, readonly string[]>, extra: Partial<ChatLog> = {}): ChatLog {
  const seq = new Map<string, number>();
  const lines: Line[] = specs.map((s, index) => {
    const n = seq.get(s.sender) ?? 0;
    seq.set(s.sender, n + 1);
    const past = (s.after ?? []).map((t) => specs.findIndex((x) => x.text === t)).sort((a, b) => a - b);
    return { sender: s.sender, text: s.text, index, client: s.sender, sentAt: s.at, senderSeq: n, past };
  });
  const idx = (t: string): number => {
    const i = lines.findIndex((l) => l.text === t);
    if (i < 0) throw new Error(`no line ${t}`);
    return i;
  };
  const receipts = new Map<string, Receipt[]>();
  for (const [c, texts] of Object.entries(screens)) {
    receipts.set(c, texts.map((t, k) => ({ line: idx(t), t: lines[idx(t)]!.sentAt + 100 * (k + 1), hops: 2, networkHops: 2 })));
  }
  return {
    lines,
    clients: Object.keys(screens),
    receipts,
    messages: 0,
    carriers: lines.map(() => 0),
    strays: 0,
    drops: [],
    exits: new Map(),
    joinRequestedAt: new Map(Object.keys(screens).map((c) => [c, 0])),
    joinedAt: new Map(Object.keys(screens).map((c) => [c, 0])),
    leftAt: new Map(),
    taken: { lines: lines.map(() => null), join: new Map(), leave: new Map() },
    ...extra,
  };
}
