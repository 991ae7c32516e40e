/**
 * Terms: how the JavaScript values that node code sends are written down. Messages are
 * plain data: objects with a `tag` (Erlang's tuple with an atom first: `{join, Name}` is
 * `{ tag: "join", name }`), arrays (lists), strings, numbers, booleans, pids and refs.
 * `canonicalJson` is the trace's byte-exact form; `formatTerm` prints like `io:format("~p")`.
 */
import { Name, Pid, Ref } from "./pid.js";

/**
 * Deterministic JSON: object keys sorted, pids and refs as their unambiguous keys,
 * `undefined` as null, non-finite numbers and bigints as strings, functions as `"#Fun"`.
 */
export function canonicalJson(v: unknown): string {
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      return Number.isFinite(v) ? String(v) : JSON.stringify(String(v));
    case "boolean":
      return v ? "true" : "false";
    case "undefined":
      return "null";
    case "bigint":
      return JSON.stringify(v.toString());
    case "function":
      return '"#Fun"';
    case "symbol":
      return JSON.stringify(v.description ?? "#Symbol");
    case "object": {
      if (v === null) return "null";
      // Plain objects (most messages) first: they are none of the classes below.
      if (Object.getPrototypeOf(v) === Object.prototype) return objectJson(v as Record<string, unknown>);
      if (v instanceof Pid) return pidJson(v);
      if (v instanceof Ref || v instanceof Name) return JSON.stringify(v.key());
      if (Array.isArray(v)) return "[" + v.map(canonicalJson).join(",") + "]";
      if (v instanceof Error) return JSON.stringify(`${v.name}: ${v.message}`);
      // Object.keys sees no entries in a Map or Set: write them out (insertion order, deterministic).
      if (v instanceof Map) return '{"#Map":' + canonicalJson([...v.entries()]) + "}";
      if (v instanceof Set) return '{"#Set":' + canonicalJson([...v.values()]) + "}";
      return objectJson(v as Record<string, unknown>);
    }
  }
}

/** An object's own enumerable keys, sorted, each written as `"key":value`. */
function objectJson(o: Record<string, unknown>): string {
  const keys = Object.keys(o);
  if (keys.length > 1) keys.sort();
  let out = "{";
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    if (i > 0) out += ",";
    out += quotedKey(k) + ":" + canonicalJson(o[k]);
  }
  return out + "}";
}

/** `JSON.stringify(key)`, remembered: messages reuse a handful of keys (`tag`, `name`, `text`…). */
const QUOTED = new Map<string, string>();
function quotedKey(k: string): string {
  let q = QUOTED.get(k);
  if (q === undefined) {
    q = JSON.stringify(k);
    if (QUOTED.size < 4096) QUOTED.set(k, q);
  }
  return q;
}

/** Node names that need no JSON escaping (almost all: `name@host`), so a pid's key can be quoted as is. */
const PLAIN_NODE = new Map<string, boolean>();

/** A pid as `canonicalJson` writes it: its key, as a JSON string. */
export function pidJson(p: Pid): string {
  let plain = PLAIN_NODE.get(p.node);
  if (plain === undefined) {
    plain = JSON.stringify(p.node) === `"${p.node}"`;
    if (PLAIN_NODE.size < 4096) PLAIN_NODE.set(p.node, plain);
  }
  return plain ? `"<${p.node}.${p.id}.${p.creation}>"` : JSON.stringify(p.key());
}

/** Turns a value into plain JSON data (pids and refs as strings), for `--json` output. */
export function toPlain(v: unknown): unknown {
  return JSON.parse(canonicalJson(v));
}

/**
 * Prints a term the way Erlang's `~p` would: a tagged object as a tuple (`{message,"John","hi"}`,
 * keys in their written order), an array as a list, a string as a quoted string, a tag as
 * an atom (a tag that is no string is the tuple's first element as a term: `{{nocatch,x},[]}`),
 * a pid as `<0.42.0>` seen from node `viewer`.
 */
