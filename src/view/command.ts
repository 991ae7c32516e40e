/**
 * What `chatty-sim view` makes: the page of a scenario run (or of one explored run, by its
 * choices) or of a saved trace file, and the file name it goes to by default. Bad input is a
 * `ConfigError`; the CLI parses the arguments and puts the page out.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { exploreCommand, replay } from "../explore/search.js";
import { runScenario, type Scenario } from "../scenarios/index.js";
import { ConfigError } from "../sim/errors.js";
import { parseTraceLines, viewData } from "./data.js";
import { runView } from "./fromRun.js";
import { viewerPage } from "./page.js";

/** What to view. */
export type ViewSource =
  | { readonly kind: "scenario"; readonly scenario: Scenario; readonly seed: number; readonly sets: readonly (readonly [string, string])[]; readonly replay?: { readonly choices: readonly number[]; readonly losses: number; readonly crashes: number } }
  | { readonly kind: "trace"; readonly file: string };

/** A page and the file it is written to unless `--out` says otherwise. */
export interface ViewPage {
  readonly html: string;
  readonly defaultFile: string;
}

/** Makes the page. */
export function makeViewPage(src: ViewSource): ViewPage {
  switch (src.kind) {
    case "scenario": {
      const { scenario, seed, sets } = src;
      if (src.replay === undefined) {
        const r = runScenario(scenario, seed, sets);
        return { html: viewerPage(runView(r, scenario.title)), defaultFile: `${scenario.name}-seed${seed}.html` };
      }
      const { choices, losses, crashes } = src.replay;
      const r = replay(scenario, sets, choices, seed, losses, crashes);
      return { html: viewerPage(runView(r, scenario.title, exploreCommand(scenario, sets, choices, losses, crashes))), defaultFile: `${scenario.name}-replay.html` };
    }
    case "trace": {
      let text: string;
      try {
        text = readFileSync(src.file, "utf8");
      } catch (e) {
        throw new ConfigError(`cannot read trace ${src.file}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
      }
      let records;
      try {
        records = parseTraceLines(text);
      } catch (e) {
        throw new ConfigError(`bad trace ${src.file}: ${(e as Error).message}`);
      }
      const name = basename(src.file).replace(/\.[^.]*$/, "");
      return { html: viewerPage(viewData(records, { title: `trace ${basename(src.file)}`, replay: "" })), defaultFile: `${name}.html` };
    }
  }
}
