import { describe, expect, test } from "vitest";
import { formatTime, ms, sec, us } from "../../src/sim/time.js";

describe("time units", () => {
  test("us, ms and sec give integer microseconds", () => {
    expect(us(5)).toBe(5);
    expect(ms(5)).toBe(5_000);
    expect(sec(2)).toBe(2_000_000);
    expect(ms(1.5)).toBe(1_500);
    expect(sec(0.25)).toBe(250_000);
    expect(ms(0)).toBe(0);
  });

  test("fractions of a microsecond are rounded, never kept", () => {
    expect(us(2.4)).toBe(2);
    expect(us(2.6)).toBe(3);
    expect(ms(0.0004)).toBe(0);
    expect(ms(0.0016)).toBe(2);
    expect(Number.isInteger(sec(1 / 3))).toBe(true);
  });
});

describe("formatTime", () => {
  test("picks µs, ms or s by magnitude", () => {
    expect(formatTime(0)).toBe("0µs");
    expect(formatTime(999)).toBe("999µs");
    expect(formatTime(1_000)).toBe("1ms");
    expect(formatTime(1_500)).toBe("1.5ms");
    expect(formatTime(999_999)).toBe("999.999ms");
    expect(formatTime(1_000_000)).toBe("1s");
    expect(formatTime(2_250_000)).toBe("2.25s");
  });

  test("keeps at most three decimals and drops trailing zeros", () => {
    expect(formatTime(1_234)).toBe("1.234ms");
    expect(formatTime(1_234_567)).toBe("1.235s");
    expect(formatTime(3_600_000_000)).toBe("3600s");
  });
});
