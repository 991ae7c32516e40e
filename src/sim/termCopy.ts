/**
 * Copying a term as Erlang does when it sends one: the receiver gets its own copy, so a sender
 * that changes an object after sending it changes nothing the receiver (or the trace) holds.
 * ("All data in messages between Erlang processes is copied", Erlang efficiency guide,
 * Processes, Process Messages.) The copy is also where a value that is no term is caught,
 * before it can reach the trace and make the run throw: a cycle, nesting deeper than
 * `MAX_TERM_DEPTH`, a getter that throws, or a Proxy (whose traps are code, run at any read).
 *
 * Pids, refs and names are immutable and shared, as are functions (a fun's closure cannot be
 * copied) and errors (the trace writes only their name and message). Plain objects keep their
 * key order, arrays their length (a hole becomes undefined, which the trace writes as null),
 * Maps and Sets their insertion order; objects of other classes keep their prototype. So the
 * copy writes the canonical JSON of the original.
 *
 * A term nobody can change is shared instead: a frozen plain object or array, all the way down
 * (`immutable`). The copy exists so that what a sender does after a send reaches no receiver,
 * and to a frozen term it can do nothing; every Erlang term is such a term, so node code that
 * freezes what it broadcasts (`src/nodes/protocol.ts`) gives its peers what Erlang gives them,
 * a value equal to the one sent that none of them can change (a receiver that tries gets a
 * TypeError, where a copy would have let it change its own). Whether a term is frozen all the
 * way down is asked once for the last one shared: a broadcast sends one term to every peer, and
 * a frozen term stays frozen.
 *
 * Any other term is copied for each receiver (which may change its copy without anyone else
 * seeing), so a copy is on the hot path of most sends: a plain object, most messages, is copied
 * with the engine's own fast path (`{ ...o }`), then only its object-valued members are
 * visited. (`sameAs` and `sameTerm`, in `trace.ts`, tell two copies apart cheaply, so the trace
 * writes one broadcast's message once although each receiver's copy is a different object.)
 *
 * `setCopying(false)` turns the copy off for the whole process: the benchmark's reference
 * without copying (`bench broadcast`), never a simulation's semantics.
 */
import { types } from "node:util";
import { Name, Pid, Ref } from "./pid.js";

/** Deepest nesting of objects and arrays a term may have (the trace and `~p` recurse through it). */
export const MAX_TERM_DEPTH = 1000;

/** A value that cannot be a term, and why: the sending (or exiting) process crashes with it. */
export class BadTerm extends Error {
  /** @param why what is wrong, in words (`cyclic`, `nested deeper than 1000 levels`, …) */
  constructor(readonly why: string) {
    super(`not a term: ${why}`);
    this.name = "BadTerm";
  }
}

/** The exit reason of a process that sent (or exited with) a value that is no term: `{bad_term, Why}`. */
export function badTermReason(e: BadTerm): { readonly tag: "bad_term"; readonly why: string } {
  return { tag: "bad_term", why: e.why };
}

let copying = true;

/** Turns copying at send on or off for this process (off only for the benchmark's reference); returns the old setting. */
export function setCopying(on: boolean): boolean {
  const was = copying;
  copying = on;
  return was;
}

/** A copy of `v` sharing nothing mutable with it; throws `BadTerm` when `v` is no term. */
export function copyTerm(v: unknown): unknown {
  if (typeof v !== "object" || v === null || !copying) return v;
  // A broadcast sends one object to every peer: a frozen one is looked into once (it cannot change after).
  if (v === lastShared) return v;
  try {
    // Whether it is a Proxy (which no object ever stops or starts being) is asked once, not
    // once a peer (the question costs as much as the rest of a small message's copy).
    if (v === lastNoProxy) return copyOrdinary(v, 0);
    noProxy(v); // before `Object.isFrozen`, which would run a trap
    if (Object.isFrozen(v) && immutable(v, 0)) {
      lastShared = v;
      return v;
    }
    const out = copyOrdinary(v, 0);
    lastNoProxy = v;
    return out;
  } catch (e) {
    if (e instanceof BadTerm) throw e;
    if (e instanceof RangeError && /call stack/i.test(e.message)) throw new BadTerm("nested too deep");
    throw new BadTerm(`reading it threw ${describeThrown(e)}`);
  }
}

/** What was thrown, in words; never throws itself (a thrown value may be hostile too). */
function describeThrown(e: unknown): string {
  try {
    return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  } catch {
    return "a value that cannot be shown";
  }
}

function copyValue(v: unknown, depth: number): unknown {
  return typeof v !== "object" || v === null ? v : copyObject(v, depth);
}

/** The last top-level object `copyTerm` copied: it is no Proxy. */
let lastNoProxy: object | null = null;
/** The last top-level object `copyTerm` found immutable, and shared (it stays immutable for good). */
let lastShared: object | null = null;

