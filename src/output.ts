/**
 * Where the command line's output goes, made safe against a hostile file system: output paths
 * are checked before any work (so a bad `--out` fails at once, not after the job), files are
 * written to a temporary name and renamed (so nothing is ever half-written), and stdout that
 * cannot be written (a full disk) ends the process non-zero, while a reader that stops
 * reading (`| head`) ends it quietly.
 */
import { accessSync, constants, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ConfigError } from "./sim/errors.js";

/** The error code of a failed file-system call (`ENOENT`, ...), or its message. */
export function errorCode(e: unknown): string {
  return (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));
}

/** What is at `path`: a directory, something else, or nothing (an error code when even that cannot be told). */
function kindAt(path: string): "dir" | "other" | "none" | { readonly error: string } {
  try {
    return statSync(path).isDirectory() ? "dir" : "other";
  } catch (e) {
    const code = errorCode(e);
    return code === "ENOENT" ? "none" : { error: code };
  }
}

/**
 * Checks that `dir` is (or can be made) a writable directory in which each of `subdirs` is a
 * directory or absent, and creates it. Walks up by hand rather than `mkdirSync(…, {recursive})`,
 * which spins forever under `/proc` on Node 20. `flag` names the option in the error.
 */
export function prepareOutputDir(flag: string, dir: string, subdirs: readonly string[] = []): void {
  const bad = (why: string): never => {
    throw new ConfigError(`bad ${flag} "${dir}": ${why}`);
  };
  const missing: string[] = [];
  let at = resolve(dir);
  for (;;) {
    const k = kindAt(at);
    if (k === "dir") break;
    if (k === "other") bad(`${at} is not a directory`);
    if (typeof k === "object") bad(k.error);
    missing.unshift(at);
    const up = dirname(at);
    if (up === at) bad("no such directory");
    at = up;
  }
  try {
    accessSync(at, constants.W_OK | constants.X_OK);
    for (const m of missing) mkdirSync(m);
    accessSync(resolve(dir), constants.W_OK | constants.X_OK);
  } catch (e) {
    bad(`cannot create or write there (${errorCode(e)})`);
  }
  for (const s of subdirs) if (kindAt(resolve(dir, s)) === "other") bad(`${s} there is not a directory`);
}

/** Checks before any work that a file can be written at `path` (its directory exists and is writable, the path is no directory). */
export function checkOutputFile(flag: string, path: string): void {
  const k = kindAt(resolve(path));
  if (k === "dir") throw new ConfigError(`bad ${flag} "${path}": it is a directory`);
  const parent = dirname(resolve(path));
  if (kindAt(parent) !== "dir") throw new ConfigError(`bad ${flag} "${path}": no such directory ${parent}`);
  try {
    accessSync(parent, constants.W_OK | constants.X_OK);
  } catch (e) {
    throw new ConfigError(`bad ${flag} "${path}": cannot write there (${errorCode(e)})`);
  }
}

/** Writes `text` to `path` through a temporary file in the same directory and a rename; on failure nothing is left behind. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Watches stdout for write errors: `EPIPE` (the reader went away) ends the process at once,
 * quietly and with status 0, as the reader chose to stop; any other error (`ENOSPC` on a full
 * disk) is reported once on stderr and makes the exit status 1.
 */
export function guardStdout(): void {
  let failed: string | null = null;
  process.stdout.on("error", (e) => {
    const code = errorCode(e);
    if (code === "EPIPE") process.exit(0);
    if (failed !== null) return;
    failed = code;
    process.stderr.write(`chatty-sim: cannot write to stdout: ${code}\n`);
  });
  process.on("exit", () => {
    if (failed !== null) process.exitCode = 1;
  });
}