export function formatTerm(v: unknown, viewer?: string, raw = false): string {
  switch (typeof v) {
    case "string":
      // `~w` writes a string as the list of character codes it is; `~p` as a string.
      return raw ? "[" + Array.from(v, (c) => c.codePointAt(0)).join(",") + "]" : JSON.stringify(v);
    case "number":
    case "bigint":
    case "boolean":
      return String(v);
    case "undefined":
      return "undefined";
    case "function":
      return "#Fun";
    case "symbol":
      return v.description ?? "#Symbol";
    case "object": {
      if (v === null) return "undefined";
      if (v instanceof Pid) return v.format(viewer);
      if (v instanceof Ref || v instanceof Name) return v.toString();
      if (Array.isArray(v)) return "[" + v.map((x) => formatTerm(x, viewer, raw)).join(",") + "]";
      if (v instanceof Map) return "#{" + [...v].map(([k, x]) => `${formatTerm(k, viewer, raw)} => ${formatTerm(x, viewer, raw)}`).join(",") + "}";
      if (v instanceof Set) return formatTerm([...v], viewer, raw);
      const o = v as Record<string, unknown>;
      if (o.tag !== undefined) {
        // A tag that is not an atom is a tuple's first element all the same (`{{nocatch, T}, Stack}`).
        const parts = [typeof o.tag === "string" ? formatAtom(o.tag) : formatTerm(o.tag, viewer, raw)];
        for (const k of Object.keys(o)) if (k !== "tag") parts.push(formatTerm(o[k], viewer, raw));
        return parts.length === 1 ? parts[0]! : "{" + parts.join(",") + "}";
      }
      return "#{" + Object.keys(o).map((k) => `${formatAtom(k)} => ${formatTerm(o[k], viewer, raw)}`).join(",") + "}";
    }
  }
}

/** Erlang's reserved words: `io:format("~p", ['end'])` prints them quoted. */
const RESERVED = new Set(
  "after and andalso band begin bnot bor bsl bsr bxor case catch cond div end fun if let not of or orelse receive rem try when xor".split(" "),
);

/** An atom as Erlang prints it: bare when it is a plain lowercase word (not a reserved word), quoted otherwise. */
export function formatAtom(a: string): string {
  return /^[a-z][a-zA-Z0-9_@]*$/.test(a) && !RESERVED.has(a) ? a : `'${a.replace(/[\\']/g, "\\$&")}'`;
}

/**
 * An exit reason as Erlang prints it with `~p` on node `viewer`. The simulator's reasons
 * that stand for atoms (`normal`, `killed`, `noproc`, `noconnection`, a fault's `crash`) are
 * JS strings, so a string reason prints as the atom it stands for; any other term as
 * `formatTerm` prints it.
 */
export function formatReason(r: unknown, viewer?: string): string {
  return typeof r === "string" ? formatAtom(r) : formatTerm(r, viewer);
}

/**
 * `io:format/2` for node code: `~s` (a string as is), `~w` (a term; strings as the code
 * lists they are) and `~p` (a term, printable lists as strings), `~n` (newline),
 * `~~` (a tilde). Pids print as seen from node `viewer`.
 */
export function ioFormat(fmt: string, args: readonly unknown[] = [], viewer?: string): string {
  let out = "";
  let a = 0;
  for (let i = 0; i < fmt.length; i++) {
    const c = fmt[i]!;
    if (c !== "~" || i + 1 >= fmt.length) {
      out += c;
      continue;
    }
    const d = fmt[++i]!;
    switch (d) {
      case "n":
        out += "\n";
        break;
      case "~":
        out += "~";
        break;
      case "s": {
        const v = args[a++];
        out += typeof v === "string" ? v : formatTerm(v, viewer);
        break;
      }
      case "w":
        out += formatTerm(args[a++], viewer, true);
        break;
      case "p":
        out += formatTerm(args[a++], viewer);
        break;
      default:
        out += "~" + d;
    }
  }
  return out;
}
