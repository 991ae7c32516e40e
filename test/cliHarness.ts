/** Running the built CLI (`dist/src/cli.js`) as a subprocess, for the tests of the command line. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root. */
export const root = fileURLToPath(new URL("..", import.meta.url));
/** The built CLI. */
export const cliJs = join(root, "dist", "src", "cli.js");

/** What a run of the CLI gave. */
export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `chatty-sim ...args` in a fresh Node process, without colour. */
export function cli(...args: string[]): Ran {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [cliJs, ...args], { cwd: root, encoding: "utf8", env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
