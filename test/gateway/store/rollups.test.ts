// Long charts and reports read hourly and daily rollups; their answer must be the one every raw reading
// gives.
// A year of one freezer's readings every 10 minutes (DS18B20 steps, warm spells over both limits,
// probe faults, a second probe for two months) goes into the real SQLite store in batches as devices send
// them: most in order, some days only later (a device back online), batches in shuffled order, some
// twice. Reports and charts from the rollups are then compared with the same figures from the raw
// readings, over ragged 400-day windows, in UTC and in Paris (23- and 25-hour days).
import Database from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dailyReport } from "../../../gateway/reports/daily.js";
import { migrate } from "../../../gateway/store/migrations.js";
import { openSqliteStores, type SqliteStores } from "../../../gateway/store/open-store.js";
import type { ReadingBucket, ReadingsStore, StoredReading } from "../../../gateway/store/readings-store.js";
import { buildDailyRollups } from "../../../gateway/store/rollup-build.js";
import { limitsOf } from "../../../gateway/store/rollup-limits.js";
import { getProfile } from "../../../shared/profiles/index.js";
import type { StorageProfile } from "../../../shared/profiles/types.js";
import { unit } from "./records.fixture.js";
import { type TempDir, tempDir } from "./temp-store.js";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 0, 1);
const STEP = 10 * MIN;
const YEAR = 365 * DAY;
const FREEZER = unit("freezer-a", { profileId: "bank-freezer" });

/** a pseudo-random but repeatable series: DS18B20 steps of 0.0625 °C */
function tempAt(i: number): number | null {
  if (i % 997 === 0) return null; // a probe fault now and then
  const base = -20 + ((i * 7919) % 23) * 0.0625;
  const day = Math.floor(i / 144);
  // a warm spell every 9th day, over the warning and, at its peak, the critical limit
  if (day % 9 === 4 && i % 144 >= 60 && i % 144 < 75) return -16 + (i % 5) * 2;
  return base;
}

function yearOfReadings(): StoredReading[] {
  const readings: StoredReading[] = [];
  for (let i = 0; i * STEP < YEAR; i++) {
    readings.push({
      deviceId: "probe-1",
      unitId: FREEZER.id,
      seq: i + 1,
      timeMs: START + i * STEP,
      tempC: tempAt(i),
    });
  }
  // a second probe in the same freezer for 60 days, 20 s before the first: its readings close the
  // time above of the first's within the reading interval, and end hours just before they turn
  for (let i = 0; i < 60 * 144; i++) {
    const timeMs = START + 100 * DAY + (i + 1) * STEP - 20_000;
    const tempC = -19.5 + (i % 3) * 0.0625;
    readings.push({ deviceId: "probe-2", unitId: FREEZER.id, seq: i + 1, timeMs, tempC });
  }
  return readings.sort((a, b) => a.timeMs - b.timeMs);
}

/**
 * A device's batches as they arrive: mostly in order; every 17th day, and one reading in 13, held back
 * and sent at the end, in batches out of order that split hours.
 */
async function writeAsDevicesWould(store: ReadingsStore, readings: StoredReading[]): Promise<void> {
  const late: StoredReading[] = [];
  const onTime = readings.filter((r, i) => {
    const held = Math.floor((r.timeMs - START) / DAY) % 17 === 3 || i % 13 === 5;
    if (held) late.push(r);
    return !held;
  });
  let random = 7;
  const shuffle = <T>(xs: T[]) =>
    xs
      .map((x) => {
        random = (random * 48271) % 2147483647;
        return [random, x] as const;
      })
      .sort((a, b) => a[0] - b[0])
      .map(([, x]) => x);
  for (let i = 0; i < onTime.length; i += 500) await store.write(onTime.slice(i, i + 500));
  // the held-back days come later, in batches out of order, one of them twice
  const lateBatches = [];
  for (let i = 0; i < late.length; i += 37) lateBatches.push(late.slice(i, i + 37));
  for (const batch of shuffle(lateBatches)) await store.write(shuffle(batch));
  if (lateBatches[0]) await store.write(lateBatches[0]);
}

/** the raw readings only: what a store without rollups (InfluxDB) gives the reports */
const rawOnly = (store: ReadingsStore): ReadingsStore => ({
  write: (r) => store.write(r),
  range: (q) => store.range(q),
  buckets: (q) => store.buckets(q),
  latest: (u) => store.latest(u),
  close: async () => {},
});

