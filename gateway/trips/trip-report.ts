// The hand-over report of a trip: the box's air over the trip, and every bag's state at the end.
import type { StorageProfile } from "../../shared/profiles/types.js";
import { tripVerdict } from "../../shared/rules/trip-verdict.js";
import { minutesAbove } from "../reports/minutes-above.js";
import type { Trip, TripReport } from "../store/records.js";
import type { TripDeps } from "./trip-actions.js";

const LIMITS = ["warningHighC", "criticalHighC"] as const;
const LIMIT_NAMES = { warningHighC: "warning", criticalHighC: "critical" };

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
    ...tripVerdict(
      batches.map((b) => ({ label: b.label, phase: b.thaw.phase, iceFraction: b.thaw.iceFraction })),
      Object.fromEntries(LIMITS.map((limit) => [LIMIT_NAMES[limit], minutes[limit] ?? 0])),
    ),
  };
}
