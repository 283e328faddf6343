// How values read on screen. Every state carries an icon and a word, so colour is never the only
// signal (a colour-blind donor, a wall screen in bright light, a printout in black and white).
import { kindLabel } from "../../shared/rules/kinds.js";
import type { AlertState, BagAction, Phase, Severity, UnitStatus } from "./types.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function temp(c: number | null | undefined): string {
  if (c === null || c === undefined || !Number.isFinite(c)) return "–";
  return `${c.toFixed(1)} °C`;
}

export function ago(timeMs: number, nowMs: number): string {
  const ms = Math.max(0, nowMs - timeMs);
  if (ms < MINUTE) return "just now";
  return `${duration(ms)} ago`;
}

export function duration(ms: number): string {
  if (ms < MINUTE) return `${Math.round(ms / 1000)} s`;
  if (ms < HOUR) return `${Math.round(ms / MINUTE)} min`;
  if (ms < DAY) {
    const h = Math.floor(ms / HOUR);
    const m = Math.round((ms - h * HOUR) / MINUTE);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const d = Math.floor(ms / DAY);
  const h = Math.round((ms - d * DAY) / HOUR);
  return h ? `${d} d ${h} h` : `${d} d`;
}

const pad = (n: number) => String(n).padStart(2, "0");

export function dateTime(ms: number): string {
  const d = new Date(ms);
  return `${date(ms)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function date(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** minutes above a limit; a unit without a profile has no limit to be above (not "0 minutes") */
export function minutesAbove(minutes: number | null): string {
  return minutes === null ? "no limit" : String(Math.round(minutes));
}

export function percent(fraction: number): string {
  return `${Math.round(fraction * 100)} %`;
}

export const STATUS: Record<UnitStatus, { icon: string; text: string }> = {
  ok: { icon: "✓", text: "OK" },
  warning: { icon: "⚠", text: "Warning" },
  critical: { icon: "‼", text: "Critical" },
  silent: { icon: "⊘", text: "Silent" },
};

export const SEVERITY: Record<Severity, { icon: string; text: string }> = {
  info: { icon: "ℹ", text: "Info" },
  warning: { icon: "⚠", text: "Warning" },
  critical: { icon: "‼", text: "Critical" },
};

export const ALERT_STATE: Record<AlertState, { icon: string; text: string }> = {
  open: { icon: "●", text: "Open" },
  acknowledged: { icon: "◐", text: "Acknowledged" },
  resolved: { icon: "✓", text: "Resolved" },
};

export const PHASE: Record<Phase, { icon: string; text: string }> = {
  fresh: { icon: "◇", text: "Fresh (never frozen)" },
  frozen: { icon: "❄", text: "Frozen" },
  "partially-thawed": { icon: "◐", text: "Partly thawed" },
  thawed: { icon: "○", text: "Thawed" },
  expired: { icon: "◷", text: "Expired" },
  discard: { icon: "✖", text: "Discard" },
};

export const ACTION: Record<BagAction, { icon: string; text: string }> = {
  keep: { icon: "✓", text: "Keep frozen" },
  "move-now": { icon: "⚠", text: "Still frozen: move it to a working freezer now" },
  "refreeze-use-first": {
    icon: "◐",
    text: "Still holds ice: may go back into a working freezer; use it first",
  },
  "use-within": { icon: "◷", text: "Do not refreeze: use" },
  discard: { icon: "✖", text: "Discard" },
};

/** an alert's kind as the rules name it (shared/rules: each rule declares its words) */
export const alertKind = kindLabel;

export const VERDICT: Record<"accept" | "review" | "reject", { icon: string; text: string }> = {
  accept: { icon: "✓", text: "Accept: the milk stayed frozen" },
  review: { icon: "⚠", text: "Review before accepting" },
  reject: { icon: "✖", text: "Reject" },
};
