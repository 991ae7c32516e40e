/**
 * For the queue tests: a `redis-server` of their own on a free loopback port, and the built
 * CLI's coordinator and workers as separate processes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { cliJs, root } from "../cliHarness.js";

export { freePort, startRedis, type RedisServer } from "../../bench/redisServer.js";

/** A CLI process: its output so far, and its end. */
export interface CliProcess {
  readonly proc: ChildProcess;
  stdout: string;
  stderr: string;
  /** Resolves with the exit code (null when killed by a signal). */
  readonly exited: Promise<number | null>;
  /** Resolves once stderr contains `text`. */
  waitFor(text: string | RegExp): Promise<void>;
}

/**
 * Starts `chatty-sim ...args` in its own process, without colour; `env` adds to the environment;
 * in `cwd` (the project's root by default); `node` are options for Node itself (`--import tsx`).
 */
export function startCli(args: readonly string[], env: Record<string, string> = {}, cwd: string = root, node: readonly string[] = []): CliProcess {
  const e: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ...env };
  delete e.FORCE_COLOR;
  const proc = spawn(process.execPath, [...node, cliJs, ...args], { cwd, env: e, stdio: ["ignore", "pipe", "pipe"] });
  const waiters: { test: string | RegExp; resolve: () => void }[] = [];
  const c: CliProcess = {
    proc,
    stdout: "",
    stderr: "",
    exited: new Promise((resolve) => proc.once("exit", (code) => resolve(code))),
    waitFor: (test) =>
      new Promise<void>((resolve) => {
        waiters.push({ test, resolve });
        check();
      }),
  };
  const check = (): void => {
    for (const w of [...waiters]) {
      if (typeof w.test === "string" ? c.stderr.includes(w.test) : w.test.test(c.stderr)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  proc.stdout!.on("data", (b: Buffer) => (c.stdout += b.toString()));
  proc.stderr!.on("data", (b: Buffer) => {
    c.stderr += b.toString();
    check();
  });
  return c;
}

/** Starts `n` workers on `url` (each `--concurrency 1`, a short lock so a killed one's job is soon taken over). */
export async function startWorkers(url: string, n: number, env: Record<string, string> = {}, node: readonly string[] = []): Promise<CliProcess[]> {
  const ws = Array.from({ length: n }, () => startCli(["worker", "--queue", url, "--lock-ms", "1500"], env, root, node));
  await Promise.all(ws.map((w) => w.waitFor("taking jobs")));
  return ws;
}

/** Stops workers (SIGTERM, then SIGKILL if they linger) and waits for them. */
export async function stopAll(ps: readonly CliProcess[]): Promise<void> {
  for (const p of ps) if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill("SIGTERM");
  const t = setTimeout(() => ps.forEach((p) => p.proc.kill("SIGKILL")), 5000);
  await Promise.all(ps.map((p) => p.exited));
  clearTimeout(t);
}

/** The pids of `pid`'s child processes (Linux: from /proc). */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      if (/^PPid:\s+(\d+)$/m.exec(readFileSync(`/proc/${d}/status`, "utf8"))?.[1] === String(pid)) out.push(Number(d));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** Whether a process is still there (a zombie counts as gone). */
export function running(pid: number): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, "utf8"));
  } catch {
    return false;
  }
}
