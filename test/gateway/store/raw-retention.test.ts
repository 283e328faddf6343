// Retention of raw readings (readings.keepRawReadingsDays) on the real SQLite store: 90 days of four
// units' readings, kept 30 days. Readings outside every needed window go; those a held bag, a donor's
// bag (held or not) and a trip need stay, to the hour; the rollups answer the same before and after,
// also when a reading arrives later in an hour whose raw readings are gone.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { validateConfig } from "../../../gateway/config/load.js";
import { DOMAIN, knownIds } from "../../../gateway/engine/domain.js";
import { openSqliteStores, type SqliteStores } from "../../../gateway/store/open-store.js";
import { deleteOldRawReadings } from "../../../gateway/store/raw-retention-job.js";
import type { StoredReading } from "../../../gateway/store/readings-store.js";
import { batch, trip, unit } from "./records.fixture.js";
import { type TempDir, tempDir } from "./temp-store.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 0, 1);
const NOW = START + 90 * DAY;
const CUTOFF = NOW - 30 * DAY;
const STEP = 10 * MIN;
const UNITS = ["freezer-held", "freezer-donor", "cool-box", "freezer-used"];

/** what each unit's records need before the cutoff (the windows widened to whole hours) */
const NEEDED: Record<string, [number, number][]> = {
  // a bag put in on day 50 and still there
  "freezer-held": [[START + 50 * DAY, CUTOFF]],
  // a donor's bag there from day 10 to day 20 (12:30), used since: her storage log still needs it
  "freezer-donor": [[START + 10 * DAY, START + 20 * DAY + 13 * HOUR]],
  // a trip on day 40 from 08:15 to 14:05
  "cool-box": [[START + 40 * DAY + 8 * HOUR, START + 40 * DAY + 15 * HOUR]],
  // a bank's own bag, used: nothing
  "freezer-used": [],
};

let dir: TempDir;
let stores: SqliteStores;

beforeEach(async () => {
  dir = tempDir();
  stores = openSqliteStores(dir.path("milkguard.db"));
  const { site } = stores;
  for (const id of UNITS) site.units.put(unit(id, { profileId: "bank-freezer" }));
  site.batches.put({ ...batch("held", "freezer-held"), createdAtMs: START + 50 * DAY });
  site.batches.put({ ...batch("donated", null, "anna"), createdAtMs: START + 10 * DAY });
  site.batches.recordMove({
    batchId: "donated",
    fromUnitId: null,
    toUnitId: "freezer-donor",
    atMs: START + 10 * DAY,
    by: "anna",
  });
  const usedAt = START + 20 * DAY + 12 * HOUR + 30 * MIN;
  site.batches.recordMove({
    batchId: "donated",
    fromUnitId: "freezer-donor",
    toUnitId: null,
    atMs: usedAt,
    by: "staff",
  });
  site.batches.put({ ...batch("pool", null), createdAtMs: START + 5 * DAY });
  site.batches.recordMove({
    batchId: "pool",
    fromUnitId: null,
    toUnitId: "freezer-used",
    atMs: START + 5 * DAY,
    by: "staff",
  });
  site.batches.recordMove({
    batchId: "pool",
    fromUnitId: "freezer-used",
    toUnitId: null,
    atMs: START + 70 * DAY,
    by: "staff",
  });
  const tripDay = START + 40 * DAY;
  site.trips.put(
    trip("t1", "courier", {
      boxUnitId: "cool-box",
      startedAtMs: tripDay + 8 * HOUR + 15 * MIN,
      endedAtMs: tripDay + 14 * HOUR + 5 * MIN,
    }),
  );
  for (const [u, unitId] of UNITS.entries()) {
    const readings: StoredReading[] = [];
    for (let i = 0; i * STEP < NOW - START; i++) {
      const tempC = i % 144 >= 60 && i % 144 < 66 ? -12 + u : -20 + (i % 7) * 0.0625;
      readings.push({ deviceId: `probe-${u}`, unitId, seq: i + 1, timeMs: START + i * STEP, tempC });
    }
    for (let i = 0; i < readings.length; i += 5_000)
      await stores.readings.write(readings.slice(i, i + 5_000));
  }
});
afterEach(() => {
  stores.close();
  dir.remove();
});

