// A bag kept months in a file without thaw checkpoints (written before they existed, or by another
// program): the gateway brings its checkpoints up to date in the background, so the first curve a
// person asks for replays a day, not the months since the bag went in, and draws the full replay's
// curve. Without the keeper that first request read every reading since the bag went in.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  catchUpThawCheckpoints,
  thawCheckpointKeeper,
} from "../../../gateway/reports/thaw-checkpoint-keeper.js";
import { thawHistory } from "../../../gateway/reports/thaw-history.js";
import { openSqliteStores, type SqliteStores } from "../../../gateway/store/open-store.js";
import type { StoredReading } from "../../../gateway/store/readings-store.js";
import { batch } from "../store/records.fixture.js";
import { type TempDir, tempDir } from "../store/temp-store.js";
import { counting } from "./counting-store.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const STEP = 10 * MIN;
const START = Date.UTC(2026, 0, 1);
const END = START + 60 * DAY;
const NOW = END + 30 * MIN;
const BAG = { ...batch("bag-1", "freezer-a"), createdAtMs: START };

/** -20 °C with a warm afternoon every 10 days, enough to melt some ice */
const airAt = (t: number) => (Math.floor((t - START) / DAY) % 10 === 5 && (t % DAY) / HOUR >= 12 ? 4 : -20);

let dir: TempDir;
let stores: SqliteStores;
beforeEach(async () => {
  dir = tempDir();
  stores = openSqliteStores(dir.path("milkguard.db"));
  const air: StoredReading[] = [];
  for (let t = START; t < END; t += STEP) {
    air.push({ deviceId: "probe-a", unitId: "freezer-a", seq: air.length + 1, timeMs: t, tempC: airAt(t) });
  }
  for (let i = 0; i < air.length; i += 5000) await stores.readings.write(air.slice(i, i + 5000));
  stores.site.batches.put(BAG);
}, 30_000);
afterEach(() => {
  stores.close();
  dir.remove();
});

const lastCheckpointMs = () => stores.readings.thawCheckpoints?.nearest(BAG.id, NOW)?.atMs;

async function lastDayAgainstFullReplay(): Promise<number> {
  const withCheckpoints = counting(stores.readings, true);
  const window = { fromMs: END - DAY, toMs: END };
  const curve = await thawHistory(withCheckpoints, BAG, [], window);
  const replayed = await thawHistory(counting(stores.readings, false), BAG, [], window);
  expect(curve.map((p) => p.timeMs)).toEqual(replayed.map((p) => p.timeMs));
  curve.forEach((p, i) => {
    expect(Math.abs(p.milkTempC - (replayed[i]?.milkTempC ?? Number.NaN))).toBeLessThanOrEqual(0.01);
    expect(Math.abs(p.iceFraction - (replayed[i]?.iceFraction ?? Number.NaN))).toBeLessThanOrEqual(0.001);
  });
  return withCheckpoints.read;
}

describe("thaw checkpoints kept in the background", () => {
  it("a pass brings a held bag up to the last whole hour; the first curve then reads a day", async () => {
    expect(lastCheckpointMs()).toBeUndefined();
    expect(await catchUpThawCheckpoints(stores.site, stores.readings, NOW)).toBe(1);
    expect(lastCheckpointMs()).toBe(END);
    expect(await lastDayAgainstFullReplay()).toBeLessThanOrEqual(DAY / STEP + HOUR / STEP);
    // the next pass finds every checkpoint in place
    expect(await catchUpThawCheckpoints(stores.site, stores.readings, NOW)).toBe(0);
  });

  it("leaves a bag no longer in a unit as it is", async () => {
    stores.site.batches.put({ ...BAG, unitId: null });
    await catchUpThawCheckpoints(stores.site, stores.readings, NOW);
    expect(lastCheckpointMs()).toBeUndefined();
  });

  it("runs by itself once the gateway starts, and stops with it", async () => {
    const caught: unknown[] = [];
    const keeper = thawCheckpointKeeper({
      site: stores.site,
      readings: stores.readings,
      now: () => NOW,
      log: { info: () => {} },
      report: { caught: (_part: string, err: unknown) => caught.push(err) } as never,
    });
    await keeper.start();
    await expect.poll(lastCheckpointMs, { timeout: 20_000 }).toBe(END);
    await keeper.stop();
    expect(caught).toEqual([]);
  });
});
