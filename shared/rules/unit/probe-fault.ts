// Probe fault: a DS18B20 that answers 85 C at power-up, -127 C when unplugged, or nothing at all.
// The firmware retries once, so an alert waits for PROBE_FAULTS_TO_ALERT faulty readings in a row;
// the first good reading clears it.
import type { RuleContext } from "../context.js";
import { PROBE_FAULTS_TO_ALERT } from "../limits.js";
import type { UnitRule } from "../runner/rule.js";
import type { RuleEvent, UnitReading } from "../types.js";
import { worded } from "../wording/alert-words-en.js";

export interface ProbeFaultState {
  faultsInRow: number;
  firstFaultMs?: number;
  raisedKey?: string;
}

type Kind = "probe-fault";

export const probeFaultRule: UnitRule<ProbeFaultState, Kind, { probeFault: boolean }> = {
  id: "probe",
  kinds: {
    "probe-fault": { label: "Probe fault", counted: ["probe fault", "probe faults"], ongoing: true },
  },
  initial: { faultsInRow: 0 },
  profileFields: [],
  onReading: (state, { reading }, _unit, ctx, events) => judgeProbe(state, reading, ctx, events),
  conditions: {
    now: (state) => ({ probeFault: state.raisedKey !== undefined }),
    status: ({ probeFault }) => (probeFault ? "warning" : "ok"),
  },
};

function judgeProbe(
  probe: ProbeFaultState,
  reading: UnitReading,
  ctx: RuleContext,
  events: RuleEvent<Kind>[],
): ProbeFaultState {
  if (!reading.fault && reading.tempC !== null) {
    if (probe.raisedKey)
      events.push({
        kind: "probe-fault",
        phase: "cleared",
        severity: "warning",
        unitId: ctx.unitId,
        timeMs: reading.timeMs,
        key: probe.raisedKey,
        ...worded({ key: "probe.cleared", values: {} }),
      });
    return probe.faultsInRow === 0 ? probe : { faultsInRow: 0 };
  }
  const faultsInRow = probe.faultsInRow + 1;
  const firstFaultMs = probe.firstFaultMs ?? reading.timeMs;
  if (probe.raisedKey || faultsInRow < PROBE_FAULTS_TO_ALERT) return { ...probe, faultsInRow, firstFaultMs };
  const key = `${ctx.unitId}:probe-fault:${firstFaultMs}`;
  const fault = reading.fault ?? null;
  events.push({
    kind: "probe-fault",
    phase: "raised",
    severity: "warning",
    unitId: ctx.unitId,
    timeMs: reading.timeMs,
    key,
    ...worded({ key: "probe.raised", values: { place: ctx.profile.kind, fault } }),
    details: { fault },
  });
  return { faultsInRow, firstFaultMs, raisedKey: key };
}
