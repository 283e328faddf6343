// A donor's week, unit by unit, from the stores: the readings received and the newest, the air's
// coldest and warmest, the alerts whose condition held at some time in the week, and the bags in it
// now with their use-by. The words are weekly-render.ts's.
import { kindLabel } from "../../shared/rules/kinds.js";
import type { ReadingsStore } from "../store/readings-store.js";
import type { Unit } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import type { WeeklyUnit } from "./message.js";
import type { DigestWeek } from "./weekly-schedule.js";

export interface WeekFiguresDeps {
  site: SiteStore;
  readings: ReadingsStore;
  /** the rules hold the unit's sensor silent now (shared/rules/unit/silence.ts, the profile's limits) */
  silentNow(unitId: string): boolean;
  /** the site's public address, without a trailing slash */
  base: string;
}

/** whole hours, so the embedded store answers from its hourly rollups, not a week of readings */
const DAY_MS = 86_400_000;

/** a bag to discard first, then the soonest use-by */
const urgency = (bag: WeeklyUnit["bags"][number]) =>
  bag.phase === "expired" || bag.phase === "discard"
    ? Number.NEGATIVE_INFINITY
    : (bag.useByMs ?? Number.POSITIVE_INFINITY);

export async function weeklyUnit(unit: Unit, week: DigestWeek, deps: WeekFiguresDeps): Promise<WeeklyUnit> {
  const { site, base } = deps;
  const buckets = await deps.readings.buckets({ unitId: unit.id, ...week, bucketMs: DAY_MS });
  const latest = await deps.readings.latest(unit.id);
  const readings = buckets.reduce((n, b) => n + b.count, 0);
  const mins = buckets.flatMap((b) => (b.minC === null ? [] : [b.minC]));
  const maxes = buckets.flatMap((b) => (b.maxC === null ? [] : [b.maxC]));
  const alerts = site.alerts
    .list({ unitId: unit.id })
    .filter((a) => a.openedAtMs < week.toMs && (a.clearedAtMs ?? Number.POSITIVE_INFINITY) >= week.fromMs)
    .sort((a, b) => a.openedAtMs - b.openedAtMs)
    .map((a) => ({
      ...{ label: kindLabel(a.kind), severity: a.severity, openedAtMs: a.openedAtMs, state: a.state },
      url: `${base}/#/alerts/${encodeURIComponent(a.id)}`,
    }));
  const bags = site.batches
    .list({ unitId: unit.id })
    .map((b) => ({ label: b.label, phase: b.thaw.phase, useByMs: b.thaw.useByMs ?? null }))
    .sort((a, b) => urgency(a) - urgency(b));
  return {
    unitName: unit.name,
    readings,
    lastReadingMs: latest?.timeMs ?? null,
    minC: mins.length > 0 ? Math.min(...mins) : null,
    maxC: maxes.length > 0 ? Math.max(...maxes) : null,
    silent: readings === 0 || deps.silentNow(unit.id),
    alerts,
    bags,
    unitUrl: `${base}/#/units/${encodeURIComponent(unit.id)}`,
  };
}
