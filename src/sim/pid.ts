/**
 * Process identifiers and references. A pid is `(node, id, creation)`: `creation` changes
 * each time the node restarts, so a pid of an old incarnation never reaches a process of
 * the new one even when the numbers match. Pid objects are created once, by the kernel, and
 * travel by reference, so `===` is pid equality (`lists:delete(Pid, L)` is a filter on `!==`).
 */

/** An Erlang process identifier. */
export class Pid {
  /**
   * @param node the node's name, e.g. `server_node@127.0.0.1`
   * @param nodeIndex the node's stable number in this simulation (1-based), used when printing
   * @param id the process number on that node, from 1 in each incarnation
   * @param creation the node's incarnation
   */
  constructor(
    readonly node: string,
    readonly nodeIndex: number,
    readonly id: number,
    readonly creation: number,
  ) {}

  /**
   * A cache slot of the trace's record writer (`hashThread.ts`): the code this pid has in the
   * stream it was last written to. Private fields, so that it is no part of the pid's value
   * (no key, not compared, not copied).
   */
  #codeStream = 0;
  #code = -1;

  /** This pid's code in the trace stream numbered `stream` (`hashThread.ts`), or -1 if it has none there. */
  codeIn(stream: number): number {
    return this.#codeStream === stream ? this.#code : -1;
  }

  /** Records this pid's code in the trace stream numbered `stream` (a stream number is never 0). */
  setCode(stream: number, code: number): void {
    this.#codeStream = stream;
    this.#code = code;
  }

  /**
   * The slot of `process-pair` order (`network.ts`): the latest arrival time scheduled to this
   * pid by the sender that sent to it last. A sender's other destinations are in its own table
   * (`Proc.fifo`); a pid keeps one here, so that a server relaying to its clients finds each
   * client's without a table lookup. Private, as the trace's slot above: no part of the value.
   * (It keeps its sender reachable until another sends to this pid: one process at most.)
   */
  #fifoFrom: object | null = null;
  #fifoAt = 0;

  /** The latest arrival `from` has scheduled to this pid, or undefined if the slot is another sender's (or nobody's). */
  fifoFrom(from: object): number | undefined {
    return this.#fifoFrom === from ? this.#fifoAt : undefined;
  }

  /** The sender in the slot, or null. */
  fifoHolder(): object | null {
    return this.#fifoFrom;
  }

  /** The latest arrival the slot holds (its holder's). */
  fifoHeld(): number {
    return this.#fifoAt;
  }

  /** Puts `from`'s latest arrival to this pid in the slot. */
  setFifo(from: object, at: number): void {
    this.#fifoFrom = from;
    this.#fifoAt = at;
  }

  /**
   * Prints like BEAM: `<0.42.0>` on its own node, `<N.42.0>` seen from another node, where
   * N is the node's number (BEAM's index of the node in the viewer's table; here the node's
   * stable number in the simulation, never 0). With no viewer (a report, a figure, the
   * command line: nobody's node) a pid prints as another node sees it, so pids of three
   * nodes never print alike. As in BEAM, pids of different incarnations may.
   */
  format(viewer?: string): string {
    const n = viewer === this.node ? 0 : this.nodeIndex;
    return `<${n}.${this.id}.0>`;
  }

  /** The unambiguous form used in traces: `<node.id.creation>`. */
  key(): string {
    return `<${this.node}.${this.id}.${this.creation}>`;
  }

  /** As seen from no node in particular (`format()`), for string contexts. */
  toString(): string {
    return this.format();
  }
}

/** An Erlang reference (`make_ref()`, monitor references). Unique within a simulation. */
export class Ref {
  /**
   * @param node the node that made it
   * @param id a counter unique within the simulation
   */
  constructor(
    readonly node: string,
    readonly id: number,
  ) {}

  /** Prints like BEAM's `#Ref<0.0.0.42>`. */
  toString(): string {
    return `#Ref<0.0.0.${this.id}>`;
  }

  /** The unambiguous form used in traces. */
  key(): string {
    return `#Ref<${this.node}.${this.id}>`;
  }
}

/** Type guard for pids. */
export function isPid(x: unknown): x is Pid {
  return x instanceof Pid;
}

/** `{Name, Node}`: a registered name on a (possibly remote) node, resolved when the message arrives. */
export class Name {
  /**
   * @param name the registered name, e.g. `myserver`
   * @param node the node's name
   */
  constructor(
    readonly name: string,
    readonly node: string,
  ) {}

  /** Prints like Erlang's `{myserver,'server_node@127.0.0.1'}`. */
  toString(): string {
    return `{${this.name},'${this.node}'}`;
  }

  /** The unambiguous form used in traces. */
  key(): string {
    return `{${this.name},${this.node}}`;
  }
}
