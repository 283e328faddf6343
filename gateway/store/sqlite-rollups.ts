// Hourly rollups of each unit's readings in the SQLite file (table rollups_hourly, migration 6), and
// the days put together from them (sqlite-daily-rollups.ts): what long charts and reports read instead
// of every reading. Kept in the same transaction as the readings:
// a reading later than the unit's last one is added to its hour; a late or out-of-order reading has
// its hour counted again from the raw readings (an hour's figures depend on its own readings only,
// rollup-figures.ts). A report's day that is a UTC day, and a chart bucket of whole days, read the day's
// row; other days and buckets are put together from hours when asked (a 400-day report in Paris reads
// 9,600 rows, in UTC 400; the reads are in sqlite-rollup-reads.ts).
import type Database from "better-sqlite3";
import type { TimedTemp } from "../reports/minutes-above.js";
import { TEMP_STEPS_PER_C } from "./reading-temp-steps.js";
import type { Rollups } from "./readings-store.js";
import {
  type AboveLimits,
  addReading,
  addStats,
  countAbove,
  DAY_MS,
  emptyFigures,
  type Figures,
  floorTo,
  foldFigures,
  HOUR_MS,
} from "./rollup-figures.js";
import type { SqliteDailyRollups } from "./sqlite-daily-rollups.js";
import type { SqliteReadingKeys } from "./sqlite-reading-keys.js";
import { SqliteRollupReads } from "./sqlite-rollup-reads.js";
import { type HourRow, limitsOfRow, toFigures } from "./sqlite-rollup-row.js";

export interface UnitReading extends TimedTemp {
  unitId: string;
  /** the device's key in the readings table (sqlite-reading-keys.ts) */
  deviceKey: number;
  seq: number;
}

/** where a reading falls among others of the same time: after, by device key and sequence */
type OrderKey = Pick<UnitReading, "timeMs" | "deviceKey" | "seq">;

/** no unit has this key: a unit without readings reads none */
const NO_KEY = 0;
const TEMP_C = `temp_steps / ${TEMP_STEPS_PER_C} AS tempC`;

/** a unit's newest hour, kept in memory while readings come in order */
interface Tail {
  row: Figures;
  limits: AboveLimits | null;
  /** not yet in the file */
  dirty: boolean;
  /** the unit's newest reading: one after it is added to the hour, not counted from the file */
  last: OrderKey;
}

const byEventTime = (a: OrderKey, b: OrderKey) =>
  a.timeMs - b.timeMs || a.deviceKey - b.deviceKey || a.seq - b.seq;

const hourOf = (timeMs: number) => floorTo(timeMs, HOUR_MS);

export class SqliteRollups implements Rollups {
  /** each unit's newest hour (cleared when a commit fails: the file is the truth) */
  private readonly tails = new Map<string, Tail>();
  private readonly selectTail: Database.Statement;
  private readonly selectNewest: Database.Statement;
  private readonly selectBefore: Database.Statement;
  private readonly selectAfter: Database.Statement;
  private readonly selectHour: Database.Statement;
  private readonly selectRaw: Database.Statement;
  private readonly upsert: Database.Statement;
  private readonly selectDeletedHours: Database.Statement;
  private readonly reads: SqliteRollupReads;

