// A chart's worth of readings: raw when few, otherwise buckets that keep min and max (a peak is never
// averaged away).
import type { ReadingsSample } from "../../shared/api/answers.js";
import type { ReadingsStore } from "../store/readings-store.js";

/** a chart is ~1,000 px wide: more points than that only cost bandwidth */
export const MAX_POINTS = 1000;

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;
/** round bucket sizes, so buckets line up with the clock on a chart axis */
const STEPS_MS = [
  MINUTE_MS,
  5 * MINUTE_MS,
  15 * MINUTE_MS,
  30 * MINUTE_MS,
  HOUR_MS,
  3 * HOUR_MS,
  6 * HOUR_MS,
  12 * HOUR_MS,
  DAY_MS,
];

export function bucketSizeFor(rangeMs: number): number {
  const wanted = rangeMs / MAX_POINTS;
  return STEPS_MS.find((step) => step >= wanted) ?? Math.ceil(wanted / DAY_MS) * DAY_MS;
}

export async function readingsWindow(
  store: ReadingsStore,
  query: { unitId: string; fromMs: number; toMs: number; bucketMs?: number },
): Promise<ReadingsSample> {
  const range = { unitId: query.unitId, fromMs: query.fromMs, toMs: query.toMs };
  if (query.bucketMs !== undefined) {
    return {
      mode: "buckets",
      bucketMs: query.bucketMs,
      buckets: await store.buckets({ ...range, bucketMs: query.bucketMs }),
    };
  }
  const bucketMs = bucketSizeFor(query.toMs - query.fromMs);
  const buckets = await store.buckets({ ...range, bucketMs });
  const count = buckets.reduce((sum, b) => sum + b.count, 0);
  if (count > MAX_POINTS) return { mode: "buckets", bucketMs, buckets };
  return { mode: "raw", bucketMs: null, readings: await store.range(range) };
}
