// A unit as the dashboard's overview shows it: profile limits, latest reading, status, bags, alerts.
import type { UnitSummary } from "../../shared/api/answers.js";
import { unitStatus } from "../../shared/rules/status.js";
import type { BatchPhase } from "../../shared/rules/types.js";
import type { Unit } from "../store/records.js";
import type { RouteContext } from "./context.js";

/** best to worst, so a unit shows its worst bag */
export const PHASE_ORDER: readonly BatchPhase[] = [
  "fresh",
  "frozen",
  "partially-thawed",
  "thawed",
  "expired",
  "discard",
];

function worstPhase(phases: BatchPhase[]): BatchPhase | null {
  let worst = -1;
  for (const phase of phases) worst = Math.max(worst, PHASE_ORDER.indexOf(phase));
  return PHASE_ORDER[worst] ?? null;
}

export async function unitSummary(ctx: RouteContext, unit: Unit): Promise<UnitSummary> {
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
    status: unitStatus({ alerts, hasReading: latest !== undefined, conditions: ctx.conditionsOf(unit.id) }),
    batteryV: latest?.batteryV ?? null,
    batches: { count: batches.length, worstPhase: worstPhase(batches.map((b) => b.thaw.phase)) },
    openAlerts: alerts.length,
  };
}
