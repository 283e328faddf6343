// Which stretches of a trip the box's readings do not cover. A box reads its air every interval of
// its profile; one reading late or lost leaves two intervals between readings and says nothing new
// about the milk, but longer than that the air, and so the milk, is not known.
import type { TripGap } from "../store/records.js";

/** intervals without a reading that are still covered (one reading late or lost) */
const COVERED_INTERVALS = 2;

/** the readings that say something about a trip: from one allowance before its start (the air the first bags went into) to its end */
export function coverageWindow(
  trip: { startedAtMs: number; endedAtMs: number },
  intervalMs: number,
): { fromMs: number; toMs: number } {
  return { fromMs: trip.startedAtMs - COVERED_INTERVALS * intervalMs, toMs: trip.endedAtMs };
}

export function tripGaps(
  readingTimesMs: number[],
  fromMs: number,
  toMs: number,
  intervalMs: number,
): TripGap[] {
  const allowedMs = COVERED_INTERVALS * intervalMs;
  const times = readingTimesMs.filter((t) => t >= fromMs - allowedMs && t <= toMs).sort((a, b) => a - b);
  const gaps: TripGap[] = [];
  let knownUntilMs = fromMs;
  for (const t of [...times, toMs]) {
    if (t - knownUntilMs > allowedMs) gaps.push({ fromMs: knownUntilMs, toMs: t });
    knownUntilMs = Math.max(knownUntilMs, t);
  }
  // no reading at all: the whole trip is one gap, however short the trip
  if (times.length === 0 && gaps.length === 0) gaps.push({ fromMs, toMs });
  return gaps;
}
