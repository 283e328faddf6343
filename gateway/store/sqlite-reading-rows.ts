// Puts a commit's new readings into unit_readings and their (device, seq) into reading_seqs with as
// few statements as the rows allow, device by device. Timed alone, one row a statement took 5.4-7.3 µs
// a reading for the two inserts (binding and stepping a statement costs more than the row it writes),
// statements of up to 100 rows 3.9-4.3 µs with the device's stored sequence numbers read once a
// commit; a 10,000 x 1,000 storm writes 10 million readings (docs/scaling.md, sixth round). A reading
// is new when its (device, seq) is neither in reading_seqs nor given earlier in the same commit, as
// the old `INSERT OR IGNORE` one row at a time decided.
import type Database from "better-sqlite3";
import { TEMP_STEPS_PER_C } from "./reading-temp-steps.js";
import type { StoredReading } from "./readings-store.js";
import type { SqliteReadingKeys } from "./sqlite-reading-keys.js";
import type { UnitReading } from "./sqlite-rollups.js";

/** rows in one statement at most; shorter runs go in halves, quarters… so at most 7 statements a table */
const ROWS_PER_STATEMENT = 64;
/**
 * A device's sequence numbers in one commit are looked up as one range unless the range is this many
 * times longer than the readings: a device back from a reset sends seqs far from its stored ones.
 */
const SPARSE_RANGE_FACTOR = 4;

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
  private readonly insertSeqs: ManyRowsInsert;
  private readonly insertReadings: ManyRowsInsert;
  private readonly seqsBetween: Database.Statement;
  private readonly seqStored: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly units: SqliteReadingKeys,
    private readonly devices: SqliteReadingKeys,
  ) {
    this.insertSeqs = new ManyRowsInsert(db, "INSERT INTO reading_seqs (device, seq)", 2);
    this.insertReadings = new ManyRowsInsert(
      db,
      "INSERT INTO unit_readings (unit, device, seq, time_ms, temp_steps, fault, battery_v, rssi_dbm)",
      8,
    );
    this.seqsBetween = db
      .prepare("SELECT seq FROM reading_seqs WHERE device = ? AND seq BETWEEN ? AND ?")
      .pluck();
    this.seqStored = db.prepare("SELECT 1 FROM reading_seqs WHERE device = ? AND seq = ?").pluck();
  }

  /**
   * Stores the readings not stored before, each once (the first given of a repeat); returns those,
   * device by device. Inside a transaction.
   */
  storeNew(readings: StoredReading[]): UnitReading[] {
    const stored: UnitReading[] = [];
    const seqRows = this.insertSeqs.rows();
    const readingRows = this.insertReadings.rows();
    // Device by device, so that the rows of one statement land next to each other in both tables:
    // bench store's commits of 200 devices' readings taken in turn went in at 95-114k readings/s so,
    // 63-73k in the order given.
    for (const [deviceKey, ofDevice] of byDevice(readings, (id) => this.devices.keyOf(id))) {
      const seqs = this.storedSeqs(deviceKey, ofDevice);
      for (const r of ofDevice) {
        if (seqs.has(r.seq)) continue;
        seqs.add(r.seq);
        seqRows.put(deviceKey);
        seqRows.put(r.seq);
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
    }
    seqRows.finish();
    readingRows.finish();
    return stored;
  }

  /** the device's sequence numbers among these readings that reading_seqs already holds */
  private storedSeqs(deviceKey: number, readings: StoredReading[]): Set<number> {
    let from = (readings[0] as StoredReading).seq;
    let to = from;
    for (const { seq } of readings) {
      from = Math.min(from, seq);
      to = Math.max(to, seq);
    }
    const found =
      to - from < readings.length * SPARSE_RANGE_FACTOR
        ? (this.seqsBetween.all(deviceKey, from, to) as number[])
        : readings.map((r) => r.seq).filter((seq) => this.seqStored.get(deviceKey, seq) !== undefined);
    return new Set(found);
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
