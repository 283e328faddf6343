// The alert lifecycle: open -> acknowledged (who, when, comment) -> resolved (corrective action).
// An alert is one episode of a condition (the rules keep a flapping condition on one key, see
// shared/rules/runner/timeline.ts): rule events open or update it by that key, each crossing and change of
// severity kept in its history with its event time and arrival time. The condition's state (active or
// cleared, from the rules) is apart from the people's workflow: an alert whose condition still lasts
// cannot be resolved. Every change is written with its audit line in one transaction and announced
// on the bus ("alert"; "notify" when someone must be told now; a backlog's episodes as one summary).
import { randomUUID } from "node:crypto";
import { ONGOING_KINDS } from "../../shared/rules/kinds.js";
import { severityRank } from "../../shared/rules/status.js";
import type { RuleEvent } from "../../shared/rules/types.js";
import type { EventBus } from "../bus.js";
import type { Clock } from "../clock.js";
import { conflict, invalid, notFound } from "../errors.js";
import type { Logger } from "../log.js";
import { auditedChange } from "../store/audited-change.js";
import type { Alert, AlertChange } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import { createBacklogSummary, LATE_AFTER_MS } from "./backlog-summary.js";

/** What people do with an alert (the HTTP routes call these). */
export interface AlertActions {
  acknowledge(alertId: string, by: string, comment: string): Alert;
  /** every open alert of the unit at once, with one comment (needed when one of them is critical) */
  acknowledgeUnit(unitId: string, by: string, comment: string): Alert[];
  resolve(alertId: string, by: string, correctiveAction: string): Alert;
}

export interface AlertWorkflowDeps {
  site: SiteStore;
  bus: EventBus;
  clock: Clock;
  log: Logger;
}

export interface AlertWorkflow extends AlertActions {
  onRuleEvent(event: RuleEvent): void;
  /** a unit's readings reach the present: a backlog's held episodes are told now */
  caughtUp(unitId: string): void;
  /** saves a changed alert with its audit line and announces it */
  record(
    alert: Alert,
    actor: string,
    action: string,
    details: Record<string, unknown>,
    notify: boolean,
  ): Alert;
  stop(): void;
}

/** the history keeps the first crossings and the latest ones, so a long episode stays readable */
const HISTORY_KEPT = 50;

