/** The queue's own failure, apart from the modules that load BullMQ (the CLI needs it for every command). */
import { SimulatorError } from "../sim/errors.js";

/** A queued run that could not finish: the CLI prints its message as one line and exits 1. */
export class QueueError extends SimulatorError {}
