/**
 * Start specs: every role exports plain data (role, label, registration, config, body) over
 * the process API, and node code never imports the Simulation class; one launcher spawns a
 * spec, now or on the fault timeline, exactly as the shell's `start` would.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { client, idleChat, labelOf, MYSERVER, server, server2, theychat, VARIANTS, type StartSpec } from "../../src/nodes/index.js";
import { launch, launchFault } from "../../src/scenarios/launch.js";
import { ms, Name, Simulation } from "../../src/sim/index.js";
import { root } from "../cliHarness.js";

const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));

describe("start specs", () => {
  test("no module of src/nodes imports the Simulation class (types only, if at all)", () => {
    for (const f of files(join(root, "src", "nodes"))) {
      const text = readFileSync(f, "utf8");
      for (const m of text.matchAll(/import\s*\{([^}]*)\}\s*from\s*"[^"]*sim[^"]*"/g)) {
        const names = m[1]!.split(",").map((x) => x.trim());
        expect(names.filter((n) => n === "Simulation"), f).toEqual([]);
      }
      expect(text, f).not.toMatch(/new Simulation\(|instanceof Simulation/);
    }
  });

  test("every role's spec per variant is plain data over the process API", () => {
    const specs: [string, StartSpec<never>][] = [
      ...VARIANTS.flatMap((v) => [["server", server.SPECS[v]], ["server2", server2.SPECS[v]], ["client", client.SPECS[v]]] as [string, StartSpec<never>][]),
      ["theychat-router", theychat.ROUTER_SPEC],
      ["theychat-router-monitor", theychat.ROUTER_MONITOR_SPEC],
      ["theychat-server-monitor", theychat.SERVER_MONITOR_SPEC],
      ["theychat-server", theychat.SERVER_CHAT_SPEC],
      ["theychat-client", theychat.CLIENT_SPEC],
      ["idle-main", idleChat.MAIN_SPEC],
      ["idle-client", idleChat.TELNET_SPEC],
    ];
    for (const [role, s] of specs) {
      expect(s.role).toBe(role);
      expect(typeof s.run).toBe("function");
      expect(typeof s.config).toBe("object");
    }
    expect(server2.SPECS.fixed.register).toBe(MYSERVER);
    expect(Object.keys(server2.SPECS.handout.config)).toEqual(["boot"]);
    expect(labelOf(client.SPECS.handout, client.clientConfig("c@h", { name: "Ann", server: new Name(MYSERVER, "s@h") }))).toBe("client:Ann");
  });

  test("the launcher spawns a spec registered as the shell's start does, now or at a fault's time", () => {
    const sim = new Simulation({ seed: 1 });
    sim.addNode({ name: "s1@h" });
    sim.addNode({ name: "s2@h" });
    const first = launch(sim, "s1@h", server2.SPECS.fixed, {});
    sim.at(ms(5), launchFault("s2@h", server2.SPECS.fixed, { boot: new Name(MYSERVER, "s1@h") }));
    expect(sim.whereis(MYSERVER, "s1@h")).toBe(first);
    sim.run({ until: ms(100) });
    const second = sim.whereis(MYSERVER, "s2@h")!;
    expect(second).toBeDefined();
    // The fixed server2 joined through the boot server: both lists name both servers.
    for (const pid of [first, second]) expect((sim.lookup(pid)!.dictionary.get(server2.SERVERS_KEY) as unknown[]).length).toBe(2);
  });
});
