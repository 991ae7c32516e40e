/**
 * `chatty-sim export <scenario> [--set key=value]... [--out FILE]`: a named scenario written
 * as a scenario file; and `chatty-sim schema`: the JSON Schema of those files.
 */
import { parseArgs } from "./args.js";
import { checkOutputFile, writeFileAtomic } from "./output.js";
import { findScenario, parseParams, scenarioFile } from "./scenarios/index.js";
import { SCENARIO_SCHEMA } from "./scenarios/fileSchema.js";
import { ConfigError } from "./sim/index.js";

/** `export`: prints the file, or writes it whole to `--out`. */
export function exportCmd(argv: readonly string[]): number {
  const a = parseArgs(argv, ["set", "out"], []);
  const [name, ...extra] = a.positional;
  if (name === undefined) throw new ConfigError("export needs a scenario name (try: chatty-sim list)");
  if (extra.length > 0) throw new ConfigError(`unexpected argument "${extra[0]}"`);
  const out = a.options.get("out");
  if (out !== undefined) checkOutputFile("--out", out);
  const scenario = findScenario(name);
  const text = `${JSON.stringify(scenarioFile(scenario, { seed: 1, params: parseParams(scenario.params, a.sets), trace: "off" }), null, 2)}\n`;
  if (out === undefined) process.stdout.write(text);
  else writeFileAtomic(out, text);
  return 0;
}

/** `schema`: prints the JSON Schema of scenario files. */
export function schemaCmd(argv: readonly string[]): number {
  const a = parseArgs(argv, [], []);
  if (a.positional.length > 0) throw new ConfigError(`unexpected argument "${a.positional[0]}"`);
  process.stdout.write(`${JSON.stringify(SCENARIO_SCHEMA, null, 2)}\n`);
  return 0;
}
