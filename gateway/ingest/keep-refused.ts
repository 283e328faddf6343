// Refused readings on their way to the quarantine: counted by reason (and logged, rate-limited) as
// every refusal is, then written in group commits like readings (a device flooding refused readings
// costs one transaction per window, not one per message), and only then safe to ack.
import type { Metrics } from "../metrics.js";
import type { NewQuarantined } from "../store/quarantine.js";
import type { SiteStore } from "../store/site-store.js";
import { QUARANTINE_OVERFLOW, QUARANTINED, watchQuarantine } from "./quarantine-metrics.js";
import { WriteWindow } from "./write-window.js";

export interface RefusedKeeper {
  /** Resolves with the sequence numbers now durably quarantined; rejects when the store failed. */
  keep(refused: NewQuarantined[]): Promise<number[]>;
  flush(): void;
}

export interface RefusedKeeperDeps {
  site: SiteStore;
  metrics: Metrics;
  /** counts and logs one refusal (ingest's) */
  reject(reason: string, detail: Record<string, unknown>): void;
  /** logs without counting (rate-limited) */
  note(reason: string, detail: Record<string, unknown>): void;
  window: { ms: number; max: number };
}

export function createRefusedKeeper(deps: RefusedKeeperDeps): RefusedKeeper {
  const { site, metrics, window } = deps;
  watchQuarantine(metrics, site);
  const quarantine = new WriteWindow<NewQuarantined>(
    async (refused) => {
      const { kept, overflow } = site.quarantine.add(refused);
      for (const q of kept) metrics.inc(QUARANTINED[0], QUARANTINED[1], { reason: q.reason });
      if (overflow === 0) return;
      metrics.inc(QUARANTINE_OVERFLOW[0], QUARANTINE_OVERFLOW[1], {}, overflow);
      deps.note("quarantine_full", {
        notKept: overflow,
        devices: [...new Set(refused.map((q) => q.deviceId))],
      });
    },
    window.ms,
    window.max,
  );
  return {
    async keep(refused) {
      if (refused.length === 0) return [];
      for (const q of refused) deps.reject(q.reason, { device: q.deviceId, seq: q.seq });
      await quarantine.write(refused);
      return refused.flatMap((q) => (q.seq === null ? [] : [q.seq]));
    },
    flush: () => quarantine.flush(),
  };
}
