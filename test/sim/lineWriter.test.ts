/**
 * The byte writer behind trace hashes: whatever it writes must be exactly the UTF-8 of the
 * canonical lines (`recordJson`), across chunk boundaries, for every record kind and for the
 * awkward values (non-ASCII text, node names that need escaping, large and odd numbers).
 */
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { LineWriter } from "../../src/sim/lineWriter.js";
import { Name, Pid, Ref } from "../../src/sim/pid.js";
import { recordJson, type TraceRecord } from "../../src/sim/trace.js";

/** Everything the writer emits, as one buffer. */
function written(records: readonly TraceRecord[]): Buffer {
  const chunks: Buffer[] = [];
  const w = new LineWriter((c) => chunks.push(Buffer.from(c))); // the writer reuses its buffer: copy
  for (const r of records) w.write(r);
  w.flush();
  return Buffer.concat(chunks);
}

const expected = (records: readonly TraceRecord[]): Buffer => Buffer.from(records.map(recordJson).join(""), "utf8");

const a = new Pid("server_node@127.0.0.1", 1, 12, 3);
const odd = new Pid('qu"ote\\né', 2, 7, 1);

const samples: TraceRecord[] = [
  { t: 0, k: "deliver", id: 0, to: a },
  { t: 9_007_199_254_740_991, k: "deliver", id: 123_456_789, to: odd },
  { t: 1.5, k: "receive", id: -3, pid: a },
  { t: Infinity, k: "receive", id: 10, pid: odd },
  { t: 7, k: "send", id: 1, from: null, to: new Name("myserver", "s@h"), msg: { tag: "send", name: "Zoë", text: "héllo 👋\n" } },
  { t: 8, k: "send", id: 2, from: odd, to: a, msg: "x" },
  { t: 9, k: "send", id: 3, from: a, to: odd, msg: [a, new Ref("s@h", 4), null, 2.25] },
  { t: 10, k: "log", pid: a, text: "[Zoë] ∑ ok" },
  { t: 11, k: "spawn", pid: odd, parent: a, label: "client:Zoë" },
  { t: 12, k: "drop", id: 4, reason: "loss" },
  { t: 13, k: "fault", op: "inject", detail: { op: "inject", msg: { tag: "hello" } } },
];

describe("LineWriter", () => {
  test("each sample record is written as the UTF-8 of its canonical line", () => {
    for (const r of samples) expect(written([r]).toString("utf8")).toBe(recordJson(r));
  });

  test("a stream far over one 64 KB chunk matches byte for byte", () => {
    const many: TraceRecord[] = [];
    for (let i = 0; i < 5000; i++) many.push(samples[i % samples.length]!);
    expect(written(many).equals(expected(many))).toBe(true);
  });

  test("lines between pids with long node names, across many chunks", () => {
    const long = new Pid(`${"n".repeat(700)}@h`, 6, 2, 1);
    const other = new Pid(`${"m".repeat(700)}@h`, 7, 3, 1);
    const many: TraceRecord[] = [];
    for (let i = 0; i < 400; i++) {
      many.push({ t: i, k: "send", id: i, from: long, to: other, msg: "x" });
      many.push({ t: i, k: "deliver", id: i, to: other });
      many.push({ t: i, k: "receive", id: i, pid: other });
    }
    expect(written(many).equals(expected(many))).toBe(true);
  });

  test("a single line longer than the buffer is written whole", () => {
    const big: TraceRecord = { t: 1, k: "log", pid: a, text: "é".repeat(70_000) };
    expect(written([samples[0]!, big, samples[1]!]).equals(expected([samples[0]!, big, samples[1]!]))).toBe(true);
  });

  test("numbers at every power of ten and either side of it, up to the largest safe integer", () => {
    const ns = [0, 1, 9, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER - 1];
    for (let m = 10; m <= 1e16; m *= 10) ns.push(m - 1, m, m + 1, m + 7, 2 * m - 3);
    const rs: TraceRecord[] = ns.flatMap((n, i): TraceRecord[] => [
      { t: n, k: "deliver", id: ns[(i + 3) % ns.length]!, to: a },
      { t: ns[(i + 1) % ns.length]!, k: "receive", id: n, pid: a },
      { t: n, k: "send", id: n, from: a, to: a, msg: n },
    ]);
    expect(written(rs).toString()).toBe(expected(rs).toString());
  });

  test("property (200 runs): deliver, receive and send records with any ids, times and texts", () => {
    const num = fc.oneof(fc.nat(), fc.maxSafeNat(), fc.integer(), fc.double());
    // Among them: a node name longer than any unchecked run, a pid with the same numbers as
    // another but a different node (the cache must tell them apart), a pid number past the cache.
    const pid = fc.constantFrom(a, odd, new Pid("n@h", 3, 1, 2), new Pid("other@h", 3, 1, 2), new Pid(`${"x".repeat(300)}@h`, 4, 9, 1), new Pid("big@h", 5, 1e9, 1));
    const rec = fc.oneof(
      fc.record({ t: num, k: fc.constant("deliver" as const), id: num, to: pid }),
      fc.record({ t: num, k: fc.constant("receive" as const), id: num, pid }),
      fc.record({ t: num, k: fc.constant("send" as const), id: num, from: fc.option(pid), to: pid, msg: fc.record({ tag: fc.string(), text: fc.string({ unit: "grapheme" }) }) }),
    );
    fc.assert(
      fc.property(fc.array(rec, { maxLength: 50 }), (rs) => {
        expect(written(rs).equals(expected(rs))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
