// The hand-over report of a trip: the box's air over the trip, and every bag's state at the end.
import type { StorageProfile } from "../../shared/profiles/types.js";
import { minutesAbove } from "../reports/minutes-above.js";
import type { Batch, Trip, TripReport } from "../store/records.js";
import type { TripDeps } from "./trip-actions.js";

const LIMITS = ["warningHighC", "criticalHighC"] as const;

// Interim verdict until shared/rules/trip-verdict.ts (H2) lands, then replaced by tripVerdict:
// accept = every bag frozen and the air within limits; review = an excursion but every bag still
// holds ice; reject = a bag thawed completely or must be discarded.
function verdictOf(
  batches: Batch[],
  minutes: Record<string, number>,
): Pick<TripReport, "verdict" | "reasons"> {
  const lost = batches.filter((b) => ["thawed", "expired", "discard"].includes(b.thaw.phase));
  if (lost.length > 0)
    return { verdict: "reject", reasons: lost.map((b) => `${b.label} is ${b.thaw.phase}`) };
  const above = Object.entries(minutes).filter(([, m]) => m > 0);
  const soft = batches.filter((b) => b.thaw.phase === "partially-thawed");
  const reasons = [
    ...above.map(([limit, m]) => `air above ${limit} for ${Math.round(m)} min`),
    ...soft.map((b) => `${b.label} is partially thawed (still holds ice)`),
  ];
  return { verdict: reasons.length > 0 ? "review" : "accept", reasons };
}

export async function tripReport(
  deps: Pick<TripDeps, "site" | "readings" | "thawOf">,
  trip: Trip,
  profile: StorageProfile,
  endedAtMs: number,
): Promise<TripReport> {
  const readings = await deps.readings.range({
    unitId: trip.boxUnitId,
    fromMs: trip.startedAtMs,
    toMs: endedAtMs + 1,
  });
  const temps = readings.flatMap((r) => (r.tempC === null ? [] : [r.tempC]));
  const intervalMs = profile.intervalS.value * 1000;
  const minutes = Object.fromEntries(
    LIMITS.map((limit) => [
      limit,
      Math.round(minutesAbove(readings, profile[limit].value, intervalMs, endedAtMs) * 10) / 10,
    ]),
  );
  const batches = deps.site.batches
    .list({ unitId: trip.boxUnitId })
    .map((b) => ({ ...b, thaw: deps.thawOf?.(trip.boxUnitId, b.id) ?? b.thaw }));
  return {
    fromMs: trip.startedAtMs,
    toMs: endedAtMs,
    minC: temps.length ? temps.reduce((a, b) => Math.min(a, b)) : null,
    maxC: temps.length ? temps.reduce((a, b) => Math.max(a, b)) : null,
    minutesAbove: minutes,
    batches: batches.map((b) => ({
      batchId: b.id,
      label: b.label,
      phase: b.thaw.phase,
      iceFraction: b.thaw.iceFraction,
      stayedFrozen: b.thaw.phase === "frozen",
    })),
    ...verdictOf(batches, minutes),
  };
}
