// Daily rollups of each unit's readings in the SQLite file (table rollups_daily, migration 8): each UTC
// day put together from its hours, so a chart over years reads a row a day (5 years: 1,825 rows, not
// 43,800) and a daily report reads one row for each of its days that is a UTC day. A day is put
// together again whenever one of its hours changes, in the transaction that changed the hour, in the
// same order the reports put hours together (rollup-figures.ts), so a day row gives what its hours give.
import type Database from "better-sqlite3";
import { type AboveLimits, DAY_MS, type Figures, floorTo, joinInOrder } from "./rollup-figures.js";
import { FIGURES_COLUMNS, figuresOfColumns } from "./sqlite-rollup-row.js";

export interface DayFigures {
  figures: Figures;
  /** the limits every hour of the day was counted for; undefined: its hours were counted for several */
  limits: AboveLimits | null | undefined;
}

const sameLimits = (a: AboveLimits | null, b: AboveLimits | null) =>
  a?.warningC === b?.warningC && a?.criticalC === b?.criticalC && a?.intervalMs === b?.intervalMs;

function limitsOfColumns(row: unknown[], at: number): AboveLimits | null {
  const [warningC, criticalC, intervalMs] = row.slice(at) as (number | null)[];
  return warningC == null || criticalC == null || intervalMs == null
    ? null
    : { warningC, criticalC, intervalMs };
}

export class SqliteDailyRollups {
  /** days whose hours changed in the running transaction, by unit */
  private readonly changed = new Map<string, Set<number>>();
  private readonly selectHours: Database.Statement;
  private readonly selectDays: Database.Statement;
  private readonly upsert: Database.Statement;

  constructor(db: Database.Database) {
    this.selectHours = db
      .prepare(
        `SELECT ${FIGURES_COLUMNS}, warning_c, critical_c, interval_ms FROM rollups_hourly
         WHERE unit_id = ? AND hour_ms >= ? AND hour_ms < ? ORDER BY hour_ms`,
      )
      .raw(true);
    this.selectDays = db
      .prepare(
        `SELECT ${FIGURES_COLUMNS.replace("hour_ms", "day_ms")}, warning_c, critical_c, interval_ms, limits_agree
         FROM rollups_daily WHERE unit_id = ? AND day_ms >= ? AND day_ms < ? ORDER BY day_ms`,
      )
      .raw(true);
    this.upsert = db.prepare(
      `INSERT OR REPLACE INTO rollups_daily (unit_id, day_ms, readings, temps, min_c, max_c, sum_c, first_ms,
         last_ms, last_c, warning_c, critical_c, interval_ms, ms_above_warning, ms_above_critical, limits_agree)
       VALUES (@unitId, @startMs, @readings, @temps, @minC, @maxC, @sumC, @firstMs, @lastMs, @lastC,
         @warningC, @criticalC, @intervalMs, @msAboveWarning, @msAboveCritical, @limitsAgree)`,
    );
  }

  /** An hour of the unit was saved: its day is put together again by `saveChanged`. */
  hourSaved(unitId: string, hourMs: number): void {
    const days = this.changed.get(unitId);
    if (days) days.add(floorTo(hourMs, DAY_MS));
    else this.changed.set(unitId, new Set([floorTo(hourMs, DAY_MS)]));
  }

  /** Puts the changed days together from their hours; inside the transaction that changed the hours. */
  saveChanged(): void {
    for (const [unitId, days] of this.changed) for (const dayMs of days) this.rebuild(unitId, dayMs);
    this.changed.clear();
  }

  /** After a failed commit: the file still has the days that go with its hours. */
  forget(): void {
    this.changed.clear();
  }

  /** A unit's day put together from its hours (an hour's own limits close its last reading). */
  rebuild(unitId: string, dayMs: number): void {
    const rows = this.selectHours.all(unitId, dayMs, dayMs + DAY_MS) as unknown[][];
    const first = rows[0];
    if (!first) return;
    const limits = limitsOfColumns(first, 11);
    const agree = rows.every((row) => sameLimits(limitsOfColumns(row, 11), limits));
    const day = joinInOrder(rows.map(figuresOfColumns), agree ? limits : null);
    this.upsert.run({
      ...day,
      unitId,
      startMs: dayMs,
      warningC: limits?.warningC ?? null,
      criticalC: limits?.criticalC ?? null,
      intervalMs: limits?.intervalMs ?? null,
      msAboveWarning: agree ? day.msAboveWarning : null,
      msAboveCritical: agree ? day.msAboveCritical : null,
      limitsAgree: agree ? 1 : 0,
    });
  }

  /** The unit's day rows in [fromMs, toMs), in time order. */
  days(unitId: string, fromMs: number, toMs: number): DayFigures[] {
    return (this.selectDays.all(unitId, fromMs, toMs) as unknown[][]).map((row) => ({
      figures: figuresOfColumns(row),
      limits: row[14] === 1 ? limitsOfColumns(row, 11) : undefined,
    }));
  }
}

/** whether a day row's time above was counted for `limits` (null: wanted without time above) */
export function countedFor(day: DayFigures, limits: AboveLimits | null): boolean {
  if (limits === null) return true;
  return day.limits !== undefined && day.limits !== null && sameLimits(day.limits, limits);
}
