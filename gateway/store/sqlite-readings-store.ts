// ReadingsStore on SQLite. write() is a group commit: every call made in the same turn of the event
// loop goes into one transaction, and each caller's promise settles after that commit.
import type Database from "better-sqlite3";
import { seqReason } from "../../shared/protocol/fields.js";
import type { ProbeFault } from "../../shared/protocol/types.js";
import type { RangeQuery, ReadingBucket, ReadingsStore, StoredReading } from "./readings-store.js";

interface ReadingRow {
  device_id: string;
  seq: number;
  unit_id: string;
  time_ms: number;
  temp_c: number | null;
  fault: string | null;
  battery_v: number | null;
  rssi_dbm: number | null;
}

interface PendingWrite {
  readings: StoredReading[];
  resolve(): void;
  reject(error: Error): void;
}

const COLUMNS = "device_id, seq, unit_id, time_ms, temp_c, fault, battery_v, rssi_dbm";
const IN_RANGE = "unit_id = @unitId AND time_ms >= @fromMs AND time_ms < @toMs";

const isFiniteOrAbsent = (value: unknown) =>
  value === undefined || (typeof value === "number" && Number.isFinite(value));

/** Why a reading cannot be stored, or undefined when it can. */
export function invalidReadingReason(r: StoredReading): string | undefined {
  if (typeof r.deviceId !== "string" || r.deviceId === "") return "deviceId must be a non-empty string";
  if (typeof r.unitId !== "string" || r.unitId === "") return "unitId must be a non-empty string";
  if (seqReason(r.seq) !== null) return "seq must be an integer from 0 to MAX_SEQ (2^53 - 1)";
  if (!Number.isSafeInteger(r.timeMs)) return "timeMs must be an integer (Unix ms)";
  if (r.tempC !== null && !(typeof r.tempC === "number" && Number.isFinite(r.tempC))) {
    return "tempC must be a finite number or null";
  }
  if (!isFiniteOrAbsent(r.batteryV) || !isFiniteOrAbsent(r.rssiDbm)) return "batteryV/rssiDbm must be finite";
  return undefined;
}

function toReading(row: ReadingRow): StoredReading {
  const reading: StoredReading = {
    deviceId: row.device_id,
    unitId: row.unit_id,
    seq: row.seq,
    timeMs: row.time_ms,
    tempC: row.temp_c,
  };
  if (row.fault !== null) reading.fault = row.fault as ProbeFault;
  if (row.battery_v !== null) reading.batteryV = row.battery_v;
  if (row.rssi_dbm !== null) reading.rssiDbm = row.rssi_dbm;
  return reading;
}

// Only the named parameters the statements use: better-sqlite3 binds an object's keys by name.
const rangeParams = ({ unitId, fromMs, toMs }: RangeQuery) => ({ unitId, fromMs, toMs });

export class SqliteReadingsStore implements ReadingsStore {
  /** For health and metrics: group commits made, readings stored, repeats ignored. */
  readonly counts = { commits: 0, stored: 0, duplicates: 0 };
  private pending: PendingWrite[] = [];
  private flushScheduled = false;
  private closed = false;
  private readonly insert: Database.Statement;
  private readonly selectRange: Database.Statement;
  private readonly selectBuckets: Database.Statement;
  private readonly selectLatest: Database.Statement;
  /** Inserts every waiting reading in one transaction; returns how many were new. */
  private readonly insertAll: (writes: PendingWrite[]) => number;

  constructor(
    db: Database.Database,
    private readonly onClose: () => void = () => {},
  ) {
    this.insert = db.prepare(`INSERT OR IGNORE INTO readings (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.selectRange = db.prepare(
      `SELECT ${COLUMNS} FROM readings WHERE ${IN_RANGE} ORDER BY time_ms, device_id, seq`,
    );
    // Buckets start at multiples of bucketMs since the epoch (the modulo form also floors negatives).
    // A probe fault (null temperature) counts as a reading of its bucket but not in min/max/mean.
    this.selectBuckets = db.prepare(
      `SELECT time_ms - (((time_ms % @bucketMs) + @bucketMs) % @bucketMs) AS startMs,
         COUNT(*) AS count, MIN(temp_c) AS minC, MAX(temp_c) AS maxC, AVG(temp_c) AS meanC
       FROM readings WHERE ${IN_RANGE} GROUP BY startMs ORDER BY startMs`,
    );
    this.selectLatest = db.prepare(
      `SELECT ${COLUMNS} FROM readings WHERE unit_id = ? ORDER BY time_ms DESC, device_id DESC, seq DESC LIMIT 1`,
    );
    this.insertAll = db.transaction((writes: PendingWrite[]) => {
      let stored = 0;
      for (const write of writes) {
        for (const r of write.readings) {
          const { changes } = this.insert.run(
            r.deviceId,
            r.seq,
            r.unitId,
            r.timeMs,
            r.tempC,
            r.fault ?? null,
            r.batteryV ?? null,
            r.rssiDbm ?? null,
          );
          stored += changes;
        }
      }
      return stored;
    });
  }

  write(readings: StoredReading[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error("readings store is closed"));
    for (const reading of readings) {
      const reason = invalidReadingReason(reading);
      // One bad reading refuses its own call only, so the other callers' commit goes ahead.
      if (reason) return Promise.reject(new Error(`reading not stored: ${reason}`));
    }
    if (readings.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.pending.push({ readings: [...readings], resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  /** Commits everything waiting; synchronous so close() can call it. */
  flush(): void {
    this.flushScheduled = false;
    const writes = this.pending;
    if (writes.length === 0) return;
    this.pending = [];
    try {
      const stored = this.insertAll(writes);
      const total = writes.reduce((n, write) => n + write.readings.length, 0);
      this.counts.commits += 1;
      this.counts.stored += stored;
      this.counts.duplicates += total - stored;
    } catch (error) {
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const write of writes) write.reject(failure);
      return;
    }
    for (const write of writes) write.resolve();
  }

  async range(query: RangeQuery): Promise<StoredReading[]> {
    return (this.selectRange.all(rangeParams(query)) as ReadingRow[]).map(toReading);
  }

  async buckets(query: RangeQuery & { bucketMs: number }): Promise<ReadingBucket[]> {
    if (!Number.isSafeInteger(query.bucketMs) || query.bucketMs <= 0) {
      throw new Error("bucketMs must be a positive integer");
    }
    return this.selectBuckets.all({ ...rangeParams(query), bucketMs: query.bucketMs }) as ReadingBucket[];
  }

  async latest(unitId: string): Promise<StoredReading | undefined> {
    const row = this.selectLatest.get(unitId) as ReadingRow | undefined;
    return row ? toReading(row) : undefined;
  }

  /** Commits what is waiting and refuses later writes; the database itself is closed by its owner. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    this.onClose();
  }
}
