// A site's days: from local midnight to the next, in the site's time zone (config site.timeZone), so
// a daily record means what the site's people mean by "that day". Here in shared/ so the gateway's
// reports and the page's date pickers cut the same days. Across a clock change a day lasts
// 23 or 25 hours. The zone's rules come from the platform's Intl, the tz database Node ships.

export interface SiteDay {
  /** the local date, YYYY-MM-DD */
  day: string;
  startMs: number;
  /** the next local midnight (exclusive) */
  endMs: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      ...{ year: "numeric", month: "numeric", day: "numeric" },
      ...{ hour: "numeric", minute: "numeric", second: "numeric" },
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** the wall-clock time at `ms` in the zone, read as if it were UTC */
function wallClockMs(ms: number, timeZone: string): number {
  const part: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(ms)) part[p.type] = Number(p.value);
  const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = part;
  // Intl gives whole seconds; keep the instant's milliseconds so the offset comes out exact
  const subSecondMs = ms - Math.floor(ms / 1000) * 1000;
  return Date.UTC(year, month - 1, day, hour, minute, second) + subSecondMs;
}

const offsetMs = (ms: number, timeZone: string) => wallClockMs(ms, timeZone) - ms;

/** the local date at `ms`, YYYY-MM-DD */
export function localDate(ms: number, timeZone: string): string {
  return new Date(wallClockMs(ms, timeZone)).toISOString().slice(0, 10);
}

/**
 * Each zone's midnights once worked out: a 400-day report needs 400 of them, three Intl calls each
 * (~25 ms here every time); a day's start in a zone never changes while the program runs.
 */
const midnights = new Map<string, number>();

/** the instant the local date `day` (YYYY-MM-DD) begins */
export function localMidnight(day: string, timeZone: string): number {
  const key = `${timeZone} ${day}`;
  let start = midnights.get(key);
  if (start === undefined) {
    start = findMidnight(day, timeZone);
    midnights.set(key, start);
  }
  return start;
}

function findMidnight(day: string, timeZone: string): number {
  const wall = Date.parse(`${day}T00:00:00Z`);
  const guess = wall - offsetMs(wall, timeZone);
  // the offset at the guess is the one in force at that midnight, unless a change lies between
  const start = wall - offsetMs(guess, timeZone);
  // a zone that skips midnight itself (clocks go 00:00 -> 01:00) starts that day at the change
  return localDate(start, timeZone) === day ? start : guess;
}

/** the date after `day` (YYYY-MM-DD) */
export const nextDate = (day: string) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/** the site's days that overlap [fromMs, toMs), in order */
export function siteDays(fromMs: number, toMs: number, timeZone: string): SiteDay[] {
  const days: SiteDay[] = [];
  let day = localDate(fromMs, timeZone);
  let startMs = localMidnight(day, timeZone);
  while (startMs < toMs) {
    const next = nextDate(day);
    const endMs = localMidnight(next, timeZone);
    days.push({ day, startMs, endMs });
    day = next;
    startMs = endMs;
  }
  return days;
}
