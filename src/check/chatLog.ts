/**
 * The chat log: the chat lines of a run and who saw which, read from the trace alone.
 * Checkers judge this log, so they know nothing of the kernel or of any one protocol: a
 * `LineCodec` says which messages issue, carry and show a chat line.
 *
 * Chat lines are identified by sender and text; scenarios give every line a distinct text.
 *
 * Happens-before (Lamport's relation) is computed here too: each process carries the set of
 * chat lines in its causal past; a message takes its sender's set along, and the receiver
 * merges it when it takes the message out of its mailbox. A line's `past` is what its
 * issuer knew when it issued it, so "B's reply was issued after B saw A's line" is
 * `A ∈ past(reply)`.
 */
import { Name, type DropReason, type Micros, type Pid, type TraceRecord } from "../sim/index.js";

/** A chat line as the protocol writes it. */
export interface LineId {
  readonly sender: string;
  readonly text: string;
}

/** Which messages issue, carry and show a chat line, for one protocol. */
export interface LineCodec {
  /** The message a client sends to issue a line (the handout's `{send, Name, Text}`). */
  issued(msg: unknown): LineId | null;
  /** The message that, taken by a client, shows a line on its screen (`{message, Name, Text}`). */
  shown(msg: unknown): LineId | null;
  /** Any message that carries a line on its way, for hop counts. */
  carried(msg: unknown): LineId | null;
  /** The name in a join notice a client shows (`{join, Name}`): a client is in once it sees its own. */
  joinShown(msg: unknown): string | null;
  /** Whether a client's message asks to join (`{client_join_req, Name, From}`). */
  joining(msg: unknown): boolean;
  /** Whether a client's message asks to leave (`{client_leave_req, Name, From}`). */
  leaving(msg: unknown): boolean;
}

/** A client, by the name it chats under and the processes that act for it. */
export interface ChatClient {
  readonly name: string;
  readonly pids: readonly Pid[];
}

/** A chat line issued in the run. */
export interface Line extends LineId {
  /** Its position in `ChatLog.lines` (issue order: trace order). */
  readonly index: number;
  /** The client that issued it. */
  readonly client: string;
  /** Virtual time of the issuing send. */
  readonly sentAt: Micros;
  /** 0 for the sender's first line, 1 for its second… */
  readonly senderSeq: number;
  /** Indexes of the lines that happen-before this one, ascending. */
  readonly past: readonly number[];
}

/** A line shown on a client's screen. */
export interface Receipt {
  readonly line: number;
  /** Virtual time it was taken out of the mailbox. */
  readonly t: Micros;
  /** Messages on the path from the issuing send to this one, inclusive. */
  readonly hops: number;
  /** Of those, messages that crossed between nodes. */
  readonly networkHops: number;
}

/** A message carrying a line that never reached a mailbox. */
export interface LineDrop {
  readonly line: number;
  /** Where it was going, for people: `<0.3.0> on server3@10.0.0.3` or `{myserver,'server@h'}`. */
  readonly to: string;
  /** The client it was going to, if it was going to one. */
  readonly client: string | null;
  readonly reason: DropReason;
  readonly t: Micros;
}

/** A client process's end. */
export interface ClientExit {
  readonly t: Micros;
  readonly reason: unknown;
}

/** What the checkers judge. */
export interface ChatLog {
  readonly lines: readonly Line[];
  /** Client names, in the order given. */
  readonly clients: readonly string[];
  /** Per client, the lines it showed, in the order it showed them. */
  readonly receipts: ReadonlyMap<string, readonly Receipt[]>;
  /** Messages (not signals) sent in the run. */
  readonly messages: number;
  /** Per line, how many messages carried it. */
  readonly carriers: readonly number[];
  /** Shown lines that no client issued (injected, or garbage relayed). */
  readonly strays: number;
  /** Messages carrying a line that were dropped, in trace order. */
  readonly drops: readonly LineDrop[];
  /** Per client, the first exit of any of its processes. */
  readonly exits: ReadonlyMap<string, ClientExit>;
  /** Per client, when it first asked to join. */
  readonly joinRequestedAt: ReadonlyMap<string, Micros>;
  /** Per client, when it first showed its own join notice: from then on it is in the chat. */
  readonly joinedAt: ReadonlyMap<string, Micros>;
  /** Per client, when it asked to leave, or its first exit, whichever came first. */
  readonly leftAt: ReadonlyMap<string, Micros>;
  /**
   * Where requests were taken, as positions in the trace (a total order of everything that
   * happened): per line, when the process it was issued to took it out of its mailbox (null
   * if it never did); per client, when its join and leave requests were taken.
   */
  readonly taken: {
    readonly lines: readonly (number | null)[];
    readonly join: ReadonlyMap<string, number>;
    readonly leave: ReadonlyMap<string, number>;
  };
}