/**
 * Whether `v` (no Proxy) is a term nobody can change, so that it may be shared rather than
 * copied: a frozen plain object or array whose own properties are all enumerable values (no
 * getter, no hole, nothing a copy would leave out), each a primitive, a pid, ref or name, or
 * such a term itself. Anything else, and anything nested too deep, is copied (where a cycle
 * or a Proxy inside is caught).
 */
function immutable(v: object, depth: number): boolean {
  const proto = Object.getPrototypeOf(v) as object | null;
  if (proto !== Object.prototype && proto !== Array.prototype) return v instanceof Pid || v instanceof Ref || v instanceof Name;
  if (depth >= MAX_TERM_DEPTH || !Object.isFrozen(v)) return false;
  const names = Object.getOwnPropertyNames(v);
  if (Object.getOwnPropertySymbols(v).length > 0) return false;
  if (proto === Array.prototype) {
    // Its own names are every index and `length`, nothing else: no hole, no extra property.
    const n = (v as unknown[]).length;
    if (names.length !== n + 1) return false;
    for (let i = 0; i < n; i++) if (!immutableMember(v, String(i), depth)) return false;
    return true;
  }
  for (const k of names) if (!immutableMember(v, k, depth)) return false;
  return true;
}

/** Whether own property `k` of `v` (at `depth`) is an enumerable value that `immutable` accepts. */
function immutableMember(v: object, k: string, depth: number): boolean {
  const d = Object.getOwnPropertyDescriptor(v, k);
  if (d === undefined || !("value" in d) || !d.enumerable) return false;
  const x: unknown = d.value;
  return typeof x !== "object" || x === null || (!types.isProxy(x) && immutable(x, depth + 1));
}

/** Throws `BadTerm` for a Proxy: asked first, since `instanceof`, prototype reads and `Object.isFrozen` would run its traps. */
function noProxy(v: object): void {
  if (types.isProxy(v)) throw new BadTerm("a Proxy");
}

function copyObject(v: object, depth: number): unknown {
  noProxy(v);
  return copyOrdinary(v, depth);
}

/** `copyObject` of an object known to be no Proxy. */
function copyOrdinary(v: object, depth: number): unknown {
  const proto = Object.getPrototypeOf(v) as object | null;
  if (proto === Object.prototype) {
    if (depth >= MAX_TERM_DEPTH) throw tooDeep(v);
    // Own enumerable properties in order, each read once (a getter's value is copied); then
    // the object-valued ones are copied in turn (symbol keys are no part of a term: not visited).
    const out = { ...(v as Record<string, unknown>) };
    for (const k in out) {
      const x = out[k];
      if (typeof x === "object" && x !== null) out[k] = copyObject(x, depth + 1);
    }
    return out;
  }
  if (proto === Array.prototype) {
    if (depth >= MAX_TERM_DEPTH) throw tooDeep(v);
    // Element by element, so a hole becomes undefined (a list has no holes; the trace writes null).
    const a = v as unknown[];
    const out = new Array<unknown>(a.length);
    for (let i = 0; i < a.length; i++) {
      const x = a[i];
      out[i] = typeof x === "object" && x !== null ? copyObject(x, depth + 1) : x;
    }
    return out;
  }
  if (v instanceof Pid || v instanceof Ref || v instanceof Name || v instanceof Error) return v;
  if (depth >= MAX_TERM_DEPTH) throw tooDeep(v);
  const d = depth + 1;
  // Everything else is rare: an array of a subclass, a Map, a Set, a Date, a typed array, an object of a class.
  if (Array.isArray(v)) {
    const out = new Array<unknown>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = copyValue(v[i], d);
    return out;
  }
  if (v instanceof Map) return new Map([...v].map(([k, x]) => [copyValue(k, d), copyValue(x, d)]));
  if (v instanceof Set) return new Set([...v].map((x) => copyValue(x, d)));
  if (v instanceof Date) return structuredClone(v); // a copy of the value: no clock is read
  if (ArrayBuffer.isView(v) && "slice" in v) return (v as unknown as Uint8Array).slice();
  const out = Object.create(proto) as Record<string, unknown>;
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) out[k] = copyValue(o[k], d);
  return out;
}

function tooDeep(v: object): BadTerm {
  return new BadTerm(isCyclic(v) ? "cyclic" : `nested deeper than ${MAX_TERM_DEPTH} levels`);
}

/** Whether `v` reaches itself (the slow path, taken only once nesting is too deep). */
function isCyclic(root: object): boolean {
  const onPath = new Set<object>();
  const visit = (v: unknown): boolean => {
    if (typeof v !== "object" || v === null || types.isProxy(v)) return false;
    if (onPath.has(v)) return true;
    onPath.add(v);
    const kids = v instanceof Map ? [...v.keys(), ...v.values()] : v instanceof Set ? [...v] : Object.values(v);
    for (const k of kids) if (visit(k)) return true;
    onPath.delete(v);
    return false;
  };
  try {
    return visit(root);
  } catch {
    return false;
  }
}
