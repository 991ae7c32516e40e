/**
 * The `--queue` URL: `redis://[[user]:password@]HOST[:PORT][/DB]`. It may carry a password,
 * so nothing here ever repeats the text it was given: errors say what is wrong, and the URL is
 * shown only as `display`, which has no credentials.
 */
import { ConfigError } from "../sim/errors.js";

/** A parsed queue URL. */
export interface QueueUrl {
  readonly host: string;
  readonly port: number;
  readonly db: number;
  readonly username?: string;
  readonly password?: string;
  /** The URL without credentials: the only form ever printed. */
  readonly display: string;
}

const EXPECTED = "expected redis://[:password@]HOST:PORT[/DB]";

/** Parses a queue URL; a bad one is a `ConfigError` that does not quote it (it may hold a password). */
export function parseQueueUrl(text: string): QueueUrl {
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    throw new ConfigError(`bad --queue URL: ${EXPECTED}`);
  }
  if (u.protocol !== "redis:") throw new ConfigError(`bad --queue URL: only redis:// is supported (${EXPECTED})`);
  if (u.hostname === "") throw new ConfigError(`bad --queue URL: no host (${EXPECTED})`);
  if (u.search !== "" || u.hash !== "") throw new ConfigError(`bad --queue URL: no query or fragment allowed (${EXPECTED})`);
  const port = u.port === "" ? 6379 : Number(u.port);
  const path = u.pathname.replace(/^\//, "");
  if (!/^\d{0,2}$/.test(path)) throw new ConfigError(`bad --queue URL: the database must be a number (${EXPECTED})`);
  const db = path === "" ? 0 : Number(path);
  // URL keeps brackets around an IPv6 host; the Redis client wants the bare address.
  const host = u.hostname.replace(/^\[(.*)\]$/, "$1");
  const decode = (s: string): string => {
    try {
      return decodeURIComponent(s);
    } catch {
      throw new ConfigError(`bad --queue URL: bad %-escape in the credentials (${EXPECTED})`);
    }
  };
  return {
    host,
    port,
    db,
    ...(u.username === "" ? {} : { username: decode(u.username) }),
    ...(u.password === "" ? {} : { password: decode(u.password) }),
    display: `redis://${u.hostname}:${port}/${db}`,
  };
}

/** `text` with every occurrence of the URL's password (raw and escaped) replaced: for messages that come from libraries. */
export function redact(url: QueueUrl, text: string): string {
  if (url.password === undefined || url.password === "") return text;
  let out = text;
  for (const p of new Set([url.password, encodeURIComponent(url.password)])) out = out.split(p).join("***");
  return out;
}
