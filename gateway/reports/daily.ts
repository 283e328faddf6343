// The daily min/max record for inspections (the paper freezer log): per unit, per UTC day.
import type { DailyRow } from "../../shared/api/answers.js";
import type { StorageProfile } from "../../shared/profiles/types.js";
import type { ReadingsStore, StoredReading } from "../store/readings-store.js";
import type { Unit } from "../store/records.js";
import { type Cell, csvMinutes, csvTempC, toCsv } from "./csv.js";
import { minutesAbove } from "./minutes-above.js";
import { DAY_MS } from "./readings-window.js";

const round = (x: number, places = 2) => Math.round(x * 10 ** places) / 10 ** places;

function dayRow(
  unit: Unit,
  profile: StorageProfile | undefined,
  dayMs: number,
  rs: StoredReading[],
): DailyRow {
  const temps = rs.flatMap((r) => (r.tempC === null ? [] : [r.tempC]));
  const endMs = dayMs + DAY_MS;
  const intervalMs = (profile?.intervalS.value ?? 0) * 1000;
  const above = (limit: number | undefined) =>
    limit === undefined ? null : round(minutesAbove(rs, limit, intervalMs, endMs));
  return {
    unitId: unit.id,
    unitName: unit.name,
    day: new Date(dayMs).toISOString().slice(0, 10),
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

/** one row per UTC day in [fromMs, toMs) that has readings */
export async function dailyReport(
  store: ReadingsStore,
  unit: Unit,
  profile: StorageProfile | undefined,
  fromMs: number,
  toMs: number,
): Promise<DailyRow[]> {
  const byDay = new Map<number, StoredReading[]>();
  for (const r of await store.range({ unitId: unit.id, fromMs, toMs })) {
    const day = Math.floor(r.timeMs / DAY_MS) * DAY_MS;
    const list = byDay.get(day);
    if (list) list.push(r);
    else byDay.set(day, [r]);
  }
  return [...byDay].map(([day, rs]) => dayRow(unit, profile, day, rs));
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
