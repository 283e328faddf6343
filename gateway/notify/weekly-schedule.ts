// When the weekly digest is due: the latest `day` at `at` (the site's wall clock) at or before now,
// and the week it closes, from the same moment a week before. Across a clock change that week lasts
// 167 or 169 hours: the digest comes at 18:00 as the donor reads her clock, not 18:00 UTC.
import { localDate, localMidnight } from "../../shared/time/site-days.js";
import { type Weekday, weekdays } from "./config.js";
import { localTime, minutesOf } from "./local-time.js";

export interface DigestWeek {
  /** the local date the week ends on (YYYY-MM-DD): what is kept to know it was sent */
  id: string;
  fromMs: number;
  /** exclusive: the moment the digest is due */
  toMs: number;
}

const DAY_MS = 86_400_000;
const MINUTES_A_DAY = 24 * 60;

const shifted = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Monday 0 ... Sunday 6, as `weekdays` lists them */
const weekdayOf = (day: string) => (new Date(Date.parse(`${day}T00:00:00Z`)).getUTCDay() + 6) % 7;

/** the instant the wall clock reads `hhmm` on the local date `day` */
function atLocal(day: string, hhmm: string, timeZone: string): number {
  const wanted = minutesOf(hhmm);
  const guess = localMidnight(day, timeZone) + wanted * 60_000;
  // a clock change between midnight and then moves the wall clock by its size: take it back
  const off = localTime(guess, timeZone).minute - wanted;
  const drift =
    ((((off + MINUTES_A_DAY / 2) % MINUTES_A_DAY) + MINUTES_A_DAY) % MINUTES_A_DAY) - MINUTES_A_DAY / 2;
  return guess - drift * 60_000;
}

/** the latest week whose digest is due at `nowMs` */
export function latestWeek(
  nowMs: number,
  schedule: { day: Weekday; at: string },
  timeZone: string,
): DigestWeek {
  const today = localDate(nowMs, timeZone);
  let end = shifted(today, -((weekdayOf(today) - weekdays.indexOf(schedule.day) + 7) % 7));
  if (atLocal(end, schedule.at, timeZone) > nowMs) end = shifted(end, -7);
  return {
    id: end,
    fromMs: atLocal(shifted(end, -7), schedule.at, timeZone),
    toMs: atLocal(end, schedule.at, timeZone),
  };
}
