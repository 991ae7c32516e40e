/**
 * The real-Erlang reference: compiles `bench/broadcast.erl` with the handout's server as the
 * conformance suite has it (`conformance/server.erl`) and runs them with `erl +S 1` (one
 * scheduler), when Erlang/OTP is installed (`apt-get install -y erlang-base`). Says why when
 * it cannot run, rather than failing the benchmark.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** What the Erlang run measured, or why there is no figure. */
export type ErlangResult =
  | {
      readonly available: true;
      readonly otp: string;
      readonly schedulers: number;
      /** Lines delivered to clients (clients × lines). */
      readonly deliveries: number;
      readonly wallSeconds: number;
      readonly deliveriesPerSecond: number;
      /** The command that ran it (after `erlc`), to reproduce by hand. */
      readonly command: string;
    }
  | { readonly available: false; readonly reason: string };

/** The Erlang sources the benchmark compiles, as paths from the project's root. */
export const ERLANG_SOURCES = ["bench/broadcast.erl", "conformance/server.erl"] as const;

/** The project's root, found from this file whether it runs from `bench/` or `dist/bench/`. */
function projectRoot(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const r of [resolve(here, ".."), resolve(here, "../..")]) if (existsSync(join(r, ERLANG_SOURCES[0]))) return r;
  return resolve(here, "..");
}

/** Runs the Erlang broadcast with `clients` and `lines`; never throws for a missing or failing `erl`. */
export function runErlangBroadcast(clients: number, lines: number): ErlangResult {
  const root = projectRoot();
  const srcs = ERLANG_SOURCES.map((f) => join(root, f));
  const missing = srcs.find((f) => !existsSync(f));
  if (missing !== undefined) return { available: false, reason: `no ${missing}` };
  const dir = mkdtempSync(join(tmpdir(), "chatty-bench-erl-"));
  try {
    const c = spawnSync("erlc", ["-o", dir, ...srcs], { encoding: "utf8" });
    if (c.error !== undefined) return { available: false, reason: "erl is not installed (apt-get install -y erlang-base)" };
    if (c.status !== 0) return { available: false, reason: `erlc failed: ${(c.stderr || c.stdout).trim().split("\n")[0]}` };
    const args = ["+S", "1", "-noshell", "-pa", dir, "-eval", `broadcast:main(${clients}, ${lines})`, "-s", "init", "stop"];
    const r = spawnSync("erl", args, { encoding: "utf8", maxBuffer: 1 << 20 });
    if (r.error !== undefined) return { available: false, reason: "erl is not installed (apt-get install -y erlang-base)" };
    const line = r.stdout.split("\n").find((l) => l.startsWith("{"));
    if (r.status !== 0 || line === undefined) return { available: false, reason: `erl failed (exit ${r.status}): ${(r.stderr || r.stdout).trim().split("\n")[0] ?? ""}` };
    const o = JSON.parse(line) as { deliveries: number; seconds: number; otp: string; schedulers: number };
    return {
      available: true,
      otp: o.otp,
      schedulers: o.schedulers,
      deliveries: o.deliveries,
      wallSeconds: o.seconds,
      deliveriesPerSecond: o.deliveries / Math.max(o.seconds, 1e-9),
      command: `erlc ${ERLANG_SOURCES.join(" ")} && erl +S 1 -noshell -eval 'broadcast:main(${clients}, ${lines})' -s init stop`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
