import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  MILESTONES, OTHER_SEED_CLAIMS, QUESTIONS, STUDENT_ANSWERS, STUDENT_DEVIATIONS, STUDENT_FIXES,
  STUDENT_OBSERVATIONS, STUDENT_REPORTS, studentAnswers, studentObservations, type Quote,
} from "../../src/report/students.js";
import { CLAIMS } from "../../src/report/claims.js";

/** Copies of the seed documents (`../shared/seeds/`), kept with the tests so a fresh clone can check every quote. */
const SEEDS = new URL("../fixtures/seeds/", import.meta.url);
const cache = new Map<string, readonly string[]>();
/** The lines of a seed file, 1-based access via `[n - 1]`. */
function seedLines(file: string): readonly string[] {
  let lines = cache.get(file);
  if (lines === undefined) {
    lines = readFileSync(new URL(file, SEEDS), "utf8").split("\n");
    cache.set(file, lines);
  }
  return lines;
}
const fileOf = (report: string): string => {
  const r = STUDENT_REPORTS.find((x) => x.id === report);
  if (r === undefined) throw new Error(`no report ${report}`);
  return r.file;
};

/** Fails with the place and the line's text when `q` is not in its seed line. */
function expectQuoted(file: string, q: Quote, where: string): void {
  const lines = seedLines(file);
  expect(q.line, `${where}: line ${q.line} outside ${file}`).toBeGreaterThanOrEqual(1);
  expect(q.line, `${where}: line ${q.line} outside ${file}`).toBeLessThanOrEqual(lines.length);
  expect(q.text.trim().length, `${where}: empty quote`).toBeGreaterThan(0);
  expect(q.text.length, `${where}: quote over 200 chars`).toBeLessThanOrEqual(200);
  expect(lines[q.line - 1], `${where}: quote not at ${file}:${q.line}`).toContain(q.text);
}

function expectLines(file: string, q: Quote, lines: readonly number[], where: string): void {
  const n = seedLines(file).length;
  expect(lines, `${where}: lines must include the quote's line`).toContain(q.line);
  expect([...lines].sort((a, b) => a - b), `${where}: lines in order`).toEqual(lines);
  for (const l of lines) {
    expect(Number.isInteger(l) && l >= 1 && l <= n, `${where}: line ${l} outside ${file}`).toBe(true);
    expect(seedLines(file)[l - 1]!.trim().length, `${where}: line ${l} is blank`).toBeGreaterThan(0);
  }
}

describe("student reports", () => {
  test("each report's file exists and states its year", () => {
    for (const r of STUDENT_REPORTS) {
      expect(r.file.startsWith(`${r.id}_`)).toBe(true);
      expect(seedLines(r.file).slice(0, 8).join("\n")).toContain(String(r.year));
    }
  });

  test("every answer's quote and asked-question occur at their stated lines", () => {
    for (const a of STUDENT_ANSWERS) {
      const where = `${a.report}/${a.topic}/${a.claim ?? "no-claim"}`;
      expectQuoted(fileOf(a.report), a.quote, where);
      expectLines(fileOf(a.report), a.quote, a.lines, where);
      if (a.asked !== null) expectQuoted(fileOf(a.report), a.asked, `${where} (asked)`);
    }
  });

  test("every observation's evidence, fix, and deviation quote occurs at its stated line", () => {
    for (const o of STUDENT_OBSERVATIONS) {
      expect(o.evidence.length, o.id).toBeGreaterThan(0);
      for (const e of o.evidence) expectQuoted(fileOf(o.report), e, o.id);
    }
    for (const f of STUDENT_FIXES) {
      expectQuoted(fileOf(f.report), f.quote, `fix ${f.report}/${f.topic}`);
      expectLines(fileOf(f.report), f.quote, f.lines, `fix ${f.report}/${f.topic}`);
    }
    for (const d of STUDENT_DEVIATIONS) {
      expectQuoted(fileOf(d.report), d.quote, `deviation ${d.report}:${d.quote.line}`);
      expectLines(fileOf(d.report), d.quote, d.lines, `deviation ${d.report}:${d.quote.line}`);
    }
    for (const c of OTHER_SEED_CLAIMS) {
      expect(c.file.startsWith(`${c.seed}_`)).toBe(true);
      expectQuoted(c.file, c.quote, `seed ${c.seed}:${c.quote.line}`);
    }
  });

  test("a quote that is not in the seed is caught", () => {
    expect(() => expectQuoted(fileOf("001"), { line: 443, text: "No, the order is not guaranteed" }, "probe")).toThrow();
    expect(() => expectQuoted(fileOf("001"), { line: 442, text: "Yes the order is guaranteed" }, "probe")).toThrow();
  });

  test("every claim id named exists in CLAIMS for the same system", () => {
    const named = [
      ...STUDENT_ANSWERS.map((a) => ({ ids: a.claimIds, system: a.system, where: `${a.report}/${a.topic}` })),
      ...STUDENT_OBSERVATIONS.map((o) => ({ ids: o.claimIds, system: o.system, where: o.id })),
    ];
    for (const { ids, system, where } of named) {
      for (const id of ids) {
        expect(CLAIMS.some((c) => c.id === id && c.system === system), `${where}: no claim ${id} for ${system}`).toBe(true);
      }
    }
  });

  test("answers have no duplicate (report, topic, system, claim) and notes where no claim fits", () => {
    const keys = STUDENT_ANSWERS.filter((a) => a.claim !== null).map((a) => `${a.report}/${a.topic}/${a.system}/${a.claim}/${a.quote.line}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const a of STUDENT_ANSWERS) if (a.claim === null) expect(a.note, `${a.report}/${a.topic}`).toBeTruthy();
  });

  test("studentAnswers selects one topic, in report order", () => {
    const c = studentAnswers("c");
    expect(c.map((a) => [a.report, a.claim, a.says])).toEqual([["001", "fifo-single-sender", "holds"]]);
    const h = studentAnswers("h");
    expect(h.length).toBeGreaterThan(1);
    expect(h.every((a) => a.topic === "h" && a.system === "server2")).toBe(true);
    expect(h.map((a) => a.report)).toEqual([...h.map((a) => a.report)].sort());
    expect(studentAnswers("e").map((a) => a.report)).toEqual(["001"]);
    // Every topic's entries together are all the entries.
    const all = [...QUESTIONS, ...MILESTONES].flatMap((t) => studentAnswers(t));
    expect(all.length).toBe(STUDENT_ANSWERS.length);
    expect(studentObservations("MS5").map((o) => o.id)).toContain("000-fig9-rejoin-duplicates");
  });
});
