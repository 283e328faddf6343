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