export function createAlertWorkflow(deps: AlertWorkflowDeps): AlertWorkflow {
  const { site, bus, clock } = deps;
  const backlog = createBacklogSummary(
    (notice) => bus.emit("notify", notice),
    (alertId) => site.alerts.get(alertId),
  );

  function record(
    alert: Alert,
    actor: string,
    action: string,
    details: Record<string, unknown>,
    notify: boolean,
  ): Alert {
    const line = { atMs: clock.now(), actor, action, subject: `alert:${alert.id}`, details };
    auditedChange(site, bus, line, () => site.alerts.put(alert));
    site.afterCommit(() => {
      bus.emit("alert", alert);
      if (notify) bus.emit("notify", { alert });
    });
    return alert;
  }

  /** a rule's change: audited with its event time; a late one is held for the backlog's summary */
  function recordChange(alert: Alert, action: string, event: RuleEvent, notify: boolean): void {
    const late = clock.now() - event.timeMs > LATE_AFTER_MS;
    const details = { key: event.key, kind: event.kind, severity: alert.severity, eventAtMs: event.timeMs };
    record(alert, "rules", action, details, notify && !late);
    if (notify && late) site.afterCommit(() => backlog.hold(alert));
  }

  function change(alert: Alert, kind: AlertChange["change"], event: RuleEvent): AlertChange[] {
    const airC = event.details?.airC;
    const entry: AlertChange = {
      change: kind,
      severity: event.severity,
      eventAtMs: event.timeMs,
      arrivedAtMs: clock.now(),
      ...(typeof airC === "number" ? { airC } : {}),
    };
    const history = [...(alert.history ?? []), entry];
    return history.length <= HISTORY_KEPT
      ? history
      : [history[0] as AlertChange, ...history.slice(-HISTORY_KEPT + 1)];
  }

  function raised(event: RuleEvent): void {
    const existing = site.alerts.byKey(event.key);
    // a re-run of readings the alert already told of (raised again before its known clear)
    const replay = existing?.clearedAtMs !== undefined && event.timeMs <= existing.clearedAtMs;
    if (existing?.state === "resolved" && replay) return;
    if (existing?.state === "resolved") {
      // resolved while its condition had cleared, and back inside the re-arm window: a new alert
      // for people to handle, and the old one gives up the key it was found by
      site.alerts.put({ ...existing, key: `${existing.key}@${existing.id}` });
    } else if (existing) {
      const { clearedAtMs, words: _, ...rest } = existing;
      const worse = severityRank(event.severity) > severityRank(existing.severity);
      const updated: Alert = {
        ...rest,
        ...(replay ? { clearedAtMs } : {}),
        severity: worse ? event.severity : existing.severity,
        ...sentenceOf(event),
        ...details(event),
        history: change(existing, worse ? "severity" : "raised-again", event),
      };
      recordChange(updated, "alert.raised-again", event, worse);
      return;
    }
    const alert: Alert = {
      id: randomUUID(),
      key: event.key,
      kind: event.kind,
      severity: event.severity,
      unitId: event.unitId,
      ...(event.batchId === undefined ? {} : { batchId: event.batchId }),
      state: "open",
      ...sentenceOf(event),
      ...details(event),
      openedAtMs: event.timeMs,
      escalationLevel: 0,
      lastNotifiedAtMs: clock.now(),
    };
    recordChange({ ...alert, history: change(alert, "opened", event) }, "alert.opened", event, true);
  }

  function cleared(event: RuleEvent): void {
    const existing = site.alerts.byKey(event.key);
    if (!existing || existing.state === "resolved" || existing.clearedAtMs !== undefined) return;
    const updated = { ...existing, clearedAtMs: event.timeMs, history: change(existing, "cleared", event) };
    recordChange(updated, "alert.cleared", event, false);
  }

  function acknowledge(alertId: string, by: string, comment: string): Alert {
    const alert = load(alertId);
    if (alert.state !== "open") throw conflict(`alert '${alertId}' is ${alert.state}, not open`);
    if (alert.severity === "critical" && comment.trim() === "")
      throw invalid("comment: a critical alert needs a word on what is being done");
    const ack = { by, atMs: clock.now(), comment };
    return record({ ...alert, state: "acknowledged", ack }, by, "alert.acknowledged", { comment }, false);
  }

  function load(alertId: string): Alert {
    const alert = site.alerts.get(alertId);
    if (!alert) throw notFound("alert", alertId);
    return alert;
  }

  return {
    record,
    onRuleEvent: (event) => (event.phase === "raised" ? raised(event) : cleared(event)),
    caughtUp: (unitId) => backlog.caughtUp(unitId),
    stop: () => backlog.stop(),
    acknowledge,
    acknowledgeUnit(unitId, by, comment) {
      const open = site.alerts.list({ state: ["open"], unitId });
      if (comment.trim() === "" && open.some((a) => a.severity === "critical"))
        throw invalid("comment: one of these alerts is critical; say what is being done");
      return open.map((alert) => acknowledge(alert.id, by, comment));
    },
    resolve(alertId, by, correctiveAction) {
      const alert = load(alertId);
      if (alert.state === "resolved") throw conflict(`alert '${alertId}' is already resolved`);
      if (ONGOING_KINDS.includes(alert.kind) && alert.clearedAtMs === undefined)
        throw conflict(
          `alert '${alertId}' cannot be resolved while its condition lasts: acknowledge it to stop the reminders; it can be resolved once the readings show the condition is over`,
        );
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

/** the rule's English sentence, and its words for a reader's own language when the rule gave them */
function sentenceOf(event: RuleEvent): Pick<Alert, "message" | "words"> {
  return event.words === undefined
    ? { message: event.message }
    : { message: event.message, words: event.words };
}

function details(event: RuleEvent): Pick<Alert, "details"> {
  return event.details === undefined ? {} : { details: event.details };
}
