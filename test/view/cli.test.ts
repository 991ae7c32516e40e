/** `chatty-sim view` on the command line: pages written whole or not at all, bad input, the server. */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, cliJs, root, type Ran } from "../cliHarness.js";

const dir = mkdtempSync(join(tmpdir(), "chatty-view-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function expectBadInput(r: Ran, message: RegExp): void {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr.split("\n")).toHaveLength(2);
  expect(r.stderr).toMatch(/^chatty-sim: /);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
}

describe("chatty-sim view", () => {
  it("writes a scenario's page, and a saved trace's", () => {
    const out = join(dir, "ms1.html");
    const r = cli("view", "ms1", "--seed", "2", "--out", out);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`wrote ${out} (open it in a browser)\n`);
    expect(readFileSync(out, "utf8")).toMatch(/^<!doctype html>[\s\S]*chatty-sim run ms1 --seed 2[\s\S]*<\/html>\n$/);
    const trace = join(dir, "ms1.jsonl");
    expect(cli("run", "ms1", "--trace", trace).code).toBe(0);
    const fromTrace = join(dir, "from-trace.html");
    expect(cli("view", "--trace", trace, "--out", fromTrace).code).toBe(0);
    expect(readFileSync(fromTrace, "utf8")).toContain("trace ms1.jsonl");
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("opens an explored counterexample by its choices", () => {
    const out = join(dir, "world.html");
    const r = cli("view", "world", "--set", "world=server2/lan/S:t0,t0b0/C:s0t0-m0,s1t0-m0/F:/T:100000", "--replay", "0,4", "--out", out);
    expect(r.code).toBe(0);
    expect(readFileSync(out, "utf8")).toContain("chatty-sim explore world --set world=server2/lan/S:t0,t0b0/C:s0t0-m0,s1t0-m0/F:/T:100000 --replay 0,4");
  });

  it.each([
    [["view", "nosuch"], /unknown scenario/],
    [["view"], /view needs a scenario name/],
    [["view", "--trace", "/nonexistent/trace.jsonl"], /cannot read trace \/nonexistent\/trace.jsonl: ENOENT/],
    [["view", "ms1", "--serve", "--port", "70000"], /bad --port "70000"/],
    [["view", "ms1", "--port", "8080"], /--port goes with --serve/],
    [["view", "ms1", "--serve", "--out", "x.html"], /--out or --serve/],
    [["view", "ms1", "--trace", "t.jsonl"], /view --trace takes no scenario/],
    [["view", "ms1", "--replay", "0,x"], /bad --replay/],
  ])("bad input %j: exit 2, one line, no file", (args, message) => {
    const out = join(dir, "never.html");
    expectBadInput(cli(...args, ...(args.includes("--serve") ? [] : ["--out", out])), message);
    expect(existsSync(out)).toBe(false);
  });

  it("a bad trace file or an unwritable --out: exit 2, nothing written", () => {
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, '{"k":"send","t":1}\nnot json\n');
    const out = join(dir, "bad.html");
    expectBadInput(cli("view", "--trace", bad, "--out", out), /bad trace .*bad.jsonl: line 2 is not JSON/);
    expect(existsSync(out)).toBe(false);
    const blocked = join(dir, "ms1-blocked.html");
    writeFileSync(blocked, "a file, not a directory");
    expectBadInput(cli("view", "ms1", "--out", join(blocked, "page.html")), /cannot write .*page.html: ENOTDIR/);
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("--serve serves the page on 127.0.0.1, prints the URL, and stops on SIGINT", async () => {
    const child = spawn(process.execPath, [cliJs, "view", "ms1", "--serve"], { cwd: root, env: { ...process.env, NO_COLOR: "1" } });
    const url = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (b: Buffer) => {
        out += b.toString();
        const m = /http:\/\/127\.0\.0\.1:(\d+)\//.exec(out);
        if (m !== null) resolve(m[0]);
      });
      child.once("exit", (code) => reject(new Error(`exited ${code} before serving`)));
    });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(await res.text()).toContain("chatty-sim run ms1 --seed 1");
    const code = new Promise<number | null>((resolve) => child.once("exit", resolve));
    child.kill("SIGINT");
    expect(await code).toBe(0);
  });

  it("--serve on a port in use: exit 2, one line", async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const port = (busy.address() as { port: number }).port;
    try {
      expectBadInput(cli("view", "ms1", "--serve", "--port", String(port)), new RegExp(`cannot serve on 127.0.0.1:${port}: EADDRINUSE`));
    } finally {
      busy.close();
    }
  });
});
