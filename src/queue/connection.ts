/**
 * Connections to the queue's Redis: the options BullMQ gets, and the check made before any
 * work starts, so that a bad address or a refused password is one line within a bounded time
 * rather than a client retrying forever.
 */
import type { ConnectionOptions } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";
import { ConfigError } from "../sim/errors.js";
import { redact, type QueueUrl } from "./url.js";

/** The one BullMQ queue every chatty-sim coordinator and worker shares. */
export const QUEUE_NAME = "chatty-sim";

/** How long the first contact may take before the command gives up. */
export const CONNECT_TIMEOUT_MS = 5000;

/**
 * ioredis options for `url`. `blocking`: a worker's connection, whose commands wait through an
 * outage (BullMQ requires `maxRetriesPerRequest: null` there); a coordinator's commands fail
 * after a few reconnects instead, and its wait loop decides how long an outage may last.
 */
export function redisOptions(url: QueueUrl, blocking: boolean): RedisOptions & ConnectionOptions {
  return {
    host: url.host,
    port: url.port,
    db: url.db,
    ...(url.username === undefined ? {} : { username: url.username }),
    ...(url.password === undefined ? {} : { password: url.password }),
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: blocking ? null : 2,
    // Reconnect quickly (a restarted Redis is back in a second or two), never give up: the caller bounds the wait.
    retryStrategy: (n: number) => Math.min(100 * n, 1000),
  };
}

/** The message of an error from the Redis client, one line, without the password. */
export function errorText(url: QueueUrl, e: unknown): string {
  const m = e instanceof Error ? ((e as NodeJS.ErrnoException).code ?? e.message) : String(e);
  return redact(url, m.split("\n")[0]!);
}

/**
 * Connects once, pings and disconnects; a failure (unreachable, refused, wrong password, no
 * answer within `CONNECT_TIMEOUT_MS`) is a `ConfigError` naming the URL without credentials.
 */
export async function checkReachable(url: QueueUrl): Promise<void> {
  const client = new Redis({ ...redisOptions(url, false), lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, enableOfflineQueue: false });
  let last: unknown = null;
  // ioredis reports connection errors as events too; without a listener it prints them.
  client.on("error", (e) => (last = e));
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      (async () => {
        await client.connect();
        await client.ping();
      })(),
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${CONNECT_TIMEOUT_MS / 1000} s`)), CONNECT_TIMEOUT_MS))),
    ]);
  } catch (e) {
    throw new ConfigError(`cannot use the queue at ${url.display}: ${errorText(url, last ?? e)}`);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}
