// The contract between the pure rules (shared/rules) and whoever runs them (gateway/engine, tests,
// the bench). Rules are pure: (state, input, context) -> (state, events). Time comes in the input;
// nothing here reads a clock or does I/O.
import type { ProbeFault } from "../protocol/types.js";
import type { BagKind } from "./bags/kinds.js";
import type { UnitRuleKind } from "./registry.js";
import type { AlertWords } from "./wording/alert-words.js";

/** A reading of one unit's air, already placed in event time by the gateway. */
export interface UnitReading {
  timeMs: number;
  /** the probe it came from, when a unit has several (readings without one are one probe) */
  deviceId?: string;
  /** air temperature, C; null when the probe gave none (see fault) */
  tempC: number | null;
  fault?: ProbeFault;
  batteryV?: number;
}

/** A bag or bottle of milk as the rules see it. */
export interface BatchSpec {
  id: string;
  volumeMl: number;
  container: ContainerKind;
  /** when the milk was expressed (Unix ms): age limits count from here */
  expressedAtMs: number;
  /** milk for the family's own baby, or donated to a bank (selects the rule set's durations) */
  purpose: "own" | "donation";
  /** raw or pasteurised (bank stock) */
  processing: "raw" | "pasteurised";
}

export type ContainerKind = "flat-bag" | "bottle";

/** What the rules are told: a reading, a tick of the clock (for silence and deadlines), or a batch moving in or out. */
export type RuleInput =
  | { kind: "reading"; reading: UnitReading }
  | { kind: "tick"; timeMs: number }
  | { kind: "batch-in"; timeMs: number; batch: BatchSpec; thaw?: BatchThawState }
  | { kind: "batch-out"; timeMs: number; batchId: string };

/** "fresh": never frozen yet (expressed milk in a fridge, or on its way into a freezer) */
export type BatchPhase = "fresh" | "frozen" | "partially-thawed" | "thawed" | "expired" | "discard";

/** The thaw model's estimate for one batch; travels with the batch between units. */
export interface BatchThawState {
  milkTempC: number;
  /** 0 = all liquid, 1 = solid */
  iceFraction: number;
  phase: BatchPhase;
  /** when the last ice melted (the use-within clock starts here) */
  thawedAtMs?: number;
  /** when the batch first froze (frozen age counts from here) */
  frozenAtMs?: number;
  /** why the batch must be discarded */
  discardReason?: string;
  /** when its time runs out under the site's rule set (the rules' answer; absent once expired) */
  useByMs?: number;
  lastUpdateMs: number;
}

/** every kind of event the rules raise: the unit rules' (registry.ts) and the bag lifecycle's */
export type EventKind = UnitRuleKind | BagKind;

export type Severity = "info" | "warning" | "critical";

/** a unit at a glance: "silent" (no reading for too long) is worse than a warning (see status.ts) */
export type UnitStatus = "ok" | "warning" | "silent" | "critical";

/**
 * Something the rules decided. `key` identifies the condition (the alert it opens or clears), so
 * replaying the same readings gives the same keys and the gateway can upsert rather than duplicate.
 */
export interface RuleEvent<K extends string = EventKind> {
  kind: K;
  /** raised: the condition started (after its alarm delay); cleared: it ended (after hysteresis) */
  phase: "raised" | "cleared";
  severity: Severity;
  unitId: string;
  batchId?: string;
  /** event time at which the rule decided */
  timeMs: number;
  key: string;
  /** one sentence a donor or staff member understands, with what to do: English, UTC, °C */
  message: string;
  /** the sentence as data, for a reader's own language, unit and time zone (a rule without them is read in `message`) */
  words?: AlertWords;
  details?: Record<string, number | string | boolean | null>;
}
