// Readings of a trip that arrive after its hand-over (a box out of network reach uploads its backlog
// at the bank): each provisional report is computed again, and kept as a new version when it
// changes, until the box's readings cover the whole trip. Earlier versions stay in the trip, so a
// reception decision names the version it was made on.
import { ruleContextOf } from "../reports/thaw-history.js";
import type { Trip, TripReport } from "../store/records.js";
import type { TripDeps } from "./trip-actions.js";
import { coverageWindow } from "./trip-coverage.js";
import { tripReport } from "./trip-report.js";

type Save = (trip: Trip, by: string, action: string, details: Record<string, unknown>) => Trip;

/** returns how to stop watching */
export function watchLateReadings(deps: TripDeps & { save: Save }): () => void {
  const { site, clock } = deps;
  // provisional trips by cool box and the readings' times that matter to each, so a reading of any
  // other unit costs one lookup
  const byBox = new Map<string, Map<string, { fromMs: number; toMs: number }>>();
  const running = new Map<string, Promise<void>>();
  const again = new Set<string>();

  const unwatch = (trip: Trip) => {
    const trips = byBox.get(trip.boxUnitId);
    trips?.delete(trip.id);
    if (trips?.size === 0) byBox.delete(trip.boxUnitId);
  };

  async function recomputeOnce(tripId: string): Promise<void> {
    const trip = site.trips.get(tripId);
    if (!trip?.report || trip.endedAtMs === undefined) return;
    const next = await tripReport(
      deps,
      { ...trip, endedAtMs: trip.endedAtMs },
      { version: trip.report.version + 1, computedAtMs: clock.now() },
    );
    // a reception may have been recorded while the readings were read
    const now = site.trips.get(tripId) ?? trip;
    if (!next.provisional) unwatch(now);
    if (!now.report || sameFindings(next, now.report)) return;
    deps.save(
      { ...now, report: next, earlierReports: [...(now.earlierReports ?? []), now.report] },
      "gateway",
      "trip.report-recomputed",
      { version: next.version, verdict: next.verdict, reasons: next.reasons, provisional: next.provisional },
    );
  }

  /** one computation at a time per trip; readings arriving meanwhile ask for one more after it */
  function recompute(tripId: string): Promise<void> {
    const busy = running.get(tripId);
    if (busy) {
      again.add(tripId);
      return busy;
    }
    const run = (async () => {
      try {
        do {
          again.delete(tripId);
          await recomputeOnce(tripId);
        } while (again.has(tripId));
      } finally {
        // in the same step as the last look at `again`, so no request can fall between the two
        running.delete(tripId);
      }
    })();
    running.set(tripId, run);
    return run;
  }

  const track = (trip: Trip & { endedAtMs: number }) => {
    const ctx = ruleContextOf(site, deps.profiles, trip.boxUnitId);
    if (!ctx) return;
    const trips = byBox.get(trip.boxUnitId) ?? new Map();
    trips.set(trip.id, coverageWindow(trip, ctx.profile.intervalS.value * 1000));
    byBox.set(trip.boxUnitId, trips);
  };
  const provisional = (trip: Trip): trip is Trip & { endedAtMs: number } =>
    trip.report?.provisional === true && trip.endedAtMs !== undefined;

  for (const trip of site.trips.list({ open: false })) if (provisional(trip)) track(trip);

  // a trip just handed over with a provisional report: watched from now, and looked at once more for
  // the readings that came in while its report was computed
  deps.bus.on("trip", "trip-reports", (trip) => {
    if (!provisional(trip) || byBox.get(trip.boxUnitId)?.has(trip.id)) return;
    track(trip);
    return recompute(trip.id);
  });

  deps.bus.on("readings", "trips", (readings) => {
    if (byBox.size === 0) return;
    const due = new Set<string>();
    for (const r of readings) {
      for (const [tripId, span] of byBox.get(r.unitId) ?? []) {
        if (r.timeMs >= span.fromMs && r.timeMs <= span.toMs) due.add(tripId);
      }
    }
    // the bus logs a failure (the store locked, say); the next readings try again
    if (due.size > 0) return Promise.all([...due].map(recompute)).then(() => {});
  });
  return () => {
    deps.bus.removeOwner("trip-reports");
    deps.bus.removeOwner("trips");
  };
}

/** the same report but for its version and when it was computed */
function sameFindings(a: TripReport, b: TripReport): boolean {
  const { version: _va, computedAtMs: _ca, ...restA } = a;
  const { version: _vb, computedAtMs: _cb, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
}
