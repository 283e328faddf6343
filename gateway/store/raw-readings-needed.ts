// Which raw readings the site's records still need, whatever their age: the retention of raw
// readings (sqlite-raw-retention.ts) never deletes these. A bag still held needs the air of every unit
// it stayed in since it went in (its thaw curve replays it); a donor's bag needs the same for her
// storage log (reports/batch-history.ts), held or not; a trip needs its cool box's air for the whole
// trip (its report, and the report again when late readings come).
import { staysOf } from "../reports/stays.js";
import type { SiteStore } from "./site-store.js";

export interface NeededWindow {
  unitId: string;
  fromMs: number;
  /** exclusive */
  toMs: number;
}

export function rawReadingsNeeded(site: SiteStore, nowMs: number): NeededWindow[] {
  const needed: NeededWindow[] = [];
  for (const batch of site.batches.list()) {
    if (batch.unitId === null && batch.donorId === undefined) continue;
    for (const stay of staysOf(batch, site.batches.moves(batch.id))) {
      // a stay's last reading counts until the next one: the window ends just after it
      needed.push({ unitId: stay.unitId, fromMs: stay.fromMs, toMs: (stay.toMs ?? nowMs) + 1 });
    }
  }
  for (const trip of site.trips.list()) {
    needed.push({ unitId: trip.boxUnitId, fromMs: trip.startedAtMs, toMs: (trip.endedAtMs ?? nowMs) + 1 });
  }
  return needed;
}
