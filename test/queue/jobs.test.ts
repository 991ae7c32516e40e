import { resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { jobSets } from "../../src/queue/jobs.js";

describe("jobSets", () => {
  test("a module of a role goes by its absolute path; variants and other parameters as given", () => {
    const sets = [
      ["server2", "./mine.js"],
      ["server", "handout"],
      ["server2", "fixed"],
      ["clients", "3"],
      ["server", "/abs/theirs.mjs"],
    ] as const;
    expect(jobSets(sets)).toEqual([
      ["server2", resolve("mine.js")],
      ["server", "handout"],
      ["server2", "fixed"],
      ["clients", "3"],
      ["server", "/abs/theirs.mjs"],
    ]);
  });
});
