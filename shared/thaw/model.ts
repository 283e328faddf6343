// Thaw model: the milk's enthalpy relative to fully frozen milk at the freezing point.
//   H < 0           solid:   T = Tf + H / (m c_frozen)
//   0 <= H <= m L   melting: T = Tf, ice fraction = 1 - H / (m L)
//   H > m L         liquid:  T = Tf + (H - m L) / (m c_liquid)
// with dH/dt = hA (T_air - T). For constant air each regime has a closed form (exponential in the
// solid and liquid regimes, linear while melting or freezing), so a step of any length is exact:
// walk the regimes until the step's time is used up.
import type { BatchSpec, BatchThawState } from "../rules/types.js";
import { FREEZING_POINT_C } from "./constants.js";
import { type Thermal, thermalOf } from "./thermal.js";

function enthalpyOf(tempC: number, iceFraction: number, th: Thermal): number {
  if (iceFraction >= 1) return Math.min(0, (tempC - FREEZING_POINT_C) * th.cFrozen);
  if (iceFraction <= 0) return th.latent + Math.max(0, (tempC - FREEZING_POINT_C) * th.cLiquid);
  return (1 - iceFraction) * th.latent;
}

function temperatureOf(h: number, th: Thermal): { tempC: number; iceFraction: number } {
  if (h < 0) return { tempC: FREEZING_POINT_C + h / th.cFrozen, iceFraction: 1 };
  if (h <= th.latent) return { tempC: FREEZING_POINT_C, iceFraction: 1 - h / th.latent };
  return { tempC: FREEZING_POINT_C + (h - th.latent) / th.cLiquid, iceFraction: 0 };
}

/** Heat exchange for `seconds` in air at airTempC; returns the enthalpy and when the last ice melted (s into the step). */
function exchange(
  h0: number,
  airTempC: number,
  seconds: number,
  th: Thermal,
): { h: number; meltedAtS?: number } {
  let h = h0;
  let left = seconds;
  let meltedAtS: number | undefined;
  const warming = airTempC > FREEZING_POINT_C;
  // At most three regimes can be crossed in one direction.
  for (let guard = 0; guard < 4 && left > 0; guard++) {
    if (h < 0 || (h === 0 && !warming)) {
      // solid: exponential toward the air; stops at the freezing point when the air is warmer
      const tau = th.cFrozen / th.hA;
      const t0 = FREEZING_POINT_C + h / th.cFrozen;
      if (warming) {
        const toMelt = tau * Math.log((airTempC - t0) / (airTempC - FREEZING_POINT_C));
        if (toMelt >= left)
          return {
            h: (airTempC + (t0 - airTempC) * Math.exp(-left / tau) - FREEZING_POINT_C) * th.cFrozen,
            meltedAtS,
          };
        h = 0;
        left -= toMelt;
        continue;
      }
      return {
        h: (airTempC + (t0 - airTempC) * Math.exp(-left / tau) - FREEZING_POINT_C) * th.cFrozen,
        meltedAtS,
      };
    }
    if (h > th.latent || (h === th.latent && warming)) {
      // liquid: exponential toward the air; stops at the freezing point when the air is colder
      const tau = th.cLiquid / th.hA;
      const t0 = FREEZING_POINT_C + (h - th.latent) / th.cLiquid;
      if (!warming && airTempC < FREEZING_POINT_C) {
        const toFreeze = tau * Math.log((t0 - airTempC) / (FREEZING_POINT_C - airTempC));
        if (toFreeze < left) {
          h = th.latent;
          left -= toFreeze;
          continue;
        }
      }
      return {
        h: th.latent + (airTempC + (t0 - airTempC) * Math.exp(-left / tau) - FREEZING_POINT_C) * th.cLiquid,
        meltedAtS,
      };
    }
    // melting or freezing at the freezing point: constant heat flow
    const flowW = th.hA * (airTempC - FREEZING_POINT_C);
    if (flowW === 0) return { h, meltedAtS };
    const target = flowW > 0 ? th.latent : 0;
    const toEdge = (target - h) / flowW;
    if (toEdge >= left) return { h: h + flowW * left, meltedAtS };
    if (flowW > 0) meltedAtS = seconds - left + toEdge;
    h = target;
    left -= toEdge;
  }
  return { h, meltedAtS };
}

/** A batch's thaw state when it is first placed, with the milk at `milkTempC` (solid below freezing). */
export function initialThaw(milkTempC: number, atMs: number): BatchThawState {
  const frozen = milkTempC < FREEZING_POINT_C;
  return {
    milkTempC,
    iceFraction: frozen ? 1 : 0,
    phase: frozen ? "frozen" : "thawed",
    ...(frozen ? { frozenAtMs: atMs } : {}),
    lastUpdateMs: atMs,
  };
}

/**
 * The batch after sitting in air at `airTempC` from state.lastUpdateMs to `toMs`. Updates milkTempC,
 * iceFraction, lastUpdateMs, and thawedAtMs at the exact moment the last ice melted within the step.
 * Phases are the rules' business. The air is taken to have held since state.lastUpdateMs, so callers
 * step with the air of the interval they close (the previous reading's), never skip ahead.
 */
export function advanceThaw(
  state: BatchThawState,
  spec: BatchSpec,
  airTempC: number,
  toMs: number,
): BatchThawState {
  const seconds = (toMs - state.lastUpdateMs) / 1000;
  if (seconds <= 0) return state;
  const th = thermalOf(spec);
  if (state.iceFraction >= 1 && airTempC < FREEZING_POINT_C && state.milkTempC < FREEZING_POINT_C) {
    // the common case, a frozen bag in a freezer: one exponential, no regime change possible
    const milkTempC = airTempC + (state.milkTempC - airTempC) * Math.exp((-seconds * th.hA) / th.cFrozen);
    return withTemperature(state, milkTempC, state.iceFraction, toMs);
  }
  const result = exchange(enthalpyOf(state.milkTempC, state.iceFraction, th), airTempC, seconds, th);
  const now = temperatureOf(result.h, th);
  const next: BatchThawState = {
    ...state,
    milkTempC: now.tempC,
    iceFraction: now.iceFraction,
    lastUpdateMs: toMs,
  };
  if (result.meltedAtS !== undefined) next.thawedAtMs = state.lastUpdateMs + result.meltedAtS * 1000;
  return next;
}

/** A copy with new temperature values; spelled out because object spread is slow on the hot path. */
function withTemperature(
  state: BatchThawState,
  milkTempC: number,
  iceFraction: number,
  toMs: number,
): BatchThawState {
  const next: BatchThawState = { milkTempC, iceFraction, phase: state.phase, lastUpdateMs: toMs };
  if (state.thawedAtMs !== undefined) next.thawedAtMs = state.thawedAtMs;
  if (state.frozenAtMs !== undefined) next.frozenAtMs = state.frozenAtMs;
  if (state.discardReason !== undefined) next.discardReason = state.discardReason;
  return next;
}
