// A bag's estimated milk temperature and ice fraction over time, for the unit chart: the thaw model
// (shared/thaw) replayed over the air readings of every unit the bag has stayed in. The engine keeps
// only the current estimate, so a curve over time has to be recomputed from the air history.
import { advanceThaw, initialThaw } from "../../shared/thaw/model.js";
import type { ReadingsStore } from "../store/readings-store.js";
import type { Batch, BatchMove } from "../store/records.js";
import { staysOf } from "./stays.js";

export interface ThawPoint {
  timeMs: number;
  milkTempC: number;
  iceFraction: number;
}

/** a chart gets no more points than this; the model still steps through every reading */
const MAX_POINTS = 1000;

export async function thawHistory(
  readings: ReadingsStore,
  batch: Batch,
  moves: BatchMove[],
  window: { fromMs: number; toMs: number },
): Promise<ThawPoint[]> {
  const all: ThawPoint[] = [];
  let state: ReturnType<typeof initialThaw> | undefined;
  let airC: number | undefined;
  for (const stay of staysOf(batch, moves)) {
    const stayTo = Math.min(stay.toMs ?? window.toMs, window.toMs);
    if (stay.fromMs >= stayTo) continue;
    const air = await readings.range({ unitId: stay.unitId, fromMs: stay.fromMs, toMs: stayTo });
    for (const r of air) {
      if (r.tempC === null) continue;
      if (!state) {
        // as the engine does: a bag starts at the air of the unit it is first put in
        state = initialThaw(r.tempC, stay.fromMs);
        airC = r.tempC;
      }
      // the air of the interval being closed is the previous reading's (see advanceThaw)
      state = advanceThaw(state, batch, airC ?? r.tempC, r.timeMs);
      airC = r.tempC;
      if (r.timeMs >= window.fromMs) {
        all.push({ timeMs: r.timeMs, milkTempC: state.milkTempC, iceFraction: state.iceFraction });
      }
    }
  }
  return thin(all);
}

/** every n-th point and the last: the milk changes slowly, so no peak hides between them */
function thin(points: ThawPoint[]): ThawPoint[] {
  if (points.length <= MAX_POINTS) return points;
  // one place is kept for the last point
  const every = Math.ceil(points.length / (MAX_POINTS - 1));
  return points.filter((_, i) => i % every === 0 || i === points.length - 1);
}
