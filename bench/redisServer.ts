/**
 * A redis-server of one's own, for the queue's tests and benchmark: on a free loopback port,
 * in a fresh directory, without persistence unless asked (appendonly, for restarts).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";

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
      proc.once("error", (e) => reject(new Error(`cannot start redis-server: ${e.message}`)));
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

