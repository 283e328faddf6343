// Sensor silent: judged on the clock's ticks, since silence is the absence of readings. It is raised
// after SILENT_AFTER_INTERVALS missed readings (never sooner than the profile's alarm delay, nor than
// the silence the profile expects, such as a cool box's hours out of reach) and
// cleared on a tick once readings are current again, so a backlog uploading after an outage does
// not clear and re-raise it message by message.
import type { RuleContext } from "../context.js";
import { SILENT_AFTER_INTERVALS } from "../limits.js";
import type { UnitRuleState } from "../runner/state.js";
import type { RuleEvent } from "../types.js";
import { PLACE, span, utcMinute } from "../wording/phrases.js";

export function silenceRule(
  state: UnitRuleState,
  nowMs: number,
  ctx: RuleContext,
  events: RuleEvent[],
): UnitRuleState["silence"] {
  const silence = state.silence;
  const lastMs = state.lastReadingMs ?? silence.watchFromMs;
  if (lastMs === undefined) return { watchFromMs: nowMs };
  const afterMs = Math.max(
    SILENT_AFTER_INTERVALS * ctx.profile.intervalS.value * 1000,
    ctx.profile.alarmDelayMin.value * 60_000,
    (ctx.profile.silentAfterMin?.value ?? 0) * 60_000,
  );
  const silentFor = nowMs - lastMs;
  const place = PLACE[ctx.profile.kind] ?? ctx.profile.kind;
  if (!silence.raisedKey && silentFor >= afterMs) {
    const key = `${ctx.unitId}:sensor-silent:${lastMs}`;
    events.push({
      kind: "sensor-silent",
      phase: "raised",
      severity: "warning",
      unitId: ctx.unitId,
      timeMs: nowMs,
      key,
      message:
        state.lastReadingMs === undefined
          ? `No reading has come from this ${place}'s sensor in ${span(silentFor)}: check that it is powered and in reach of Wi-Fi.`
          : `No reading from this ${place}'s sensor for ${span(silentFor)} (last at ${utcMinute(lastMs)}): check that it is powered and in reach of Wi-Fi. Its temperature is unknown until it reports.`,
      details: { lastReadingMs: state.lastReadingMs ?? null, silentForMs: silentFor },
    });
    return { ...silence, raisedKey: key };
  }
  if (silence.raisedKey && silentFor < afterMs) {
    events.push({
      kind: "sensor-silent",
      phase: "cleared",
      severity: "warning",
      unitId: ctx.unitId,
      timeMs: nowMs,
      key: silence.raisedKey,
      message: `This ${place}'s sensor is reporting again; check the chart for the time it was silent.`,
    });
    return silence.watchFromMs === undefined ? {} : { watchFromMs: silence.watchFromMs };
  }
  return silence;
}
