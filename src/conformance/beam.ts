/**
 * A case on real BEAM: the Erlang sources in `conformance/` are compiled with `erlc` into a
 * temporary directory, each case is written as an Erlang term file, and one controller VM
 * (`conf_controller`) starts every node of a case as its own VM (`peer`, `-name
 * …@127.0.0.1 -setcookie …`), drives the steps a gap apart and prints what each node
 * printed and each client received as a JSON line. This module only shells out and
 * parses; the cases and the comparison live elsewhere.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Case, clientsOf, fullName, GAP_MS, nodesOf, type Step } from "./cases.js";
import { normaliseLines, type Outcome } from "./outcome.js";

/** The cookie every VM of a run shares. */
export const COOKIE = "chatty_conformance";

/** Where `erl` and `erlc` are, or why they cannot be used. */
export type ErlangTools = { readonly kind: "found"; readonly erl: string; readonly erlc: string } | { readonly kind: "missing"; readonly message: string };

/** A case's run on BEAM. */
export type BeamRun =
  | { readonly kind: "ok"; readonly otp: string; readonly outcome: Outcome; readonly notes: readonly string[] }
  | { readonly kind: "error"; readonly message: string };

/** The line printed (and the reason recorded) when Erlang is not installed. */
export const NOT_INSTALLED =
  "erl is not installed (no `erl`/`erlc` on PATH): the BEAM side of the conformance cases was not run. Install it with `apt-get install -y erlang-base`.";

/** Finds `erl` and `erlc` on `path` (default: this process's PATH). */
export function findErlang(path: string = process.env.PATH ?? ""): ErlangTools {
  const find = (exe: string): string | undefined => {
    for (const dir of path.split(delimiter)) {
      if (dir === "") continue;
      const p = join(dir, exe);
      if (existsSync(p)) return p;
    }
    return undefined;
  };
  const erl = find("erl");
  const erlc = find("erlc");
  return erl !== undefined && erlc !== undefined ? { kind: "found", erl, erlc } : { kind: "missing", message: NOT_INSTALLED };
}

/** The repository's root: the nearest directory above this module holding `conformance/`. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, "conformance", "conf_controller.erl"))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error("cannot find the conformance/ directory above " + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** An Erlang atom literal. */
const atom = (a: string): string => `'${a.replace(/[\\']/g, "\\$&")}'`;
/** An Erlang string literal (ASCII only: the cases' texts are). */
function str(s: string): string {
  if (!/^[\x20-\x7e\n]*$/.test(s)) throw new Error(`not a plain ASCII text: ${JSON.stringify(s)}`);
  return JSON.stringify(s);
}

/** A step as the controller's Erlang term; `nodeOf` maps a client's name to its node. */
export function stepTerm(s: Step, nodeOf: (name: string) => string): string {
  const n = (short: string): string => atom(fullName(short));
  switch (s.do) {
    case "server":
      return `{server,${n(s.node)}}`;
    case "server2":
      return s.boot === undefined ? `{server2,${n(s.node)}}` : `{server2,${n(s.node)},${n(s.boot)}}`;
    case "client":
      return `{client,${n(s.node)},${str(s.name)},${n(s.server)}}`;
    case "type":
      // io:get_line keeps the newline: the handout's Text ends in one.
      return `{type,${n(nodeOf(s.name))},${str(s.text + "\n")}}`;
    case "leave":
      return `{type,${n(nodeOf(s.name))},${str("exit\n")}}`;
    case "shell-send":
      return `{shell_send,${n(s.node)},${atom(s.to)},${s.msg.erl}}`;
    case "kill":
      return `{kill,${n(s.node)}}`;
    case "restart":
      return `{restart,${n(s.node)}}`;
    case "send-old":
      return `{send_old,${n(s.from)},${n(s.target)},${s.msg.erl}}`;
  }
}

