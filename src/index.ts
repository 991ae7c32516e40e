/**
 * chatty-sim as a library (`import … from "chatty-sim"`): the scenarios (named ones and
 * scenario files), running and sweeping them, and the kernel, the checks and the property
 * tools as namespaces. The same modules are entry points of their own: `chatty-sim/sim`,
 * `chatty-sim/check`, `chatty-sim/props`.
 */
export * from "./scenarios/index.js";
export { SCENARIO_SCHEMA } from "./scenarios/fileSchema.js";
export { loadModule, ModuleError, MODULE_ROLES, prepareModules, type ModuleRole, type UserModule } from "./scenarios/modules.js";
export type { Server2Config, ServerConfig, StartSpec } from "./nodes/index.js";
export { parseSeedRange, sweep, type CheckTally, type SweepResult } from "./sweep.js";
export * as sim from "./sim/index.js";
export * as check from "./check/index.js";
export * as props from "./props/index.js";
