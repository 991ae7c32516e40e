/**
 * A counterexample's viewer page in the report: the run as `chatty-sim view` shows it, kept
 * beside the figures (so a page no longer generated is removed with them), and the markdown
 * line that links to it.
 */
import type { ScenarioResult } from "../scenarios/index.js";
import { runView, viewCommandFor } from "../view/fromRun.js";
import { viewerPage } from "../view/page.js";
import { code } from "./markdown.js";

/** Adds `figures/<name>.html` for the run that `command` reproduces; returns the link to it. */
export function viewerLink(figures: Map<string, string>, name: string, run: ScenarioResult, title: string, command: string): string {
  figures.set(`${name}.html`, viewerPage(runView(run, title, command)));
  return `Step through it: [the run in the viewer](figures/${name}.html) (the same run, on your machine: ${code(viewCommandFor(command))}).`;
}
