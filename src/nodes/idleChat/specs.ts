/** The idle-timeout chat's start specs: the server's main process and a scripted telnet user. */
import type { Micros } from "../../sim/index.js";
import type { StartSpec } from "../spec.js";
import { type TelnetStep, telnetClient } from "./client.js";
import { main } from "./main.js";
import type { IdleChatParams } from "./protocol.js";
import type { ScreenId } from "../screen.js";

/** The chat's main process (it starts the listener, acceptor and idle updater). */
export const MAIN_SPEC: StartSpec<IdleChatParams> = {
  role: "idle-main",
  label: "chat_main",
  config: { maxIdle: "µs of silence before a kick", checkPeriod: "µs between idle checks", maxPseudoLength: "longest pseudonym", pseudoTimeout: "µs to type one" },
  run: (p, c) => main(c)(p),
};

/** What a telnet user is started with. */
export interface TelnetStart {
  readonly name: string;
  readonly serverNode: string;
  readonly connectAt: Micros;
  readonly script: readonly TelnetStep[];
  readonly screen: ScreenId;
}

/** A scripted telnet user. */
export const TELNET_SPEC: StartSpec<TelnetStart> = {
  role: "idle-client",
  label: (c) => `telnet ${c.name}`,
  config: { name: "a label", serverNode: "the chat's node", connectAt: "when it connects", script: "what it types, by time", screen: "the screen (name and node) it observes what it shows and types into" },
  run: (p, c) => telnetClient(c.serverNode, c.connectAt, c.script, c.screen)(p),
};
