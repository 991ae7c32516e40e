/**
 * Reading untrusted JSON at the edge: each accessor checks one value and, when it is wrong,
 * throws a `ConfigError` that names where it is (`clients[2].actions[0].at`) and what is wrong
 * with it, in one line.
 */
import { ConfigError, parseDuration, parseLatency, type Latency, type Micros } from "../sim/index.js";

/** A JSON value and where it sits in the file. */
export class At {
  constructor(
    readonly path: string,
    readonly value: unknown,
  ) {}

  /** Stops reading: `path: problem`. */
  fail(problem: string): never {
    throw new ConfigError(`${this.path === "" ? "(top)" : this.path}: ${problem}`);
  }

  /** The member `key` (undefined when absent). */
  get(key: string): At {
    const o = this.value as Record<string, unknown>;
    return new At(this.path === "" ? key : `${this.path}.${key}`, Object.hasOwn(o, key) ? o[key] : undefined);
  }

  /** Whether the member is present. */
  has(key: string): boolean {
    return Object.hasOwn(this.value as object, key);
  }

  /** An object whose keys are all among `allowed`, and which has every key of `required`. */
  object(allowed: readonly string[], required: readonly string[] = []): this {
    const v = this.value;
    if (typeof v !== "object" || v === null || Array.isArray(v)) this.fail(`expected an object, got ${describe(v)}`);
    for (const k of Object.keys(v as object)) if (!allowed.includes(k) && k !== "$schema") this.fail(`unknown key "${k}" (keys: ${allowed.join(", ")})`);
    for (const k of required) if (!this.has(k)) this.get(k).fail("missing");
    return this;
  }

  /** The items of an array. */
  array(): At[] {
    if (!Array.isArray(this.value)) this.fail(`expected an array, got ${describe(this.value)}`);
    return (this.value as unknown[]).map((x, i) => new At(`${this.path}[${i}]`, x));
  }

  /** A non-empty string. */
  string(): string {
    if (typeof this.value !== "string" || this.value === "") this.fail(`expected a non-empty string, got ${describe(this.value)}`);
    return this.value as string;
  }

  /** One of `values`. */
  oneOf<T extends string>(values: readonly T[]): T {
    if (!values.includes(this.value as T)) this.fail(`expected one of ${values.map((v) => JSON.stringify(v)).join(", ")}, got ${describe(this.value)}`);
    return this.value as T;
  }

  /** An integer from `min` to `max`. */
  int(min = 0, max = Number.MAX_SAFE_INTEGER): number {
    const v = this.value;
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min || v > max) this.fail(`expected an integer from ${min} to ${max}, got ${describe(v)}`);
    return v as number;
  }

  /** A probability in [0, 1]. */
  prob(): number {
    const v = this.value;
    if (typeof v !== "number" || !(v >= 0 && v <= 1)) this.fail(`expected a probability from 0 to 1, got ${describe(v)}`);
    return v as number;
  }

  /** true or false. */
  boolean(): boolean {
    if (typeof this.value !== "boolean") this.fail(`expected true or false, got ${describe(this.value)}`);
    return this.value as boolean;
  }

  /** A duration: a string such as `250us`, `5ms`, `1.5s`, or an integer number of microseconds. */
  duration(): Micros {
    const v = this.value;
    if (typeof v === "number") return this.int();
    if (typeof v !== "string") this.fail(`expected a duration such as "5ms", got ${describe(v)}`);
    try {
      return parseDuration(v as string);
    } catch {
      return this.fail(`${describe(v)} is not a duration (examples: "250us", "5ms", "1.5s")`);
    }
  }

  /** A latency as users type it: `5ms`, `uniform:1ms..20ms`, `exp:10ms`, `lognormal:40ms,0.5`. */
  latency(): Latency {
    const v = this.value;
    if (typeof v !== "string") this.fail(`expected a latency such as "5ms" or "uniform:1ms..20ms", got ${describe(v)}`);
    try {
      return parseLatency(v as string);
    } catch (e) {
      // The kernel's message starts `latency "…": `; the path already says which latency.
      const why = (e instanceof Error ? e.message : String(e)).replace(/^latency "[^"]*": /, "");
      return this.fail(`${JSON.stringify(v)}: ${why}`);
    }
  }

  /** Any JSON value (a message or an exit reason). */
  json(): unknown {
    if (this.value === undefined) this.fail("missing");
    return this.value;
  }

  /** Strings, each checked by `ok`. */
  strings(ok: (s: string, at: At) => void = () => undefined): string[] {
    return this.array().map((a) => {
      const s = a.string();
      ok(s, a);
      return s;
    });
  }
}

function describe(v: unknown): string {
  if (v === undefined) return "nothing";
  const s = JSON.stringify(v);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}
