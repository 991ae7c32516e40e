/**
 * The README says what the tool does (issue 21): its "Writing a process" example compiles as
 * written, every parameter it says every scenario takes is taken by every scenario, and the
 * documents it links are in the repository.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ts from "typescript";
import { expect, test } from "vitest";
import { SCENARIOS } from "../../src/scenarios/index.js";
import { root } from "../cliHarness.js";

const readme = readFileSync(join(root, "README.md"), "utf8");

test("the 'Writing a process' example type-checks as written, beside the README", () => {
  const section = readme.split(/^## Writing a process$/m)[1];
  const code = /```ts\n([\s\S]*?)```/.exec(section ?? "")?.[1];
  expect(code).toBeDefined();
  // Beside README.md, so that its `./src/sim/index.js` means what it means to a reader.
  const file = join(root, `.readme-example-${process.pid}.ts`);
  writeFileSync(file, code!);
  try {
    const config = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    const program = ts.createProgram([file], { ...config.options, noEmit: true, declaration: false, sourceMap: false });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(errors).toEqual([]);
  } finally {
    rmSync(file, { force: true });
  }
});

test("every parameter the README says every scenario takes, every scenario takes", () => {
  const claim = /Every scenario takes (.*?);/.exec(readme.replace(/\n/g, " "))?.[1];
  expect(claim).toBeDefined();
  const names = [...claim!.matchAll(/`(?:--set )?(\w+)=/g)].map((m) => m[1]!);
  expect(names.length).toBeGreaterThan(2);
  for (const s of SCENARIOS) for (const n of names) expect(s.params.map((p) => p.name), `${s.name} takes ${n}`).toContain(n);
  // "all but TheyChat and the idle-timeout chat also take `variant=handout|fixed`"
  expect(readme.replace(/\n/g, " ")).toMatch(/all but TheyChat and the idle-timeout chat also take `variant=handout\|fixed`/);
  const apart = (name: string): boolean => name.startsWith("theychat-") || name === "idle-timeout" || name === "pseudonym-validation";
  for (const s of SCENARIOS) expect(s.params.some((p) => p.name === "variant"), `${s.name} takes variant`).toBe(!apart(s.name));
});

test("every relative link and path the README names is in the repository", () => {
  const targets = [...readme.matchAll(/\]\(([^)#:]+)\)|`(\.\.?\/[^`]+)`/g)].map((m) => m[1] ?? m[2]!);
  expect(targets.length).toBeGreaterThan(0);
  for (const t of targets) {
    const p = join(root, t);
    expect(p.startsWith(root), `${t} is inside the repository`).toBe(true);
    expect(existsSync(p) || existsSync(dirname(p)), `${t} exists`).toBe(true);
  }
});
