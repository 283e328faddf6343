// A unit rule: one concern of a unit (its air, its probe, its battery, its sensor's silence) that
// the runner (step.ts) calls in the order of ../registry.ts, each on its own slice of the unit's
// state. A rule says everything the rest of MilkGuard needs to know of it: the events it raises
// with their words, what it sees going on in the unit now, and the profile numbers it reads (which a
// site may override). So a new rule is one file and one line in the registry.
import type { ProfileOverrides } from "../../profiles/index.js";
import type { RuleContext } from "../context.js";
import type { RuleEvent, UnitReading, UnitStatus } from "../types.js";
import type { UnitRuleState } from "./state.js";

export interface KindInfo {
  /** its name on screen: "Probe fault" */
  label: string;
  /** counted in a summary, one and several: "probe fault", "probe faults" */
  counted: readonly [string, string];
  /**
   * a state of the unit that the rules clear when it ends (its alert cannot be resolved while the
   * state lasts), rather than a fact about a bag (it thawed, it expired)
   */
  ongoing: boolean;
  /** the unit's status while an alert of this kind is live, when that says more than its severity */
  unitStatus?: UnitStatus;
}

/** The air the unit's rules judge (one probe: its reading; several: the warmest and the coldest). */
export interface UnitAir {
  warmestC: number;
  coldestC: number;
}

/** A reading as it passes down the registry: a rule may refine what the rules after it see. */
export interface JudgedReading {
  readonly reading: UnitReading;
  /** absent when the reading gave no valid temperature (a probe fault, or none at all) */
  air: UnitAir | undefined;
}

/** What the runner knows of the unit before this input, for a rule to read. */
export type UnitSoFar = Readonly<Pick<UnitRuleState, "lastReadingMs" | "airC">>;

/** A profile number (each with its source), which a site may override. */
export type ProfileField = keyof ProfileOverrides;

/**
 * S: the rule's slice of the unit's state (plain JSON, never changed in place: return a new one, or
 * the same object when nothing changed). K: the event kinds it raises. C: the conditions it reports.
 * Its functions get all they need as arguments (the runner calls them without `this`).
 */
export interface UnitRule<S, K extends string = never, C extends object = object> {
  /** its slice is saved under this name: renaming it starts the rule over in every unit */
  id: string;
  kinds: Readonly<Record<K, KindInfo>>;
  /** its slice in a new unit (and in a unit saved before the rule existed) */
  initial: S;
  profileFields: readonly ProfileField[];
  onReading?(state: S, reading: JudgedReading, unit: UnitSoFar, ctx: RuleContext, events: RuleEvent<K>[]): S;
  onTick?(state: S, nowMs: number, unit: UnitSoFar, ctx: RuleContext, events: RuleEvent<K>[]): S;
  /** judged on arrival, not in event time: a re-run for a late reading leaves its slice as it was */
  keptOnRerun?: boolean;
  /** what it sees going on in the unit now (part of UnitConditions), and the unit status that means */
  conditions?: { now(state: S): C; status(conditions: C): UnitStatus };
}

/** Any unit rule, as the runner holds them. */
export type AnyUnitRule = UnitRule<unknown, string, object>;

/** The unit rules in the order they judge each input. */
export type UnitRules = readonly AnyUnitRule[];
