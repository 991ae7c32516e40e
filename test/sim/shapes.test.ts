/**
 * The objects the kernel reads on every event, step or send must share one hidden class
 * across simulations, or those reads go megamorphic in a sweep (many simulations in one
 * process). Only V8 can tell: a child `node --allow-natives-syntax` asks `%HaveSameMap` of
 * the built modules (`dist/`, which the global setup builds).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { expect, test } from "vitest";
import { root } from "../cliHarness.js";

const built = (file: string): string => JSON.stringify(pathToFileURL(join(root, "dist", "src", "sim", file)).href);

/** Runs `body` (an ES module) in a child with natives syntax; returns what it printed as JSON. */
function inV8(body: string): unknown {
  const r = spawnSync(process.execPath, ["--allow-natives-syntax", "--input-type=module", "-e", body], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  return JSON.parse(r.stdout);
}

test("limits, node configs, link configs and chat-log lines have one hidden class each, however they were made", () => {
  const out = inV8(`
    import { validateNode, validateNetwork, Simulation, latency } from ${built("index.js")};
    import { validateLimits } from ${built("limits.js")};
    import { Network } from ${built("network.js")};
    import { Rng } from ${built("rng.js")};
    import { findScenario, runScenario } from ${built("../scenarios/index.js")};
    // How many hidden classes the values of make() have over 50 calls.
    const classes = (make) => { const reps = []; for (let i = 0; i < 50; i++) { const v = make(i); if (!reps.some((r) => %HaveSameMap(r, v))) reps.push(v); } return reps.length; };
    // Links as they hold their config: the default, with an override merged in, after a fault changed it.
    const override = (i) => ({ links: [{ from: "a", to: "b", loss: (i + 1) / 100 }, { from: "b", to: "a", latency: latency.constant(i) }] });
    const linkConfig = (i) => {
      const l = new Network(validateNetwork(override(i)), new Rng(i)).link(...[["a", "b"], ["b", "a"], ["a", "c"]][i % 3]);
      if (i % 2) l.config = { ...l.config, loss: (i + 1) / 1000 };
      return l.config;
    };
    const lines = []; for (let seed = 1; seed <= 3; seed++) lines.push(...runScenario(findScenario("ms1"), seed).log.lines);
    const simLimits = (i) => { const s = new Simulation({ seed: i, trace: "off", limits: i % 2 ? { maxEvents: 1000 + i } : undefined }); return s.limits; };
    console.log(JSON.stringify({
      limits: classes((i) => validateLimits(i % 3 === 0 ? undefined : i % 3 === 1 ? { maxTime: 5_000_000 + i } : { maxMailbox: 10, maxEvents: 99 })),
      simulationLimits: classes(simLimits),
      link: classes(linkConfig),
      chatLogLines: lines.length > 4 ? classes((i) => lines[i % lines.length]) : "too few lines",
      node: classes((i) => validateNode(i % 2 ? { name: "n" + i } : { sendCost: 2, name: "n" + i, boot: () => {} })),
      linkDefault: classes((i) => validateNetwork(i % 2 ? undefined : { default: { latency: latency.constant(i), loss: 0, duplicate: 0, ordering: "none" } }).default),
    }));
  `);
  expect(out).toEqual({ limits: 1, simulationLimits: 1, link: 1, chatLogLines: 1, node: 1, linkDefault: 1 });
});
