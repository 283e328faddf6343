// The rules the gateway runs for every unit: pure (state, input, context) -> (state, events), with
// time in the input. Start a unit with initialUnitState(), feed it readings, ticks and bag moves
// with evaluate(), and read a bag's current estimate with batchThaw(). The unit rules and their
// order are in registry.ts.
import { currentThaw } from "./bags/bags.js";
import { UNIT_RULES, type UnitConditions } from "./registry.js";
import type { UnitRules } from "./runner/rule.js";
import { readSavedState } from "./runner/saved.js";
import { initialUnitState as initialRuleState } from "./runner/state.js";
import { startTimeline, type UnitState } from "./runner/timeline.js";
import type { BatchThawState } from "./types.js";

export type { RuleContext } from "./context.js";
export type { UnitConditions } from "./registry.js";
export { type Evaluation, evaluate, type UnitState } from "./runner/timeline.js";
export type * from "./types.js";

export function initialUnitState(rules: UnitRules = UNIT_RULES): UnitState {
  return startTimeline(initialRuleState(rules));
}

/**
 * A unit's saved state (one saved before the rule registry is brought to this layout), or a fresh
 * one when what was saved is not a state of these rules (damaged, or from an unknown version): the
 * rules then start over for that unit rather than fail on it.
 */
export function restoreUnitState(saved: unknown): UnitState {
  return readSavedState(saved) ?? initialUnitState();
}

/** The unit's conditions going on now, as the rules see them (whatever became of their alerts). */
export function unitConditions(state: UnitState, rules: UnitRules = UNIT_RULES): UnitConditions {
  const conditions = {};
  for (const rule of rules)
    if (rule.conditions)
      Object.assign(conditions, rule.conditions.now(state.now.rules[rule.id] ?? rule.initial));
  return conditions as UnitConditions;
}

export function batchThaw(state: UnitState, batchId: string): BatchThawState | undefined {
  return currentThaw(state.now, batchId);
}
