// A trip as a donor whose bags rode in it may see it: her own pick-ups, her own bags in the report
// and each earlier version of it,
// and the reasons about the box's air or her bags; never another donor's id, bag or label.
import type { Trip, TripReport } from "../store/records.js";

/**
 * The report's reasons name a bag by its label ("Bag 3: thawed completely", see
 * shared/rules/trips/trip-verdict.ts); a reason that starts with another donor's label is hers, not this one's.
 */
function ownReasons(report: TripReport, mine: Set<string>): string[] {
  const ownLabels = new Set(report.batches.filter((b) => mine.has(b.batchId)).map((b) => b.label));
  const others = report.batches
    .filter((b) => !mine.has(b.batchId) && !ownLabels.has(b.label))
    .map((b) => `${b.label}: `);
  return report.reasons.filter((reason) => !others.some((label) => reason.startsWith(label)));
}

export function donorsView(trip: Trip, donorId: string): Trip {
  const pickups = trip.pickups.filter((p) => p.donorId === donorId);
  const mine = new Set(pickups.flatMap((p) => p.batchIds));
  const { report, earlierReports, ...rest } = trip;
  const own = (r: TripReport): TripReport => ({
    ...r,
    batches: r.batches.filter((b) => mine.has(b.batchId)),
    reasons: ownReasons(r, mine),
  });
  return {
    ...rest,
    pickups,
    ...(report ? { report: own(report) } : {}),
    ...(earlierReports ? { earlierReports: earlierReports.map(own) } : {}),
  };
}