const all = { fromMs: START, toMs: NOW };
const rangeOf = (unitId: string, fromMs: number, toMs: number) =>
  stores.readings.range({ unitId, fromMs, toMs });
const rollupsOf = (unitId: string) => stores.readings.rollups?.stretches(unitId, all, null);
const prune = () =>
  deleteOldRawReadings({
    keepDays: 30,
    site: stores.site,
    retention: stores.retention,
    now: () => NOW,
    log: { info() {} },
  });

describe("retention of raw readings", () => {
  it("deletes readings older than kept outside every needed window, keeps the needed ones to the hour, and the rollups", async () => {
    const before = new Map<string, unknown>();
    for (const unitId of UNITS) before.set(unitId, await rollupsOf(unitId));
    const neededBefore = new Map<string, StoredReading[][]>();
    for (const unitId of UNITS)
      neededBefore.set(
        unitId,
        await Promise.all((NEEDED[unitId] ?? []).map(([a, b]) => rangeOf(unitId, a, b))),
      );
    const recent = await rangeOf("freezer-used", CUTOFF, NOW);

    const deleted = await prune();

    for (const unitId of UNITS) {
      const kept = (neededBefore.get(unitId) ?? []).flat();
      expect(await rangeOf(unitId, START, CUTOFF)).toEqual(kept);
      expect(await rollupsOf(unitId)).toEqual(before.get(unitId));
    }
    expect(await rangeOf("freezer-used", CUTOFF, NOW)).toEqual(recent);
    const keptBefore = [...neededBefore.values()].flat(2).length;
    expect(deleted).toBe(UNITS.length * ((CUTOFF - START) / STEP) - keptBefore);
    // a second pass finds nothing more
    expect(await prune()).toBe(0);
  });

  it("a reading arriving later in an hour whose raw readings are gone is kept raw and leaves the rollups as they were", async () => {
    await prune();
    const rollups = await rollupsOf("freezer-used");
    const late = {
      deviceId: "probe-late",
      unitId: "freezer-used",
      seq: 1,
      timeMs: START + 5 * DAY + 5 * MIN,
      tempC: 4,
    };
    const lateTwice = [2, 3].map((seq) => ({ ...late, seq, timeMs: late.timeMs + seq * MIN }));
    await stores.readings.write([late]);
    await stores.readings.write(lateTwice);
    expect(await rangeOf("freezer-used", START, START + 6 * DAY)).toEqual([late, ...lateTwice]);
    expect(await rollupsOf("freezer-used")).toEqual(rollups);
  });

  it("a reading resent after its raw reading was deleted is still a repeat: neither stored again nor counted", async () => {
    await prune();
    const rollups = await rollupsOf("freezer-used");
    const firstWeek = await rangeOf("freezer-used", START, START + 7 * DAY);
    // the device's first reading (seq 1), resent months later
    const resent = { deviceId: "probe-3", unitId: "freezer-used", seq: 1, timeMs: START, tempC: -20 };
    await stores.readings.write([resent]);
    expect(await rangeOf("freezer-used", START, START + 7 * DAY)).toEqual(firstWeek);
    expect(await rollupsOf("freezer-used")).toEqual(rollups);
  });

  it("is set in the config: at least 30 days, and only for the SQLite store", () => {
    const known = knownIds(DOMAIN);
    expect(validateConfig({ readings: { keepRawReadingsDays: 400 } }, known).ok).toBe(true);
    const tooShort = validateConfig({ readings: { keepRawReadingsDays: 7 } }, known);
    expect(tooShort.ok ? [] : tooShort.errors.join("\n")).toMatch(/keepRawReadingsDays/);
    const influx = validateConfig({ readings: { store: "influx1", keepRawReadingsDays: 400 } }, known);
    expect(influx.ok ? [] : influx.errors.join("\n")).toMatch(
      /InfluxDB keeps readings by its own retention policy/,
    );
  });
});
