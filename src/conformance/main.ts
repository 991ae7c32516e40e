#!/usr/bin/env node
/**
 * `npm run conformance [-- --record] [case…]`: runs the conformance cases (or the named
 * cases and probes) on BEAM and in chatty-sim, prints the table and, after a full run on BEAM, writes
 * `reports/conformance.md` (and with `--record`, `src/conformance/recorded.ts`). Exits 0
 * when every case agrees or when `erl` is not installed, 1 when a case differs (probes,
 * the known differences, never fail the run), 2 on a bad argument.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "./beam.js";
import { type Case, CASES, PROBES } from "./cases.js";
import { formatRecorded, formatReport, formatRun } from "./format.js";
import { runConformance } from "./run.js";

function main(argv: readonly string[]): number {
  const record = argv.includes("--record");
  const names = argv.filter((a) => a !== "--record");
  const all = [...CASES, ...PROBES];
  const unknown = names.filter((n) => !all.some((c) => c.name === n));
  if (unknown.length > 0) {
    process.stderr.write(`unknown case ${unknown.join(", ")}; the cases are: ${CASES.map((c) => c.name).join(", ")} (probes, run only when named: ${PROBES.map((c) => c.name).join(", ")})\n`);
    return 2;
  }
  const pick = (list: readonly Case[]): readonly Case[] => (names.length === 0 ? list : list.filter((c) => names.includes(c.name)));
  const run = runConformance({ cases: pick(CASES), probes: pick(PROBES) });
  process.stdout.write(formatRun(run).join("\n") + "\n");
  if (run.erlang.kind === "found" && names.length === 0 && [...run.results, ...run.probes].every((r) => r.verdict.kind !== "error")) {
    const root = repoRoot();
    mkdirSync(join(root, "reports"), { recursive: true });
    writeFileSync(join(root, "reports", "conformance.md"), formatReport(run));
    process.stdout.write("wrote reports/conformance.md\n");
    if (record) {
      writeFileSync(join(root, "src", "conformance", "recorded.ts"), formatRecorded(run));
      process.stdout.write("wrote src/conformance/recorded.ts\n");
    }
  }
  return run.exitCode;
}

process.exitCode = main(process.argv.slice(2));
