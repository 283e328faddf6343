// ReadingsStore on SQLite. write() is a group commit: every call made in the same turn of the event
// loop goes into one transaction, and each caller's promise settles once that commit is on the disk
// (its fsync off the event loop: wal-sync.ts), with the hourly rollups of what it stored
// (sqlite-rollups.ts) and without the bags' thaw checkpoints that a late reading makes wrong
// (sqlite-thaw-checkpoints.ts). Long reads go in pages, giving the event loop a turn between pages,
// so no chart or report stops the gateway while it reads.
// The table is compact (migration 7): integer keys for devices and units (sqlite-reading-keys.ts),
// rows clustered by unit and event time, temperatures in probe steps (reading-temp-steps.ts), and a
// reading is new when its seq is in none of its device's stored runs (sqlite-seq-runs.ts). Readings
// of the same time go by device key (the order devices were first seen), then sequence, in every read
// and in the rollups.
import { resolve as resolvePath } from "node:path";
import type Database from "better-sqlite3";
import { seqReason } from "../../shared/protocol/fields.js";
import type { ProbeFault } from "../../shared/protocol/types.js";
import { nextTurn } from "./next-turn.js";
import { storableTemp, TEMP_STEPS_PER_C } from "./reading-temp-steps.js";
import type { RangeQuery, ReadingBucket, ReadingsStore, StoredReading } from "./readings-store.js";
import { DAY_MS, type Figures, floorTo, HOUR_MS } from "./rollup-figures.js";
import { shippedLimits } from "./rollup-limits.js";
import { SqliteDailyRollups } from "./sqlite-daily-rollups.js";
import { withoutFsync } from "./sqlite-db.js";
import { SqliteReadingKeys } from "./sqlite-reading-keys.js";
import { SqliteReadingRows } from "./sqlite-reading-rows.js";
import { SqliteRollups } from "./sqlite-rollups.js";
import { SqliteThawCheckpoints } from "./sqlite-thaw-checkpoints.js";
import { type Fsync, WalSync } from "./wal-sync.js";

interface ReadingRow {
  device: number;
  seq: number;
  time_ms: number;
  temp_steps: number | null;
  fault: string | null;
  battery_v: number | null;
  rssi_dbm: number | null;
}

interface PendingWrite {
  readings: StoredReading[];
  resolve(): void;
  reject(error: Error): void;
}

const COLUMNS = "device, seq, time_ms, temp_steps, fault, battery_v, rssi_dbm";
const IN_RANGE = "unit = @unit AND time_ms >= @fromMs AND time_ms < @toMs";
/** no unit has this key: a unit without readings reads none */
const NO_KEY = 0;
/** rows read in one turn of the event loop: a few milliseconds here */
const PAGE_ROWS = 4_000;

const isFiniteOrAbsent = (value: unknown) =>
  value === undefined || (typeof value === "number" && Number.isFinite(value));

/** Why a reading cannot be stored, or undefined when it can. */
export function invalidReadingReason(r: StoredReading): string | undefined {
  if (typeof r.deviceId !== "string" || r.deviceId === "") return "deviceId must be a non-empty string";
  if (typeof r.unitId !== "string" || r.unitId === "") return "unitId must be a non-empty string";
  if (seqReason(r.seq) !== null) return "seq must be an integer from 0 to MAX_SEQ (2^53 - 1)";
  if (!Number.isSafeInteger(r.timeMs)) return "timeMs must be an integer (Unix ms)";
  if (r.tempC !== null && !(typeof r.tempC === "number" && storableTemp(r.tempC))) {
    return "tempC must be a finite number or null";
  }
  if (!isFiniteOrAbsent(r.batteryV) || !isFiniteOrAbsent(r.rssiDbm)) return "batteryV/rssiDbm must be finite";
  return undefined;
}

