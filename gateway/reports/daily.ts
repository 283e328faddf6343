// The daily min/max record for inspections (the paper freezer log): per unit, per day of the
// site (local midnight to local midnight in its time zone: site-days.ts).
import type { DailyRow } from "../../shared/api/answers.js";
import type { StorageProfile } from "../../shared/profiles/types.js";
import type { ReadingsStore, StoredReading } from "../store/readings-store.js";
import type { Unit } from "../store/records.js";
import { type Cell, csvMinutes, csvTempC, toCsv } from "./csv.js";
import { minutesAbove } from "./minutes-above.js";
import { type SiteDay, siteDays } from "./site-days.js";

const round = (x: number, places = 2) => Math.round(x * 10 ** places) / 10 ** places;

function dayRow(
  unit: Unit,
  profile: StorageProfile | undefined,
  { day, endMs }: SiteDay,
  rs: StoredReading[],
): DailyRow {
  const temps = rs.flatMap((r) => (r.tempC === null ? [] : [r.tempC]));
  const intervalMs = (profile?.intervalS.value ?? 0) * 1000;
  const above = (limit: number | undefined) =>
    limit === undefined ? null : round(minutesAbove(rs, limit, intervalMs, endMs));
  return {
    unitId: unit.id,
    unitName: unit.name,
    day,
    minC: temps.length ? temps.reduce((a, b) => Math.min(a, b)) : null,
    maxC: temps.length ? temps.reduce((a, b) => Math.max(a, b)) : null,
    meanC: temps.length ? round(temps.reduce((a, b) => a + b, 0) / temps.length) : null,
    readings: rs.length,
    minutesAbove: {
      warningHighC: above(profile?.warningHighC.value),
      criticalHighC: above(profile?.criticalHighC.value),
    },
  };
}

/** one row per day of the site (in `timeZone`) within [fromMs, toMs) that has readings */
export async function dailyReport(
  store: ReadingsStore,
  unit: Unit,
  profile: StorageProfile | undefined,
  range: { fromMs: number; toMs: number; timeZone: string },
): Promise<DailyRow[]> {
  const readings = await store.range({ unitId: unit.id, fromMs: range.fromMs, toMs: range.toMs });
  const rows: DailyRow[] = [];
  let i = 0;
  // readings come in time order: each day takes the run that falls before its end
  for (const day of siteDays(range.fromMs, range.toMs, range.timeZone)) {
    const start = i;
    while (i < readings.length && (readings[i]?.timeMs ?? Infinity) < day.endMs) i++;
    if (i > start) rows.push(dayRow(unit, profile, day, readings.slice(start, i)));
  }
  return rows;
}

export function dailyCsv(rows: DailyRow[]): string {
  const header = [
    "unit_id",
    "unit_name",
    "day",
    "min_c",
    "max_c",
    "mean_c",
    "readings",
    "minutes_above_warning",
    "minutes_above_critical",
  ];
  const lines: Cell[][] = rows.map((r) => [
    r.unitId,
    r.unitName,
    r.day,
    csvTempC(r.minC),
    csvTempC(r.maxC),
    csvTempC(r.meanC),
    r.readings,
    csvMinutes(r.minutesAbove.warningHighC),
    csvMinutes(r.minutesAbove.criticalHighC),
  ]);
  return toCsv([header, ...lines]);
}
