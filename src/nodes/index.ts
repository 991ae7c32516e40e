/**
 * The chat's node code. Each role is a module named as in the handout; it exports its start
 * specs (`server.SPECS.handout`, `server2.SPECS.fixed`, `client.SPECS[variant]`, …), which
 * the launcher (`src/scenarios/launch.ts`) spawns, and uses only the process API.
 */
export * from "./protocol.js";
export * from "./screen.js";
export * as server from "./server.js";
export * as server2 from "./server2.js";
export * as client from "./client.js";
export type { ClientAction, ClientConfig, ClientProgram, ClientScript, ReplyRule } from "./client.js";
export type { ServerConfig } from "./server.js";
export type { Server2Config, Server2Opts } from "./server2.js";
export { type StartSpec, labelOf } from "./spec.js";
export * as theychat from "./theychat/index.js";
export * as idleChat from "./idleChat/index.js";
