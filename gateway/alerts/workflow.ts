// The alert lifecycle: open -> acknowledged (who, when, comment) -> resolved (corrective action).
// Rule events open or update an alert by their key (a replay never duplicates one); a condition that
// clears keeps its alert until a person resolves it. Every change is written with its audit line in
// one transaction and announced on the bus ("alert"; "notify" when someone must be told now).
import { randomUUID } from "node:crypto";
import type { RuleEvent } from "../../shared/rules/types.js";
import type { EventBus } from "../bus.js";
import { conflict, invalid, notFound } from "../errors.js";
import type { Logger } from "../log.js";
import type { AlertActions, Clock } from "../services.js";
import type { Alert } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";

export interface AlertWorkflowDeps {
  site: SiteStore;
  bus: EventBus;
  clock: Clock;
  log: Logger;
}

export interface AlertWorkflow extends AlertActions {
  onRuleEvent(event: RuleEvent): void;
  /** saves a changed alert with its audit line and announces it */
  record(
    alert: Alert,
    actor: string,
    action: string,
    details: Record<string, unknown>,
    notify: boolean,
  ): Alert;
}

export function createAlertWorkflow(deps: AlertWorkflowDeps): AlertWorkflow {
  const { site, bus, clock } = deps;

  function record(
    alert: Alert,
    actor: string,
    action: string,
    details: Record<string, unknown>,
    notify: boolean,
  ): Alert {
    const entry = site.transaction(() => {
      site.alerts.put(alert);
      return site.audit.append({ atMs: clock.now(), actor, action, subject: `alert:${alert.id}`, details });
    });
    bus.emit("audit", entry);
    bus.emit("alert", alert);
    if (notify) bus.emit("notify", alert);
    return alert;
  }

  function raised(event: RuleEvent): void {
    const existing = site.alerts.byKey(event.key);
    if (existing?.state === "resolved") {
      deps.log.debug(`condition ${event.key} raised again after it was resolved; kept resolved`);
      return;
    }
    if (existing) {
      const { clearedAtMs: _, ...rest } = existing;
      const worse = rank(event.severity) > rank(existing.severity);
      const updated: Alert = {
        ...rest,
        severity: worse ? event.severity : existing.severity,
        message: event.message,
        ...details(event),
      };
      record(updated, "rules", "alert.raised-again", { key: event.key, severity: updated.severity }, worse);
      return;
    }
    const now = clock.now();
    const alert: Alert = {
      id: randomUUID(),
      key: event.key,
      kind: event.kind,
      severity: event.severity,
      unitId: event.unitId,
      ...(event.batchId === undefined ? {} : { batchId: event.batchId }),
      state: "open",
      message: event.message,
      ...details(event),
      openedAtMs: event.timeMs,
      escalationLevel: 0,
      lastNotifiedAtMs: now,
    };
    record(
      alert,
      "rules",
      "alert.opened",
      { key: event.key, kind: event.kind, severity: event.severity },
      true,
    );
  }

  function cleared(event: RuleEvent): void {
    const existing = site.alerts.byKey(event.key);
    if (!existing || existing.state === "resolved" || existing.clearedAtMs !== undefined) return;
    record({ ...existing, clearedAtMs: event.timeMs }, "rules", "alert.cleared", { key: event.key }, false);
  }

  function load(alertId: string): Alert {
    const alert = site.alerts.get(alertId);
    if (!alert) throw notFound("alert", alertId);
    return alert;
  }

  return {
    record,
    onRuleEvent: (event) => (event.phase === "raised" ? raised(event) : cleared(event)),
    acknowledge(alertId, by, comment) {
      const alert = load(alertId);
      if (alert.state !== "open") throw conflict(`alert '${alertId}' is ${alert.state}, not open`);
      const ack = { by, atMs: clock.now(), comment };
      return record({ ...alert, state: "acknowledged", ack }, by, "alert.acknowledged", { comment }, false);
    },
    resolve(alertId, by, correctiveAction) {
      const alert = load(alertId);
      if (alert.state === "resolved") throw conflict(`alert '${alertId}' is already resolved`);
      if (correctiveAction.trim() === "") throw invalid("correctiveAction: say what was done");
      const resolution = { by, atMs: clock.now(), correctiveAction };
      return record(
        { ...alert, state: "resolved", resolution },
        by,
        "alert.resolved",
        { correctiveAction },
        false,
      );
    },
  };
}

function details(event: RuleEvent): Pick<Alert, "details"> {
  return event.details === undefined ? {} : { details: event.details };
}

function rank(severity: Alert["severity"]): number {
  return severity === "critical" ? 2 : severity === "warning" ? 1 : 0;
}
