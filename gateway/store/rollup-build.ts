// Hourly rollups for readings stored before rollups existed (migration 6), a day of a unit at a time,
// saying how far it has got on a big file: a year of one freezer's 1-minute readings takes about a
// second here (docs/store.md).
import type Database from "better-sqlite3";
import { DAY_MS, floorTo } from "./rollup-figures.js";
import { shippedLimits } from "./rollup-limits.js";
import { SqliteRollups } from "./sqlite-rollups.js";

/** a file with fewer readings than this is done before anyone would look at the log */
const QUIET_BELOW = 1_000_000;
const SAY_EVERY = 1_000_000;

export function buildRollups(db: Database.Database, progress: (message: string) => void): void {
  const total = db.prepare("SELECT COUNT(*) FROM readings").pluck().get() as number;
  if (total === 0) return;
  const rollups = new SqliteRollups(db, shippedLimits(db));
  const units = db.prepare("SELECT DISTINCT unit_id FROM readings").pluck().all() as string[];
  const firstFrom = db
    .prepare("SELECT MIN(time_ms) FROM readings WHERE unit_id = ? AND time_ms >= ?")
    .pluck();
  const countIn = db
    .prepare("SELECT COUNT(*) FROM readings WHERE unit_id = ? AND time_ms >= ? AND time_ms < ?")
    .pluck();
  const say = total >= QUIET_BELOW ? progress : () => {};
  say(`building hourly rollups of ${total} readings in ${units.length} units`);
  let done = 0;
  let saidAt = 0;
  for (const unitId of units) {
    let next = firstFrom.get(unitId, Number.MIN_SAFE_INTEGER) as number | null;
    while (next !== null) {
      const dayMs = floorTo(next, DAY_MS);
      rollups.rebuildDay(unitId, dayMs);
      done += countIn.get(unitId, dayMs, dayMs + DAY_MS) as number;
      if (done - saidAt >= SAY_EVERY) {
        say(`hourly rollups: ${done} of ${total} readings (${Math.round((100 * done) / total)} %)`);
        saidAt = done;
      }
      next = firstFrom.get(unitId, dayMs + DAY_MS) as number | null;
    }
  }
  say(`hourly rollups built for ${total} readings`);
}
