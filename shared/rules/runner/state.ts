// A unit's rule state: plain JSON (the gateway saves it and resumes after a restart), never mutated
// in place: every step returns a new object and shares what did not change. The runner keeps the
// reading times, the air and the bags; each unit rule keeps its own slice in `rules`.
import type { BatchSpec, BatchThawState } from "../types.js";
import type { UnitRules } from "./rule.js";

export interface UnitRuleState {
  /** event time of the newest reading or batch move taken in */
  lastTimeMs?: number;
  /** event time of the newest reading (sensor silence counts from here) */
  lastReadingMs?: number;
  /** the air the bags are stepped in: the last valid reading, or the warmest of several probes */
  airC?: number;
  /** frozen spell not yet applied to the bags (see FROZEN_STEP_MS) */
  frozenSpell?: FrozenSpell;
  batches: Record<string, BatchEntry>;
  /** every bag solid and frozen: the air may be stepped in frozen spells */
  bagsSolid: boolean;
  /** earliest use-by or age limit among the bags, so a reading need not look at every bag */
  nextDeadlineMs?: number;
  /** each unit rule's own slice, under its id (../registry.ts) */
  rules: Record<string, unknown>;
}

export interface FrozenSpell {
  fromMs: number;
  /** integral of the air temperature over the spell, C·ms */
  airIntegral: number;
}

export interface BatchEntry {
  spec: BatchSpec;
  thaw: BatchThawState;
  /** least ice seen since the bag began to thaw (refreezing is measured from it) */
  minIce: number;
  /** when the current partial thaw began (its alert key) */
  partialSinceMs?: number;
  /** when the thawed bag first sat in a room-temperature unit (the shorter use-by applies) */
  roomSinceMs?: number;
  deadlineMs?: number;
}

export function initialUnitState(rules: UnitRules): UnitRuleState {
  const slices: Record<string, unknown> = {};
  for (const rule of rules) slices[rule.id] = rule.initial;
  return { batches: {}, bagsSolid: true, rules: slices };
}

/** every field present, so that a field added to UnitRuleState and not to copyState does not compile */
type EveryField<T> = { [K in keyof Required<T>]: T[K] };

/**
 * A copy of the state, field by field in one order: readings copy the state a million times a year,
 * and a spread of an object whose optional fields come and go is several times slower. The rules'
 * slices are shared: a rule that changes its own gives a new `rules` record (step.ts).
 */
export function copyState(s: UnitRuleState): UnitRuleState {
  const copy: EveryField<UnitRuleState> = {
    lastTimeMs: s.lastTimeMs,
    lastReadingMs: s.lastReadingMs,
    airC: s.airC,
    frozenSpell: s.frozenSpell,
    batches: s.batches,
    bagsSolid: s.bagsSolid,
    nextDeadlineMs: s.nextDeadlineMs,
    rules: s.rules,
  };
  return copy;
}
