/**
 * `chatty-sim bench report`: runs every benchmark at the sizes of the issue's targets, each
 * in its own operating-system process (so each peak RSS is its own), and writes
 * `reports/performance.md`: the commands, the measured figures and the ratios against the
 * targets. Nothing in the report is typed by hand; regenerate it to update it.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeFileAtomic } from "../src/output.js";
import { SWEEP_V8_FLAGS } from "../src/sweep.js";
import type { BroadcastResult } from "./broadcast.js";
import type { ScaleDeliveriesResult, ScaleIdleResult } from "./scale.js";
import { medianInterval } from "./stats.js";
import { SWEEP_ROUNDS, type SweepBenchResult, type SweepTiming } from "./sweep.js";

/** The runs the report is made of, as their commands print them with `--json`. */
export interface PerformanceRuns {
  /** The machine, and its load average over the last minute when the runs began (other work skews wall times). */
  readonly machine: { readonly cpu: string; readonly cores: number; readonly memoryGb: number; readonly node: string; readonly load: number };
  readonly broadcast: { readonly command: string; readonly result: BroadcastResult };
  readonly sweep: { readonly command: string; readonly result: SweepBenchResult };
  readonly scale: { readonly command: string; readonly result: ScaleDeliveriesResult };
  readonly idle: { readonly command: string; readonly result: ScaleIdleResult };
}

/** The commands the report runs (arguments after `chatty-sim`). */
export const REPORT_COMMANDS = {
  broadcast: ["bench", "broadcast", "--clients", "1000", "--lines", "2000", "--rounds", "5", "--with-full", "--profile", "--json"],
  sweep: ["bench", "sweep", "--scenario", "ms4", "--seeds", "6000", "--rounds", "5", "--json"],
  scale: ["bench", "scale", "--only", "deliveries", "--clients", "100000", "--lines", "100", "--json"],
  idle: ["bench", "scale", "--only", "idle", "--idle", "1000000", "--json"],
} as const;

/** One target: what is measured, the bound, and whether the run met it. */
export interface TargetRow {
  readonly what: string;
  readonly measured: string;
  readonly target: string;
  readonly met: boolean | null;
  /** The rounds' interval reaches across the bound: another run may well judge it the other way. */
  readonly unsure: boolean;
}

/**
 * A target on a ratio that each round measured on its own (both sides back to back): judged on
 * the median of the rounds, with its 95% interval (`stats.ts`).
 */
function ratioTarget(what: string, target: string, rounds: readonly number[], show: (x: number) => string, ok: (x: number) => boolean, none: string): TargetRow {
  if (rounds.length === 0) return { what, measured: none, target, met: null, unsure: false };
  const s = medianInterval(rounds);
  const measured = `${show(s.median)} (95% interval ${show(s.low)}–${show(s.high)} over ${plural(s.rounds, "round")})`;
  return { what, measured, target, met: ok(s.median), unsure: ok(s.low) !== ok(s.high) };
}

/** The issue's targets, judged on the runs (null: could not be measured here). */
export function targets(r: PerformanceRuns): TargetRow[] {
  const b = r.broadcast.result;
  const mb = r.scale.result.peakRssMb;
  const perProc = r.idle.result.bytesPerProcess;
  const s = r.sweep.result;
  const times = (x: number): string => `${x.toFixed(2)}×`;
  return [
    ratioTarget("broadcast, trace off: deliveries/s over real Erlang's (erl +S 1)", "≥ 1.0× (stretch: 2×)", b.rounds.overErlang, times, (x) => x >= 1, "no erl"),
    ratioTarget("broadcast: wall time with trace hash over trace off", "≤ 1.5×", b.rounds.hashOverOff, times, (x) => x <= 1.5, "—"),
    ratioTarget(`sweep ms4: seeds/s on ${plural(s.all.workers, "worker")} over the split's (${plural(s.split.workers, "one-worker process", "one-worker processes")} at once)`, "≥ 95%", s.ofSplitRounds, pct, (x) => x >= 0.95, "—"),
    { what: "scale: 10,000,000 deliveries, peak RSS", measured: `${mb.toFixed(0)} MB`, target: "< 2 GB", met: mb < 2048, unsure: false },
    { what: "scale: memory per idle process", measured: `${perProc.toFixed(0)} B`, target: "< 2 KB", met: perProc < 2048, unsure: false },
  ];
}

