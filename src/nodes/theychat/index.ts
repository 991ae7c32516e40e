/** TheyChat, the supervised chat system: router, router monitor, server monitors, chats and clients. The supervision design (state backup, pid refresh, restarts) is described in `protocol.ts`. */
export { type ClientStep, client } from "./client.js";
export * from "./protocol.js";
export { Restarts } from "./restarts.js";
export { type RouterConfig, type RouterRestore, router } from "./router.js";
export { routerMonitor } from "./routerMonitor.js";
export { type Screen, type ScreenEntry, type ScreenEvent, formatEntry, formatScreen, messagesOf, sawMessage } from "./screen.js";
export { serverChat } from "./serverChat.js";
export { serverMonitor } from "./serverMonitor.js";
export * from "./specs.js";
