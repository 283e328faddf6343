// How values read on screen. Every state carries an icon and a word, so colour is never the only
// signal (a colour-blind donor, a wall screen in bright light, a printout in black and white).
import { kindLabel } from "../../shared/rules/kinds.js";
import { currentReader, t } from "./i18n/reader.js";
import type { AlertState, BagAction, Phase, Severity, UnitStatus } from "./types.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** a temperature (always °C from the API) in the reader's unit */
export function temp(c: number | null | undefined): string {
  if (c === null || c === undefined || !Number.isFinite(c)) return "–";
  return `${tempNumber(c)} ${tempUnit()}`;
}

/** the number alone (a chart's axis has the unit in its title) */
export function tempNumber(c: number): string {
  return oneDecimal(currentReader().temperatureUnit === "F" ? (c * 9) / 5 + 32 : c);
}

const oneDecimal = (value: number): string =>
  new Intl.NumberFormat(currentReader().language, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(value);

export const tempUnit = (): string => (currentReader().temperatureUnit === "F" ? "°F" : "°C");

/** a difference of temperatures (a limit's hysteresis) in the reader's unit: 1 °C more is 1.8 °F more */
export function tempDifference(c: number): string {
  return `${oneDecimal(currentReader().temperatureUnit === "F" ? (c * 9) / 5 : c)} ${tempUnit()}`;
}

export function ago(timeMs: number, nowMs: number): string {
  const ms = Math.max(0, nowMs - timeMs);
  if (ms < MINUTE) return t().time.justNow;
  return t().time.ago(duration(ms));
}

export function duration(ms: number): string {
  const unit = t().time;
  if (ms < MINUTE) return `${Math.round(ms / 1000)} ${unit.s}`;
  if (ms < HOUR) return `${Math.round(ms / MINUTE)} ${unit.min}`;
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    const m = Math.round((ms - h * HOUR) / MINUTE);
    return m ? `${h} ${unit.h} ${m} ${unit.min}` : `${h} ${unit.h}`;
  }
  const d = Math.floor(ms / DAY);
  const h = Math.round((ms - d * DAY) / HOUR);
  return h ? `${d} ${unit.d} ${h} ${unit.h}` : `${d} ${unit.d}`;
}

/** a moment, in the site's time zone, as the reader's language writes it */
export function dateTime(ms: number): string {
  const { language, timeZone } = currentReader();
  return new Intl.DateTimeFormat(language, { timeZone, dateStyle: "medium", timeStyle: "short" }).format(ms);
}

/** parts of a moment (a chart's tick: the hour, or the day), in the site's zone and the reader's words */
export function moment(ms: number, parts: Intl.DateTimeFormatOptions): string {
  const { language, timeZone } = currentReader();
  return new Intl.DateTimeFormat(language, { timeZone, ...parts }).format(ms);
}

/** the site's date at a moment, YYYY-MM-DD (a date input's value, a daily report's day) */
export function date(ms: number): string {
  // Swedish writes dates as ISO does
  return new Intl.DateTimeFormat("sv-SE", { timeZone: currentReader().timeZone }).format(ms);
}

/** a site day (YYYY-MM-DD) as the reader's language writes it */
export function dayName(day: string): string {
  const format = new Intl.DateTimeFormat(currentReader().language, { timeZone: "UTC", dateStyle: "full" });
  return format.format(Date.parse(`${day}T00:00:00Z`));
}

/** minutes above a limit; a unit without a profile has no limit to be above (not "0 minutes") */
export function minutesAbove(minutes: number | null): string {
  return minutes === null ? t().time.noLimit : String(Math.round(minutes));
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}

interface Label {
  icon: string;
  text: string;
}

type Labels = "status" | "severity" | "alertState" | "phase" | "action" | "verdict";

/** icons fixed, words from the reader's catalogue each time they are read */
function labelled<K extends string>(group: Labels, icons: Record<K, string>): Record<K, Label> {
  const out = {} as Record<K, Label>;
  for (const key of Object.keys(icons) as K[]) {
    out[key] = {
      icon: icons[key],
      get text() {
        return (t()[group] as Record<string, string>)[key] ?? key;
      },
    };
  }
  return out;
}

export const STATUS: Record<UnitStatus, Label> = labelled("status", {
  ok: "✓",
  warning: "⚠",
  critical: "‼",
  silent: "⊘",
});

export const SEVERITY: Record<Severity, Label> = labelled("severity", {
  info: "ℹ",
  warning: "⚠",
  critical: "‼",
});

export const ALERT_STATE: Record<AlertState, Label> = labelled("alertState", {
  open: "●",
  acknowledged: "◐",
  resolved: "✓",
});

export const PHASE: Record<Phase, Label> = labelled("phase", {
  fresh: "◇",
  frozen: "❄",
  "partially-thawed": "◐",
  thawed: "○",
  expired: "◷",
  discard: "✖",
});

export const ACTION: Record<BagAction, Label> = labelled("action", {
  keep: "✓",
  "move-now": "⚠",
  "refreeze-use-first": "◐",
  "use-within": "◷",
  discard: "✖",
});

/** an alert's kind as the rules name it (shared/rules: each rule declares its words), translated */
export function alertKind(kind: string): string {
  const kinds: Partial<Record<string, string>> = t().kinds;
  return kinds[kind] ?? kindLabel(kind);
}

export const VERDICT: Record<"accept" | "review" | "reject", Label> = labelled("verdict", {
  accept: "✓",
  review: "⚠",
  reject: "✖",
});
