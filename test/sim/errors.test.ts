import { describe, expect, test } from "vitest";
import { ConfigError, ErlangError, ExitException, SimulatorError } from "../../src/sim/errors.js";
import { Pid } from "../../src/sim/pid.js";

describe("errors", () => {
  test("ErlangError keeps its reason and names it in the message", () => {
    const e = new ErlangError("badarg");
    expect(e).toBeInstanceOf(Error);
    expect(e.reason).toBe("badarg");
    expect(e.name).toBe("ErlangError");
    expect(e.message).toBe("erlang error: badarg");
  });

  test("a tuple reason prints as a term, not [object Object]", () => {
    const pid = new Pid("a@h", 1, 4, 1);
    expect(new ErlangError({ tag: "badmatch", value: 3 }).message).toBe("erlang error: {badmatch,3}");
    expect(new ExitException({ tag: "shutdown", who: pid }).message).toBe("exit: {shutdown,<1.4.0>}"); // as no node in particular sees it
  });

  test("ExitException keeps its reason", () => {
    const e = new ExitException("normal");
    expect(e.reason).toBe("normal");
    expect(e.name).toBe("ExitException");
    expect(e.message).toBe("exit: normal");
  });

  test("the four kinds are told apart by class", () => {
    const all = [new ErlangError("x"), new ExitException("x"), new ConfigError("x"), new SimulatorError("x")];
    expect(all.filter((e) => e instanceof ConfigError)).toHaveLength(1);
    expect(all.filter((e) => e instanceof SimulatorError)).toHaveLength(1);
    expect(all.map((e) => e.name)).toEqual(["ErlangError", "ExitException", "ConfigError", "SimulatorError"]);
    expect(new ConfigError("bad seed").message).toBe("bad seed");
  });
});
