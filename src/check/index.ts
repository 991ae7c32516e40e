/** Checkers: pure functions of a run's chat log (read from its trace) returning verdicts and metrics. */
export { chatLog, HANDOUT_CODEC, NO_LINES, type ChatClient, type ChatLog, type ClientExit, type Line, type LineCodec, type LineDrop, type LineId, type Receipt } from "./chatLog.js";
export { causal, replyOrder } from "./causal.js";
export { completeness, duplicates, expected, inFlux, joinLeaveOrder, settledAt, whyMissed, type InFlux } from "./delivery.js";
export { fifo } from "./fifo.js";
export { issueOrder } from "./issueOrder.js";
export { membership, type ServerView } from "./membership.js";
export { exitedIn, printedOn, registeredAt, registeredAtEnd } from "./names.js";
export { metrics, percentiles, type Metrics, type Percentiles } from "./metrics.js";
export { findCycle, totalOrder } from "./totalOrder.js";
export { MAX_EVIDENCE, verdict, type CheckName, type Evidence, type Status, type Verdict } from "./verdict.js";
