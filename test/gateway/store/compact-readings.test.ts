// The compact readings table (migration 7): a reading in at most 40 bytes of file, every field read
// back as it was written, and a file written by the schema before it moved over with nothing lost.
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { dailyReport } from "../../../gateway/reports/daily.js";
import { LATEST_SCHEMA_VERSION, migrate, schemaVersion } from "../../../gateway/store/migrations.js";
import { openSqliteStores } from "../../../gateway/store/open-store.js";
import type { ReadingsStore, StoredReading } from "../../../gateway/store/readings-store.js";
import { getProfile } from "../../../shared/profiles/index.js";
import type { StorageProfile } from "../../../shared/profiles/types.js";
import { unit } from "./records.fixture.js";
import { type TempDir, tempDir } from "./temp-store.js";

const MIN = 60_000;
const DAY = 1440 * MIN;
const START = Date.UTC(2026, 0, 1);
const FREEZER = unit("bank-freezer-1", { profileId: "bank-freezer" });

let dir: TempDir;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => {
  dir.remove();
});

/** pages of the file in use, in bytes, with the WAL written back */
function fileBytes(path: string): number {
  const db = new Database(path);
  db.pragma("wal_checkpoint(TRUNCATE)");
  const pages =
    (db.pragma("page_count", { simple: true }) as number) -
    (db.pragma("freelist_count", { simple: true }) as number);
  const bytes = pages * (db.pragma("page_size", { simple: true }) as number);
  db.close();
  return bytes;
}

/** every field the store keeps, and temperatures that are and are not probe steps */
const odd: StoredReading[] = [
  { deviceId: "probe-b", unitId: "u1", seq: 1, timeMs: START, tempC: -20.0625 },
  { deviceId: "probe-a", unitId: "u1", seq: 7, timeMs: START, tempC: -19.97, batteryV: 3.31, rssiDbm: -67 },
  { deviceId: "probe-a", unitId: "u1", seq: 8, timeMs: START + 1, tempC: null, fault: "power_on_85" },
  { deviceId: "probe-a", unitId: "u1", seq: 9, timeMs: START + 61_001, tempC: 0.1, rssiDbm: -71.5 },
  { deviceId: "probe-b", unitId: "u1", seq: 2, timeMs: START + 120_000, tempC: 1e300, batteryV: 2.9 },
  { deviceId: "probe-a", unitId: "u2", seq: 10, timeMs: START, tempC: -18 },
];

const inEventOrder = (readings: StoredReading[]) =>
  [...readings].sort((a, b) => a.timeMs - b.timeMs || (a.deviceId < b.deviceId ? -1 : 1) || a.seq - b.seq);

async function allOf(readings: ReadingsStore, unitId: string) {
  return readings.range({ unitId, fromMs: START, toMs: START + DAY });
}

describe("compact readings", () => {
  it("store a year of one freezer's 1-minute readings in at most 40 bytes each, rollups included", async () => {
    const path = dir.path("year.db");
    const stores = openSqliteStores(path);
    stores.close();
    const empty = fileBytes(path);
    const reopened = openSqliteStores(path);
    const count = (60 * DAY) / MIN; // two months: the bytes per reading are those of a year
    for (let first = 0; first < count; first += 5_000) {
      const batch: StoredReading[] = [];
      for (let i = first; i < first + 5_000; i++) {
        const tempC = -20 + (i % 5) * 0.0625;
        batch.push({
          deviceId: "probe-bank-freezer-1",
          unitId: FREEZER.id,
          seq: i + 1,
          timeMs: START + i * MIN,
          tempC,
        });
      }
      await reopened.readings.write(batch);
    }
    reopened.close();
    expect((fileBytes(path) - empty) / count).toBeLessThanOrEqual(40);
  });

  it("read back every field as written, a resent reading is kept once, and the same time goes by device", async () => {
    const stores = openSqliteStores(dir.path("fields.db"));
    try {
      await stores.readings.write(odd);
      await stores.readings.write(odd.map((r) => ({ ...r, tempC: 5 })));
      // probe-b was seen first: at the same time its readings come before probe-a's
      const [first, second, ...rest] = odd.filter((r) => r.unitId === "u1");
      expect(await allOf(stores.readings, "u1")).toEqual([first, second, ...rest]);
      expect(await stores.readings.latest("u2")).toEqual(odd.at(-1));
      await expect(
        stores.readings.write([{ ...odd[0], seq: 3, tempC: Number.MAX_VALUE } as StoredReading]),
      ).rejects.toThrow(/tempC/);
    } finally {
      stores.close();
    }
  });

  it("a file written before them is moved over: the same readings, fields and order, resends still kept once", async () => {
    const path = dir.path("before-compact.db");
    const old = new Database(path);
    migrate(old, 6);
    old.prepare("INSERT INTO units (id, data) VALUES (?, ?)").run(FREEZER.id, JSON.stringify(FREEZER));
    const insert = old.prepare(
      `INSERT INTO readings (device_id, seq, unit_id, time_ms, temp_c, fault, battery_v, rssi_dbm)
       VALUES (@deviceId, @seq, @unitId, @timeMs, @tempC, @fault, @batteryV, @rssiDbm)`,
    );
    const columns = { fault: null, batteryV: null, rssiDbm: null };
    // ten days of the freezer, a reading every 10 minutes, warm spells over its limits
    const freezer: StoredReading[] = [];
    for (let i = 0; i < 10 * 144; i++) {
      const tempC = i % 144 >= 60 && i % 144 < 70 ? -12 : -20 + (i % 7) * 0.0625;
      freezer.push({
        deviceId: "probe-1",
        unitId: FREEZER.id,
        seq: i + 1,
        timeMs: START + i * 10 * MIN,
        tempC,
      });
    }
    old.transaction(() => {
      for (const r of [...odd, ...freezer]) insert.run({ ...columns, ...r });
    })();
    old.close();

    const stores = openSqliteStores(path);
    try {
      // readings of the same time keep the old order: by device id
      expect(await allOf(stores.readings, "u1")).toEqual(inEventOrder(odd.filter((r) => r.unitId === "u1")));
      expect(
        await stores.readings.range({ unitId: FREEZER.id, fromMs: START, toMs: START + 10 * DAY }),
      ).toEqual(freezer);
      await stores.readings.write([...odd, { ...freezer[5], tempC: 9 } as StoredReading]);
      expect(await allOf(stores.readings, "u1")).toHaveLength(5);
      expect(
        (await stores.readings.range({ unitId: FREEZER.id, fromMs: START, toMs: START + DAY }))[5],
      ).toEqual(freezer[5]);
      const profile = getProfile("bank-freezer") as StorageProfile;
      const range = { fromMs: START, toMs: START + 10 * DAY, timeZone: "UTC" };
      const report = await dailyReport(stores.readings, FREEZER, profile, range);
      expect(report).toHaveLength(10);
      expect(report[0]?.minutesAbove.warningHighC).toBeGreaterThan(0);
    } finally {
      stores.close();
    }
    const after = new Database(path, { readonly: true });
    expect(schemaVersion(after)).toBe(LATEST_SCHEMA_VERSION);
    // the old columns stay readable for people with sqlite3
    expect(after.prepare("SELECT COUNT(*) FROM readings WHERE device_id = 'probe-a'").pluck().get()).toBe(4);
    after.close();
  });
});
