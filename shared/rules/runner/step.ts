// One input for one unit, taken in event-time order: readings step the bags with the air that held
// since the last input, then the air, probe and battery rules judge the new reading; ticks judge
// silence and deadlines; bags moving in or out are stepped to the moment of the move first.
import { bagIn, bagOut, closeInterval, expireDue, flushSpell } from "../bags/bags.js";
import type { RuleContext } from "../context.js";
import type { RuleEvent, RuleInput, UnitReading } from "../types.js";
import { batteryRule } from "../unit/battery.js";
import { excursionRule } from "../unit/excursion.js";
import { probeRule } from "../unit/probe-fault.js";
import { takeProbeAir } from "../unit/probes.js";
import { silenceRule } from "../unit/silence.js";
import type { UnitRuleState } from "./state.js";

export function step(
  state: UnitRuleState,
  input: RuleInput,
  ctx: RuleContext,
  events: RuleEvent[],
): UnitRuleState {
  switch (input.kind) {
    case "reading":
      return takeReading(state, input.reading, ctx, events);
    case "tick": {
      const silence = silenceRule(state, input.timeMs, ctx, events);
      const next = silence === state.silence ? state : { ...state, silence };
      return expireDue(next, input.timeMs, ctx, events);
    }
    case "batch-in": {
      const at = movedAt(state, input.timeMs, ctx, events);
      return bagIn(at, input.timeMs, input.batch, input.thaw, ctx, events);
    }
    case "batch-out":
      return bagOut(movedAt(state, input.timeMs, ctx, events), input.batchId);
  }
}

function takeReading(
  state: UnitRuleState,
  reading: UnitReading,
  ctx: RuleContext,
  events: RuleEvent[],
): UnitRuleState {
  const t = reading.timeMs;
  const next = expireDue(closeInterval(state, t, ctx, events), t, ctx, events);
  const valid = reading.tempC !== null && reading.fault === undefined;
  const result: UnitRuleState = {
    ...next,
    lastReadingMs: Math.max(t, next.lastReadingMs ?? t),
    probe: probeRule(next.probe, reading, ctx, events),
    battery: batteryRule(next.battery, reading, ctx, events),
  };
  if (!valid) return result;
  const { state: withProbe, air } = takeProbeAir(
    result,
    next,
    reading.deviceId,
    t,
    reading.tempC as number,
    ctx,
  );
  withProbe.airC = air.warmestC;
  withProbe.excursion = excursionRule(next.excursion, t, air, ctx, events);
  return withProbe;
}

/** The state stepped up to a bag's move, with every bag current. */
function movedAt(state: UnitRuleState, timeMs: number, ctx: RuleContext, events: RuleEvent[]): UnitRuleState {
  return flushSpell(closeInterval(state, timeMs, ctx, events), ctx, events);
}
