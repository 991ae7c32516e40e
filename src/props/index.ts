/**
 * Property testing of the chat's claims: arbitraries of whole worlds, the claims as
 * properties over a world run, and counterexamples as replay commands and sequence diagrams.
 */
export { arbWorld, caseSets, caseSize, unitOf, worldCase, type CaseSize, type FaultKind, type WorldCase, type WorldOptions } from "./arbitraries.js";
export {
  assertClaim,
  checkClaim,
  claimProperty,
  CLAIMS,
  counterexample,
  diagramOf,
  formatFailure,
  keeps,
  minimize,
  runCase,
  verdictOf,
  violatingDeliveries,
  violation,
  type Claim,
  type ClaimCheck,
  type Counterexample,
  type Tries,
} from "./claims.js";
export { sequenceDiagram, type DiagramClient, type DiagramOpts, type Mark } from "./diagram.js";
export { parseWorld, worldText, type WorldAction, type WorldClient, type WorldFault, type WorldReply, type WorldServer, type WorldSpec } from "../scenarios/world.js";
