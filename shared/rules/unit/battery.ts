// Battery low: raised when a reading's battery voltage drops below BATTERY_LOW_V, cleared once it is
// back above it by BATTERY_HYSTERESIS_V (a cell sags in the cold and recovers when the load stops).
import type { RuleContext } from "../context.js";
import { BATTERY_HYSTERESIS_V, BATTERY_LOW_V } from "../limits.js";
import type { UnitRuleState } from "../runner/state.js";
import type { RuleEvent, UnitReading } from "../types.js";

export function batteryRule(
  battery: UnitRuleState["battery"],
  reading: UnitReading,
  ctx: RuleContext,
  events: RuleEvent[],
): UnitRuleState["battery"] {
  const volts = reading.batteryV;
  if (volts === undefined) return battery;
  if (!battery.raisedKey && volts < BATTERY_LOW_V) {
    const key = `${ctx.unitId}:battery-low:${reading.timeMs}`;
    events.push({
      kind: "battery-low",
      phase: "raised",
      severity: "warning",
      unitId: ctx.unitId,
      timeMs: reading.timeMs,
      key,
      message: `The sensor's battery is low (${volts.toFixed(2)} V): charge or replace it within a day or two, or the sensor will go silent.`,
      details: { batteryV: volts, lowV: BATTERY_LOW_V },
    });
    return { raisedKey: key };
  }
  if (battery.raisedKey && volts >= BATTERY_LOW_V + BATTERY_HYSTERESIS_V) {
    events.push({
      kind: "battery-low",
      phase: "cleared",
      severity: "warning",
      unitId: ctx.unitId,
      timeMs: reading.timeMs,
      key: battery.raisedKey,
      message: `The sensor's battery is charged again (${volts.toFixed(2)} V).`,
    });
    return {};
  }
  return battery;
}
