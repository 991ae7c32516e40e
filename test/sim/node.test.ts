import { expect, test } from "vitest";
import { validateNode } from "../../src/sim/index.js";

// The hot path reads a node's config on every step and send: every config must have one shape
// (one key order), whatever the caller's object looked like, or those reads go megamorphic.
test("validateNode: every node's config has the same keys in the same order, whatever it was given", () => {
  const boot = (): void => {};
  const a = validateNode({ name: "a@h" });
  const b = validateNode({ sendCost: 3, boot, schedulers: 2, name: "b@h" });
  const c = validateNode({ netTicktime: 8, receiveCost: 0, name: "c@h", boot });
  expect(Object.keys(a)).toEqual(["name", "schedulers", "receiveCost", "sendCost", "netTicktime", "boot"]);
  expect(Object.keys(b)).toEqual(Object.keys(a));
  expect(Object.keys(c)).toEqual(Object.keys(a));
  expect(b).toEqual({ name: "b@h", schedulers: 2, receiveCost: 1, sendCost: 3, netTicktime: 60_000_000, boot });
  expect(Object.isFrozen(c)).toBe(true);
});
