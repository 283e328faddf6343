// The rules the gateway runs for every unit: pure (state, input, context) -> (state, events), with
// time in the input. Start a unit with initialUnitState(), feed it readings, ticks and bag moves
// with evaluate(), and read a bag's current estimate with batchThaw().
import { currentThaw } from "./bags.js";
import { initialUnitState as initialRuleState } from "./state.js";
import { startTimeline, type UnitState } from "./timeline.js";
import type { BatchThawState } from "./types.js";

export type { RuleContext } from "./context.js";
export { type Evaluation, evaluate, type UnitState } from "./timeline.js";
export type * from "./types.js";

export function initialUnitState(): UnitState {
  return startTimeline(initialRuleState());
}

export function batchThaw(state: UnitState, batchId: string): BatchThawState | undefined {
  return currentThaw(state.now, batchId);
}
