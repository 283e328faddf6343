// The alert side of the gateway as one part: the workflow listening to rule events, the repeat and
// escalation timer with its per-profile, per-severity policy, and the alert counts on /metrics.
// Notices (the webhook, e-mail, SMS) are the notifications part's, listening to "notify" (gateway/notify).
import type { EventBus } from "../bus.js";
import type { Clock } from "../clock.js";
import type { GatewayConfig } from "../config/schema.js";
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import type { Part } from "../part.js";
import type { Alert } from "../store/records.js";
import { retryWhileStoreFails } from "../store/retry-while-store-fails.js";
import type { SiteStore } from "../store/site-store.js";
import { LATE_AFTER_MS } from "./backlog-summary.js";
import { type RepeatPolicy, startEscalation } from "./escalation.js";
import { type AlertWorkflow, createAlertWorkflow } from "./workflow.js";

export interface AlertDeps {
  config: Readonly<GatewayConfig>;
  site: SiteStore;
  bus: EventBus;
  clock: Clock;
  metrics: Metrics;
  log: Logger;
}

export interface AlertsPart extends Part {
  workflow: AlertWorkflow;
}

const OWNER = "alerts";

export function alertsPart(deps: AlertDeps): AlertsPart {
  const { config, site, bus, clock, metrics, log } = deps;
  const workflow = createAlertWorkflow({ site, bus, clock, log: log.child("alerts") });
  // A rule event happens once: while the database takes no writes it waits, in order, to be written.
  const ruleEvents = retryWhileStoreFails("an alert from a rule event", workflow.onRuleEvent, log, (work) =>
    site.transaction(work),
  );
  const policyFor = repeatPolicy(config, (unitId) => site.units.get(unitId)?.profileId);
  metrics.gaugeFrom("milkguard_alerts", "alerts by state", () => alertCounts(site.alerts.list()));
  let escalation: { stop(): void } | undefined;
  return {
    name: OWNER,
    workflow,
    start: () => {
      bus.on("ruleEvent", OWNER, ruleEvents.handle);
      // after the engine has judged them (it listens first): a unit's readings reaching the present
      // end its backlog, and what it held is told
      bus.on("readings", OWNER, (readings) => {
        const now = clock.now();
        const current = new Set(readings.filter((r) => now - r.timeMs <= LATE_AFTER_MS).map((r) => r.unitId));
        for (const unitId of current) workflow.caughtUp(unitId);
      });
      const everyMs = config.alerts.checkEverySeconds * 1000;
      escalation = startEscalation({ site, clock, workflow, policyFor }, everyMs);
    },
    stop: () => {
      escalation?.stop();
      bus.removeOwner(OWNER);
      ruleEvents.stop();
      workflow.stop();
    },
  };
}

function repeatPolicy(config: Readonly<GatewayConfig>, profileIdOf: (unitId: string) => string | undefined) {
  return (alert: Pick<Alert, "unitId" | "severity">): RepeatPolicy => {
    const profileId = profileIdOf(alert.unitId);
    const byProfile =
      profileId === undefined ? undefined : config.alerts.byProfile[profileId]?.[alert.severity];
    return byProfile ?? config.alerts[alert.severity];
  };
}

function alertCounts(list: Pick<Alert, "state">[]): Record<string, number> {
  const counts: Record<string, number> = { open: 0, acknowledged: 0, resolved: 0 };
  for (const a of list) counts[a.state] = (counts[a.state] ?? 0) + 1;
  return counts;
}
