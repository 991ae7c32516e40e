/**
 * Putting a generated report on disk, or comparing it with what is there. Each file is
 * written to a temporary name and renamed, so a reader never sees half a file; figures no
 * longer generated are removed, since `reports/figures/` belongs to the report alone.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ReportFiles } from "./generate.js";

/** Writes `files` under `dir`; returns the paths written (relative to `dir`). */
export function writeReport(dir: string, files: ReportFiles): string[] {
  for (const [path, text] of files) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    const tmp = `${full}.tmp-${process.pid}`;
    writeFileSync(tmp, text);
    renameSync(tmp, full);
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