const tagged = (m: unknown, tag: string): Record<string, unknown> | null => {
  if (typeof m !== "object" || m === null) return null;
  const o = m as Record<string, unknown>;
  return o["tag"] === tag && typeof o["name"] === "string" && typeof o["text"] === "string" ? o : null;
};

const lineOf = (m: unknown, tag: string): LineId | null => {
  const o = tagged(m, tag);
  return o === null ? null : { sender: o["name"] as string, text: o["text"] as string };
};

/** The handout's protocol (`server`, `server2`, client): `{send, N, T}` issues, `{message, N, T}` shows. */
/** A protocol with no chat lines in it (free text over telnet, as the idle chat's): the log follows joins and exits only. */
export const NO_LINES: LineCodec = { issued: () => null, shown: () => null, carried: () => null, joinShown: () => null, joining: () => false, leaving: () => false };

export const HANDOUT_CODEC: LineCodec = {
  issued: (m) => lineOf(m, "send"),
  shown: (m) => lineOf(m, "message"),
  carried: (m) => lineOf(m, "send") ?? lineOf(m, "message"),
  joinShown: (m) => {
    const o = m as { tag?: unknown; name?: unknown } | null;
    return typeof m === "object" && o !== null && o.tag === "join" && typeof o.name === "string" ? o.name : null;
  },
  joining: (m) => typeof m === "object" && m !== null && (m as { tag?: unknown }).tag === "client_join_req",
  leaving: (m) => typeof m === "object" && m !== null && (m as { tag?: unknown }).tag === "client_leave_req",
};

const where = (a: Pid | Name): string => (a instanceof Name ? a.toString() : `${a.format()} on ${a.node}`);

const keyOf = (l: LineId): string => `${l.sender}\u0000${l.text}`;

/** A process's causal past, shared with the messages it sent until it changes (copy on write). */
interface Past {
  set: Set<number>;
  shared: boolean;
}

