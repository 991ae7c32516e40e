import { describe, expect, test } from "vitest";
import { parseArgs, parsePositiveInt, parseSeed } from "../src/args.js";
import { ConfigError } from "../src/sim/errors.js";

describe("parseArgs", () => {
  const parse = (argv: string[]) => parseArgs(argv, ["seed", "clients", "set"], ["json", "verbose"]);

  test("splits positionals, valued options and flags", () => {
    const a = parse(["broadcast", "--seed", "7", "--json", "extra", "--clients=10"]);
    expect(a.positional).toEqual(["broadcast", "extra"]);
    expect([...a.options]).toEqual([["seed", "7"], ["clients", "10"]]);
    expect([...a.flags]).toEqual(["json"]);
    expect(a.sets).toEqual([]);
  });

  test("nothing gives nothing", () => {
    const a = parse([]);
    expect(a.positional).toEqual([]);
    expect(a.options.size).toBe(0);
    expect(a.flags.size).toBe(0);
  });

  test("a repeated option or flag is an error (which one was meant?); --set repeats", () => {
    expect(() => parse(["--seed", "1", "--seed", "2"])).toThrow(/--seed given twice/);
    expect(() => parse(["--json", "--seed=1", "--json"])).toThrow(/--json given twice/);
    expect(parse(["--set", "a=1", "--set", "b=2"]).sets).toHaveLength(2);
  });

  test("an inline value may be empty or contain '='", () => {
    expect(parse(["--seed="]).options.get("seed")).toBe("");
    expect(parse(["--set", "a=b=c"]).sets).toEqual([["a", "b=c"]]);
  });

  test("--set collects key=value pairs in order when offered", () => {
    expect(parse(["--set", "loss=0.1", "--set=latency=5ms"]).sets).toEqual([
      ["loss", "0.1"],
      ["latency", "5ms"],
    ]);
  });

  test("a single dash or a negative number is a positional, not an option", () => {
    expect(parse(["-1", "-x"]).positional).toEqual(["-1", "-x"]);
    expect(parse(["--seed", "-1"]).options.get("seed")).toBe("-1");
  });

  test.each([
    [["--bogus"], /^unknown option --bogus$/],
    [["--"], /^unknown option --$/],
    [["--json=yes"], /^--json takes no value$/],
    [["--seed"], /^--seed needs a value$/],
    [["--seed", "--json"], /^--seed needs a value$/],
    [["--set", "novalue"], /^--set expects key=value, got "novalue"$/],
    [["--set", "=v"], /^--set expects key=value/],
  ])("%j is a ConfigError: %s", (argv, message) => {
    expect(() => parse(argv)).toThrow(ConfigError);
    expect(() => parse(argv)).toThrow(message);
  });

  test("--set is an unknown option where it is not offered", () => {
    expect(() => parseArgs(["--set", "a=b"], ["seed"], ["json"])).toThrow(/^unknown option --set$/);
  });
});

describe("parseSeed", () => {
  test("accepts non-negative safe integers", () => {
    expect(parseSeed("0")).toBe(0);
    expect(parseSeed("42")).toBe(42);
    expect(parseSeed("007")).toBe(7);
    expect(parseSeed(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  test.each(["", "abc", "-1", "1.5", "1e3", " 1", "0x10", String(2 ** 53), "99999999999999999999"])("rejects %j with a ConfigError", (text) => {
    expect(() => parseSeed(text)).toThrow(ConfigError);
    expect(() => parseSeed(text)).toThrow(/^bad seed/);
  });
});

describe("parsePositiveInt", () => {
  test("accepts positive integers", () => {
    expect(parsePositiveInt("clients", "1")).toBe(1);
    expect(parsePositiveInt("clients", "1000")).toBe(1000);
  });

  test.each(["0", "-3", "2.5", "x", "", "1e2", "99999999999999999999"])("rejects %j with a ConfigError naming the option", (text) => {
    expect(() => parsePositiveInt("clients", text)).toThrow(ConfigError);
    expect(() => parsePositiveInt("clients", text)).toThrow(/^bad --clients/);
  });
});