/** `1 worker`, `2 workers`: a count and its noun (`whats` where adding "s" will not do). */
export const plural = (n: number, what: string, whats = `${what}s`): string => `${n} ${n === 1 ? what : whats}`;

const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;
const int = (x: number): string => Math.round(x).toLocaleString("en-US");
const mark = (t: TargetRow): string => (t.met === null ? "not measured" : (t.met ? "met" : "**not met**") + (t.unsure ? ", within the rounds' spread" : ""));

/** The report's markdown, from the runs (a pure function: the same runs give the same bytes). */
export function formatPerformanceReport(r: PerformanceRuns): string {
  const b = r.broadcast.result;
  const s = r.sweep.result;
  const sc = r.scale.result;
  const idle = r.idle.result;
  const L: string[] = [];
  L.push("# Performance", "");
  L.push("Generated by `chatty-sim bench report` (every figure below is measured by that command; regenerate, do not edit).");
  L.push(`Machine: ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGb} GB; Node ${r.machine.node}; load average ${r.machine.load.toFixed(2)} when the runs began.`);
  L.push("Wall-clock figures vary between machines and runs; the ratios are taken within one run, on one machine.", "");
  L.push("## Targets", "");
  L.push("| what | measured | target | |", "| --- | --- | --- | --- |");
  for (const t of targets(r)) L.push(`| ${t.what} | ${t.measured} | ${t.target} | ${mark(t)} |`);
  L.push("");
  L.push(
    "A ratio target is judged on its rounds: each round runs both sides back to back, so its ratio is what that minute of the machine gave, and the median of the rounds' ratios is the figure, "
      + "with a 95% interval from a bootstrap over the rounds (`bench/stats.ts`). \"Within the rounds' spread\": the interval reaches across the target, so another run may judge it the other way. "
      + "The tables below give the fastest run of each kind instead, so their ratios can differ from these.",
    "",
  );
  L.push("## broadcast: the handout's server, 1,000 clients, 2,000 lines", "");
  L.push("```sh", `chatty-sim ${r.broadcast.command}`, "```", "");
  L.push(
    `The handout's central server (\`src/nodes/server.ts\`, handout variant) on its own node, ${int(b.params.clients)} clients spread over ${b.params.nodes} other nodes, `
      + `a typist on another node sending ${int(b.params.lines)} lines; every line goes to every client with the full semantics (pids, mailboxes, `
      + "process-pair FIFO links with sampled LAN latency, 1 µs per send and per receive). The joins are made first and timed apart; the lines are what is measured.",
    "",
  );
  L.push(`Each measurement below is made ${b.params.rounds} times, the runs in turn, and the fastest counts: a burst of other work on a shared machine then slows one run rather than skewing a ratio. In each round, Erlang's run and trace hash's are made just before and just after the measured run, taking turns at which comes first, so that each round's two ratios pair runs made back to back. Each run of chatty-sim is made in a thread of its own, started for it (\`bench/phaseWorker.ts\`), as each of Erlang's is a VM of its own: in one thread, every run after the first would run code the JIT had made general enough for every kind of run before it, which no \`chatty-sim run\` of one configuration does.`, "");
  L.push("| run | deliveries | wall s | deliveries/s | ratio |", "| --- | ---: | ---: | ---: | --- |");
  L.push(`| chatty-sim, trace off | ${int(b.deliveries)} | ${b.wallSeconds.toFixed(3)} | ${int(b.deliveriesPerSecond)} | 1 |`);
  if (b.traced !== null) L.push(`| chatty-sim, trace hash | ${int(b.traced.deliveries)} | ${b.traced.wallSeconds.toFixed(3)} | ${int(b.traced.deliveriesPerSecond)} | ${b.traced.costRatio.toFixed(2)}× the wall time; ${b.traced.cpuSeconds.toFixed(3)} s CPU, ${(b.traced.cpuSeconds / b.cpuSeconds).toFixed(2)}× trace off's |`);
  const u = b.uncopied;
  if (u !== null) {
    L.push(`| trace off, messages not copied (reference) | ${int(u.off.deliveries)} | ${u.off.wallSeconds.toFixed(3)} | ${int(u.off.deliveriesPerSecond)} | the run with copies takes ${(b.wallSeconds / u.off.wallSeconds).toFixed(2)}× its wall time |`);
    if (b.traced !== null) L.push(`| trace hash, messages not copied (reference) | ${int(u.hash.deliveries)} | ${u.hash.wallSeconds.toFixed(3)} | ${int(u.hash.deliveriesPerSecond)} | the run with copies takes ${(b.traced.wallSeconds / u.hash.wallSeconds).toFixed(2)}× its wall time |`);
  }
  const full = b.tracedFull;
  if (full !== null) L.push(`| chatty-sim, trace full | ${int(full.deliveries)} | ${full.wallSeconds.toFixed(3)} | ${int(full.deliveriesPerSecond)} | ${full.costRatio.toFixed(2)}× the wall time |`);
  if (b.erlang.available) {
    L.push(`| Erlang/OTP ${b.erlang.otp}, \`erl +S 1\` | ${int(b.erlang.deliveries)} | ${b.erlang.wallSeconds.toFixed(3)} | ${int(b.erlang.deliveriesPerSecond)} | chatty-sim does ${b.ratioToErlang!.toFixed(2)}× its rate |`);
  } else {
    L.push(`| Erlang/OTP | — | — | — | no figure: ${b.erlang.reason} |`);
  }
  L.push(`| the floor: a typed-array timing wheel | ${int(b.events)} events | — | ${int(b.floorEventsPerSecond)} events/s | chatty-sim does ${pct(b.ratioToFloor)} of its rate |`);
  L.push(`| a typed-array binary heap | ${int(b.events)} events | — | ${int(b.heapEventsPerSecond)} events/s | ${pct(b.heapEventsPerSecond / b.floorEventsPerSecond)} of the floor's rate |`);
  L.push(`| the kernel's queue alone (\`TimeWheel\`) | ${int(b.events)} events | — | ${int(b.kernelQueueEventsPerSecond)} events/s | ${pct(b.kernelQueueEventsPerSecond / b.floorEventsPerSecond)} of the floor's rate |`);
  L.push(`| the floor with the parts: a draw, the message handed over, a FIFO clamp and a \`receiveLoop\` handler called per event | ${int(b.events)} events | — | ${int(b.partsFloorEventsPerSecond)} events/s | ${Math.round(1e9 / b.partsFloorEventsPerSecond)} ns an event; chatty-sim does ${pct(b.deliveriesPerSecond / b.partsFloorEventsPerSecond)} of its rate${b.erlang.available ? `, Erlang ${(b.erlang.deliveriesPerSecond / b.partsFloorEventsPerSecond).toFixed(2)}×` : ""} |`);
  L.push(`| the same, each receiver a generator resumed through \`yield*\` (a \`function*\` body) | ${int(b.events)} events | — | ${int(b.partsFloorGeneratorEventsPerSecond)} events/s | ${Math.round(1e9 / b.partsFloorGeneratorEventsPerSecond)} ns an event: resuming the generator costs ${Math.round(1e9 / b.partsFloorGeneratorEventsPerSecond - 1e9 / b.partsFloorEventsPerSecond)} ns more |`);
  L.push("");
  L.push(
    "The floor is the fastest `(time, seq)` queue `bench/floor.ts` has: a timing wheel over typed arrays, nothing allocated per event, pushed and popped in the broadcast's pattern "
      + "(one event per client in flight, each pop followed by a push a LAN latency later); the binary heap over typed arrays and the kernel's own queue run the same pattern "
      + "(the kernel's with an event object per push, as it makes one per message). "
      + "The floor with the parts (`partsFloor`) is the least a faithful simulator of this run can spend in JavaScript with the kernel's own parts: per event, besides the wheel, the latency drawn from a seeded stream (the ziggurat), "
      + "the message handed to its receiver through `copyTerm` (the server's broadcast is frozen, so it is shared, as the kernel shares it), the per-pair FIFO clamp (the receiver's pid slot read and written) and the receiver given its message through the kernel's `receiveLoop`, as the kernel runs the broadcast's processes; "
      + "it leaves out every bit of bookkeeping around them (mailboxes, run queues, step ends, guards, the network's checks). Erlang's rate against it says how far parity with Erlang is within reach of these parts at all. "
      + "The same floor with each receiver a generator resumed through `yield*` is what a process written as a `function*` costs instead: the difference is what `receiveLoop` saves per message, and what a body that stays a generator (more than one receive, a pattern, a timeout) still pays. "
      + "The messages not copied are a reference only: chatty-sim copies every message at send that is not frozen all the way down, as Erlang copies every message; the server's broadcasts are frozen and shared (`src/sim/termCopy.ts`), so what is left to copy here is the typist's lines.",
    "",
  );
  L.push(`Virtual time of the run: ${b.virtualSeconds.toFixed(3)} s. Join phase: ${int(b.join.deliveries)} deliveries in ${b.join.wallSeconds.toFixed(3)} s wall. Peak RSS${b.traced === null ? "" : " (trace off and hash)"}: ${b.peakRssMb.toFixed(0)} MB.`);
  if (full !== null) {
    L.push(
      "",
      "Trace hash writes every record of the run as its canonical line and hashes them (the trace hash that `chatty-sim run` prints, a run's identity); nothing is kept. "
        + "It is what the trace target is judged on. "
        + (b.traced !== null && b.traced.traceBytes > 0
          ? `It writes ${Math.round(b.traced.traceBytes / b.traced.deliveries)} bytes of lines a delivery (its send, deliver and receive records); SHA-256 alone hashes them at ${int(b.sha256BytesPerSecond / 1e6)} MB/s in the same rounds, `
            + `${Math.round((1e9 * b.traced.traceBytes) / b.traced.deliveries / b.sha256BytesPerSecond)} ns a delivery, and the target of 1.5× leaves ${Math.round((0.5 * 1e9) / b.deliveriesPerSecond)} ns a delivery for everything the trace does. `
          : "")
        + (b.traced !== null && b.hashOffloadBytes !== null
          ? `A run past ${(b.hashOffloadBytes / (1 << 20)).toFixed(0)} MB of lines has the rest of its lines written and hashed on a second thread (\`src/sim/hashStream.ts\`: this thread hands it each record as a few numbers, and each pid's and message's JSON once), so trace hash uses a second core: its CPU time (every thread) is ${b.traced.cpuSeconds.toFixed(3)} s for ${b.traced.wallSeconds.toFixed(3)} s wall, trace off's ${b.cpuSeconds.toFixed(3)} s for ${b.wallSeconds.toFixed(3)} s. `
          : "")
        + "Trace full also keeps every record in memory, as `chatty-sim run` does for its screens and checks; it is measured after the other runs, so that the peak RSS above is theirs.",
    );
  }
  L.push(
    "",
    `Of the ${int(b.events)} events, ${int(b.stepEndsSettled)} are the ends of steps that nothing observed: the kernel settles them when the next event on their node comes, without the queue (the run is the same event for event; \`src/sim/simulation.ts\`, \`mayHold\`).`,
  );
  const ns = (perSecond: number): string => `${Math.round(1e9 / perSecond)} ns`;
  if (b.profile !== null) {
    const { off, hash } = b.profile;
    const per = (x: { wallSeconds: number; deliveries: number }): string => `${Math.round((1e9 * x.wallSeconds) / x.deliveries)}`;
    L.push(
      "",
      "### What a delivery costs",
      "",
      `The measured run takes ${ns(b.deliveriesPerSecond)} a delivery${b.erlang.available ? `; Erlang, ${ns(b.erlang.deliveriesPerSecond)}` : ""}. `
        + "Where it goes: the line phase run once more in each trace mode, in the command's own thread, where none of the runs above was made (each had a thread of its own), under V8's sampling profiler (`bench/profile.ts`: every 100 µs, "
        + "each sample's function put in a part by the file it is in), each part's share of the samples times the profiled run's wall time, per delivery. "
        + "The profiler slows the run; the shares are what the table is for. "
        + "It samples this thread only: in trace hash, the lines the hash thread writes and hashes on the second core are not in the table (its CPU time is given above).",
      "",
      "| part | trace off, ns | share | trace hash, ns | share |",
      "| --- | ---: | ---: | ---: | ---: |",
    );
    off.parts.forEach((x, i) => {
      const h = hash.parts[i]!;
      L.push(`| ${x.part} | ${Math.round(x.nsPerDelivery)} | ${pct(x.share)} | ${Math.round(h.nsPerDelivery)} | ${pct(h.share)} |`);
    });
    L.push(`| a delivery, under the profiler | ${per(off)} | 100% | ${per(hash)} | 100% |`);
  }
  if (b.lessSemantics !== null) {
    const queued = (x: { events: number; stepEndsSettled: number }): string => int(x.events - x.stepEndsSettled);
    L.push(
      "",
      "The same run with parts of the network's semantics taken out (not chatty-sim's semantics: measured here only to show what they cost; "
        + "with constant latency the lines arrive in the order they were sent, so the schedule changes too, and fewer events go through the queue):",
      "",
      "| run | events through the queue | wall s | per delivery | deliveries/s | of the floor's rate |",
      "| --- | ---: | ---: | ---: | ---: | ---: |",
      `| all of the semantics (the measured run) | ${queued(b)} | ${b.wallSeconds.toFixed(3)} | ${ns(b.deliveriesPerSecond)} | ${int(b.deliveriesPerSecond)} | ${pct(b.ratioToFloor)} |`,
    );
    for (const x of b.lessSemantics) {
      L.push(`| ${x.what} | ${queued(x)} | ${x.wallSeconds.toFixed(3)} | ${ns(x.deliveriesPerSecond)} | ${int(x.deliveriesPerSecond)} | ${pct(x.deliveriesPerSecond / b.floorEventsPerSecond)} |`);
    }
  }
  if (b.erlang.available) {
    L.push("", "The Erlang reference is `bench/broadcast.erl` with `conformance/server.erl` (the handout's server, as the conformance suite runs it): the same server code, the clients' background task without output, one VM, one scheduler, local sends (no distribution: the cheapest way Erlang can do this work). By hand:", "", "```sh", b.erlang.command, "```");
    const ofFloor = b.erlang.deliveriesPerSecond / b.floorEventsPerSecond;
    L.push(
      "",
      `Erlang's rate is ${int(b.erlang.deliveriesPerSecond)} deliveries/s, ${pct(ofFloor)} of the floor's ${int(b.floorEventsPerSecond)} events/s on this machine: `
        + `a simulator that queues one event per delivery (each has its own sampled latency) reaches it if it spends no more than ${Math.round(1e9 / b.erlang.deliveriesPerSecond - 1e9 / b.floorEventsPerSecond)} ns of each delivery outside the queue.`,
    );
  }
  L.push("");
  L.push(`## sweep: ${s.params.scenario}, seeds 1..${int(s.params.seeds)}`, "");
  L.push("```sh", `chatty-sim ${r.sweep.command}`, "```", "");
  const rows: [string, string, SweepTiming | { readonly unavailable: string }][] = [
    ["one worker", "`--workers 1`", s.one],
    ["one core", `\`--workers 1\`, run under \`taskset -c ${s.cpu}\``, s.oneCore],
    [plural(s.all.workers, "worker"), `\`--workers ${s.all.workers}\``, s.all],
    ["split", `${plural(s.split.workers, "process", "processes")} at once, \`--workers 1\` each, on a contiguous share of the seeds`, s.split],
  ];
  L.push("| sweep | how | wall s | seeds/s |", "| --- | --- | ---: | ---: |");
  for (const [name, how, t] of rows) {
    L.push("unavailable" in t ? `| ${name} | ${how} | — | no figure: ${t.unavailable} |` : `| ${name} | ${how} | ${t.wallSeconds.toFixed(2)} | ${t.seedsPerSecond.toFixed(0)} |`);
  }
  const overCore = s.speedupOverOneCore === null ? "" : ` and ${s.speedupOverOneCore.toFixed(2)}× one worker on one core`;
  const workerProcesses = s.all.workers - 1;
  L.push(
    "",
    `On ${plural(s.cores, "core")} the sweep runs ${s.speedup.toFixed(2)}× one worker${overCore}, at ${pct(s.ofSplit)} of the split's rate; the sweeps' tallies are ${s.sameTally ? "identical" : "**different**"}. ` +
      `Each sweep is its own cold process (\`chatty-sim ${s.command}\`, with other \`--workers\` and seeds as the table says): process start, module loading, worker start-up and JIT warm-up are in its wall time. ` +
      `The kinds run in turn, ${plural(s.params.rounds ?? SWEEP_ROUNDS, "round")}, and the table keeps each one's fastest; in each round the sweep and the split run back to back, taking turns at going first, and their ratio is that round's. ` +
      (workerProcesses > 0
        ? `With ${plural(s.all.workers, "worker")} the sweep runs seeds on its own thread and in ${plural(workerProcesses, "worker process", "worker processes")}. ` +
          `These threads turn the event loop between their batches of seeds, and they run with V8's ${SWEEP_V8_FLAGS.map((f) => `\`${f}\``).join(" ")} (\`SWEEP_V8_FLAGS\` in \`src/sweep.ts\`): without it, each turn lets V8 run a task of incremental marking on the thread, which a one-worker sweep or a share of the split, never turning the loop, does not do.`
        : "With one worker the sweep runs every seed on its own thread."),
    "",
    "One worker alone is not held to one core: V8 compiles and collects garbage on helper threads, which run on an idle core when there is one, so the one-core run (held to one CPU with `taskset`) is the baseline of the target. " +
      `The split is a reference for what the machine gives ${plural(s.split.workers, "copy", "copies")} of the work at once, other work on it included: the seeds cut into contiguous shares, each swept by its own process, with nothing to coordinate. ` +
      "It is not a bound: a sweep hands seeds to whichever thread is free, while a share is fixed.",
    "",
  );
  L.push(`## scale: ${int(sc.params.clients)} clients on one server, ${int(sc.params.lines)} lines`, "");
  L.push("```sh", `chatty-sim ${r.scale.command}`, "```", "");
  L.push(
    `${int(sc.deliveries)} deliveries in ${sc.wallSeconds.toFixed(2)} s wall (${int(sc.deliveriesPerSecond)} deliveries/s; setup ${sc.setupSeconds.toFixed(2)} s), `
      + `${sc.virtualSeconds.toFixed(2)} s virtual; peak RSS ${sc.peakRssMb.toFixed(0)} MB. The server is the handout's \`process_requests(Clients)\` entered with the list made `
      + "(100,000 joins would broadcast 5·10⁹ join messages first).",
    "",
  );
  L.push(`## scale: ${int(idle.processes)} idle processes`, "");
  L.push("```sh", `chatty-sim ${r.idle.command}`, "```", "");
  L.push(
    `${idle.bytesPerProcess.toFixed(0)} bytes of heap per process blocked in \`receive\` (${idle.rssBytesPerProcess.toFixed(0)} bytes of RSS), spawned and run to their receive in ${idle.wallSeconds.toFixed(2)} s; peak RSS ${idle.peakRssMb.toFixed(0)} MB.`,
    "",
  );
  return L.join("\n") + "\n";
}

