// The rules the gateway runs for every unit: pure (state, input, context) -> (state, events), with
// time in the input. Start a unit with initialUnitState(), feed it readings, ticks and bag moves
// with evaluate(), and read a bag's current estimate with batchThaw().
import { currentThaw } from "./bags/bags.js";
import { initialUnitState as initialRuleState } from "./runner/state.js";
import { startTimeline, type UnitState } from "./runner/timeline.js";
import type { BatchThawState } from "./types.js";

export type { RuleContext } from "./context.js";
export { type Evaluation, evaluate, type UnitState } from "./runner/timeline.js";
export type * from "./types.js";

export function initialUnitState(): UnitState {
  return startTimeline(initialRuleState());
}

/**
 * A unit's saved state, or a fresh one when what was saved is not a state of these rules (saved by
 * an older version, or damaged): the rules then start over for that unit rather than fail on it.
 */
export function restoreUnitState(saved: unknown): UnitState {
  const s = saved as Partial<UnitState> | null | undefined;
  const valid =
    typeof s === "object" &&
    s !== null &&
    typeof s.now === "object" &&
    s.now !== null &&
    typeof s.now.batches === "object" &&
    typeof s.base === "object" &&
    Array.isArray(s.inputs) &&
    typeof s.count === "number" &&
    typeof s.announced === "object";
  return valid ? (s as UnitState) : initialUnitState();
}

/** The unit's conditions going on now, as the rules see them (whatever became of their alerts). */
export interface UnitConditions {
  excursion: "warning" | "critical" | null;
  silent: boolean;
  probeFault: boolean;
  batteryLow: boolean;
}

export function unitConditions(state: UnitState): UnitConditions {
  const { excursion, silence, probe, battery } = state.now;
  const high = excursion.high.raised?.severity;
  const low = excursion.low.raised?.severity;
  return {
    excursion: high === "critical" || low === "critical" ? "critical" : (high ?? low ?? null),
    silent: silence.raisedKey !== undefined,
    probeFault: probe.raisedKey !== undefined,
    batteryLow: battery.raisedKey !== undefined,
  };
}

export function batchThaw(state: UnitState, batchId: string): BatchThawState | undefined {
  return currentThaw(state.now, batchId);
}