/** buckets counted in the test from every raw reading */
async function rawBuckets(store: ReadingsStore, fromMs: number, toMs: number, bucketMs: number) {
  const buckets = new Map<number, { count: number; temps: number[] }>();
  for (const r of await store.range({ unitId: FREEZER.id, fromMs, toMs })) {
    const startMs = Math.floor(r.timeMs / bucketMs) * bucketMs;
    const b = buckets.get(startMs) ?? { count: 0, temps: [] };
    b.count += 1;
    if (r.tempC !== null) b.temps.push(r.tempC);
    buckets.set(startMs, b);
  }
  return [...buckets].map(
    ([startMs, b]): ReadingBucket => ({
      startMs,
      count: b.count,
      minC: b.temps.length ? Math.min(...b.temps) : null,
      maxC: b.temps.length ? Math.max(...b.temps) : null,
      meanC: b.temps.length ? b.temps.reduce((x, y) => x + y, 0) / b.temps.length : null,
    }),
  );
}

/** thrown to roll a transaction back */
class Rollback extends Error {}

let dir: TempDir;
let stores: SqliteStores;
const profile = getProfile("bank-freezer") as StorageProfile;

beforeAll(async () => {
  dir = tempDir();
  stores = openSqliteStores(dir.path("milkguard.db"));
  stores.site.units.put(FREEZER);
  await writeAsDevicesWould(stores.readings, yearOfReadings());
}, 60_000);
afterAll(() => {
  stores.close();
  dir.remove();
});

// ragged ends: neither end on an hour
const FROM = START - 3 * DAY + 7 * HOUR + 13 * MIN;
const TO = FROM + 400 * DAY - 5 * HOUR + 41 * MIN;

