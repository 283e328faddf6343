// While nobody acknowledges an open alert it is repeated, and each unanswered repeat raises its
// escalation level (a site routes higher levels to more people). Timer-driven, time from the Clock.
import type { Clock } from "../services.js";
import type { Alert } from "../store/records.js";
import type { SiteStore } from "../store/site-store.js";
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
  for (const alert of deps.site.alerts.list({ state: ["open"] })) {
    const policy = deps.policyFor(alert);
    if (policy.repeatEveryMin <= 0 || now - alert.lastNotifiedAtMs < policy.repeatEveryMin * 60_000) continue;
    const escalationLevel = Math.min(policy.maxLevel, alert.escalationLevel + 1);
    const action = escalationLevel > alert.escalationLevel ? "alert.escalated" : "alert.repeated";
    deps.workflow.record(
      { ...alert, escalationLevel, lastNotifiedAtMs: now },
      "escalation",
      action,
      { escalationLevel },
      true,
    );
    due++;
  }
  return due;
}

export function startEscalation(deps: EscalationDeps, everyMs: number): { stop(): void } {
  const timer = setInterval(() => escalateDue(deps), everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
