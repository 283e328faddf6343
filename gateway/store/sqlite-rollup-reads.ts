// Long charts and reports read from the rollups (sqlite-rollups.ts keeps them): the whole hours of a
// window from rollups_hourly, its whole UTC days from rollups_daily where the caller takes them, the
// ragged ends from the raw readings; a page of a month of hours, or a year of days, per turn of the
// event loop, so that no read holds the gateway.
import type Database from "better-sqlite3";
import { nextTurn } from "./next-turn.js";
import {
  type AboveLimits,
  ceilTo,
  DAY_MS,
  type Figures,
  floorTo,
  HOUR_MS,
  intoBuckets,
} from "./rollup-figures.js";
import { countedFor, type SqliteDailyRollups } from "./sqlite-daily-rollups.js";
import { FIGURES_COLUMNS, figuresOfColumns } from "./sqlite-rollup-row.js";

/** hours read in one turn of the event loop: a month, a few milliseconds here */
const HOURS_PER_TURN = 24 * 31;
/** day rows read in one turn: a year (the hours of days not taken whole still go a month per turn) */
const DAYS_PER_TURN = 366;

/** what a read needs of the side that writes the rollups */
export interface RollupsWritten {
  /** puts the unit's newest hour, kept in memory while readings come in, in the file */
  saveTail(unitId: string): void;
  /** counts the hours of [fromMs, toMs) again from the raw readings for `limits`, in a transaction */
  recount(unitId: string, fromMs: number, toMs: number, limits: AboveLimits | null): void;
  /** the raw readings of [fromMs, toMs) as hour-long stretches */
  fold(unitId: string, fromMs: number, toMs: number, limits: AboveLimits | null): Figures[];
}

export class SqliteRollupReads {
  private readonly selectHours: Database.Statement;
  private readonly selectStaleHours: Database.Statement;
  private readonly selectBuckets: Database.Statement;

  constructor(
    db: Database.Database,
    private readonly written: RollupsWritten,
    private readonly days?: SqliteDailyRollups,
  ) {
    this.selectHours = db
      .prepare(
        `SELECT ${FIGURES_COLUMNS} FROM rollups_hourly
         WHERE unit_id = ? AND hour_ms >= ? AND hour_ms < ? ORDER BY hour_ms`,
      )
      .raw(true);
    // hours counted for other limits than the report's (their raw readings still there)
    this.selectStaleHours = db
      .prepare(
        `SELECT hour_ms FROM rollups_hourly WHERE unit_id = @unitId AND hour_ms >= @fromMs AND hour_ms < @toMs
           AND raw_deleted = 0
           AND NOT (warning_c IS @warningC AND critical_c IS @criticalC AND interval_ms IS @intervalMs)`,
      )
      .pluck();
    this.selectBuckets = db.prepare(
      `SELECT hour_ms - (((hour_ms % @bucketMs) + @bucketMs) % @bucketMs) AS startMs, SUM(readings) AS readings,
         SUM(temps) AS temps, MIN(min_c) AS minC, MAX(max_c) AS maxC, SUM(sum_c) AS sumC,
         MIN(first_ms) AS firstMs, MAX(last_ms) AS lastMs
       FROM rollups_hourly WHERE unit_id = @unitId AND hour_ms >= @fromMs AND hour_ms < @toMs
       GROUP BY startMs ORDER BY startMs`,
    );
  }

  async stretches(
    unitId: string,
    span: { fromMs: number; toMs: number },
    limits: AboveLimits | null,
    wholeDay?: (dayMs: number) => boolean,
  ): Promise<Figures[]> {
    this.written.saveTail(unitId);
    const firstHour = ceilTo(span.fromMs, HOUR_MS);
    const endHour = floorTo(span.toMs, HOUR_MS);
    // a window inside one hour, and the ragged ends of a longer one, are short: counted raw
    if (firstHour >= endHour) return this.written.fold(unitId, span.fromMs, span.toMs, limits);
    const middle = wholeDay
      ? await this.hoursAndDays(unitId, firstHour, endHour, limits, wholeDay)
      : await this.hours(unitId, firstHour, endHour, limits);
    return [
      ...this.written.fold(unitId, span.fromMs, firstHour, limits),
      ...middle,
      ...this.written.fold(unitId, endHour, span.toMs, limits),
    ];
  }

