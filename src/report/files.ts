/**
 * Putting a generated report on disk, or comparing it with what is there. The whole report is
 * first written to a temporary directory inside `dir` and its files are then renamed into
 * place, so a failure while writing (a full disk) leaves `dir` as it was and a reader never
 * sees half a file; figures no longer generated are removed, since `reports/figures/` belongs
 * to the report alone.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ReportFiles } from "./generate.js";

/** The subdirectories a report writes into, so that the CLI can check them before any work. */
export const REPORT_SUBDIRS: readonly string[] = ["figures"];

/** Writes `files` under `dir` (which exists); returns the paths written (relative to `dir`). */
export function writeReport(dir: string, files: ReportFiles): string[] {
  const tmp = mkdtempSync(join(dir, ".report-tmp-"));
  try {
    for (const [path, text] of files) {
      mkdirSync(dirname(join(tmp, path)), { recursive: true });
      writeFileSync(join(tmp, path), text);
    }
    for (const path of files.keys()) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      renameSync(join(tmp, path), join(dir, path));
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const figures = join(dir, "figures");
  if (existsSync(figures)) for (const f of readdirSync(figures)) if (!files.has(`figures/${f}`)) rmSync(join(figures, f));
  return [...files.keys()];
}

/** The paths (relative to `dir`) that differ from `files`, are missing, or are stale figures. */
export function staleFiles(dir: string, files: ReportFiles): string[] {
  const stale: string[] = [];
  for (const [path, text] of files) {
    let now: string | null = null;
    try {
      now = readFileSync(join(dir, path), "utf8");
    } catch {
      now = null;
    }
    if (now !== text) stale.push(path);
  }
  const figures = join(dir, "figures");
  if (existsSync(figures)) for (const f of readdirSync(figures)) if (!files.has(`figures/${f}`)) stale.push(`figures/${f}`);
  return stale.sort();
}
