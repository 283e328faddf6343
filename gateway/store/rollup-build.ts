// Hourly rollups for readings stored before rollups existed, a day of a unit at a time, saying how far
// it has got on a big file: a year of one freezer's 1-minute readings takes about a second here
// (docs/store.md). Rollups read the compact readings table: a file older than it has its readings
// moved there first and its rollups built then (migration 7, compact-readings-build.ts). Daily rollups
// are put together from the hours (migration 8).
import type Database from "better-sqlite3";
import { progressFor } from "./migration-progress.js";
import { DAY_MS, floorTo } from "./rollup-figures.js";
import { shippedLimits } from "./rollup-limits.js";
import { SqliteDailyRollups } from "./sqlite-daily-rollups.js";
import { SqliteReadingKeys } from "./sqlite-reading-keys.js";
import { SqliteRollups } from "./sqlite-rollups.js";

const SAY_EVERY = 1_000_000;
/** days of units put together in well under a second here */
const QUIET_BELOW_DAYS = 10_000;

const hasCompactReadings = (db: Database.Database) =>
  db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'unit_readings'").get() !== undefined;

export function buildRollups(db: Database.Database, progress: (message: string) => void): void {
  if (!hasCompactReadings(db)) return;
  const total = db.prepare("SELECT COUNT(*) FROM unit_readings").pluck().get() as number;
  if (total === 0) return;
  const units = new SqliteReadingKeys(db, "unit_keys");
  const rollups = new SqliteRollups(db, shippedLimits(db), units);
  const unitKeys = db.prepare("SELECT DISTINCT unit FROM unit_readings").pluck().all() as number[];
  const firstFrom = db
    .prepare("SELECT MIN(time_ms) FROM unit_readings WHERE unit = ? AND time_ms >= ?")
    .pluck();
  const countIn = db
    .prepare("SELECT COUNT(*) FROM unit_readings WHERE unit = ? AND time_ms >= ? AND time_ms < ?")
    .pluck();
  const say = progressFor(total, progress);
  say(`building hourly rollups of ${total} readings in ${unitKeys.length} units`);
  let done = 0;
  let saidAt = 0;
  for (const unitKey of unitKeys) {
    const unitId = units.idOf(unitKey);
    let next = firstFrom.get(unitKey, Number.MIN_SAFE_INTEGER) as number | null;
    while (next !== null) {
      const dayMs = floorTo(next, DAY_MS);
      rollups.rebuildDay(unitId, dayMs);
      done += countIn.get(unitKey, dayMs, dayMs + DAY_MS) as number;
      if (done - saidAt >= SAY_EVERY) {
        say(`hourly rollups: ${done} of ${total} readings (${Math.round((100 * done) / total)} %)`);
        saidAt = done;
      }
      next = firstFrom.get(unitKey, dayMs + DAY_MS) as number | null;
    }
  }
  say(`hourly rollups built for ${total} readings`);
}

/** Daily rollups put together from the hourly ones of a file written before them (migration 8). */
export function buildDailyRollups(db: Database.Database, progress: (message: string) => void): void {
  const unitDays = db
    .prepare(`SELECT DISTINCT unit_id, hour_ms - hour_ms % ${DAY_MS} FROM rollups_hourly`)
    .raw(true)
    .all() as [string, number][];
  const say = unitDays.length >= QUIET_BELOW_DAYS ? progress : () => {};
  say(`putting together daily rollups of ${unitDays.length} days of units`);
  const days = new SqliteDailyRollups(db);
  for (const [unitId, dayMs] of unitDays) days.rebuild(unitId, dayMs);
  say("daily rollups built");
}
