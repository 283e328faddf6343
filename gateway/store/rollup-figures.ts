// What a stretch of one unit's readings comes to: how many, min, max, sum, and the time above the
// profile's warning and critical limits. A stretch (an hour, or the piece of one within a day) counts
// the time above of each reading until the next one inside it; its last reading stays open, closed
// when stretches are put together into days by the next stretch's first reading or the day's end.
// So a stretch never depends on the readings after it: an hour's rollup changes only with its own
// readings, and the same stretches from rollups or from raw readings give the same days.

import { aboveMs, type TimedTemp } from "../reports/minutes-above.js";
import type { SiteDay } from "../reports/site-days.js";

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** the limits a unit's time above is counted for: its profile's, and its reading interval */
export interface AboveLimits {
  warningC: number;
  criticalC: number;
  /** a reading counts until the next one, at most this long (minutes-above.ts) */
  intervalMs: number;
}

export interface Figures {
  startMs: number;
  /** readings, probe faults included */
  readings: number;
  /** readings with a temperature */
  temps: number;
  minC: number | null;
  maxC: number | null;
  sumC: number;
  /** ms above each limit, every reading but the last counted until the next; null: no limits */
  msAboveWarning: number | null;
  msAboveCritical: number | null;
  firstMs: number;
  /** the last reading, in event-time order, whose time above is still open */
  lastMs: number;
  lastC: number | null;
}

/** `ms` rounded down to a multiple of `size` since the epoch (negative times too) */
export const floorTo = (ms: number, size: number) => ms - (((ms % size) + size) % size);
export const ceilTo = (ms: number, size: number) => -floorTo(-ms, size);

export function emptyFigures(startMs: number, limits: AboveLimits | null): Figures {
  return {
    startMs,
    readings: 0,
    temps: 0,
    minC: null,
    maxC: null,
    sumC: 0,
    msAboveWarning: limits ? 0 : null,
    msAboveCritical: limits ? 0 : null,
    firstMs: startMs,
    lastMs: startMs,
    lastC: null,
  };
}

/** adds a reading later than every other in `f`; it closes the time above of the one before */
export function addReading(f: Figures, r: TimedTemp, limits: AboveLimits | null): void {
  if (f.readings === 0) f.firstMs = r.timeMs;
  else countAbove(f, { timeMs: f.lastMs, tempC: f.lastC }, r.timeMs, 1, limits);
  addStats(f, r);
  f.lastMs = r.timeMs;
  f.lastC = r.tempC;
}

/** the reading's count, min, max and sum; where it falls in `f` is the caller's business */
export function addStats(f: Figures, r: TimedTemp): void {
  f.readings += 1;
  if (r.tempC === null) return;
  f.temps += 1;
  f.minC = f.minC === null ? r.tempC : Math.min(f.minC, r.tempC);
  f.maxC = f.maxC === null ? r.tempC : Math.max(f.maxC, r.tempC);
  f.sumC += r.tempC;
}

/** adds (sign 1) or takes back (sign -1) the time above of `r` counted until `untilMs` */
export function countAbove(
  f: Figures,
  r: TimedTemp,
  untilMs: number,
  sign: 1 | -1,
  limits: AboveLimits | null,
): void {
  if (!limits || f.msAboveWarning === null || f.msAboveCritical === null) return;
  f.msAboveWarning += sign * aboveMs(r, untilMs, limits.warningC, limits.intervalMs);
  f.msAboveCritical += sign * aboveMs(r, untilMs, limits.criticalC, limits.intervalMs);
}

/** Stretches of readings in event-time order, one per value of `stretchOf` (which never goes back). */
export function foldFigures(
  readings: TimedTemp[],
  stretchOf: (timeMs: number) => number,
  limits: AboveLimits | null,
): Figures[] {
  const stretches: Figures[] = [];
  let f: Figures | undefined;
  for (const r of readings) {
    const startMs = stretchOf(r.timeMs);
    if (!f || f.startMs !== startMs) {
      f = emptyFigures(startMs, limits);
      stretches.push(f);
    }
    addReading(f, r, limits);
  }
  return stretches;
}

/** the piece of the hour that lies in the day: a stretch never spans a day's end */
export function hourInDay(days: SiteDay[]): (timeMs: number) => number {
  let i = 0;
  return (timeMs) => {
    while (i < days.length - 1 && (days[i] as SiteDay).endMs <= timeMs) i++;
    return Math.max(floorTo(timeMs, HOUR_MS), days[i]?.startMs ?? Number.NEGATIVE_INFINITY);
  };
}

/**
 * Days from stretches in time order (none spanning a day's end): each stretch's last reading counts
 * until the next stretch's first when that is the same day, else until the day's end.
 */
export function intoDays(
  stretches: Figures[],
  days: SiteDay[],
  limits: AboveLimits | null,
): { day: SiteDay; figures: Figures }[] {
  const out: { day: SiteDay; figures: Figures }[] = [];
  let d = 0;
  stretches.forEach((s, i) => {
    while (d < days.length - 1 && (days[d] as SiteDay).endMs <= s.firstMs) d++;
    const day = days[d] as SiteDay;
    let acc = out.at(-1);
    if (acc?.day !== day) {
      acc = { day, figures: { ...s, startMs: day.startMs } };
      out.push(acc);
    } else {
      add(acc.figures, s);
    }
    const nextMs = stretches[i + 1]?.firstMs;
    const untilMs = nextMs !== undefined && nextMs < day.endMs ? nextMs : day.endMs;
    countAbove(acc.figures, { timeMs: acc.figures.lastMs, tempC: acc.figures.lastC }, untilMs, 1, limits);
  });
  return out;
}

/**
 * One stretch from stretches in time order within a day, as `intoDays` puts them together: each last
 * reading counts until the next stretch's first; the last one's stays open.
 */
export function joinInOrder(stretches: Figures[], limits: AboveLimits | null): Figures {
  const [first, ...rest] = stretches;
  if (!first) throw new Error("joinInOrder needs at least one stretch");
  const acc = { ...first };
  for (const s of rest) {
    countAbove(acc, { timeMs: acc.lastMs, tempC: acc.lastC }, s.firstMs, 1, limits);
    add(acc, s);
  }
  return acc;
}

/** Buckets of `bucketMs` from stretches in time order (for charts: no time above). */
export function intoBuckets(stretches: Figures[], bucketMs: number): Figures[] {
  const out: Figures[] = [];
  for (const s of stretches) {
    const startMs = floorTo(s.startMs, bucketMs);
    const acc = out.at(-1);
    if (acc?.startMs === startMs) add(acc, s);
    else out.push({ ...s, startMs });
  }
  return out;
}

/** `s` (later than everything in `acc`) into `acc`, its last reading left open */
function add(acc: Figures, s: Figures): void {
  acc.readings += s.readings;
  acc.temps += s.temps;
  acc.minC = s.minC === null ? acc.minC : Math.min(acc.minC ?? s.minC, s.minC);
  acc.maxC = s.maxC === null ? acc.maxC : Math.max(acc.maxC ?? s.maxC, s.maxC);
  acc.sumC += s.sumC;
  acc.msAboveWarning = sumOrNull(acc.msAboveWarning, s.msAboveWarning);
  acc.msAboveCritical = sumOrNull(acc.msAboveCritical, s.msAboveCritical);
  acc.lastMs = s.lastMs;
  acc.lastC = s.lastC;
}

const sumOrNull = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);