  constructor(
    db: Database.Database,
    /** the limits a unit with no rollups yet is counted for (rollup-limits.ts) */
    private readonly firstLimits: (unitId: string) => AboveLimits | null,
    private readonly units: SqliteReadingKeys,
    /** the days put together from the hours; none while a migration builds the hours */
    private readonly days?: SqliteDailyRollups,
  ) {
    this.selectTail = db.prepare(
      "SELECT * FROM rollups_hourly WHERE unit_id = ? ORDER BY hour_ms DESC LIMIT 1",
    );
    this.selectNewest = db.prepare(
      `SELECT time_ms AS timeMs, device AS deviceKey, seq FROM unit_readings WHERE unit = ?
       ORDER BY time_ms DESC, device DESC, seq DESC LIMIT 1`,
    );
    this.selectHour = db.prepare("SELECT * FROM rollups_hourly WHERE unit_id = ? AND hour_ms = ?");
    // a late reading's neighbours in its hour, in event-time order
    this.selectBefore = db.prepare(
      `SELECT time_ms AS timeMs, ${TEMP_C} FROM unit_readings WHERE unit = @unit
         AND time_ms >= @hourMs AND time_ms <= @timeMs AND (time_ms, device, seq) < (@timeMs, @deviceKey, @seq)
       ORDER BY time_ms DESC, device DESC, seq DESC LIMIT 1`,
    );
    this.selectAfter = db.prepare(
      `SELECT time_ms AS timeMs, ${TEMP_C} FROM unit_readings WHERE unit = @unit
         AND time_ms >= @timeMs AND time_ms < @endMs AND (time_ms, device, seq) > (@timeMs, @deviceKey, @seq)
       ORDER BY time_ms, device, seq LIMIT 1`,
    );
    // raw reads here are short (the ragged ends of a window, an hour or a day of one unit): no pages
    this.selectRaw = db.prepare(
      `SELECT time_ms AS timeMs, ${TEMP_C} FROM unit_readings
       WHERE unit = ? AND time_ms >= ? AND time_ms < ? ORDER BY time_ms, device, seq`,
    );
    this.upsert = db.prepare(
      `INSERT OR REPLACE INTO rollups_hourly (unit_id, hour_ms, readings, temps, min_c, max_c, sum_c,
         first_ms, last_ms, last_c, warning_c, critical_c, interval_ms, ms_above_warning, ms_above_critical)
       VALUES (@unitId, @startMs, @readings, @temps, @minC, @maxC, @sumC, @firstMs, @lastMs, @lastC,
         @warningC, @criticalC, @intervalMs, @msAboveWarning, @msAboveCritical)`,
    );
    this.selectDeletedHours = db
      .prepare(
        "SELECT hour_ms FROM rollups_hourly WHERE unit_id = ? AND hour_ms >= ? AND hour_ms < ? AND raw_deleted = 1",
      )
      .pluck();
    // a read recounts hours counted for other limits, and sees the newest hour too
    const recount = db.transaction(
      (unitId: string, fromMs: number, toMs: number, limits: AboveLimits | null) => {
        this.tails.delete(unitId);
        this.recount(unitId, fromMs, toMs, limits);
        this.days?.saveChanged();
      },
    );
    const saveTail = db.transaction((unitId: string) => {
      this.saveTail(unitId);
      this.days?.saveChanged();
    });
    this.reads = new SqliteRollupReads(
      db,
      { saveTail, recount, fold: (...args) => this.fold(...args) },
      days,
    );
  }

  /** The rollups of readings just stored; called inside the transaction that stored them. */
  record(stored: UnitReading[]): void {
    const byUnit = new Map<string, UnitReading[]>();
    for (const r of stored) {
      const list = byUnit.get(r.unitId);
      if (list) list.push(r);
      else byUnit.set(r.unitId, [r]);
    }
    for (const [unitId, readings] of byUnit) {
      readings.sort(byEventTime);
      const tail = this.tails.get(unitId);
      if (tail) this.update(unitId, readings, tail);
      else this.catchUp(unitId, readings);
    }
    this.days?.saveChanged();
  }

  /** After a failed commit: the newest hours are counted again from the readings at the next write. */
  forget(): void {
    this.tails.clear();
    this.days?.forget();
  }

  /** Counts a unit's day of readings again; for a file whose readings have no rollups yet. */
  rebuildDay(unitId: string, dayMs: number): void {
    this.recount(unitId, dayMs, dayMs + DAY_MS, this.firstLimits(unitId));
  }

  stretches(
    unitId: string,
    span: { fromMs: number; toMs: number },
    limits: AboveLimits | null,
    wholeDay?: (dayMs: number) => boolean,
  ): Promise<Figures[]> {
    return this.reads.stretches(unitId, span, limits, wholeDay);
  }

  buckets(unitId: string, span: { fromMs: number; toMs: number }, bucketMs: number): Promise<Figures[]> {
    return this.reads.buckets(unitId, span, bucketMs);
  }

  private fold(unitId: string, fromMs: number, toMs: number, limits: AboveLimits | null): Figures[] {
    if (fromMs >= toMs) return [];
    const raw = this.selectRaw.all(this.unitKey(unitId), fromMs, toMs) as TimedTemp[];
    return foldFigures(raw, hourOf, limits);
  }

  /**
   * A unit's first write since the gateway started (or since a failed commit): its hours from the
   * newest one in the file on are counted from the readings, these included (an hour or so, unless a
   * crash lost more); readings older than that are placed as late ones.
   */
  private catchUp(unitId: string, readings: UnitReading[]): void {
    const saved = this.selectTail.get(unitId) as HourRow | undefined;
    const limits = saved ? limitsOfRow(saved) : this.firstLimits(unitId);
    const fromMs = saved?.hour_ms ?? hourOf((readings[0] as UnitReading).timeMs);
    const older = readings.filter((r) => r.timeMs < fromMs);
    if (older.length > 0) this.placeLate(unitId, older, limits);
    const hours = this.fold(unitId, fromMs, Number.MAX_SAFE_INTEGER, limits);
    for (const f of hours) this.save(unitId, f, limits);
    const row = hours.at(-1);
    const last = this.selectNewest.get(this.unitKey(unitId)) as OrderKey | undefined;
    if (row && last) this.tails.set(unitId, { row, limits, dirty: false, last });
  }

