// A unit as the dashboard's overview shows it: profile limits, latest reading, status, bags, alerts.
import type { UnitConditions } from "../../shared/rules/index.js";
import type { BatchPhase } from "../../shared/rules/types.js";
import type { Alert, Unit } from "../store/records.js";
import type { RouteContext } from "./context.js";

export type UnitStatus = "ok" | "warning" | "critical" | "silent";

/** best to worst, so a unit shows its worst bag */
export const PHASE_ORDER: readonly BatchPhase[] = [
  "fresh",
  "frozen",
  "partially-thawed",
  "thawed",
  "expired",
  "discard",
];

/** an alert whose condition is still going on (not resolved, and the rule has not cleared it) */
const uncleared = (a: Alert) => a.state !== "resolved" && a.clearedAtMs === undefined;

/**
 * The worst of the unit's live alerts and of what the rules see now: an excursion whose alert was
 * resolved while the freezer is still warm keeps the unit in alarm.
 */
function unitStatus(alerts: Alert[], hasReading: boolean, now: UnitConditions | undefined): UnitStatus {
  const live = alerts.filter(uncleared);
  if (now?.excursion === "critical" || live.some((a) => a.severity === "critical")) return "critical";
  if (!hasReading || now?.silent || live.some((a) => a.kind === "sensor-silent")) return "silent";
  if (now?.excursion || now?.probeFault || now?.batteryLow || live.some((a) => a.severity === "warning"))
    return "warning";
  return "ok";
}

function worstPhase(phases: BatchPhase[]): BatchPhase | null {
  let worst = -1;
  for (const phase of phases) worst = Math.max(worst, PHASE_ORDER.indexOf(phase));
  return PHASE_ORDER[worst] ?? null;
}

export async function unitSummary(ctx: RouteContext, unit: Unit) {
  const profile = ctx.profiles.profile(unit.profileId);
  const latest = await ctx.readings.latest(unit.id);
  const alerts = ctx.site.alerts.list({ unitId: unit.id, state: ["open", "acknowledged"] });
  const batches = ctx.site.batches.list({ unitId: unit.id });
  return {
    ...unit,
    profile: profile
      ? {
          id: profile.id,
          name: profile.name,
          kind: profile.kind,
          warningHighC: profile.warningHighC.value,
          criticalHighC: profile.criticalHighC.value,
          lowC: profile.lowC?.value ?? null,
        }
      : null,
    latest: latest ? { timeMs: latest.timeMs, tempC: latest.tempC, fault: latest.fault ?? null } : null,
    status: unitStatus(alerts, latest !== undefined, ctx.conditionsOf?.(unit.id)),
    batteryV: latest?.batteryV ?? null,
    batches: { count: batches.length, worstPhase: worstPhase(batches.map((b) => b.thaw.phase)) },
    openAlerts: alerts.length,
  };
}
