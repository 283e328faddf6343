// A bag's thaw curve replays from the nearest hourly checkpoint instead of from the day it went in,
// and draws the same curve as a full replay: a bag kept a year in a freezer with warm spells (it thaws
// partly and refreezes), in the real SQLite store; then a late reading arrives, and a move is recorded
// late. Every curve is compared with a full replay of the raw readings (within 0.01 °C and 0.1 % ice).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { thawHistory } from "../../../gateway/reports/thaw-history.js";
import { openSqliteStores, type SqliteStores } from "../../../gateway/store/open-store.js";
import type { StoredReading } from "../../../gateway/store/readings-store.js";
import type { BatchMove } from "../../../gateway/store/records.js";
import { batch } from "../store/records.fixture.js";
import { type TempDir, tempDir } from "../store/temp-store.js";
import { counting } from "./counting-store.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 0, 1);
const STEP = 10 * MIN;
const END = START + 365 * DAY;
const BAG = { ...batch("bag-1", "freezer-a"), createdAtMs: START };

/** -20 °C with a warm spell every 40 days: 8 h at +6 °C, enough to melt some of the ice */
const airAt = (timeMs: number) => {
  const day = Math.floor((timeMs - START) / DAY);
  const hour = ((timeMs - START) % DAY) / HOUR;
  return day % 40 === 20 && hour >= 6 && hour < 14 ? 6 : -20 + (Math.floor(timeMs / STEP) % 3) * 0.0625;
};

function air(unitId: string, deviceId: string, fromMs: number, toMs: number): StoredReading[] {
  const readings: StoredReading[] = [];
  for (let t = fromMs; t < toMs; t += STEP) {
    readings.push({ deviceId, unitId, seq: (t - START) / STEP + 1, timeMs: t, tempC: airAt(t) });
  }
  return readings;
}

let dir: TempDir;
let stores: SqliteStores;
let moves: BatchMove[] = [];

/** the curve from checkpoints and from a full replay agree; returns the readings each read */
async function sameAsFullReplay(fromMs: number, toMs: number) {
  const withCheckpoints = counting(stores.readings, true);
  const full = counting(stores.readings, false);
  const curve = await thawHistory(withCheckpoints, BAG, moves, { fromMs, toMs });
  const replayed = await thawHistory(full, BAG, moves, { fromMs, toMs });
  expect(curve.map((p) => p.timeMs)).toEqual(replayed.map((p) => p.timeMs));
  curve.forEach((p, i) => {
    const q = replayed[i];
    expect(Math.abs(p.milkTempC - (q?.milkTempC ?? Number.NaN))).toBeLessThanOrEqual(0.01);
    expect(Math.abs(p.iceFraction - (q?.iceFraction ?? Number.NaN))).toBeLessThanOrEqual(0.001);
  });
  return { curve, read: withCheckpoints.read, fullRead: full.read };
}

beforeAll(async () => {
  dir = tempDir();
  stores = openSqliteStores(dir.path("milkguard.db"));
  const year = air("freezer-a", "probe-a", START, END);
  for (let i = 0; i < year.length; i += 5000) await stores.readings.write(year.slice(i, i + 5000));
}, 60_000);
afterAll(() => {
  stores.close();
  dir.remove();
});

describe("a bag's thaw curve from checkpoints", () => {
  it("is the full replay's curve over the whole year, which leaves a checkpoint each hour", async () => {
    const { curve } = await sameAsFullReplay(START, END);
    // the warm spells melted some ice, and the freezer froze it again
    expect(Math.min(...curve.map((p) => p.iceFraction))).toBeLessThan(0.99);
    expect(curve.at(-1)?.iceFraction).toBe(1);
    expect(stores.readings.thawCheckpoints?.nearest(BAG.id, END)?.atMs).toBe(END);
  });

  it.each([
    ["the last day", END - DAY, END],
    ["a warm spell's 12 hours", START + 180 * DAY, START + 180 * DAY + 12 * HOUR],
    ["three days from mid-hour", START + 99 * DAY + 30 * MIN, START + 102 * DAY + 7 * MIN],
    ["30 days", END - 30 * DAY, END],
    ["the year", START, END],
  ])("replays only from the nearest checkpoint for %s, to the same curve", async (_, fromMs, toMs) => {
    const { read, fullRead } = await sameAsFullReplay(fromMs, toMs);
    // a full replay reads every reading from the day the bag went in
    expect(fullRead).toBeGreaterThanOrEqual((toMs - START) / STEP - 1);
    // no more than the window's own readings and an hour each side
    expect(read).toBeLessThanOrEqual((toMs - fromMs + 2 * HOUR) / STEP + 1);
  });

  it("drops the checkpoints a late reading makes wrong, and draws the curve with it", async () => {
    const window = [START + 150 * DAY, START + 151 * DAY] as const;
    const before = await sameAsFullReplay(...window);
    // a second probe's reading from half a year ago, stored now: the freezer at +10 °C
    const late = {
      deviceId: "probe-b",
      unitId: "freezer-a",
      seq: 1,
      timeMs: START + 150 * DAY + 5 * MIN,
      tempC: 10,
    };
    await stores.readings.write([late]);
    expect(stores.readings.thawCheckpoints?.nearest(BAG.id, END)?.atMs).toBe(START + 150 * DAY);
    const after = await sameAsFullReplay(...window);
    expect(after.curve[1]?.milkTempC).toBeGreaterThan((before.curve[1]?.milkTempC ?? 0) + 0.01);
    await sameAsFullReplay(START, END);
  });

  it("follows a move recorded late: the checkpoints after it are dropped", async () => {
    await stores.readings.write(
      air("box-1", "probe-box", START + 300 * DAY, START + 301 * DAY).map((r) => ({ ...r, tempC: 4 })),
    );
    moves = [
      { batchId: BAG.id, fromUnitId: "freezer-a", toUnitId: "box-1", atMs: START + 300 * DAY, by: "courier" },
      {
        batchId: BAG.id,
        fromUnitId: "box-1",
        toUnitId: "freezer-a",
        atMs: START + 300 * DAY + 6 * HOUR,
        by: "staff",
      },
    ];
    const { curve } = await sameAsFullReplay(START + 300 * DAY, START + 301 * DAY);
    expect(Math.min(...curve.map((p) => p.iceFraction))).toBeLessThan(1);
    await sameAsFullReplay(END - DAY, END);
  });
});
