// Hourly rollups of each unit's readings in the SQLite file (table rollups_hourly, migration 6): what
// long charts and reports read instead of every reading. Kept in the same transaction as the readings:
// a reading later than the unit's last one is added to its hour; a late or out-of-order reading has
// its hour counted again from the raw readings (an hour's figures depend on its own readings only,
// rollup-figures.ts). Days and chart buckets are put together from hours when asked: a 400-day report
// reads 9,600 rows.
import type Database from "better-sqlite3";
import type { TimedTemp } from "../reports/minutes-above.js";
import { nextTurn } from "./next-turn.js";
import type { Rollups } from "./readings-store.js";
import {
  type AboveLimits,
  addReading,
  ceilTo,
  DAY_MS,
  emptyFigures,
  type Figures,
  floorTo,
  foldFigures,
  HOUR_MS,
  intoBuckets,
  sameLimits,
} from "./rollup-figures.js";

/** hours read in one turn of the event loop: a month, a few milliseconds here */
const HOURS_PER_TURN = 24 * 31;

export interface UnitReading extends TimedTemp {
  unitId: string;
  deviceId: string;
  seq: number;
}

interface Row {
  hour_ms: number;
  readings: number;
  temps: number;
  min_c: number | null;
  max_c: number | null;
  sum_c: number;
  first_ms: number;
  last_ms: number;
  last_c: number | null;
  warning_c: number | null;
  critical_c: number | null;
  interval_ms: number | null;
  ms_above_warning: number | null;
  ms_above_critical: number | null;
}

const byEventTime = (a: UnitReading, b: UnitReading) =>
  a.timeMs - b.timeMs || (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : a.seq - b.seq);

const limitsOfRow = (r: Row): AboveLimits | null =>
  r.warning_c === null || r.critical_c === null || r.interval_ms === null
    ? null
    : { warningC: r.warning_c, criticalC: r.critical_c, intervalMs: r.interval_ms };

function toFigures(r: Row): Figures {
  return {
    startMs: r.hour_ms,
    readings: r.readings,
    temps: r.temps,
    minC: r.min_c,
    maxC: r.max_c,
    sumC: r.sum_c,
    msAboveWarning: r.ms_above_warning,
    msAboveCritical: r.ms_above_critical,
    firstMs: r.first_ms,
    lastMs: r.last_ms,
    lastC: r.last_c,
  };
}

const hourOf = (timeMs: number) => floorTo(timeMs, HOUR_MS);

export class SqliteRollups implements Rollups {
  private readonly selectTail: Database.Statement;
  private readonly selectHour: Database.Statement;
  private readonly selectHours: Database.Statement;
  private readonly selectBuckets: Database.Statement;
  private readonly selectRaw: Database.Statement;
  private readonly upsert: Database.Statement;
  private readonly recountInTransaction: (
    unitId: string,
    fromMs: number,
    toMs: number,
    limits: AboveLimits | null,
  ) => void;

