// What /metrics says about the quarantine: readings put in by reason, those a full quarantine only
// counted, and how many it holds now (read from the store, so a release shows at once).
import type { Metrics } from "../metrics.js";
import type { SiteStore } from "../store/site-store.js";

export const QUARANTINED = [
  "milkguard_readings_quarantined_total",
  "refused readings kept in the quarantine, by reason",
] as const;
export const QUARANTINE_OVERFLOW = [
  "milkguard_readings_quarantine_overflow_total",
  "refused readings only counted: their device's quarantine was full",
] as const;
const HELD = "milkguard_readings_quarantine_held";

export function watchQuarantine(metrics: Metrics, site: SiteStore): void {
  metrics.gaugeFrom(
    HELD,
    "refused readings in the quarantine now, by reason",
    () => site.quarantine.heldByReason(),
    "reason",
  );
}
