// The daily min/max record for inspections (the paper freezer log): per unit, per day of the
// site (local midnight to local midnight in its time zone: site-days.ts). On the embedded store a day
// that is a UTC day comes from its daily rollup, other whole hours from its hourly rollups and only the
// ragged ends from readings; on InfluxDB, or where a
// day starts inside an hour (a zone half an hour off UTC), every reading of the window is read. Both
// count the same way (store/rollup-figures.ts).
import type { DailyRow } from "../../shared/api/answers.js";
import type { StorageProfile } from "../../shared/profiles/types.js";
import type { ReadingsStore } from "../store/readings-store.js";
import type { Unit } from "../store/records.js";
import {
  type AboveLimits,
  DAY_MS,
  type Figures,
  floorTo,
  foldFigures,
  HOUR_MS,
  hourInDay,
  intoDays,
} from "../store/rollup-figures.js";
import { limitsOf } from "../store/rollup-limits.js";
import { type Cell, csvMinutes, csvTempC, toCsv } from "./csv.js";
import { type SiteDay, siteDays } from "./site-days.js";

const round = (x: number, places = 2) => Math.round(x * 10 ** places) / 10 ** places;
const minutes = (ms: number | null) => (ms === null ? null : round(ms / 60_000));

function dayRow(unit: Unit, day: SiteDay, f: Figures): DailyRow {
  return {
    unitId: unit.id,
    unitName: unit.name,
    day: day.day,
    minC: f.minC,
    maxC: f.maxC,
    meanC: f.temps === 0 ? null : round(f.sumC / f.temps),
    readings: f.readings,
    minutesAbove: { warningHighC: minutes(f.msAboveWarning), criticalHighC: minutes(f.msAboveCritical) },
  };
}

/** A unit's stretches in [fromMs, toMs) counted from every reading (the way without rollups). */
async function stretchesFromReadings(
  store: ReadingsStore,
  unitId: string,
  limits: AboveLimits | null,
  range: { fromMs: number; toMs: number },
  days: SiteDay[],
): Promise<Figures[]> {
  return foldFigures(await store.range({ unitId, ...range }), hourInDay(days), limits);
}

const startsOnTheHour = (day: SiteDay) => floorTo(day.startMs, HOUR_MS) === day.startMs;

/** the site's days that are UTC days (every day in UTC; winter days in London): a day's rollup serves */
function utcDaysOf(days: SiteDay[]): (dayMs: number) => boolean {
  const utcDays = new Set(
    days.filter((d) => d.startMs % DAY_MS === 0 && d.endMs - d.startMs === DAY_MS).map((d) => d.startMs),
  );
  return (dayMs) => utcDays.has(dayMs);
}

/** one row per day of the site (in `timeZone`) within [fromMs, toMs) that has readings */
export async function dailyReport(
  store: ReadingsStore,
  unit: Unit,
  profile: StorageProfile | undefined,
  range: { fromMs: number; toMs: number; timeZone: string },
): Promise<DailyRow[]> {
  const limits = limitsOf(profile);
  const window = { fromMs: range.fromMs, toMs: range.toMs };
  const days = siteDays(range.fromMs, range.toMs, range.timeZone);
  const stretches =
    store.rollups && days.every(startsOnTheHour)
      ? await store.rollups.stretches(unit.id, window, limits, utcDaysOf(days))
      : await stretchesFromReadings(store, unit.id, limits, window, days);
  return intoDays(stretches, days, limits).map(({ day, figures }) => dayRow(unit, day, figures));
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
