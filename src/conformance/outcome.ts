/**
 * What one run of a case shows, in either world: each node's printed lines and each
 * client's screen, normalised so the two worlds can be compared line by line.
 */

/** One run of a case, normalised. */
export interface Outcome {
  /** Each node's printed lines (full node name → lines), across its incarnations. */
  readonly nodes: Readonly<Record<string, readonly string[]>>;
  /** Each client's screen (user name → lines); `(exit)` where the `exit` message arrived. */
  readonly screens: Readonly<Record<string, readonly string[]>>;
}

/** The creations in BEAM's "Discarding message … in an old incarnation (C1) of this node (C2)". */
const CREATIONS = /in an old incarnation \((\d+)\) of this node \((\d+)\)/g;

/** A BEAM-printed or chatty-sim-printed pid: `<0.98.0>` (local) or `<8765.98.0>` (remote). */
const PID = /<(\d+)\.(\d+)\.(\d+)>/g;

/**
 * Normalises one printed line so that BEAM's and chatty-sim's agree when the behaviour does:
 *
 * - pids: their numbers depend on everything else the VM happened to spawn first (on BEAM
 *   even on which nodes connected to it, and when), and a remote pid's prefix is a
 *   per-connection index of its node, so they are outside the model. Each pid becomes
 *   `<L>` (local: printed `<0.…>`) or `<R>` (remote), which keeps what the protocol decides:
 *   how many pids a list holds and which of them are the printing node's own.
 * - node creations (BEAM draws a new one for each VM start; chatty-sim counts 1, 2, …):
 *   "in an old incarnation (C) of this node (C)".
 * - a trailing newline (the handout's texts come from `io:get_line` and keep theirs), also
 *   where such a text is printed inside a term (`"Mary again\n"` → `"Mary again"`).
 */
export function normaliseLine(line: string): string {
  const out = line
    .replace(PID, (_whole, n: string) => (n === "0" ? "<L>" : "<R>"))
    .replace(CREATIONS, "in an old incarnation (C) of this node (C)")
    .replace(/\\n"/g, '"');
  return out.endsWith("\n") ? out.slice(0, -1) : out;
}

/** Printed text as normalised lines: split at newlines (a line may hold several), each normalised. */
export function normaliseLines(texts: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of texts) {
    const body = t.endsWith("\n") ? t.slice(0, -1) : t;
    for (const l of body.split("\n")) out.push(normaliseLine(l));
  }
  return out;
}
