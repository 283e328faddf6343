// What a site sees of a store outage: one log line when the file stops taking writes, a reminder at
// most once a minute while it lasts, one when it is back; counters and a gauge on /metrics. Write
// paths that catch a failure (timers, event handlers) hand it here instead of logging it themselves,
// so an outage of an hour is a handful of lines, not one per write.
import type { Logger } from "../log.js";
import type { Metrics } from "../metrics.js";
import { isStoreUnavailable, type StoreHealth } from "./store-health.js";

/** the least time between two log lines about one ongoing problem */
const REMIND_EVERY_MS = 60_000;

const FAILURES = [
  "milkguard_store_write_failures_total",
  "writes the database file refused, by SQLite code",
] as const;
const DEFERRED = [
  "milkguard_store_writes_deferred_total",
  "writes kept to try again later, by part",
] as const;
const OK = ["milkguard_store_ok", "1 while the database file takes writes, 0 while it refuses them"] as const;

export interface StoreHealthReport {
  /**
   * A write path caught this error and keeps its data to try again: counted; a store outage is
   * already logged, anything else is logged here at most once a minute per part.
   */
  caught(part: string, err: unknown): void;
}

export function reportStoreHealth(
  health: StoreHealth,
  deps: { log: Logger; metrics: Metrics; waitingReadings(): number },
): StoreHealthReport {
  const { log, metrics } = deps;
  metrics.gaugeFrom(
    "milkguard_store_readings",
    "readings held in memory until the database file takes them",
    () => ({
      waiting: deps.waitingReadings(),
    }),
  );
  let toldAtMs = Number.NEGATIVE_INFINITY;
  const toldPart = new Map<string, number>();
  metrics.set(OK[0], OK[1], health.status().ok ? 1 : 0);
  health.watch({
    failed(code, status) {
      metrics.inc(FAILURES[0], FAILURES[1], { code });
      metrics.set(OK[0], OK[1], 0);
      if (status.ok || Date.now() - toldAtMs < REMIND_EVERY_MS) return;
      toldAtMs = Date.now();
      const since = new Date(status.sinceMs).toISOString();
      if (status.failedWrites === 1)
        log.error(`the database takes no writes: ${status.reason}; trying again, readings wait unacked`);
      else
        log.warn(
          `the database still takes no writes (since ${since}, ${status.failedWrites} tries): ${status.reason}`,
        );
    },
    recovered(downMs, failedWrites) {
      metrics.set(OK[0], OK[1], 1);
      toldAtMs = Number.NEGATIVE_INFINITY;
      log.warn(
        `the database takes writes again after ${(downMs / 1000).toFixed(1)} s (${failedWrites} failed tries)`,
      );
    },
  });
  return {
    caught(part, err) {
      metrics.inc(DEFERRED[0], DEFERRED[1], { part });
      if (isStoreUnavailable(err)) return;
      const last = toldPart.get(part) ?? Number.NEGATIVE_INFINITY;
      if (Date.now() - last < REMIND_EVERY_MS) return;
      toldPart.set(part, Date.now());
      log.error(`${part} failed; trying again later (logged at most once a minute)`, err);
    },
  };
}
