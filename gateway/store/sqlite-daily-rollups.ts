// Daily rollups of each unit's readings in the SQLite file (table rollups_daily, migration 8): each UTC
// day put together from its hours, so a chart over years reads a row a day (5 years: 1,825 rows, not
// 43,800) and a daily report reads one row for each of its days that is a UTC day. A day is put
// together again whenever one of its hours changes, in the transaction that changed the hour, in the
// same order the reports put hours together (rollup-figures.ts), so a day row gives what its hours give.
// Hours that all come after the day's last one (readings arriving in order) are joined to the day row
// as it is, the same fold carried on: in a reconnect storm, where every message saves an hour or two,
// reading the day's hours again each time was 3.5 % of the gateway's main thread.
import type Database from "better-sqlite3";
import { type AboveLimits, DAY_MS, type Figures, floorTo, HOUR_MS, joinInOrder } from "./rollup-figures.js";
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

/** an hour as it was saved, with the limits its time above was counted for */
interface SavedHour {
  figures: Figures;
  limits: AboveLimits | null;
}

export class SqliteDailyRollups {
  /** the hours saved in the running transaction, by unit and day, each hour's last save */
  private readonly changed = new Map<string, Map<number, Map<number, SavedHour>>>();
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

  /** An hour of the unit was saved (as `figures`): its day is put together again by `saveChanged`. */
  hourSaved(unitId: string, figures: Figures, limits: AboveLimits | null): void {
    const days = this.changed.get(unitId) ?? new Map<number, Map<number, SavedHour>>();
    this.changed.set(unitId, days);
    const dayMs = floorTo(figures.startMs, DAY_MS);
    const hours = days.get(dayMs) ?? new Map<number, SavedHour>();
    days.set(dayMs, hours);
    // a copy: the newest hour's figures go on changing in memory after it is saved
    hours.set(figures.startMs, { figures: { ...figures }, limits });
  }

  /** Puts the changed days together; inside the transaction that changed the hours. */
  saveChanged(): void {
    for (const [unitId, days] of this.changed)
      for (const [dayMs, hours] of days)
        if (!this.joinLater(unitId, dayMs, [...hours.values()])) this.rebuild(unitId, dayMs);
    this.changed.clear();
  }

  /** After a failed commit: the file still has the days that go with its hours. */
  forget(): void {
    this.changed.clear();
  }

  /**
   * Joins `saved` to the day row as it is when every saved hour comes after the day's last one and
   * was counted for the day's limits; false (nothing written) otherwise.
   */
  private joinLater(unitId: string, dayMs: number, saved: SavedHour[]): boolean {
    const [day] = this.days(unitId, dayMs, dayMs + 1);
    // no row yet, or its hours were counted for different limits
    if (day?.limits === undefined) return false;
    const { figures, limits } = day;
    const after = floorTo(figures.lastMs, HOUR_MS) + HOUR_MS;
    saved.sort((a, b) => a.figures.startMs - b.figures.startMs);
    if (!saved.every((h) => h.figures.startMs >= after && sameLimits(h.limits, limits))) return false;
    this.write(unitId, dayMs, joinInOrder([figures, ...saved.map((h) => h.figures)], limits), limits, true);
    return true;
  }

  /** A unit's day put together from its hours (an hour's own limits close its last reading). */
  rebuild(unitId: string, dayMs: number): void {
    const rows = this.selectHours.all(unitId, dayMs, dayMs + DAY_MS) as unknown[][];
    const first = rows[0];
    if (!first) return;
    const limits = limitsOfColumns(first, 11);
    const agree = rows.every((row) => sameLimits(limitsOfColumns(row, 11), limits));
    this.write(unitId, dayMs, joinInOrder(rows.map(figuresOfColumns), agree ? limits : null), limits, agree);
  }

  private write(unitId: string, dayMs: number, day: Figures, limits: AboveLimits | null, agree: boolean) {
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
