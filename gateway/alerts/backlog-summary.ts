// A backlog (a sensor back in reach after hours, a cool box at hand-over) can hold several episodes
// that are all over by the time they arrive. Announcing each as "now" would send a burst of stale
// notices; instead they are gathered per unit and told once, as a summary, when the unit's readings
// have caught up (or shortly after the last of them arrived, if they never do).
import { kindInfo } from "../../shared/rules/kinds.js";
import { severityRank } from "../../shared/rules/status.js";
import { celsius, span } from "../../shared/rules/wording/phrases.js";
import type { Alert } from "../store/records.js";

/** an alert raised this long after its event time was learnt from a backlog, not live */
export const LATE_AFTER_MS = 10 * 60_000;
/** told anyway this long after the unit's last late alert, if no current reading follows */
export const SETTLE_MS = 10_000;

export interface Notice {
  alert: Alert;
  /** set for a backlog's summary: what happened while the sensor was out of reach */
  summary?: string;
}

export interface BacklogSummary {
  /** keeps a late alert for the unit's summary */
  hold(alert: Alert): void;
  /** the unit's readings now reach the present: tell what was held */
  caughtUp(unitId: string): void;
  stop(): void;
}

/** `current` reads an alert as it is now: it may have cleared or worsened since it was held */
export function createBacklogSummary(
  tell: (notice: Notice) => void,
  current: (alertId: string) => Alert | undefined,
): BacklogSummary {
  const held = new Map<string, { alertIds: Set<string>; timer: NodeJS.Timeout }>();

  function flush(unitId: string): void {
    const entry = held.get(unitId);
    if (!entry) return;
    clearTimeout(entry.timer);
    held.delete(unitId);
    const alerts = [...entry.alertIds].flatMap((id) => current(id) ?? []);
    const first = alerts.sort(byImportance)[0];
    if (first) tell({ alert: first, summary: summaryOf(alerts) });
  }

  return {
    hold(alert) {
      const entry = held.get(alert.unitId);
      if (entry) clearTimeout(entry.timer);
      const alertIds = entry?.alertIds ?? new Set<string>();
      alertIds.add(alert.id);
      const timer = setTimeout(() => flush(alert.unitId), SETTLE_MS);
      timer.unref();
      held.set(alert.unitId, { alertIds, timer });
    },
    caughtUp: flush,
    stop() {
      for (const { timer } of held.values()) clearTimeout(timer);
      held.clear();
    },
  };
}

/** still going on first, then the most severe, then the latest */
function byImportance(a: Alert, b: Alert): number {
  const active = Number(a.clearedAtMs !== undefined) - Number(b.clearedAtMs !== undefined);
  if (active !== 0) return active;
  const severity = severityRank(b.severity) - severityRank(a.severity);
  return severity !== 0 ? severity : b.openedAtMs - a.openedAtMs;
}

/** "While the sensor was out of reach: 3 temperature excursions (the worst 4.1 °C for 2 h); …" */
export function summaryOf(alerts: Alert[]): string {
  const byKind = new Map<string, Alert[]>();
  for (const a of alerts) byKind.set(a.kind, [...(byKind.get(a.kind) ?? []), a]);
  const parts = [...byKind].map(([kind, list]) => {
    const [one, many] = kindInfo(kind)?.counted ?? [kind, kind];
    const what = `${list.length} ${list.length === 1 ? one : many}`;
    return kind === "temperature-excursion" ? `${what} (${worstExcursion(list)})` : what;
  });
  const ongoing = alerts.filter((a) => a.clearedAtMs === undefined).length;
  const now = ongoing > 0 ? ` ${ongoing} still going on.` : " All over by now.";
  return `While the sensor was out of reach: ${parts.join("; ")}.${now}`;
}

function worstExcursion(list: Alert[]): string {
  const warm = list.filter((a) => a.details?.side !== "low");
  const peaks = (warm.length > 0 ? warm : list).map((a) => Number(a.details?.peakC ?? Number.NaN));
  const peakC = warm.length > 0 ? Math.max(...peaks) : Math.min(...peaks);
  const longest = Math.max(...list.map(episodeMs));
  const peak = Number.isFinite(peakC) ? `the worst ${celsius(peakC)}, ` : "";
  return `${peak}the longest ${span(longest)}`;
}

/** from the first crossing to the last clear (still going on: to the last change known) */
function episodeMs(alert: Alert): number {
  const times = (alert.history ?? []).map((h) => h.eventAtMs);
  return Math.max(alert.clearedAtMs ?? 0, ...times) - alert.openedAtMs;
}