  /**
   * Chart buckets of `bucketMs` (a multiple of an hour) for [fromMs, toMs), summed by SQLite from the
   * hours (a year in 12-hour buckets: 8,760 rows read, 730 returned), a month per turn; no time above.
   */
  async buckets(
    unitId: string,
    span: { fromMs: number; toMs: number },
    bucketMs: number,
  ): Promise<Figures[]> {
    if (this.days && bucketMs % DAY_MS === 0) {
      return intoBuckets(await this.stretches(unitId, span, null, () => true), bucketMs);
    }
    this.written.saveTail(unitId);
    const firstHour = ceilTo(span.fromMs, HOUR_MS);
    const endHour = floorTo(span.toMs, HOUR_MS);
    if (firstHour >= endHour)
      return intoBuckets(this.written.fold(unitId, span.fromMs, span.toMs, null), bucketMs);
    const hours: Figures[] = [];
    // whole buckets, about a month of hours per turn of the event loop (5 years: 43,800 hours)
    const pieceMs = bucketMs * Math.max(1, Math.floor((HOURS_PER_TURN * HOUR_MS) / bucketMs));
    for (let fromMs = firstHour; fromMs < endHour; ) {
      const toMs = Math.min(endHour, floorTo(fromMs, bucketMs) + pieceMs);
      for (const f of this.selectBuckets.all({ unitId, fromMs, toMs, bucketMs }) as Figures[]) {
        hours.push({ ...f, msAboveWarning: null, msAboveCritical: null, lastC: null });
      }
      fromMs = toMs;
      if (fromMs < endHour) await nextTurn();
    }
    const stretches = [
      ...this.written.fold(unitId, span.fromMs, firstHour, null),
      ...hours,
      ...this.written.fold(unitId, endHour, span.toMs, null),
    ];
    return intoBuckets(stretches, bucketMs);
  }

  /**
   * The whole hours of [fromMs, toMs) (from and to on the hour), but each UTC day that `wholeDay` takes
   * and whose row was counted for `limits` as one stretch from the daily rollups, a year of days per turn.
   */
  private async hoursAndDays(
    unitId: string,
    fromMs: number,
    toMs: number,
    limits: AboveLimits | null,
    wholeDay: (dayMs: number) => boolean,
  ): Promise<Figures[]> {
    const firstDay = ceilTo(fromMs, DAY_MS);
    const endDay = floorTo(toMs, DAY_MS);
    if (!this.days || firstDay >= endDay) return this.hours(unitId, fromMs, toMs, limits);
    const stretches = await this.hours(unitId, fromMs, firstDay, limits);
    for (let pageFrom = firstDay; pageFrom < endDay; ) {
      const pageTo = Math.min(endDay, pageFrom + DAYS_PER_TURN * DAY_MS);
      let hoursFrom = pageFrom;
      for (const day of this.days.days(unitId, pageFrom, pageTo)) {
        const dayMs = day.figures.startMs;
        if (!wholeDay(dayMs) || !countedFor(day, limits)) continue;
        stretches.push(...(await this.hours(unitId, hoursFrom, dayMs, limits)));
        if (limits === null) day.figures.msAboveWarning = day.figures.msAboveCritical = null;
        stretches.push(day.figures);
        hoursFrom = dayMs + DAY_MS;
      }
      stretches.push(...(await this.hours(unitId, hoursFrom, pageTo, limits)));
      pageFrom = pageTo;
      await nextTurn();
    }
    stretches.push(...(await this.hours(unitId, endDay, toMs, limits)));
    return stretches;
  }

  /**
   * The hours of [fromMs, toMs), a month per turn of the event loop; hours counted for other limits
   * are counted again first, a day per turn.
   */
  private async hours(unitId: string, fromMs: number, toMs: number, limits: AboveLimits | null) {
    const hours: Figures[] = [];
    for (let pageFrom = fromMs; pageFrom < toMs; ) {
      const pageTo = Math.min(toMs, pageFrom + HOURS_PER_TURN * HOUR_MS);
      const stale =
        limits === null
          ? []
          : (this.selectStaleHours.all({ unitId, fromMs: pageFrom, toMs: pageTo, ...limits }) as number[]);
      for (const dayMs of new Set(stale.map((hourMs) => floorTo(hourMs, DAY_MS)))) {
        const day = [Math.max(dayMs, pageFrom), Math.min(dayMs + DAY_MS, pageTo)] as const;
        this.written.recount(unitId, ...day, limits);
        await nextTurn();
      }
      for (const row of this.selectHours.all(unitId, pageFrom, pageTo) as unknown[][]) {
        const f = figuresOfColumns(row);
        if (limits === null) f.msAboveWarning = f.msAboveCritical = null;
        hours.push(f);
      }
      pageFrom = pageTo;
      if (pageFrom < toMs) await nextTurn();
    }
    return hours;
  }
}
