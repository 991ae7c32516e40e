/**
 * For the queue tests: a `redis-server` of their own on a free loopback port, and the built
 * CLI's coordinator and workers as separate processes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { cliJs, root } from "../cliHarness.js";

/** A free TCP port on 127.0.0.1 (asked of the kernel, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** A redis-server started by a test. */
export interface RedisServer {
  readonly port: number;
  /** The queue URL (with the password, when it has one). */
  readonly url: string;
  /** Stops it (SIGTERM: with appendonly, it writes its file first) and waits for it to exit. */
  stop(): Promise<void>;
  /** Stops it and starts it again on the same port and directory. */
  restart(): Promise<void>;
  /** Deletes every key. */
  flush(): Promise<void>;
}

/** Starts redis-server on a free port, in a fresh directory; `appendonly`: it keeps its data across a restart. */
export async function startRedis(opts: { readonly appendonly?: boolean; readonly password?: string } = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "chatty-redis-"));
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", opts.appendonly === true ? "yes" : "no", "--dir", dir, ...(opts.password === undefined ? [] : ["--requirepass", opts.password])];
  let proc: ChildProcess;
  const launch = async (): Promise<void> => {
    proc = spawn("redis-server", args, { stdio: ["ignore", "pipe", "pipe"] });
    await new Promise<void>((resolve, reject) => {
      let out = "";
      proc.stdout!.on("data", (b: Buffer) => {
        out += b.toString();
        if (out.includes("Ready to accept connections")) resolve();
      });
      proc.once("exit", (code) => reject(new Error(`redis-server exited with ${code}: ${out}`)));
    });
  };
  const stop = async (): Promise<void> => {
    if (proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once("exit", r));
    proc.kill("SIGTERM");
    await exited;
  };
  await launch();
  const url = `redis://${opts.password === undefined ? "" : `:${opts.password}@`}127.0.0.1:${port}`;
  return {
    port,
    url,
    stop: async () => {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
    restart: async () => {
      await stop();
      await launch();
    },
    flush: async () => {
      const c = new Redis({ host: "127.0.0.1", port, ...(opts.password === undefined ? {} : { password: opts.password }) });
      await c.flushall();
      c.disconnect();
    },
  };
}

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

/** Starts `chatty-sim ...args` in its own process, without colour; `env` adds to the environment. */
export function startCli(args: readonly string[], env: Record<string, string> = {}): CliProcess {
  const e: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1", ...env };
  delete e.FORCE_COLOR;
  const proc = spawn(process.execPath, [cliJs, ...args], { cwd: root, env: e, stdio: ["ignore", "pipe", "pipe"] });
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
export async function startWorkers(url: string, n: number, env: Record<string, string> = {}): Promise<CliProcess[]> {
  const ws = Array.from({ length: n }, () => startCli(["worker", "--queue", url, "--lock-ms", "1500"], env));
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