  /**
   * A unit's newest hour is kept in memory while readings come in: it goes to the file once a later
   * hour begins, or a read or a late reading needs it there. Readings after the unit's newest one are
   * added in order (probes may share a second: then they go by device and sequence, as in the file);
   * one before it in the newest hour is placed between its neighbours (several: the hour is counted
   * again); older hours are changed in the file.
   */
  private update(unitId: string, readings: UnitReading[], tail: Tail): void {
    const { limits } = tail;
    const tailHour = tail.row.startMs;
    const older = readings.filter((r) => r.timeMs < tailHour);
    const inTail = readings.filter((r) => hourOf(r.timeMs) === tailHour);
    let f = tail.row;
    let dirty = tail.dirty;
    if (inTail.length > 0) {
      f = { ...f };
      dirty = true;
      if (byEventTime(inTail[0] as UnitReading, tail.last) > 0)
        for (const r of inTail) addReading(f, r, limits);
      else if (inTail.length === 1) this.placeInHour(unitId, f, inTail[0] as UnitReading, limits);
      else f = this.fold(unitId, tailHour, tailHour + HOUR_MS, limits)[0] ?? f;
    }
    for (const r of readings) {
      if (r.timeMs < tailHour + HOUR_MS) continue;
      if (f.startMs !== hourOf(r.timeMs)) {
        // the hour before keeps its last reading open: days close it (rollup-figures.ts)
        if (dirty) this.save(unitId, f, limits);
        f = emptyFigures(hourOf(r.timeMs), limits);
      }
      addReading(f, r, limits);
      dirty = true;
    }
    const newest = readings.at(-1) as UnitReading;
    const last = byEventTime(newest, tail.last) > 0 ? newest : tail.last;
    this.tails.set(unitId, { row: f, limits, dirty, last });
    if (older.length > 0) this.placeLate(unitId, older, limits);
  }

  private saveTail(unitId: string): void {
    const tail = this.tails.get(unitId);
    if (!tail?.dirty) return;
    this.save(unitId, tail.row, tail.limits);
    tail.dirty = false;
  }

  private placeLate(unitId: string, readings: UnitReading[], limits: AboveLimits | null): void {
    const byHour = new Map<number, UnitReading[]>();
    for (const r of readings) byHour.set(hourOf(r.timeMs), [...(byHour.get(hourOf(r.timeMs)) ?? []), r]);
    for (const [hourMs, late] of byHour) {
      if (late.length === 1) this.insertLate(unitId, late[0] as UnitReading, limits);
      else this.recount(unitId, hourMs, hourMs + HOUR_MS, limits);
    }
  }

  /** One late reading in an hour: placed between its neighbours there, read by the index. */
  private insertLate(unitId: string, r: UnitReading, unitLimits: AboveLimits | null): void {
    const hourMs = hourOf(r.timeMs);
    const saved = this.selectHour.get(unitId, hourMs) as HourRow | undefined;
    if (saved?.raw_deleted) return;
    if (!saved) {
      this.recount(unitId, hourMs, hourMs + HOUR_MS, unitLimits);
      return;
    }
    const f = toFigures(saved);
    this.placeInHour(unitId, f, r, limitsOfRow(saved));
    this.save(unitId, f, limitsOfRow(saved));
  }

  /** Puts a reading (already in the file) into its hour's figures, between its neighbours there. */
  private placeInHour(unitId: string, f: Figures, r: UnitReading, limits: AboveLimits | null): void {
    const { timeMs, deviceKey, seq } = r;
    const key = {
      unit: this.unitKey(unitId),
      hourMs: f.startMs,
      endMs: f.startMs + HOUR_MS,
      timeMs,
      deviceKey,
      seq,
    };
    const before = this.selectBefore.get(key) as TimedTemp | undefined;
    const after = this.selectAfter.get(key) as TimedTemp | undefined;
    addStats(f, r);
    if (before && after) countAbove(f, before, after.timeMs, -1, limits);
    if (before) countAbove(f, before, r.timeMs, 1, limits);
    else f.firstMs = r.timeMs;
    if (after) countAbove(f, r, after.timeMs, 1, limits);
    else {
      f.lastMs = r.timeMs;
      f.lastC = r.tempC;
    }
  }

  /**
   * Counts the whole hours in [fromMs, toMs) again from the raw readings, but those whose raw readings
   * the retention deleted: a reading that arrives there later is kept raw, not counted.
   */
  private recount(unitId: string, fromMs: number, toMs: number, limits: AboveLimits | null): void {
    const deleted = new Set(this.selectDeletedHours.all(unitId, fromMs, toMs) as number[]);
    for (const f of this.fold(unitId, fromMs, toMs, limits))
      if (!deleted.has(f.startMs)) this.save(unitId, f, limits);
  }

  private unitKey(unitId: string): number {
    return this.units.find(unitId) ?? NO_KEY;
  }

  private save(unitId: string, f: Figures, limits: AboveLimits | null): void {
    this.days?.hourSaved(unitId, f, limits);
    this.upsert.run({
      ...f,
      unitId,
      warningC: limits?.warningC ?? null,
      criticalC: limits?.criticalC ?? null,
      intervalMs: limits?.intervalMs ?? null,
    });
  }
}
