/**
 * Putting a viewer page where the user asked: a file, written to a temporary name and renamed
 * so that no half-written page is ever left, or a local HTTP server on 127.0.0.1.
 */
import { renameSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { ConfigError } from "../sim/errors.js";

/** Writes `html` to `file` whole or not at all; a path that cannot be written is a `ConfigError`. */
export function writePage(file: string, html: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, html);
    renameSync(tmp, file);
  } catch (e) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // Nothing was made there (its directory is not one).
    }
    throw new ConfigError(`cannot write ${file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
}

/** Parses `--port`: 0 (any free port) to 65535. */
export function parsePort(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > 65535) throw new ConfigError(`bad --port "${text}": expected 0..65535`);
  return Number(text);
}

/** Serves `html` at every path on 127.0.0.1:`port`; resolves with the server and its URL once listening. */
export function servePage(html: string, port: number): Promise<{ server: Server; url: string }> {
  const body = Buffer.from(html);
  const server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": body.length });
    res.end(body);
  });
  return new Promise((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) => reject(new ConfigError(`cannot serve on 127.0.0.1:${port}: ${e.code ?? e.message}`)));
    server.listen(port, "127.0.0.1", () => {
      const a = server.address();
      const p = typeof a === "object" && a !== null ? a.port : port;
      resolve({ server, url: `http://127.0.0.1:${p}/` });
    });
  });
}
