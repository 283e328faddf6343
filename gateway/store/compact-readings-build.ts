// Migration 7: moves the readings of a file written before it into the compact table, a page of the old
// table's rows at a time, saying how far it has got on a big file; then the old table goes and a view
// of the same name and columns takes its place. Device and unit keys are given in the order of their
// ids, so readings of the same time keep the order they had (by device id, then sequence). A file that
// had readings before rollups existed gets its rollups now, from the compact table (rollup-build.ts).
import type Database from "better-sqlite3";
import { progressFor } from "./migration-progress.js";
import { TEMP_STEPS_PER_C } from "./reading-temp-steps.js";
import { buildRollups } from "./rollup-build.js";

/** old rows moved per statement; the log says how far it has got after each */
const PAGE_ROWS = 500_000;

/** the readings with their old columns, for people who query the file with sqlite3 */
const READINGS_VIEW = `
CREATE VIEW readings AS
SELECT d.id AS device_id, r.seq, u.id AS unit_id, r.time_ms, r.temp_steps / ${TEMP_STEPS_PER_C} AS temp_c,
  r.fault, r.battery_v, r.rssi_dbm
FROM unit_readings r JOIN unit_keys u ON u.key = r.unit JOIN device_keys d ON d.key = r.device;
`;

export function compactReadings(db: Database.Database, progress: (message: string) => void): void {
  const total = db.prepare("SELECT COUNT(*) FROM readings").pluck().get() as number;
  const say = progressFor(total, progress);
  say(`moving ${total} readings into the compact table`);
  db.exec(`
    INSERT INTO device_keys (id) SELECT DISTINCT device_id FROM readings ORDER BY device_id;
    INSERT INTO unit_keys (id) SELECT DISTINCT unit_id FROM readings ORDER BY unit_id;
  `);
  const inPage =
    "FROM readings r JOIN device_keys d ON d.id = r.device_id WHERE r.rowid > ? AND r.rowid <= ?";
  const moveRows = db.prepare(
    `INSERT INTO unit_readings (unit, time_ms, device, seq, temp_steps, fault, battery_v, rssi_dbm)
     SELECT (SELECT key FROM unit_keys WHERE id = r.unit_id), r.time_ms, d.key, r.seq,
       r.temp_c * ${TEMP_STEPS_PER_C}, r.fault, r.battery_v, r.rssi_dbm ${inPage}`,
  );
  const moveSeqs = db.prepare(`INSERT INTO reading_seqs (device, seq) SELECT d.key, r.seq ${inPage}`);
  const lastRowid = (db.prepare("SELECT MAX(rowid) FROM readings").pluck().get() as number | null) ?? 0;
  let moved = 0;
  for (let from = 0; from < lastRowid; from += PAGE_ROWS) {
    moved += moveRows.run(from, from + PAGE_ROWS).changes;
    moveSeqs.run(from, from + PAGE_ROWS);
    say(`compact readings: ${moved} of ${total} (${Math.round((100 * moved) / total)} %)`);
  }
  db.exec(`DROP TABLE readings; ${READINGS_VIEW}`);
  const rolledUp = db.prepare("SELECT 1 FROM rollups_hourly LIMIT 1").get() !== undefined;
  if (total > 0 && !rolledUp) buildRollups(db, progress);
}