  constructor(
    db: Database.Database,
    /** the limits a unit with no rollups yet is counted for (rollup-limits.ts) */
    private readonly firstLimits: (unitId: string) => AboveLimits | null,
  ) {
    this.selectTail = db.prepare(
      "SELECT * FROM rollups_hourly WHERE unit_id = ? ORDER BY hour_ms DESC LIMIT 1",
    );
    this.selectHour = db.prepare("SELECT * FROM rollups_hourly WHERE unit_id = ? AND hour_ms = ?");
    this.selectHours = db.prepare(
      "SELECT * FROM rollups_hourly WHERE unit_id = ? AND hour_ms >= ? AND hour_ms < ? ORDER BY hour_ms",
    );
    this.selectBuckets = db.prepare(
      `SELECT hour_ms - (((hour_ms % @bucketMs) + @bucketMs) % @bucketMs) AS startMs, SUM(readings) AS readings,
         SUM(temps) AS temps, MIN(min_c) AS minC, MAX(max_c) AS maxC, SUM(sum_c) AS sumC,
         MIN(first_ms) AS firstMs, MAX(last_ms) AS lastMs
       FROM rollups_hourly WHERE unit_id = @unitId AND hour_ms >= @fromMs AND hour_ms < @toMs
       GROUP BY startMs ORDER BY startMs`,
    );
    // raw reads here are short (the ragged ends of a window, an hour or a day of one unit): no pages
    this.selectRaw = db.prepare(
      `SELECT time_ms AS timeMs, temp_c AS tempC FROM readings
       WHERE unit_id = ? AND time_ms >= ? AND time_ms < ? ORDER BY time_ms, device_id, seq`,
    );
    this.upsert = db.prepare(
      `INSERT OR REPLACE INTO rollups_hourly (unit_id, hour_ms, readings, temps, min_c, max_c, sum_c,
         first_ms, last_ms, last_c, warning_c, critical_c, interval_ms, ms_above_warning, ms_above_critical)
       VALUES (@unitId, @startMs, @readings, @temps, @minC, @maxC, @sumC, @firstMs, @lastMs, @lastC,
         @warningC, @criticalC, @intervalMs, @msAboveWarning, @msAboveCritical)`,
    );
    this.recountInTransaction = db.transaction(this.recount.bind(this));
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
      const tail = this.selectTail.get(unitId) as Row | undefined;
      const limits = tail ? limitsOfRow(tail) : this.firstLimits(unitId);
      if (!tail || (readings[0] as UnitReading).timeMs > tail.last_ms) {
        this.append(unitId, readings, limits);
        continue;
      }
      for (const hourMs of new Set(readings.map((r) => hourOf(r.timeMs)))) {
        this.recount(unitId, hourMs, hourMs + HOUR_MS, limits);
      }
    }
  }

  /** Counts a unit's day of readings again; for a file whose readings have no rollups yet. */
  rebuildDay(unitId: string, dayMs: number): void {
    this.recount(unitId, dayMs, dayMs + DAY_MS, this.firstLimits(unitId));
  }

  async stretches(
    unitId: string,
    span: { fromMs: number; toMs: number },
    limits: AboveLimits | null,
  ): Promise<Figures[]> {
    const firstHour = ceilTo(span.fromMs, HOUR_MS);
    const endHour = floorTo(span.toMs, HOUR_MS);
    // a window inside one hour, and the ragged ends of a longer one, are short: counted raw
    if (firstHour >= endHour) return this.fold(unitId, span.fromMs, span.toMs, limits);
    return [
      ...this.fold(unitId, span.fromMs, firstHour, limits),
      ...(await this.hours(unitId, firstHour, endHour, limits)),
      ...this.fold(unitId, endHour, span.toMs, limits),
    ];
  }

  /**
   * Chart buckets of `bucketMs` (a multiple of an hour) for [fromMs, toMs), summed by SQLite from the
   * hours (a year in 12-hour buckets: 8,760 rows read, 730 returned); no time above.
   */
  async buckets(
    unitId: string,
    span: { fromMs: number; toMs: number },
    bucketMs: number,
  ): Promise<Figures[]> {
    const firstHour = ceilTo(span.fromMs, HOUR_MS);
    const endHour = floorTo(span.toMs, HOUR_MS);
    if (firstHour >= endHour) return intoBuckets(this.fold(unitId, span.fromMs, span.toMs, null), bucketMs);
    const hours = (
      this.selectBuckets.all({ unitId, fromMs: firstHour, toMs: endHour, bucketMs }) as Figures[]
    ).map((f) => ({ ...f, msAboveWarning: null, msAboveCritical: null, lastC: null }));
    const stretches = [
      ...this.fold(unitId, span.fromMs, firstHour, null),
      ...hours,
      ...this.fold(unitId, endHour, span.toMs, null),
    ];
    return intoBuckets(stretches, bucketMs);
  }

  /**
   * The hours of [fromMs, toMs), a month per turn of the event loop; hours counted for other limits
   * are counted again first, a day per turn.
   */
  private async hours(unitId: string, fromMs: number, toMs: number, limits: AboveLimits | null) {
    const hours: Figures[] = [];
    for (let pageFrom = fromMs; pageFrom < toMs; ) {
      const pageTo = Math.min(toMs, pageFrom + HOURS_PER_TURN * HOUR_MS);
      let rows = this.selectHours.all(unitId, pageFrom, pageTo) as Row[];
      const staleDays = new Set(
        limits === null
          ? []
          : rows.filter((r) => !sameLimits(limitsOfRow(r), limits)).map((r) => floorTo(r.hour_ms, DAY_MS)),
      );
      for (const dayMs of staleDays) {
        const day = [Math.max(dayMs, pageFrom), Math.min(dayMs + DAY_MS, pageTo)] as const;
        this.recountInTransaction(unitId, ...day, limits);
        await nextTurn();
      }
      if (staleDays.size > 0) rows = this.selectHours.all(unitId, pageFrom, pageTo) as Row[];
      for (const r of rows) {
        const f = toFigures(r);
        if (limits === null) f.msAboveWarning = f.msAboveCritical = null;
        hours.push(f);
      }
      pageFrom = pageTo;
      if (pageFrom < toMs) await nextTurn();
    }
    return hours;
  }

  private fold(unitId: string, fromMs: number, toMs: number, limits: AboveLimits | null): Figures[] {
    if (fromMs >= toMs) return [];
    return foldFigures(this.selectRaw.all(unitId, fromMs, toMs) as TimedTemp[], hourOf, limits);
  }

  /** Readings later than every other of the unit: added to their hours, no raw read needed. */
  private append(unitId: string, readings: UnitReading[], limits: AboveLimits | null): void {
    const rows = new Map<number, Figures>();
    for (const r of readings) {
      const hourMs = hourOf(r.timeMs);
      let f = rows.get(hourMs);
      if (!f) {
        const saved = this.selectHour.get(unitId, hourMs) as Row | undefined;
        f = saved ? toFigures(saved) : emptyFigures(hourMs, limits);
        rows.set(hourMs, f);
      }
      addReading(f, r, limits);
    }
    for (const f of rows.values()) this.save(unitId, f, limits);
  }

  /** Counts the whole hours in [fromMs, toMs) again from the raw readings. */
  private recount(unitId: string, fromMs: number, toMs: number, limits: AboveLimits | null): void {
    for (const f of this.fold(unitId, fromMs, toMs, limits)) this.save(unitId, f, limits);
  }

  private save(unitId: string, f: Figures, limits: AboveLimits | null): void {
    this.upsert.run({
      ...f,
      unitId,
      warningC: limits?.warningC ?? null,
      criticalC: limits?.criticalC ?? null,
      intervalMs: limits?.intervalMs ?? null,
    });
  }
}
