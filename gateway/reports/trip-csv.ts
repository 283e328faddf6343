// The trip report as CSV for the bank's records: a summary block, then one line per bag.
import type { Trip, TripReport } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import { type Cell, csvFraction, csvMinutes, csvTempC, toCsv } from "./csv.js";

const iso = (ms: number | undefined) => (ms === undefined ? "" : new Date(ms).toISOString());

export function tripCsv(site: SiteStore, trip: Trip, report: TripReport): string {
  const box = site.units.get(trip.boxUnitId);
  const summary: Cell[][] = [
    ["trip", trip.id],
    ["courier", site.users.get(trip.courierId)?.displayName ?? trip.courierId],
    ["cool_box", box?.name ?? trip.boxUnitId],
    ["from", iso(report.fromMs)],
    ["to", iso(report.toMs)],
    ["min_c", csvTempC(report.minC)],
    ["max_c", csvTempC(report.maxC)],
    ...Object.entries(report.minutesAbove).map(([limit, minutes]): Cell[] => [
      `minutes_above_${limit}`,
      csvMinutes(minutes),
    ]),
    ["verdict", report.verdict],
    ["reasons", report.reasons.join("; ")],
    // a provisional report can still change as the box's readings arrive: the version says which this is
    ["report_version", report.version],
    ["computed_at", iso(report.computedAtMs)],
    ["provisional", report.provisional],
    [
      "reception",
      trip.reception
        ? `${trip.reception.decision} by ${trip.reception.by} on report version ${trip.reception.reportVersion}`
        : "",
    ],
  ];
  const pickupOf = new Map(trip.pickups.flatMap((p) => p.batchIds.map((id) => [id, p] as const)));
  const bags: Cell[][] = report.batches.map((b) => {
    const pickup = pickupOf.get(b.batchId);
    return [
      pickup?.donorId,
      iso(pickup?.atMs),
      b.batchId,
      // a report made before bags had codes: the bag's own
      b.code ?? site.batches.get(b.batchId)?.code,
      b.label,
      b.phase,
      csvFraction(b.iceFraction),
      b.stayedFrozen,
    ];
  });
  const bagHeader = [
    "donor_id",
    "picked_up_at",
    "batch_id",
    "code",
    "label",
    "phase",
    "ice_fraction",
    "stayed_frozen",
  ];
  return toCsv([...summary, [], bagHeader, ...bags]);
}
