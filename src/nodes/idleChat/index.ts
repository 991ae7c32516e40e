/** The idle-timeout chat of the Elixir report: main process, idle updater, listener, acceptor, users, sockets and telnet clients. */
export { acceptor } from "./acceptor.js";
export { type TelnetStep, telnetClient } from "./client.js";
export { idleUpdater } from "./idleUpdater.js";
export { listener } from "./listener.js";
export { KICKED, idleLine, main } from "./main.js";
export * from "./protocol.js";
export { type Refusal, WELCOME, checkPseudo, refusalText } from "./pseudo.js";
export { type Screen, type ScreenEntry, type ScreenEvent, formatEntry, formatScreen, linesOf, sawLine } from "./screen.js";
export { socket } from "./socket.js";
export * from "./specs.js";
export { QUIT, user } from "./user.js";