/** The built CLI beside this file. */
function cliPath(): string {
  return join(dirname(fileURLToPath(import.meta.url)), "..", "src", "cli.js");
}

/** Runs one `chatty-sim … --json` in a fresh process and parses its output; its stderr (progress, or why it failed) is ours. */
function runJson(args: readonly string[]): unknown {
  const r = spawnSync(process.execPath, [cliPath(), ...args], { encoding: "utf8", maxBuffer: 16 << 20, stdio: ["ignore", "pipe", "inherit"] });
  if (r.status !== 0) throw new Error(`chatty-sim ${args.join(" ")} failed (exit ${r.status ?? r.signal}), as it says above`);
  return JSON.parse(r.stdout);
}

/** Runs every benchmark and writes the report to `out`; `log` hears progress. */
export function writePerformanceReport(out: string, log: (line: string) => void = () => {}): PerformanceRuns {
  const run = <T>(key: keyof typeof REPORT_COMMANDS, pick: (j: unknown) => T): { command: string; result: T } => {
    const args = REPORT_COMMANDS[key];
    log(`running chatty-sim ${args.join(" ")}`);
    return { command: args.join(" "), result: pick(runJson(args)) };
  };
  const c = cpus();
  const runs: PerformanceRuns = {
    machine: { cpu: c[0]?.model.trim() ?? "unknown", cores: c.length, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.versions.node, load: loadavg()[0]! },
    broadcast: run("broadcast", (j) => j as BroadcastResult),
    sweep: run("sweep", (j) => j as SweepBenchResult),
    scale: run("scale", (j) => (j as { deliveries: ScaleDeliveriesResult }).deliveries),
    idle: run("idle", (j) => (j as { idle: ScaleIdleResult }).idle),
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileAtomic(out, formatPerformanceReport(runs));
  return runs;
}