function toReading(row: ReadingRow, unitId: string, devices: SqliteReadingKeys): StoredReading {
  const reading: StoredReading = {
    deviceId: devices.idOf(row.device),
    unitId,
    seq: row.seq,
    timeMs: row.time_ms,
    tempC: row.temp_steps === null ? null : row.temp_steps / TEMP_STEPS_PER_C,
  };
  if (row.fault !== null) reading.fault = row.fault as ProbeFault;
  if (row.battery_v !== null) reading.batteryV = row.battery_v;
  if (row.rssi_dbm !== null) reading.rssiDbm = row.rssi_dbm;
  return reading;
}

// Only the named parameters the statements use: better-sqlite3 binds an object's keys by name.
const rangeParams = ({ fromMs, toMs }: RangeQuery) => ({ fromMs, toMs });

const toBucket = (f: Figures): ReadingBucket => ({
  startMs: f.startMs,
  count: f.readings,
  minC: f.minC,
  maxC: f.maxC,
  meanC: f.temps === 0 ? null : f.sumC / f.temps,
});

export class SqliteReadingsStore implements ReadingsStore {
  /** For health and metrics: group commits made, readings stored, repeats ignored. */
  readonly counts = { commits: 0, stored: 0, duplicates: 0 };
  private pending: PendingWrite[] = [];
  private flushScheduled = false;
  private closed = false;
  readonly rollups: SqliteRollups;
  readonly thawCheckpoints: SqliteThawCheckpoints;
  private readonly units: SqliteReadingKeys;
  private readonly devices: SqliteReadingKeys;
  private readonly rows: SqliteReadingRows;
  private readonly selectPage: Database.Statement;
  private readonly selectBuckets: Database.Statement;
  private readonly selectLatest: Database.Statement;
  /** Inserts every waiting reading in one transaction; returns how many were new. */
  private readonly insertAll: (writes: PendingWrite[]) => number;
  /** takes the commits to the disk off the event loop; none when the file has no write-ahead log */
  private readonly walSync: WalSync | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly onClose: () => void = () => {},
    /** how the write-ahead log is fsynced (wal-sync.ts); a test holds it back */
    fsyncLog?: Fsync,
  ) {
    const wal = !db.memory && db.pragma("journal_mode", { simple: true }) === "wal";
    // resolved now: SQLite took the folder the gateway ran in when the file was opened
    this.walSync = wal ? new WalSync(resolvePath(`${db.name}-wal`), fsyncLog) : undefined;
    this.units = new SqliteReadingKeys(db, "unit_keys");
    this.devices = new SqliteReadingKeys(db, "device_keys");
    this.rows = new SqliteReadingRows(db, this.units, this.devices);
    this.rollups = new SqliteRollups(db, shippedLimits(db), this.units, new SqliteDailyRollups(db));
    this.thawCheckpoints = new SqliteThawCheckpoints(db);
    // the page after the reading (afterMs, afterDevice, afterSeq), in event-time order
    this.selectPage = db.prepare(
      `SELECT ${COLUMNS} FROM unit_readings WHERE unit = @unit AND time_ms >= @afterMs AND time_ms < @toMs
         AND (time_ms > @afterMs OR device > @afterDevice OR (device = @afterDevice AND seq > @afterSeq))
       ORDER BY time_ms, device, seq LIMIT ${PAGE_ROWS}`,
    );
    // Buckets start at multiples of bucketMs since the epoch (the modulo form also floors negatives).
    // A probe fault (null temperature) counts as a reading of its bucket but not in min/max/mean.
    this.selectBuckets = db.prepare(
      `SELECT time_ms - (((time_ms % @bucketMs) + @bucketMs) % @bucketMs) AS startMs,
         COUNT(*) AS count, MIN(temp_steps) / ${TEMP_STEPS_PER_C} AS minC,
         MAX(temp_steps) / ${TEMP_STEPS_PER_C} AS maxC, AVG(temp_steps) / ${TEMP_STEPS_PER_C} AS meanC
       FROM unit_readings WHERE ${IN_RANGE} GROUP BY startMs ORDER BY startMs`,
    );
    this.selectLatest = db.prepare(
      `SELECT ${COLUMNS} FROM unit_readings WHERE unit = ? ORDER BY time_ms DESC, device DESC, seq DESC LIMIT 1`,
    );
    this.insertAll = db.transaction((writes: PendingWrite[]) => {
      const stored = this.rows.storeNew(writes.flatMap((write) => write.readings));
      this.rollups.record(stored);
      const earliest = new Map<string, number>();
      for (const r of stored) earliest.set(r.unitId, Math.min(r.timeMs, earliest.get(r.unitId) ?? r.timeMs));
      for (const [unitId, timeMs] of earliest) this.thawCheckpoints.readingsStored(unitId, timeMs);
      return stored.length;
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
      const stored = this.commit(writes);
      const total = writes.reduce((n, write) => n + write.readings.length, 0);
      this.counts.commits += 1;
      this.counts.stored += stored;
      this.counts.duplicates += total - stored;
    } catch (error) {
      this.rollups.forget();
      this.units.forget();
      this.devices.forget();
      const failure = error instanceof Error ? error : new Error(String(error));
      for (const write of writes) write.reject(failure);
      return;
    }
    if (this.walSync) this.walSync.committedNow(writes);
    else for (const write of writes) write.resolve();
  }

  /** Takes every commit made so far to the disk, and lets go of the log: the file is closing. */
  syncAndLetGo(): void {
    this.walSync?.close();
  }

  /** The commit itself, without its fsync when WalSync makes it afterwards. */
  private commit(writes: PendingWrite[]): number {
    return this.walSync ? withoutFsync(this.db, () => this.insertAll(writes)) : this.insertAll(writes);
  }

  async range(query: RangeQuery): Promise<StoredReading[]> {
    const readings: StoredReading[] = [];
    const unit = this.unitKey(query.unitId);
    let after = { afterMs: query.fromMs, afterDevice: NO_KEY, afterSeq: -1 };
    for (;;) {
      const page = this.selectPage.all({ unit, toMs: query.toMs, ...after }) as ReadingRow[];
      for (const row of page) readings.push(toReading(row, query.unitId, this.devices));
      const last = page.at(-1);
      if (!last || page.length < PAGE_ROWS) return readings;
      after = { afterMs: last.time_ms, afterDevice: last.device, afterSeq: last.seq };
      await nextTurn();
    }
  }

  /** Buckets of whole hours come from the hourly rollups; others from the readings, a day per turn. */
  async buckets(query: RangeQuery & { bucketMs: number }): Promise<ReadingBucket[]> {
    const { bucketMs } = query;
    if (!Number.isSafeInteger(bucketMs) || bucketMs <= 0) {
      throw new Error("bucketMs must be a positive integer");
    }
    if (bucketMs % HOUR_MS === 0) {
      return (await this.rollups.buckets(query.unitId, rangeParams(query), bucketMs)).map(toBucket);
    }
    // pieces of whole buckets, so that no bucket is split between two reads
    const pieceMs = bucketMs * Math.max(1, Math.floor(DAY_MS / bucketMs));
    const unit = this.unitKey(query.unitId);
    const buckets: ReadingBucket[] = [];
    for (let fromMs = query.fromMs; fromMs < query.toMs; ) {
      const toMs = Math.min(query.toMs, floorTo(fromMs, bucketMs) + pieceMs);
      buckets.push(...(this.selectBuckets.all({ unit, fromMs, toMs, bucketMs }) as ReadingBucket[]));
      fromMs = toMs;
      if (fromMs < query.toMs) await nextTurn();
    }
    return buckets;
  }

  async latest(unitId: string): Promise<StoredReading | undefined> {
    const row = this.selectLatest.get(this.unitKey(unitId)) as ReadingRow | undefined;
    return row ? toReading(row, unitId, this.devices) : undefined;
  }

  private unitKey(unitId: string): number {
    return this.units.find(unitId) ?? NO_KEY;
  }

  /** Commits what is waiting and refuses later writes; the database itself is closed by its owner. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.syncAndLetGo();
    this.closed = true;
    this.onClose();
  }
}
