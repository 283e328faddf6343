// Sensor silent: judged on the clock's ticks, since silence is the absence of readings. It is raised
// after SILENT_AFTER_INTERVALS missed readings (never sooner than the profile's alarm delay, nor than
// the silence the profile expects, such as a cool box's hours out of reach) and
// cleared on a tick once readings are current again, so a backlog uploading after an outage does
// not clear and re-raise it message by message.
import type { RuleContext } from "../context.js";
import { SILENT_AFTER_INTERVALS } from "../limits.js";
import type { UnitRule, UnitSoFar } from "../runner/rule.js";
import type { RuleEvent } from "../types.js";
import { PLACE, span, utcMinute } from "../wording/phrases.js";

export interface SilenceState {
  /** the first tick seen, when no reading has come yet (silence counts from here) */
  watchFromMs?: number;
  raisedKey?: string;
}

type Kind = "sensor-silent";

export const silenceRule: UnitRule<SilenceState, Kind, { silent: boolean }> = {
  id: "silence",
  kinds: {
    "sensor-silent": {
      label: "Sensor silent",
      counted: ["spell without readings", "spells without readings"],
      ongoing: true,
      unitStatus: "silent",
    },
  },
  initial: {},
  profileFields: ["intervalS", "alarmDelayMin", "silentAfterMin"],
  onTick: judgeSilence,
  // silence is about readings arriving, not about their event time
  keptOnRerun: true,
  conditions: {
    now: (state) => ({ silent: state.raisedKey !== undefined }),
    status: ({ silent }) => (silent ? "silent" : "ok"),
  },
};

function judgeSilence(
  silence: SilenceState,
  nowMs: number,
  unit: UnitSoFar,
  ctx: RuleContext,
  events: RuleEvent<Kind>[],
): SilenceState {
  const lastMs = unit.lastReadingMs ?? silence.watchFromMs;
  if (lastMs === undefined) return { watchFromMs: nowMs };
  const afterMs = Math.max(
    SILENT_AFTER_INTERVALS * ctx.profile.intervalS.value * 1000,
    ctx.profile.alarmDelayMin.value * 60_000,
    (ctx.profile.silentAfterMin?.value ?? 0) * 60_000,
  );
  const silentFor = nowMs - lastMs;
  if (!silence.raisedKey && silentFor >= afterMs) {
    const place = PLACE[ctx.profile.kind] ?? ctx.profile.kind;
    const key = `${ctx.unitId}:sensor-silent:${lastMs}`;
    events.push({
      kind: "sensor-silent",
      phase: "raised",
      severity: "warning",
      unitId: ctx.unitId,
      timeMs: nowMs,
      key,
      message:
        unit.lastReadingMs === undefined
          ? `No reading has come from this ${place}'s sensor in ${span(silentFor)}: check that it is powered and in reach of Wi-Fi.`
          : `No reading from this ${place}'s sensor for ${span(silentFor)} (last at ${utcMinute(lastMs)}): check that it is powered and in reach of Wi-Fi. Its temperature is unknown until it reports.`,
      details: { lastReadingMs: unit.lastReadingMs ?? null, silentForMs: silentFor },
    });
    return { ...silence, raisedKey: key };
  }
  if (silence.raisedKey && silentFor < afterMs) {
    const place = PLACE[ctx.profile.kind] ?? ctx.profile.kind;
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
