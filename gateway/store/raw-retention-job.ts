// The daily retention of raw readings (readings.keepRawReadingsDays) as one of the gateway's timers:
// it looks every hour whether a day has passed since its last run (the first run comes an hour after
// start), and runs one pass at a time. A pass the file refuses (locked, full) goes to the store
// health report and is tried at the next look.
import type { Logger } from "../log.js";
import { rawReadingsNeeded } from "./raw-readings-needed.js";
import type { SiteStore } from "./site-store.js";
import type { SqliteRawRetention } from "./sqlite-raw-retention.js";
import type { StoreHealthReport } from "./store-health-report.js";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const NAME = "raw readings retention";

export interface RawRetentionDeps {
  keepDays: number;
  site: SiteStore;
  retention: SqliteRawRetention;
  now(): number;
  log: Pick<Logger, "info">;
}

/** One pass: deletes what is older than `keepDays` and no record needs; returns how many. */
export async function deleteOldRawReadings(deps: RawRetentionDeps): Promise<number> {
  const nowMs = deps.now();
  const deleted = await deps.retention.deleteBefore(
    nowMs - deps.keepDays * DAY_MS,
    rawReadingsNeeded(deps.site, nowMs),
  );
  if (deleted > 0) deps.log.info(`deleted ${deleted} raw readings older than ${deps.keepDays} days`);
  return deleted;
}

/** the timer, or none when the site keeps every raw reading */
export function rawRetentionTimer(
  deps: Omit<RawRetentionDeps, "keepDays"> & { keepDays: number | undefined; report: StoreHealthReport },
) {
  const { keepDays, report } = deps;
  if (keepDays === undefined) return [];
  let lastRunMs = Number.NEGATIVE_INFINITY;
  let running = false;
  const work = () => {
    if (running || deps.now() - lastRunMs < DAY_MS) return;
    running = true;
    deleteOldRawReadings({ ...deps, keepDays })
      .then(() => {
        lastRunMs = deps.now();
      })
      .catch((err: unknown) => report.caught(NAME, err))
      .finally(() => {
        running = false;
      });
  };
  return [{ name: NAME, everyMs: HOUR_MS, work }];
}
