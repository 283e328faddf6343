// While nobody acknowledges an open alert it is repeated, and each unanswered repeat raises its
// escalation level (a site routes higher levels to more people); a silent sensor keeps reminding
// until it reports again. Timer-driven, time from the Clock.
import type { Clock } from "../clock.js";
import type { Alert } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
import { isStoreUnavailable } from "../store/store-health.js";
import type { AlertWorkflow } from "./workflow.js";

export interface RepeatPolicy {
  /** minutes between notices while the alert stays open; 0 = never repeat */
  repeatEveryMin: number;
  /** the level stops rising here (repeats continue) */
  maxLevel: number;
}

export interface EscalationDeps {
  site: SiteStore;
  clock: Clock;
  workflow: AlertWorkflow;
  policyFor(alert: Alert): RepeatPolicy;
}

/** Repeats and escalates every open alert that is due; returns how many were. */
export function escalateDue(deps: EscalationDeps): number {
  const now = deps.clock.now();
  let due = 0;
  for (const alert of deps.site.alerts.list({ state: ["open", "acknowledged"] })) {
    const policy = deps.policyFor(alert);
    if (!stillCalling(alert) || policy.repeatEveryMin <= 0) continue;
    if (now - alert.lastNotifiedAtMs < policy.repeatEveryMin * 60_000) continue;
    // Someone acknowledged it: remind them, but do not go over their head.
    const ceiling = alert.state === "open" ? policy.maxLevel : alert.escalationLevel;
    const escalationLevel = Math.min(ceiling, alert.escalationLevel + 1);
    const action = escalationLevel > alert.escalationLevel ? "alert.escalated" : "alert.repeated";
    try {
      deps.workflow.record(
        { ...alert, escalationLevel, lastNotifiedAtMs: now },
        "escalation",
        action,
        { escalationLevel },
        true,
      );
    } catch (err) {
      // The database takes no writes now (locked, disk full; logged by its health report): this
      // alert and the rest are still due at the next check. Thrown from the timer it would stop the gateway.
      if (isStoreUnavailable(err)) break;
      throw err;
    }
    due++;
  }
  return due;
}

/**
 * An open alert calls until someone acknowledges it. A silent sensor keeps calling after that, until
 * it reports again or the alert is resolved: nobody can see the milk while it is silent.
 */
function stillCalling(alert: Alert): boolean {
  if (alert.state === "open") return true;
  return alert.kind === "sensor-silent" && alert.clearedAtMs === undefined;
}

export function startEscalation(deps: EscalationDeps, everyMs: number): { stop(): void } {
  const timer = setInterval(() => escalateDue(deps), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
