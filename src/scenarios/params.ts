/**
 * Scenario parameters: declared once per scenario with a kind, a default and bounds, parsed
 * and validated at the edge (`--set key=value`), then handed to the scenario as typed,
 * frozen values. Every mistake is a `ConfigError` naming the parameter.
 */
import { ConfigError, parseDuration, parseLatency, ORDERINGS, type Latency, type Micros, type Ordering } from "../sim/index.js";

/** One declared parameter. */
export type ParamSpec =
  | { readonly kind: "int"; readonly name: string; readonly doc: string; readonly default: number; readonly min: number; readonly max: number }
  | { readonly kind: "prob"; readonly name: string; readonly doc: string; readonly default: number }
  | { readonly kind: "duration"; readonly name: string; readonly doc: string; readonly default: Micros }
  | { readonly kind: "latency"; readonly name: string; readonly doc: string; readonly default: Latency | null }
  | { readonly kind: "enum"; readonly name: string; readonly doc: string; readonly default: string; readonly values: readonly string[] }
  /** Free text the scenario parses itself (e.g. a whole generated world); shell-safe by the scenario's own grammar. */
  | { readonly kind: "text"; readonly name: string; readonly doc: string; readonly default: string }
  /** A role's code: `handout`, `fixed`, or the path of a user's module (`./my-server2.js`); "" (the default): the `variant`. */
  | { readonly kind: "code"; readonly name: string; readonly doc: string; readonly default: string };

/** Parsed values, by parameter name. */
export type ParamValues = Readonly<Record<string, number | string | Latency | null>>;

/** The parameters every chat scenario takes. */
export const COMMON_PARAMS: readonly ParamSpec[] = [
  { kind: "enum", name: "variant", doc: "node code: the handout's, or the fixed one", default: "handout", values: ["handout", "fixed"] },
  { kind: "enum", name: "ordering", doc: "what links promise about order", default: "process-pair", values: ORDERINGS },
  { kind: "latency", name: "latency", doc: "latency between nodes, overriding the profile (e.g. 5ms, uniform:1ms..20ms, exp:10ms, lognormal:40ms,0.5)", default: null },
  { kind: "prob", name: "loss", doc: "probability that a message between nodes is lost", default: 0 },
  { kind: "prob", name: "duplicate", doc: "probability that a message between nodes arrives twice", default: 0 },
  { kind: "code", name: "server", doc: "the server role's code: handout, fixed, or a module FILE.js (default: the variant)", default: "" },
  { kind: "code", name: "server2", doc: "the server2 role's code: handout, fixed, or a module FILE.js (default: the variant)", default: "" },
];

/** The parameters that choose node code (`variant` and one per role with a start spec a user may replace). */
export const CODE_PARAM_NAMES: readonly string[] = ["variant", "server", "server2"];

/** The common parameters of a system with one version of its code (TheyChat, the idle chat): the network's. */
export const NETWORK_PARAMS: readonly ParamSpec[] = COMMON_PARAMS.filter((p) => !CODE_PARAM_NAMES.includes(p.name));

/** A file name a user's module may have: plain JS, or TypeScript run through a loader. */
export const MODULE_FILE = /\.(?:m?js|cjs|m?ts|cts)$/;

/** Parses `--set` pairs against the specs; unknown names and ill-typed values are errors. */
export function parseParams(specs: readonly ParamSpec[], sets: readonly (readonly [string, string])[]): ParamValues {
  const out: Record<string, number | string | Latency | null> = {};
  for (const s of specs) out[s.name] = s.default;
  for (const [key, text] of sets) {
    const spec = specs.find((s) => s.name === key);
    if (spec === undefined) throw new ConfigError(`unknown parameter "${key}" (parameters: ${specs.map((s) => s.name).join(", ")})`);
    out[key] = parseValue(spec, text);
  }
  return Object.freeze(out);
}

function parseValue(spec: ParamSpec, text: string): number | string | Latency {
  const bad = (want: string): never => {
    throw new ConfigError(`bad value "${text}" for ${spec.name}: expected ${want}`);
  };
  switch (spec.kind) {
    case "int": {
      const n = Number(text);
      if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(n)) return bad(`an integer`);
      if (n < spec.min || n > spec.max) return bad(`an integer from ${spec.min} to ${spec.max}`);
      return n;
    }
    case "prob": {
      const n = Number(text);
      // Decimal only: Number() would also take 0x1, 1e-1 and " 0.5 ".
      if (!/^(?:0|1)(?:\.\d+)?$|^\.\d+$/.test(text) || n < 0 || n > 1) return bad("a probability from 0 to 1, such as 0.05");
      return n;
    }
    case "duration":
      try {
        return parseDuration(text);
      } catch {
        return bad("a duration such as 250us, 5ms or 1.5s");
      }
    case "latency":
      try {
        return parseLatency(text);
      } catch (e) {
        return bad(`a latency (${e instanceof Error ? e.message : String(e)})`);
      }
    case "enum":
      if (!spec.values.includes(text)) return bad(`one of ${spec.values.join(", ")}`);
      return text;
    case "text":
      if (text.trim() === "") return bad("some text");
      return text;
    case "code":
      if (text !== "handout" && text !== "fixed" && !MODULE_FILE.test(text)) return bad("handout, fixed or a module file (FILE.js, .mjs, .cjs, or .ts with a loader)");
      return text;
  }
}

/** The value formatted back the way a user types it, for replay commands. */
export function formatValue(spec: ParamSpec, v: number | string | Latency | null): string {
  if (v === null) return "";
  if (spec.kind === "duration") return formatDurationArg(v as number);
  if (spec.kind !== "latency") return String(v);
  const l = v as Latency;
  const d = formatDurationArg;
  switch (l.kind) {
    case "constant":
      return d(l.us);
    case "uniform":
      return `uniform:${d(l.min)}..${d(l.max)}`;
    case "exponential":
      return `exp:${d(Math.round(l.mean))}${l.min ? `+${d(l.min)}` : ""}`;
    case "lognormal":
      return `lognormal:${d(Math.round(l.median))},${l.sigma}${l.min ? `,${d(l.min)}` : ""}`;
  }
}

/** A duration as a user types it, exactly: `5s`, `250ms` or `1500us`. */
export function formatDurationArg(us: number): string {
  if (us !== 0 && us % 1_000_000 === 0) return `${us / 1_000_000}s`;
  if (us !== 0 && us % 1_000 === 0) return `${us / 1_000}ms`;
  return `${us}us`;
}

/** The `--set` arguments that differ from the defaults, in declaration order. */
export function setArgs(specs: readonly ParamSpec[], values: ParamValues): string[] {
  const out: string[] = [];
  for (const s of specs) {
    const v = values[s.name] ?? null;
    if (JSON.stringify(v) !== JSON.stringify(s.default)) out.push(`--set ${s.name}=${formatValue(s, v)}`);
  }
  return out;
}

/** Typed accessors, for scenario code. */
export const get = {
  int: (v: ParamValues, k: string): number => v[k] as number,
  num: (v: ParamValues, k: string): number => v[k] as number,
  str: (v: ParamValues, k: string): string => v[k] as string,
  ordering: (v: ParamValues): Ordering => v["ordering"] as Ordering,
  latency: (v: ParamValues, k = "latency"): Latency | null => (v[k] ?? null) as Latency | null,
  /** A role's code parameter: "" (not given), `handout`, `fixed` or a module path. */
  code: (v: ParamValues, role: string): string => (v[role] ?? "") as string,
};