/** The case file `file:consult/1` reads. */
export function caseFile(c: Case): string {
  const clients = clientsOf(c);
  const nodeOf = (name: string): string => {
    const node = clients.get(name);
    if (node === undefined) throw new Error(`case ${c.name}: no client ${name}`);
    return node;
  };
  return [
    `{name, ${str(c.name)}}.`,
    `{gap_ms, ${GAP_MS}}.`,
    `{nodes, [${nodesOf(c).map((x) => atom(fullName(x))).join(", ")}]}.`,
    `{steps, [\n  ${c.steps.map((s) => stepTerm(s, nodeOf)).join(",\n  ")}\n]}.`,
    "",
  ].join("\n");
}

/** The controller's JSON for one case. */
interface ControllerJson {
  readonly case: string;
  readonly error?: string;
  readonly otp?: string;
  readonly nodes?: Record<string, [number, string][]>;
  readonly screens?: Record<string, [number, string][]>;
  readonly notes?: string[];
}

/** Turns the controller's output (all its stdout) into one run per case, by case name. */
export function parseControllerOutput(stdout: string, cases: readonly Case[]): Map<string, BeamRun> {
  const out = new Map<string, BeamRun>();
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("CONFORMANCE-JSON ")) continue;
    const j = JSON.parse(line.slice("CONFORMANCE-JSON ".length)) as ControllerJson;
    const c = cases.find((x) => x.name === j.case);
    if (c === undefined) continue;
    if (j.error !== undefined) {
      out.set(c.name, { kind: "error", message: j.error });
      continue;
    }
    const nodes: Record<string, string[]> = {};
    for (const n of nodesOf(c)) nodes[fullName(n)] = normaliseLines((j.nodes?.[fullName(n)] ?? []).map(([, l]) => l));
    const screens: Record<string, string[]> = {};
    for (const [name, node] of clientsOf(c)) screens[name] = normaliseLines((j.screens?.[fullName(node)] ?? []).map(([, l]) => l));
    out.set(c.name, { kind: "ok", otp: j.otp ?? "?", outcome: { nodes, screens }, notes: j.notes ?? [] });
  }
  return out;
}

/**
 * Runs `cases` on BEAM with the given tools: compiles, writes the case files, runs one
 * controller VM for all of them (each case starts and stops its own nodes).
 */
export function runOnBeam(cases: readonly Case[], tools: ErlangTools & { kind: "found" }): Map<string, BeamRun> {
  const root = repoRoot();
  const work = mkdtempSync(join(tmpdir(), "chatty-conformance-"));
  const fail = (message: string): Map<string, BeamRun> => new Map(cases.map((c) => [c.name, { kind: "error", message }]));
  try {
    const sources = readdirSync(join(root, "conformance"))
      .filter((f) => f.endsWith(".erl"))
      .sort()
      .map((f) => join(root, "conformance", f));
    const cc = spawnSync(tools.erlc, ["-o", work, ...sources], { encoding: "utf8" });
    if (cc.status !== 0) return fail(`erlc failed: ${cc.stderr || cc.stdout || String(cc.error)}`.trim());
    const files = cases.map((c) => {
      const f = join(work, `${c.name}.conf`);
      writeFileSync(f, caseFile(c));
      return f;
    });
    const args = [
      "-name", `chatty_conformance_${process.pid}@127.0.0.1`,
      "-setcookie", COOKIE,
      "-noshell",
      "-kernel", "prevent_overlapping_partitions", "false",
      "-pa", work,
      "-run", "conf_controller", "main", ...files,
    ];
    const r = spawnSync(tools.erl, args, { encoding: "utf8", timeout: 60_000 * Math.max(1, cases.length), maxBuffer: 64 * 1024 * 1024 });
    const runs = parseControllerOutput(r.stdout ?? "", cases);
    for (const c of cases) {
      if (!runs.has(c.name)) runs.set(c.name, { kind: "error", message: `no result from the controller (exit ${r.status}${r.error ? `, ${r.error.message}` : ""}): ${(r.stderr ?? "").trim().split("\n").slice(-3).join(" | ")}` });
    }
    return runs;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
