// The site's wall clock, for quiet hours and the rota: a person's "22:00 to 07:00" and "Mondays"
// mean the site's local time (notifications.timeZone), whatever zone the gateway's machine runs in.
import type { Weekday } from "./config.js";

export interface LocalTime {
  weekday: Weekday;
  /** minutes since local midnight */
  minute: number;
}

const WEEKDAY: Record<string, Weekday> = {
  Mon: "mon",
  Tue: "tue",
  Wed: "wed",
  Thu: "thu",
  Fri: "fri",
  Sat: "sat",
  Sun: "sun",
};

export function localTime(ms: number, timeZone: string): LocalTime {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(ms);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return {
    weekday: WEEKDAY[part("weekday")] ?? "mon",
    minute: Number(part("hour")) * 60 + Number(part("minute")),
  };
}

export const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(":").map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/**
 * When a quiet stretch (from-to, local, may cross midnight) that covers `ms` ends; undefined when
 * `ms` is outside it. Within a minute: a notice held until then goes out at the first minute after.
 */
export function quietUntil(
  ms: number,
  quiet: { from: string; to: string },
  timeZone: string,
): number | undefined {
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  const now = localTime(ms, timeZone).minute;
  const inside = from <= to ? now >= from && now < to : now >= from || now < to;
  if (!inside || from === to) return undefined;
  const left = (to - now + 24 * 60) % (24 * 60);
  const startOfMinute = ms - (ms % 60_000);
  return startOfMinute + left * 60_000;
}