describe("hourly rollups", () => {
  it("are kept as readings arrive, late and out of order included, one row per hour with readings", async () => {
    const rows = await stores.readings.rollups?.stretches(
      FREEZER.id,
      { fromMs: START, toMs: START + YEAR },
      null,
    );
    const hours = new Set(
      (await stores.readings.range({ unitId: FREEZER.id, fromMs: START, toMs: START + YEAR })).map(
        (r) => Math.floor(r.timeMs / HOUR) * HOUR,
      ),
    );
    expect(rows?.map((r) => r.startMs)).toEqual([...hours]);
  });

  it("put days together as readings arrive: one stretch per UTC day with readings, where a caller keeps days whole", async () => {
    const limits = limitsOf(profile);
    const days = await stores.readings.rollups?.stretches(
      FREEZER.id,
      { fromMs: START, toMs: START + YEAR },
      limits,
      () => true,
    );
    expect(days?.map((d) => d.startMs)).toEqual(Array.from({ length: 365 }, (_, i) => START + i * DAY));
    expect(days?.reduce((n, d) => n + d.readings, 0)).toBe(365 * 144 + 60 * 144);
  });

  it("keep each day row as its hours give it, whether joined as readings came or put together again", () => {
    const db = new Database(dir.path("milkguard.db"));
    try {
      const dayRows = () => db.prepare("SELECT * FROM rollups_daily ORDER BY unit_id, day_ms").all();
      const asKept = dayRows();
      expect(asKept).toHaveLength(365);
      db.transaction(() => {
        db.exec("DELETE FROM rollups_daily");
        buildDailyRollups(db, () => {});
        expect(dayRows()).toEqual(asKept);
        throw new Rollback();
      })();
    } catch (err) {
      if (!(err instanceof Rollback)) throw err;
    } finally {
      db.close();
    }
  });

  it.each(["UTC", "Europe/Paris"])(
    "give the daily report over 400 days that the raw readings give (%s)",
    async (timeZone) => {
      const range = { fromMs: FROM, toMs: TO, timeZone };
      const fromRollups = await dailyReport(stores.readings, FREEZER, profile, range);
      const fromRaw = await dailyReport(rawOnly(stores.readings), FREEZER, profile, range);
      expect(fromRollups.length).toBeGreaterThan(360);
      expect(fromRollups.some((d) => (d.minutesAbove.criticalHighC ?? 0) > 0)).toBe(true);
      expect(fromRollups).toEqual(fromRaw);
    },
  );

  it("recount the time above for a site's own limits, and still give what the raw readings give", async () => {
    const stricter = {
      ...profile,
      warningHighC: { value: -19.5, source: "site" },
      intervalS: { value: 900, source: "site" },
    };
    const range = { fromMs: FROM, toMs: TO, timeZone: "UTC" };
    const fromRollups = await dailyReport(stores.readings, FREEZER, stricter, range);
    expect(fromRollups).toEqual(await dailyReport(rawOnly(stores.readings), FREEZER, stricter, range));
    // and back to the shipped limits
    expect(await dailyReport(stores.readings, FREEZER, profile, range)).toEqual(
      await dailyReport(rawOnly(stores.readings), FREEZER, profile, range),
    );
  });

  it("order readings of one second by device, whichever arrives first, as the raw readings do", async () => {
    // two probes in one freezer reading at the same seconds, the warmer one ("twin-0") sorting first:
    // the hour's last reading, and so the time above until the next, is the colder one's
    const twin = unit("freezer-b", { profileId: "bank-freezer" });
    stores.site.units.put(twin);
    for (let i = 0; i < 3 * 24 * 6; i++) {
      const timeMs = START + i * STEP;
      const at = (deviceId: string, tempC: number) => [
        { deviceId, unitId: twin.id, seq: i + 1, timeMs, tempC },
      ];
      const [first, second] =
        i % 2 ? [at("twin-1", -20), at("twin-0", -12)] : [at("twin-0", -12), at("twin-1", -20)];
      await stores.readings.write(first);
      await stores.readings.write(second);
    }
    const range = { fromMs: START, toMs: START + 3 * DAY, timeZone: "UTC" };
    const fromRollups = await dailyReport(stores.readings, twin, profile, range);
    expect(fromRollups).toEqual(await dailyReport(rawOnly(stores.readings), twin, profile, range));
  });

  it("take a late warm reading into its day after the day was read, as the raw readings do", async () => {
    const range = { fromMs: FROM, toMs: TO, timeZone: "UTC" };
    const dayMs = START + 200 * DAY;
    const before = await dailyReport(stores.readings, FREEZER, profile, range);
    await stores.readings.write([
      { deviceId: "probe-3", unitId: FREEZER.id, seq: 1, timeMs: dayMs + 5 * HOUR + 7 * MIN, tempC: -9 },
    ]);
    const after = await dailyReport(stores.readings, FREEZER, profile, range);
    expect(after).not.toEqual(before);
    expect(after).toEqual(await dailyReport(rawOnly(stores.readings), FREEZER, profile, range));
  });

  it.each([HOUR, 12 * HOUR, DAY, 3 * DAY, 30 * MIN])(
    "give the chart's buckets of %i ms that the raw readings give",
    async (bucketMs) => {
      const fromRollups = await stores.readings.buckets({
        unitId: FREEZER.id,
        fromMs: FROM,
        toMs: TO,
        bucketMs,
      });
      expect(fromRollups).toEqual(await rawBuckets(stores.readings, FROM, TO, bucketMs));
    },
  );
});

describe("rollups of a file written before them", () => {
  it("are built when the file is opened, and give what its raw readings give", async () => {
    const old = tempDir();
    const path = old.path("before-rollups.db");
    const db = new Database(path);
    migrate(db, 5);
    db.prepare("INSERT INTO units (id, data) VALUES (?, ?)").run(FREEZER.id, JSON.stringify(FREEZER));
    const insert = db.prepare(
      "INSERT INTO readings (device_id, seq, unit_id, time_ms, temp_c) VALUES ('probe-1', ?, ?, ?, ?)",
    );
    for (let i = 0; i < 10 * 144; i++) insert.run(i + 1, FREEZER.id, START + i * STEP, tempAt(i));
    db.close();
    const opened = openSqliteStores(path);
    try {
      const range = { fromMs: START, toMs: START + 10 * DAY, timeZone: "UTC" };
      const stretches = await opened.readings.rollups?.stretches(FREEZER.id, range, null);
      expect(stretches).toHaveLength(240);
      const days = await opened.readings.rollups?.stretches(FREEZER.id, range, null, () => true);
      expect(days).toHaveLength(10);
      expect(await dailyReport(opened.readings, FREEZER, profile, range)).toEqual(
        await dailyReport(rawOnly(opened.readings), FREEZER, profile, range),
      );
    } finally {
      opened.close();
      old.remove();
    }
  });
});
