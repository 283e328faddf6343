// Sensor silent: judged on the clock's ticks, since silence is the absence of readings. It is raised
// after SILENT_AFTER_INTERVALS missed readings (never sooner than the profile's alarm delay, nor than
// the silence the profile expects, such as a cool box's hours out of reach) and
// cleared on a tick once readings are current again, so a backlog uploading after an outage does
// not clear and re-raise it message by message.
import type { RuleContext } from "../context.js";
import { SILENT_AFTER_INTERVALS } from "../limits.js";
import type { UnitRule, UnitSoFar } from "../runner/rule.js";
import type { RuleEvent } from "../types.js";
import { worded } from "../wording/alert-words-en.js";

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
    const key = `${ctx.unitId}:sensor-silent:${lastMs}`;
    events.push({
      kind: "sensor-silent",
      phase: "raised",
      severity: "warning",
      unitId: ctx.unitId,
      timeMs: nowMs,
      key,
      ...worded({
        key: "silence.raised",
        values: { place: ctx.profile.kind, silentMs: silentFor, lastReadingMs: unit.lastReadingMs ?? null },
      }),
      details: { lastReadingMs: unit.lastReadingMs ?? null, silentForMs: silentFor },
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
      ...worded({ key: "silence.cleared", values: { place: ctx.profile.kind } }),
    });
    return silence.watchFromMs === undefined ? {} : { watchFromMs: silence.watchFromMs };
  }
  return silence;
}
