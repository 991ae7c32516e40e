/**
 * chatty-sim as a library, as a user gets it: `npm pack`, the tarball installed into a
 * scratch project in a temporary directory (from the npm cache, which `npm ci` filled), and
 * there a fast-check property over `arbWorld` run with plain node, and the entry points'
 * types checked with tsc. Needs the built `dist/` (`npm test` builds first).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { root } from "./cliHarness.js";

const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { version: string; dependencies: Record<string, string> };
const scratch = mkdtempSync(join(tmpdir(), "chatty-user-"));

beforeAll(() => {
  // dist/ is already built, so the pack skips `prepare`.
  const out = execFileSync(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", scratch], { cwd: root, encoding: "utf8" });
  const tarball = join(scratch, (JSON.parse(out) as { filename: string }[])[0]!.filename);
  writeFileSync(join(scratch, "package.json"), JSON.stringify({ name: "my-chat-tests", private: true, type: "module" }));
  execFileSync(npm, ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts", tarball, `fast-check@${pkg.dependencies["fast-check"]}`], { cwd: scratch, encoding: "utf8", stdio: "pipe" });
}, 120_000);

describe("the packed library in a user's project", () => {
  test("a fast-check property over arbWorld({ system: 'server2' }) runs, holds, and a false one is shrunk", () => {
    writeFileSync(
      join(scratch, "prop.mjs"),
      `import fc from "fast-check";
import { findScenario, runScenario, SCENARIOS } from "chatty-sim";
import { Simulation } from "chatty-sim/sim";
import { fifo } from "chatty-sim/check";
import { arbWorld, runCase } from "chatty-sim/props";

let runs = 0;
// One sender's lines arrive in order at every client of a server2 chat, when links keep order.
fc.assert(fc.property(arbWorld({ system: "server2", orderings: ["process-pair"] }), (w) => {
  runs++;
  const r = runCase(w);
  return w.world.system === "server2" && r.checks.find((c) => c.check === "fifo").status !== "violated";
}), { numRuns: 25, seed: 17 });
let shrunk = null;
try {
  fc.assert(fc.property(arbWorld({ system: "server2" }), (w) => w.world.clients.length < 3), { seed: 17 });
} catch (e) {
  shrunk = /Counterexample: (.*)/.exec(String(e.message))[1];
}
const sim = new Simulation({ seed: 1 });
console.log(JSON.stringify({ runs, shrunk, scenarios: SCENARIOS.length, ms1: runScenario(findScenario("ms1"), 1).traceHash, fifo: typeof fifo, kernel: typeof sim.run }));
`,
    );
    const r = spawnSync(process.execPath, ["prop.mjs"], { cwd: scratch, encoding: "utf8" });
    expect(r.stderr).toBe("");
    const got = JSON.parse(r.stdout) as { runs: number; shrunk: string; scenarios: number; ms1: string; fifo: string; kernel: string };
    expect(got.runs).toBe(25);
    // Shrunk to the smallest world that breaks it: exactly three clients.
    expect(JSON.parse(got.shrunk)[0].world.clients).toHaveLength(3);
    expect(got.scenarios).toBeGreaterThan(20);
    expect(got.ms1).toMatch(/^[0-9a-f]{64}$/);
    expect([got.fifo, got.kernel]).toEqual(["function", "function"]);
  });
  test("the entry points carry their types: a user's TypeScript checks against them, and a wrong use fails", () => {
    const ts = `import fc from "fast-check";
import { props, readScenarioFile, type ScenarioResult } from "chatty-sim";
import { Simulation, type Proc } from "chatty-sim/sim";
import { fifo, type Verdict } from "chatty-sim/check";
import { arbWorld, runCase, type WorldCase } from "chatty-sim/props";
const p = fc.property(arbWorld({ system: "server2" }), (w: WorldCase) => runCase(w).checks.length > 0);
const r: ScenarioResult | null = null;
const v: ((log: Parameters<typeof fifo>[0]) => Verdict) = fifo;
const sim = new Simulation({ seed: 1 });
sim.addNode({ name: "a@h" });
sim.spawn("a@h", function* (q: Proc) { yield* q.receive(); });
export { p, r, v, props, readScenarioFile };
`;
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const args = ["--noEmit", "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--skipLibCheck", "--types", "node", "--typeRoots", join(root, "node_modules", "@types")];
    writeFileSync(join(scratch, "use.ts"), ts);
    const ok = spawnSync(process.execPath, [tsc, ...args, "use.ts"], { cwd: scratch, encoding: "utf8" });
    expect(ok.stdout + ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    writeFileSync(join(scratch, "wrong.ts"), `import { arbWorld } from "chatty-sim/props";\narbWorld({ system: "server3" });\n`);
    const bad = spawnSync(process.execPath, [tsc, ...args, "wrong.ts"], { cwd: scratch, encoding: "utf8" });
    expect(bad.status).not.toBe(0);
    expect(bad.stdout).toMatch(/wrong\.ts.*"server3"/);
  });
  test("a user's server2 in TypeScript, checked against the package's types and compiled with tsc, runs through the installed CLI, as does the shipped example", () => {
    writeFileSync(
      join(scratch, "mine.ts"),
      `import type { UserModule, Server2Config } from "chatty-sim";
import type { Pid } from "chatty-sim/sim";
type Req = { tag?: string; from?: Pid; name?: string; text?: string; servers?: Pid[] };
const mine: UserModule<Server2Config> = {
  role: "server2",
  *run(p, config) {
    let clients: Pid[] = [];
    let servers: Pid[] = [p.self()];
    if (config.boot !== undefined) p.send(config.boot, { tag: "server_join_req", from: p.self() });
    for (;;) {
      p.put("servers", servers);
      const m = (yield* p.receive()) as Req;
      if (m.tag === "client_join_req" && m.from) { clients = [m.from, ...clients]; for (const s of servers) p.send(s, { tag: "join", name: m.name }); }
      else if (m.tag === "send") for (const s of servers) p.send(s, { tag: "message", name: m.name, text: m.text });
      else if (m.tag === "server_join_req" && m.from) { servers = [m.from, ...servers]; for (const s of servers) p.send(s, { tag: "update_servers", servers }); }
      else if (m.tag === "update_servers" && m.servers) servers = m.servers.includes(p.self()) ? m.servers : [p.self(), ...m.servers];
      else for (const c of clients) p.send(c, m);
    }
  },
};
export default mine;
`,
    );
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const built = spawnSync(process.execPath, [tsc, "--strict", "--module", "nodenext", "--moduleResolution", "nodenext", "--target", "es2022", "--skipLibCheck", "--types", "node", "--typeRoots", join(root, "node_modules", "@types"), "mine.ts"], { cwd: scratch, encoding: "utf8" });
    expect(built.stdout + built.stderr).toBe("");
    const bin = join(scratch, "node_modules", "chatty-sim", "dist", "src", "cli.js");
    const run = (code: string): { checks: { name: string; status: string }[] } => JSON.parse(spawnSync(process.execPath, [bin, "run", "ms4", "--set", `server2=${code}`, "--json"], { cwd: scratch, encoding: "utf8" }).stdout);
    expect(run("./mine.js").checks.find((c) => c.name === "completeness")!.status).toBe("holds");
    expect(run("./node_modules/chatty-sim/examples/my-server2.js").checks.find((c) => c.name === "completeness")!.status).toBe("holds");
  });
});
