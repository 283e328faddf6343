// Battery low: raised when a reading's battery voltage drops below BATTERY_LOW_V, cleared once it is
// back above it by BATTERY_HYSTERESIS_V (a cell sags in the cold and recovers when the load stops).
import type { RuleContext } from "../context.js";
import { BATTERY_HYSTERESIS_V, BATTERY_LOW_V } from "../limits.js";
import type { UnitRule } from "../runner/rule.js";
import type { RuleEvent, UnitReading } from "../types.js";
import { worded } from "../wording/alert-words-en.js";

export interface BatteryState {
  raisedKey?: string;
}

type Kind = "battery-low";

export const batteryRule: UnitRule<BatteryState, Kind, { batteryLow: boolean }> = {
  id: "battery",
  kinds: {
    "battery-low": {
      label: "Battery low",
      counted: ["low battery warning", "low battery warnings"],
      ongoing: true,
    },
  },
  initial: {},
  profileFields: [],
  onReading: (state, { reading }, _unit, ctx, events) => judgeBattery(state, reading, ctx, events),
  conditions: {
    now: (state) => ({ batteryLow: state.raisedKey !== undefined }),
    status: ({ batteryLow }) => (batteryLow ? "warning" : "ok"),
  },
};

function judgeBattery(
  battery: BatteryState,
  reading: UnitReading,
  ctx: RuleContext,
  events: RuleEvent<Kind>[],
): BatteryState {
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
      ...worded({ key: "battery.raised", values: { volts } }),
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
      ...worded({ key: "battery.cleared", values: { volts } }),
    });
    return {};
  }
  return battery;
}
