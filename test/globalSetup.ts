/**
 * Runs once before the suite: the CLI tests run the built CLI (`dist/`), so build it when
 * it is missing or older than the sources. `npm test` builds first anyway; this keeps a
 * bare `vitest run` honest. Once, here, so two test files never run `tsc` at the same time.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { cliJs, root } from "./cliHarness.js";

/** Newest modification time of the .ts files under `dir`. */
function newestTs(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestTs(p));
    else if (e.name.endsWith(".ts")) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  const stale = !existsSync(cliJs) || statSync(cliJs).mtimeMs < Math.max(newestTs(join(root, "src")), newestTs(join(root, "bench")));
  if (!stale) return;
  // Type errors are the typecheck's business; what matters here is that tsc emitted the CLI.
  const r = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.json"], { cwd: root, encoding: "utf8" });
  if (!existsSync(cliJs)) throw new Error(`could not build ${cliJs}:\n${r.stdout}${r.stderr}`);
}
