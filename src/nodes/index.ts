/**
 * The chat's node code. Each role is a module named as in the handout, so calls read like
 * the Erlang shell's: `server.start(sim, node)`, `server2.start(sim, node, { boot })`,
 * `client.start(sim, node, script)`.
 */
export * from "./protocol.js";
export * from "./screen.js";
export * as server from "./server.js";
export * as server2 from "./server2.js";
export * as client from "./client.js";
export type { ClientAction, ClientProgram, ClientScript, ReplyRule, StartedClient } from "./client.js";
export type { Server2Opts } from "./server2.js";
export * as theychat from "./theychat/index.js";
export * as idleChat from "./idleChat/index.js";