/** Reads the chat log out of a full trace. */
export function chatLog(records: readonly TraceRecord[], clients: readonly ChatClient[], codec: LineCodec = HANDOUT_CODEC): ChatLog {
  const clientOf = new Map<string, string>();
  for (const c of clients) for (const p of c.pids) clientOf.set(p.key(), c.name);

  const lines: Line[] = [];
  const byKey = new Map<string, number>();
  const seqOf = new Map<string, number>();
  const carriers: number[] = [];
  const receipts = new Map<string, Receipt[]>(clients.map((c) => [c.name, []]));
  const pasts = new Map<string, Past>();
  const sent = new Map<number, { msg: unknown; to: string; client: string | null; past: Set<number>; hops: number; net: number }>();
  const drops: LineDrop[] = [];
  const exits = new Map<string, ClientExit>();
  const joinedAt = new Map<string, Micros>();
  const joinRequestedAt = new Map<string, Micros>();
  // Trace ids of the messages whose taking we want: issuing sends, join and leave requests.
  const issueIds = new Map<number, number>();
  const joinIds = new Map<number, string>();
  const leaveIds = new Map<number, string>();
  const takenLines: (number | null)[] = [];
  const takenJoin = new Map<string, number>();
  const takenLeave = new Map<string, number>();
  let position = -1;
  const leftAt = new Map<string, Micros>();
  // Per process, per line key: the hops of the last message it took that carried the line.
  const hopsAt = new Map<string, Map<string, { hops: number; net: number }>>();
  let messages = 0;
  let strays = 0;

  const pastOf = (pid: string): Past => {
    let p = pasts.get(pid);
    if (p === undefined) {
      p = { set: new Set(), shared: false };
      pasts.set(pid, p);
    }
    return p;
  };
  const own = (p: Past): Set<number> => {
    if (p.shared) {
      p.set = new Set(p.set);
      p.shared = false;
    }
    return p.set;
  };

  for (const r of records) {
    position++;
    if (r.k === "send") {
      messages++;
      if (r.from === null) continue;
      const from = r.from.key();
      const past = pastOf(from);
      const carried = codec.carried(r.msg);
      const client = clientOf.get(from);
      const issued = client === undefined ? null : codec.issued(r.msg);
      if (client !== undefined && codec.leaving(r.msg)) {
        if (!leftAt.has(client)) leftAt.set(client, r.t);
        if (!takenLeave.has(client)) leaveIds.set(r.id, client);
      }
      if (client !== undefined && codec.joining(r.msg)) {
        if (!joinRequestedAt.has(client)) joinRequestedAt.set(client, r.t);
        if (!takenJoin.has(client)) joinIds.set(r.id, client);
      }
      if (issued !== null && client !== undefined) {
        const seq = seqOf.get(issued.sender) ?? 0;
        seqOf.set(issued.sender, seq + 1);
        const index = lines.length;
        lines.push({ ...issued, index, client, sentAt: r.t, senderSeq: seq, past: [...past.set].sort((a, b) => a - b) });
        byKey.set(keyOf(issued), index);
        carriers.push(0);
        takenLines.push(null);
        issueIds.set(r.id, index);
        own(past).add(index);
      }
      let hops = 0;
      let net = 0;
      if (carried !== null) {
        const k = keyOf(carried);
        const idx = byKey.get(k);
        if (idx !== undefined) carriers[idx]!++;
        const before = hopsAt.get(from)?.get(k);
        hops = (before?.hops ?? 0) + 1;
        net = (before?.net ?? 0) + (r.to.node === r.from.node ? 0 : 1);
      }
      past.shared = true;
      const to = r.to.key();
      sent.set(r.id, { msg: r.msg, to: where(r.to), client: clientOf.get(to) ?? null, past: past.set, hops, net });
    } else if (r.k === "signal") {
      if (r.from !== null) {
        const past = pastOf(r.from.key());
        past.shared = true;
        sent.set(r.id, { msg: null, to: where(r.to), client: null, past: past.set, hops: 0, net: 0 });
      }
    } else if (r.k === "drop") {
      const s = sent.get(r.id);
      const carried = s === undefined || s.msg === null ? null : codec.carried(s.msg);
      const idx = carried === null ? undefined : byKey.get(keyOf(carried));
      if (s !== undefined && idx !== undefined) drops.push({ line: idx, to: s.to, client: s.client, reason: r.reason, t: r.t });
    } else if (r.k === "exit") {
      const client = clientOf.get(r.pid.key());
      if (client !== undefined && !exits.has(client)) exits.set(client, { t: r.t, reason: r.reason });
      if (client !== undefined && !leftAt.has(client)) leftAt.set(client, r.t);
    } else if (r.k === "receive") {
      const line = issueIds.get(r.id);
      if (line !== undefined && takenLines[line] === null) takenLines[line] = position;
      const joiner = joinIds.get(r.id);
      if (joiner !== undefined && !takenJoin.has(joiner)) takenJoin.set(joiner, position);
      const leaver = leaveIds.get(r.id);
      if (leaver !== undefined && !takenLeave.has(leaver)) takenLeave.set(leaver, position);
      const s = sent.get(r.id);
      if (s === undefined) continue; // injected from outside the system: no causal past
      const to = r.pid.key();
      const past = pastOf(to);
      if (past.set.size === 0) {
        past.set = s.past; // adopt, shared: nothing to merge
        past.shared = true;
      } else if (s.past !== past.set) {
        let mine: Set<number> | null = null;
        for (const i of s.past) {
          if (!past.set.has(i)) {
            mine ??= own(past);
            mine.add(i);
          }
        }
      }
      const carried = s.msg === null ? null : codec.carried(s.msg);
      if (carried !== null) {
        let m = hopsAt.get(to);
        if (m === undefined) hopsAt.set(to, (m = new Map()));
        m.set(keyOf(carried), { hops: s.hops, net: s.net });
      }
      const client = clientOf.get(to);
      if (client !== undefined && s.msg !== null && !joinedAt.has(client) && codec.joinShown(s.msg) === client) joinedAt.set(client, r.t);
      const shown = client === undefined || s.msg === null ? null : codec.shown(s.msg);
      if (shown !== null && client !== undefined) {
        const idx = byKey.get(keyOf(shown));
        if (idx === undefined) strays++;
        else receipts.get(client)!.push({ line: idx, t: r.t, hops: s.hops, networkHops: s.net });
      }
    }
  }
  return { lines, clients: clients.map((c) => c.name), receipts, messages, carriers, strays, drops, exits, joinRequestedAt, joinedAt, leftAt, taken: { lines: takenLines, join: takenJoin, leave: takenLeave } };
}
