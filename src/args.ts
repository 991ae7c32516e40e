/**
 * Command-line arguments: positionals, `--flag`, `--key value` and repeated `--set k=v`.
 * Every mistake is a `ConfigError` with one clear line; the CLI turns it into exit code 2.
 */
import { ConfigError } from "./sim/errors.js";

/** Parsed arguments. */
export interface Args {
  readonly positional: string[];
  readonly options: Map<string, string>;
  readonly flags: Set<string>;
  readonly sets: [string, string][];
}

/**
 * Parses `argv` given which options take a value and which are bare flags (`set`, when
 * listed among the valued options, collects repeated `--set k=v`); anything else starting
 * with `--` is an error.
 */
export function parseArgs(argv: readonly string[], valued: readonly string[], flags: readonly string[]): Args {
  const out: Args = { positional: [], options: new Map(), flags: new Set(), sets: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith("--")) {
      out.positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const key = eq > 0 ? a.slice(2, eq) : a.slice(2);
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    // A flag or option given twice is a mistake (which one was meant?), except the repeated `--set`.
    if (key !== "set" && (out.flags.has(key) || out.options.has(key))) throw new ConfigError(`--${key} given twice`);
    if (flags.includes(key)) {
      if (inline !== undefined) throw new ConfigError(`--${key} takes no value`);
      out.flags.add(key);
    } else if (valued.includes(key)) {
      // `--seed --json` is a forgotten value, not a seed called "--json".
      const v = inline ?? (argv[i + 1]?.startsWith("--") === true ? undefined : argv[++i]);
      if (v === undefined) throw new ConfigError(`--${key} needs a value`);
      if (key === "set") {
        const e = v.indexOf("=");
        if (e <= 0) throw new ConfigError(`--set expects key=value, got "${v}"`);
        out.sets.push([v.slice(0, e), v.slice(e + 1)]);
      } else {
        out.options.set(key, v);
      }
    } else {
      throw new ConfigError(`unknown option --${key}`);
    }
  }
  return out;
}

/** Parses a seed: a non-negative integer no larger than 2^53 - 1. */
export function parseSeed(text: string): number {
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw new ConfigError(`bad seed "${text}": expected a non-negative integer`);
  return Number(text);
}

/** Parses a positive integer option. */
export function parsePositiveInt(name: string, text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) throw new ConfigError(`bad --${name} "${text}": expected a positive integer`);
  return Number(text);
}
