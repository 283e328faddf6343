// The shapes the gateway's API answers with, all from the contract in shared/api (type-only: erased
// from the bundle), some under the page's own words ("bag" for a batch).
import type { AffectedBatch, BatchAction, BatchHistory } from "../../shared/api/answers.js";
import type { Batch, BatchPhase } from "../../shared/api/records.js";

export type {
  Profiles,
  ReadingsWindow,
  RuleSet,
  ThawCurve,
  TripChoices,
  UnitStatus,
  UnitSummary,
} from "../../shared/api/answers.js";
export type { Me } from "../../shared/api/capabilities.js";
export type { Alert, AlertState, Severity, Trip, TripReport, User } from "../../shared/api/records.js";

export type Bag = Batch;
export type Phase = BatchPhase;
export type AffectedBag = AffectedBatch;
export type BagAction = BatchAction;
export type BagHistory = BatchHistory;
