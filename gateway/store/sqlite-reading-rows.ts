// Puts a commit's new readings into unit_readings with as few statements as the rows allow, device
// by device, and adds their sequence numbers to the device's runs of stored ones (sqlite-seq-runs.ts).
// Timed alone, one row a statement took 5.4-7.3 µs a reading (binding and stepping a statement costs
// more than the row it writes), statements of up to 100 rows 3.9-4.3 µs; a 10,000 x 1,000 storm
// writes 10 million readings (docs/scaling.md, sixth round). A reading is new when its (device, seq)
// is neither in a stored run nor given earlier in the same commit.
import type Database from "better-sqlite3";
import { TEMP_STEPS_PER_C } from "./reading-temp-steps.js";
import type { StoredReading } from "./readings-store.js";
import type { SqliteReadingKeys } from "./sqlite-reading-keys.js";
import type { UnitReading } from "./sqlite-rollups.js";
import { inRuns, SqliteSeqRuns, withSeqs } from "./sqlite-seq-runs.js";

/** rows in one statement at most; fewer go in halves, quarters… so at most 7 statements */
const ROWS_PER_STATEMENT = 64;

/** An INSERT of many rows, prepared once for each power-of-two row count it is used with. */
class ManyRowsInsert {
  private readonly byRows = new Map<number, Database.Statement>();

  constructor(
    private readonly db: Database.Database,
    private readonly head: string,
    private readonly columns: number,
  ) {}

  /**
   * Rows for one commit, put value by value: each full statement's worth goes in at once from one
   * array reused throughout (one array grown to the whole commit, then cut into statements, was a
   * tenth of the bytes a reconnect storm allocated), the rest at finish().
   */
  rows(): { put(value: unknown): void; finish(): void } {
    const values: unknown[] = new Array(ROWS_PER_STATEMENT * this.columns);
    let filled = 0;
    return {
      put: (value) => {
        values[filled++] = value;
        if (filled < values.length) return;
        this.statementFor(ROWS_PER_STATEMENT).run(values);
        filled = 0;
      },
      // fewer than a full statement's rows left: in halves, quarters…
      finish: () => {
        let at = 0;
        for (let rows = ROWS_PER_STATEMENT / 2; rows >= 1; rows /= 2) {
          while ((filled - at) / this.columns >= rows) {
            const end = at + rows * this.columns;
            this.statementFor(rows).run(values.slice(at, end));
            at = end;
          }
        }
        filled = 0;
      },
    };
  }

  private statementFor(rows: number): Database.Statement {
    let statement = this.byRows.get(rows);
    if (!statement) {
      const row = `(${Array(this.columns).fill("?").join(", ")})`;
      statement = this.db.prepare(`${this.head} VALUES ${Array(rows).fill(row).join(", ")}`);
      this.byRows.set(rows, statement);
    }
    return statement;
  }
}

export class SqliteReadingRows {
  private readonly insertReadings: ManyRowsInsert;
  private readonly seqRuns: SqliteSeqRuns;

  constructor(
    db: Database.Database,
    private readonly units: SqliteReadingKeys,
    private readonly devices: SqliteReadingKeys,
  ) {
    this.insertReadings = new ManyRowsInsert(
      db,
      "INSERT INTO unit_readings (unit, device, seq, time_ms, temp_steps, fault, battery_v, rssi_dbm)",
      8,
    );
    this.seqRuns = new SqliteSeqRuns(db);
  }

  /**
   * Stores the readings not stored before, each once (the first given of a repeat); returns those,
   * device by device. Inside a transaction.
   */
  storeNew(readings: StoredReading[]): UnitReading[] {
    const stored: UnitReading[] = [];
    const readingRows = this.insertReadings.rows();
    // Device by device, so that the rows of one statement land next to each other: bench store's
    // commits of 200 devices' readings taken in turn went in at 95-114k readings/s so, 63-73k in the
    // order given.
    for (const [deviceKey, ofDevice] of byDevice(readings, (id) => this.devices.keyOf(id))) {
      const runs = this.runsOf(deviceKey, ofDevice);
      const fresh: number[] = [];
      // a device sends in order: a repeat inside the commit is looked for once a reading comes out of it
      let seen: Set<number> | undefined;
      for (const r of ofDevice) {
        if (inRuns(runs, r.seq)) continue;
        if (!seen && r.seq <= (fresh.at(-1) ?? Number.NEGATIVE_INFINITY)) seen = new Set(fresh);
        if (seen?.has(r.seq)) continue;
        seen?.add(r.seq);
        fresh.push(r.seq);
        readingRows.put(this.units.keyOf(r.unitId));
        readingRows.put(deviceKey);
        readingRows.put(r.seq);
        readingRows.put(r.timeMs);
        readingRows.put(r.tempC === null ? null : r.tempC * TEMP_STEPS_PER_C);
        readingRows.put(r.fault ?? null);
        readingRows.put(r.batteryV ?? null);
        readingRows.put(r.rssiDbm ?? null);
        stored.push({ unitId: r.unitId, deviceKey, seq: r.seq, timeMs: r.timeMs, tempC: r.tempC });
      }
      if (fresh.length > 0) this.seqRuns.replace(deviceKey, runs, withSeqs(runs, fresh));
    }
    readingRows.finish();
    return stored;
  }

  /** the device's stored runs that hold or touch these readings' sequence numbers */
  private runsOf(deviceKey: number, readings: StoredReading[]) {
    let from = (readings[0] as StoredReading).seq;
    let to = from;
    for (const { seq } of readings) {
      from = Math.min(from, seq);
      to = Math.max(to, seq);
    }
    return this.seqRuns.touching(deviceKey, from, to);
  }
}

/** the readings by device key, devices in the order first seen, each device's in the order given */
function byDevice(
  readings: StoredReading[],
  keyOf: (deviceId: string) => number,
): Map<number, StoredReading[]> {
  const grouped = new Map<number, StoredReading[]>();
  for (const r of readings) {
    const deviceKey = keyOf(r.deviceId);
    const ofDevice = grouped.get(deviceKey);
    if (ofDevice) ofDevice.push(r);
    else grouped.set(deviceKey, [r]);
  }
  return grouped;
}
