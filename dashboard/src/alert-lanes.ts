// Where the unit chart marks its alerts: a thin lane per severity above the plot, critical on top,
// each a row of time spans. Episodes that overlap, or that lie closer than the chart can tell apart,
// are merged into one span, so twenty alerts read as a few bars instead of a pile of labels; what each
// alert was is written in the list under the chart.
import type { Alert, Severity } from "./types.js";

export interface Span {
  fromMs: number;
  toMs: number;
}

export interface Lane {
  severity: Severity;
  spans: Span[];
}

/** top to bottom: the worst nearest the eye */
const LANE_ORDER: Severity[] = ["critical", "warning", "info"];

/** the severities that get a lane, top to bottom: those the alerts have */
export function laneSeverities(alerts: Alert[]): Severity[] {
  return LANE_ORDER.filter((severity) => alerts.some((a) => a.severity === severity));
}

/** an episode lasts until its condition ended, else until it was resolved, else until now */
function episodeEndMs(alert: Alert, nowMs: number): number {
  return alert.clearedAtMs ?? alert.resolution?.atMs ?? nowMs;
}

/**
 * A lane for each severity the alerts have, in LANE_ORDER (so a lane keeps its row while the window
 * moves), with the spans inside [fromMs, toMs]: clipped to the window, and two spans less than
 * `mergeMs` apart (the width of a few pixels) merged into one.
 */
export function alertLanes(
  alerts: Alert[],
  window: { fromMs: number; toMs: number; nowMs: number },
  mergeMs: number,
): Lane[] {
  return laneSeverities(alerts).map((severity) => {
    const episodes = alerts
      .filter((a) => a.severity === severity)
      .map((a) => ({
        fromMs: Math.max(window.fromMs, a.openedAtMs),
        toMs: Math.min(window.toMs, episodeEndMs(a, window.nowMs)),
      }))
      .filter((e) => e.fromMs <= e.toMs)
      .sort((a, b) => a.fromMs - b.fromMs);
    const spans: Span[] = [];
    for (const e of episodes) {
      const last = spans.at(-1);
      if (last && e.fromMs - last.toMs < mergeMs) last.toMs = Math.max(last.toMs, e.toMs);
      else spans.push(e);
    }
    return { severity, spans };
  });
}
