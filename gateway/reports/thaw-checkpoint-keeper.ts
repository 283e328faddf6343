// Keeps the thaw checkpoints of every bag in a unit up to the last whole hour, in the background, so a
// curve request replays at most the hours since (thaw-replay.ts) instead of everything since the bag
// went in, or since a late reading or a late move dropped its checkpoints. A bag kept 12 months in a
// file without checkpoints (one written before they existed, or by another program) is a year of air
// to step through: about 1.6 s here, which a request would otherwise wait for. A pass reads the air
// a day per turn of the event loop, like a request; one runs at start, then every few minutes, one at
// a time, and a stopped gateway ends it between days.
import type { Logger } from "../log.js";
import type { Part } from "../part.js";
import type { ReadingsStore } from "../store/readings-store.js";
import { DAY_MS, floorTo, HOUR_MS } from "../store/rollup-figures.js";
import type { SiteStore } from "../store/site-store.js";
import type { StoreHealthReport } from "../store/store-health-report.js";
import { staysOf } from "./stays.js";
import { ThawReplay } from "./thaw-replay.js";

/** a pass that finds every checkpoint in place reads a few rows per bag */
const EVERY_MS = 10 * 60_000;
const NAME = "thaw checkpoints";

export interface ThawCheckpointKeeperDeps {
  site: SiteStore;
  readings: ReadingsStore;
  now(): number;
  log: Pick<Logger, "info">;
  report: StoreHealthReport;
}

/**
 * One pass: every bag in a unit gets its checkpoints up to the last whole hour before `nowMs`;
 * `stopped` is asked between days. Returns the bags that had more than a day to catch up.
 */
export async function catchUpThawCheckpoints(
  site: SiteStore,
  readings: ReadingsStore,
  nowMs: number,
  stopped: () => boolean = () => false,
): Promise<number> {
  const untilMs = floorTo(nowMs, HOUR_MS);
  let behind = 0;
  for (const bag of site.batches.list()) {
    if (stopped()) break;
    if (bag.unitId === null) continue;
    const replay = new ThawReplay(readings, bag, staysOf(bag, site.batches.moves(bag.id)));
    try {
      const fromMs = replay.startMs(untilMs);
      if (untilMs - fromMs > DAY_MS) behind += 1;
      for (let atMs = fromMs + DAY_MS; atMs < untilMs && !stopped(); atMs += DAY_MS) {
        await replay.advanceTo(atMs);
      }
      if (!stopped()) await replay.advanceTo(untilMs);
    } finally {
      replay.close();
    }
  }
  return behind;
}

/** the keeper as a part of the gateway; nothing to keep where the store has no checkpoints (InfluxDB) */
export function thawCheckpointKeeper(deps: ThawCheckpointKeeperDeps): Part {
  let timer: NodeJS.Timeout | undefined;
  let pass: Promise<void> | undefined;
  let stopping = false;
  const run = () => {
    if (pass || stopping) return;
    const startedMs = performance.now();
    pass = catchUpThawCheckpoints(deps.site, deps.readings, deps.now(), () => stopping)
      .then((behind) => {
        const ms = Math.round(performance.now() - startedMs);
        if (behind > 0) deps.log.info(`thaw checkpoints of ${behind} bags brought up to date in ${ms} ms`);
      })
      .catch((err: unknown) => deps.report.caught(NAME, err))
      .finally(() => {
        pass = undefined;
      });
  };
  return {
    name: NAME,
    start: () => {
      if (!deps.readings.thawCheckpoints) return;
      stopping = false;
      run();
      timer = setInterval(run, EVERY_MS).unref();
    },
    stop: async () => {
      stopping = true;
      clearInterval(timer);
      await pass;
    },
  };
}
