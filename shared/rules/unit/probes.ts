// Several probes in one unit (a chest freezer with one at the lid and one at the bottom): every
// reading of every probe is judged. The unit's air is the warmest of the probes' latest readings
// for the high limit and the bags' thaw (the milk near the warm probe thaws first), and the coldest
// for a low limit (milk near the cold one freezes first). A probe's reading counts while it is no
// older than SILENT_AFTER_INTERVALS readings: a probe that stopped does not hold the unit's air.
import type { RuleContext } from "../context.js";
import { SILENT_AFTER_INTERVALS } from "../limits.js";
import type { ProbeAir, UnitRuleState } from "../runner/state.js";

export interface UnitAir {
  warmestC: number;
  coldestC: number;
}

const ONE_PROBE = "";

/**
 * The state with this probe's reading taken in, and the air the unit's rules judge now.
 * `before` is the state before the reading: when a second probe appears, it tells the first's.
 */
export function takeProbeAir(
  state: UnitRuleState,
  before: UnitRuleState,
  deviceId: string | undefined,
  timeMs: number,
  airC: number,
  ctx: RuleContext,
): { state: UnitRuleState; air: UnitAir } {
  const id = deviceId ?? ONE_PROBE;
  // one probe, the usual case: no bookkeeping at all
  if (state.probes === undefined && (state.probeId === undefined || state.probeId === id)) {
    const next = state.probeId === id ? state : { ...state, probeId: id };
    return { state: next, air: { warmestC: airC, coldestC: airC } };
  }
  const probes: Record<string, ProbeAir> = {
    ...(state.probes ?? firstProbe(before)),
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
  return { state: { ...state, probes }, air: { warmestC, coldestC } };
}

/** the single probe seen so far, as the first entry of the map */
function firstProbe(state: UnitRuleState): Record<string, ProbeAir> {
  const { probeId, lastReadingMs, airC } = state;
  if (probeId === undefined || lastReadingMs === undefined || airC === undefined) return {};
  return { [probeId]: { timeMs: lastReadingMs, airC } };
}
