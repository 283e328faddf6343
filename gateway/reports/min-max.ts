// The air's min and max over a long stretch (a bag's months in a freezer) without loading every
// reading: whole days come from daily buckets, the ragged ends from raw readings.
import type { ReadingsStore } from "../store/readings-store.js";
import { DAY_MS } from "./readings-window.js";

export interface MinMax {
  minC: number | null;
  maxC: number | null;
  readings: number;
}

function fold(acc: MinMax, minC: number | null, maxC: number | null, count: number): MinMax {
  return {
    minC: minC === null ? acc.minC : Math.min(acc.minC ?? minC, minC),
    maxC: maxC === null ? acc.maxC : Math.max(acc.maxC ?? maxC, maxC),
    readings: acc.readings + count,
  };
}

export async function minMax(
  store: ReadingsStore,
  unitId: string,
  fromMs: number,
  toMs: number,
): Promise<MinMax> {
  let acc: MinMax = { minC: null, maxC: null, readings: 0 };
  const firstDay = Math.ceil(fromMs / DAY_MS) * DAY_MS;
  const lastDay = Math.floor(toMs / DAY_MS) * DAY_MS;
  const whole = firstDay < lastDay;
  const rawSpans = whole
    ? [
        [fromMs, firstDay],
        [lastDay, toMs],
      ]
    : [[fromMs, toMs]];
  for (const [from, to] of rawSpans) {
    if (from === undefined || to === undefined || from >= to) continue;
    for (const r of await store.range({ unitId, fromMs: from, toMs: to }))
      acc = fold(acc, r.tempC, r.tempC, 1);
  }
  if (whole) {
    for (const b of await store.buckets({ unitId, fromMs: firstDay, toMs: lastDay, bucketMs: DAY_MS })) {
      acc = fold(acc, b.minC, b.maxC, b.count);
    }
  }
  return acc;
}
