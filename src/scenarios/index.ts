/** The named scenarios, in the order `chatty-sim list` shows them. */
import { ConfigError } from "../sim/index.js";
import { MILESTONES } from "./milestones.js";
import { QUESTIONS } from "./questions.js";
import { FAILURES } from "./failures.js";
import { world } from "./world.js";
import { THEYCHAT } from "./theychat.js";
import { IDLE } from "./idle.js";
import type { Scenario } from "./scenario.js";
import { isScenarioPath, readScenarioFile } from "./file.js";

export { buildChat, linkFor, type ChatWorld, type ClientSpec, type Profile, type ServerSpec } from "./chat.js";
export { FILE_FORMAT, isScenarioPath, parseScenarioFile, readScenarioFile, scenarioFile } from "./file.js";
export { formatResult } from "./format.js";
export { bodyOf, launch, launchFault } from "./launch.js";
export { buildIdleChat, type IdleChatConfig, type IdleChatSystem } from "./idleSystem.js";
export { buildTheyChat, type TheyChatConfig, type TheyChatSystem } from "./theychatSystem.js";
export { COMMON_PARAMS, formatValue, parseParams, setArgs, type ParamSpec, type ParamValues } from "./params.js";
export { replayCommand, resultJson, resultText, runScenario, type ScenarioResult } from "./run.js";
export { terminalView, type BuildContext, type Built, type CheckSpec, type ClientView, type CustomVerdict, type Group, type JsonScreenEntry, type Judged, type Scenario, type TraceView } from "./scenario.js";

/** Every named scenario. */
export const SCENARIOS: readonly Scenario[] = [...MILESTONES, ...QUESTIONS, ...FAILURES, ...THEYCHAT, ...IDLE, world];

/** The scenario called `name`, or the one in the file `name` (`*.json`); a `ConfigError` naming the choices otherwise. */
export function findScenario(name: string): Scenario {
  if (isScenarioPath(name)) return readScenarioFile(name);
  const s = SCENARIOS.find((x) => x.name === name);
  if (s === undefined) throw new ConfigError(`unknown scenario "${name}" (try: chatty-sim list)`);
  return s;
}
