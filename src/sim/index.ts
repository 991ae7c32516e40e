/** The kernel's public surface: everything node code, scenarios and tests need. */
export { EventQueue, type Timed } from "./eventQueue.js";
export { ConfigError, ErlangError, ExitException, SimulatorError, ThrowException } from "./errors.js";
export { crashOf, stackOf, type Crash, type ExceptionClass } from "./crash.js";
export type { Choice, Explorer } from "./explore.js";
export type { Fault, FaultOp } from "./faults.js";
export { latency, meanLatency, parseDuration, parseLatency, sampleLatency, validateLatency, type Latency } from "./latency.js";
export { Mailbox, type Envelope } from "./mailbox.js";
export {
  DEFAULT_NETWORK,
  ORDERINGS,
  PROFILES,
  validateLink,
  validateNetwork,
  type LinkConfig,
  type LinkOverride,
  type NetworkConfig,
  type Ordering,
} from "./network.js";
export { DEFAULT_NODE, validateNode, type Boot, type NodeConfig, type NodeHandle, type PrintedLine, type VmNode } from "./node.js";
export { isPid, Name, Pid, Ref } from "./pid.js";
export { STOP, type Stop, receiveLoop } from "./receiveLoop.js";
export { RECEIVE, TIMEOUT, type Body, type Dest, type Matcher, type Proc, type ReceiveOp, type ReceiveRequest, type SpawnOpts, type Timeout } from "./process.js";
export { Rng, Stream, type Seed } from "./rng.js";
export {
  isDown,
  isExit,
  isNodeDown,
  KILL,
  KILLED,
  NOCONNECTION,
  NOPROC,
  NORMAL,
  type DownMsg,
  type ExitMsg,
  type NodeDownMsg,
  type SystemMsg,
} from "./signals.js";
export { DEFAULT_LIMITS, Simulation, type Limits, type Outcome, type RunResult, type SimConfig, type Stats } from "./simulation.js";
export { canonicalJson, formatAtom, formatReason, formatTerm, ioFormat, toPlain } from "./term.js";
export { formatTime, ms, sec, us, type Micros } from "./time.js";
export { Trace, type Address, type DropReason, type ObserveRecord, type SignalKind, type TraceKind, type TraceMode, type TraceRecord } from "./trace.js";
