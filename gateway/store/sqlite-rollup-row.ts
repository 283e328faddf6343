// A row of rollups_hourly (migration 6) as the rollups read it: its figures, and the limits its time
// above was counted for.
import type { AboveLimits, Figures } from "./rollup-figures.js";

export interface HourRow {
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
  /** 1 once the retention deleted the hour's raw readings: its figures are final (sqlite-raw-retention.ts) */
  raw_deleted: number;
}

export const limitsOfRow = (r: HourRow): AboveLimits | null =>
  r.warning_c === null || r.critical_c === null || r.interval_ms === null
    ? null
    : { warningC: r.warning_c, criticalC: r.critical_c, intervalMs: r.interval_ms };

export function toFigures(r: HourRow): Figures {
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

/**
 * A long read's columns, in the order `figuresOfColumns` takes them: better-sqlite3 makes an array of
 * a row faster than an object, and each column read costs (400 days of hours: 16 columns as objects
 * ~95 ms of CPU here, these 11 as arrays ~15-30 ms).
 */
export const FIGURES_COLUMNS =
  "hour_ms, readings, temps, min_c, max_c, sum_c, ms_above_warning, ms_above_critical, first_ms, last_ms, last_c";

type FiguresColumns = [
  number,
  number,
  number,
  number | null,
  number | null,
  number,
  number | null,
  number | null,
  number,
  number,
  number | null,
];

/** one object literal in Figures' order: every Figures then has the same shape, which V8 adds up fastest */
export function figuresOfColumns(row: unknown[]): Figures {
  const r = row as FiguresColumns;
  return {
    startMs: r[0],
    readings: r[1],
    temps: r[2],
    minC: r[3],
    maxC: r[4],
    sumC: r[5],
    msAboveWarning: r[6],
    msAboveCritical: r[7],
    firstMs: r[8],
    lastMs: r[9],
    lastC: r[10],
  };
}
