// How bad things are, decided once for every part: the order of severities (an alert raised again
// is told again only when worse) and a unit's status at a glance, for the dashboard, the HTTP API
// and Home Assistant alike.
import { kindInfo } from "./kinds.js";
import { UNIT_RULES, type UnitConditions } from "./registry.js";
import type { UnitRules } from "./runner/rule.js";
import type { Severity, UnitStatus } from "./types.js";

/** least to most severe */
export const SEVERITIES: readonly Severity[] = ["info", "warning", "critical"];

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** best to worst: a unit whose sensor is silent may be warm without anyone knowing */
export const UNIT_STATUSES: readonly UnitStatus[] = ["ok", "warning", "silent", "critical"];

const AS_STATUS: Record<Severity, UnitStatus> = { info: "ok", warning: "warning", critical: "critical" };

function worse(a: UnitStatus, b: UnitStatus): UnitStatus {
  return UNIT_STATUSES.indexOf(b) > UNIT_STATUSES.indexOf(a) ? b : a;
}

/** an alert as a unit's status reads it */
export interface StatusAlert {
  kind: string;
  severity: Severity;
  state: string;
  /** when the rules saw its condition end */
  clearedAtMs?: number;
}

/**
 * The worst of the unit's live alerts (not resolved, and their condition not cleared) and of what
 * the rules see now: an excursion whose alert was resolved while the freezer is still warm keeps the
 * unit in alarm. A unit that never gave a reading is silent.
 */
export function unitStatus(unit: {
  alerts: readonly StatusAlert[];
  hasReading: boolean;
  conditions: UnitConditions | undefined;
}): UnitStatus {
  let status: UnitStatus = unit.hasReading ? "ok" : "silent";
  for (const alert of unit.alerts) {
    if (alert.state === "resolved" || alert.clearedAtMs !== undefined) continue;
    status = worse(status, AS_STATUS[alert.severity]);
    status = worse(status, kindInfo(alert.kind)?.unitStatus ?? "ok");
  }
  const rules: UnitRules = UNIT_RULES;
  if (unit.conditions)
    for (const rule of rules)
      if (rule.conditions) status = worse(status, rule.conditions.status(unit.conditions));
  return status;
}
