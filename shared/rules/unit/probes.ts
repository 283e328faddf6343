// Several probes in one unit (a chest freezer with one at the lid and one at the bottom): every
// reading of every probe is judged. The unit's air is the warmest of the probes' latest readings
// for the high limit and the bags' thaw (the milk near the warm probe thaws first), and the coldest
// for a low limit (milk near the cold one freezes first). A probe's reading counts while it is no
// older than SILENT_AFTER_INTERVALS readings: a probe that stopped does not hold the unit's air.
import type { RuleContext } from "../context.js";
import { SILENT_AFTER_INTERVALS } from "../limits.js";
import type { JudgedReading, UnitRule, UnitSoFar } from "../runner/rule.js";

export interface ProbesState {
  /** each probe's latest valid reading (absent while there is one probe) */
  probes?: Record<string, ProbeAir>;
  /** the probe the unit's readings came from while there is only one */
  probeId?: string;
}

export interface ProbeAir {
  timeMs: number;
  airC: number;
}

const ONE_PROBE = "";

export const probesRule: UnitRule<ProbesState> = {
  id: "probes",
  kinds: {},
  initial: {},
  profileFields: ["intervalS"],
  onReading: takeProbeAir,
};

/**
 * The slice with this probe's reading taken in; the reading's air becomes what the unit's rules
 * judge now. `unit` is the unit before the reading: when a second probe appears, it tells the first's.
 */
function takeProbeAir(
  state: ProbesState,
  judged: JudgedReading,
  unit: UnitSoFar,
  ctx: RuleContext,
): ProbesState {
  const air = judged.air;
  if (air === undefined) return state;
  const { deviceId, timeMs } = judged.reading;
  const id = deviceId ?? ONE_PROBE;
  // one probe, the usual case: no bookkeeping at all
  if (state.probes === undefined && (state.probeId === undefined || state.probeId === id))
    return state.probeId === id ? state : { ...state, probeId: id };
  const airC = air.warmestC;
  const probes: Record<string, ProbeAir> = {
    ...(state.probes ?? firstProbe(state, unit)),
    [id]: { timeMs, airC },
  };
  const freshFromMs = timeMs - SILENT_AFTER_INTERVALS * ctx.profile.intervalS.value * 1000;
  let warmestC = airC;
  let coldestC = airC;
  for (const probe of Object.values(probes)) {
    if (probe.timeMs < freshFromMs || probe.timeMs > timeMs) continue;
    warmestC = Math.max(warmestC, probe.airC);
    coldestC = Math.min(coldestC, probe.airC);
  }
  judged.air = { warmestC, coldestC };
  return { ...state, probes };
}

/** the single probe seen so far, as the first entry of the map */
function firstProbe(state: ProbesState, unit: UnitSoFar): Record<string, ProbeAir> {
  const { lastReadingMs, airC } = unit;
  const probeId = state.probeId;
  if (probeId === undefined || lastReadingMs === undefined || airC === undefined) return {};
  return { [probeId]: { timeMs: lastReadingMs, airC } };
}
