// The suite every ReadingsStore back end passes (SQLite, InfluxDB 1.x, InfluxDB 2.x), like
// aedes-persistence's abstract.js. It speaks only through the ReadingsStore interface.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { ReadingsStore, StoredReading } from "../../gateway/store/readings-store.js";

export interface BuiltStore {
  store: ReadingsStore;
  cleanup(): Promise<void>;
}

const T0 = Date.UTC(2026, 0, 5, 0, 0, 0); // a Monday, 00:00 UTC: a multiple of every bucket below
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** One reading of device `dev-a` in unit `freezer-1` unless told otherwise. */
export function reading(
  seq: number,
  timeMs: number,
  tempC: number | null,
  extra: Partial<StoredReading> = {},
) {
  return { deviceId: "dev-a", unitId: "freezer-1", seq, timeMs, tempC, ...extra } satisfies StoredReading;
}

const all = { unitId: "freezer-1", fromMs: T0 - 24 * HOUR, toMs: T0 + 48 * HOUR };

export function runReadingsStoreContract(name: string, build: () => Promise<BuiltStore>): void {
  describe(`ReadingsStore contract: ${name}`, () => {
    let built: BuiltStore;
    let store: ReadingsStore;
    beforeEach(async () => {
      built = await build();
      store = built.store;
    });
    afterEach(async () => {
      await built.cleanup();
    });

    it("returns written readings in event-time order with every field", async () => {
      const rows = [
        reading(1, T0, -19.5, { batteryV: 3.1, rssiDbm: -67 }),
        reading(2, T0 + MINUTE, null, { fault: "crc" }),
        reading(3, T0 + 2 * MINUTE, -19.25),
      ];
      await store.write(rows);
      expect(await store.range(all)).toEqual(rows);
    });

    it("keeps a reading written twice (same device and seq) once", async () => {
      await store.write([reading(1, T0, -20), reading(1, T0, -20)]);
      await store.write([reading(1, T0, -20), reading(2, T0 + MINUTE, -20)]);
      expect((await store.range(all)).map((r) => r.seq)).toEqual([1, 2]);
    });

    it("keeps each reading once when one commit repeats some, across devices and far-apart seqs", async () => {
      const other = { deviceId: "dev-b" };
      const first = Array.from({ length: 99 }, (_, i) => reading(i + 1, T0 + i * MINUTE, -20));
      await store.write(first.slice(0, 40));
      await Promise.all([
        store.write(first.slice(30)),
        store.write([...first.slice(90), reading(150, T0 + 150 * MINUTE, -19)]),
        store.write([reading(1, T0 - MINUTE, -18, other), reading(1e12, T0 + 100 * MINUTE, -17, other)]),
        store.write([reading(5e11, T0 + 101 * MINUTE, -16, other), reading(1, T0 - MINUTE, -18, other)]),
      ]);
      const stored = await store.range(all);
      expect(stored).toHaveLength(99 + 1 + 3);
      expect(stored.filter((r) => r.deviceId === "dev-a")).toEqual([
        ...first,
        reading(150, T0 + 150 * MINUTE, -19),
      ]);
      expect(stored.filter((r) => r.deviceId === "dev-b").map((r) => r.seq)).toEqual([1, 1e12, 5e11]);
    });

    it("keeps each reading once when gaps in a device's sequence numbers are filled later, repeats around them", async () => {
      const of = (seqs: number[]) => seqs.map((seq) => reading(seq, T0 + seq * MINUTE, -20));
      const span = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
      await store.write(of([...span(1, 10), ...span(20, 30), 50]));
      await store.write(of([...span(5, 25), 0]));
      await Promise.all([store.write(of(span(40, 60))), store.write(of([55, 35, 50, 36]))]);
      const stored = [...span(0, 30), ...span(35, 36), ...span(40, 60)];
      await store.write(of(stored).reverse());
      expect((await store.range(all)).map((r) => r.seq)).toEqual(stored);
      await store.write(of(span(0, 61)));
      expect((await store.range(all)).map((r) => r.seq)).toEqual(span(0, 61));
    });

    it("puts readings sent late and out of order back in event-time order", async () => {
      await store.write([reading(10, T0 + 10 * MINUTE, -18)]);
      await store.write([reading(3, T0 + 3 * MINUTE, -19), reading(7, T0 + 7 * MINUTE, -17)]);
      await store.write([reading(1, T0 + MINUTE, -21)]);
      expect((await store.range(all)).map((r) => r.seq)).toEqual([1, 3, 7, 10]);
    });

    it("interleaves two devices of one unit by event time, whatever their sequence numbers", async () => {
      const b = (seq: number, timeMs: number) => reading(seq, timeMs, -19, { deviceId: "dev-b" });
      await store.write([b(500, T0 + MINUTE), b(501, T0 + 3 * MINUTE)]);
      await store.write([
        reading(1, T0, -20),
        reading(2, T0 + 2 * MINUTE, -20),
        reading(3, T0 + 4 * MINUTE, -20),
      ]);
      const got = await store.range(all);
      expect(got.map((r) => `${r.deviceId}:${r.seq}`)).toEqual([
        "dev-a:1",
        "dev-b:500",
        "dev-a:2",
        "dev-b:501",
        "dev-a:3",
      ]);
    });

    it("ranges include from and exclude to", async () => {
      await store.write([
        reading(1, T0 - 1, -20),
        reading(2, T0, -20),
        reading(3, T0 + HOUR - 1, -20),
        reading(4, T0 + HOUR, -20),
      ]);
      const got = await store.range({ unitId: "freezer-1", fromMs: T0, toMs: T0 + HOUR });
      expect(got.map((r) => r.seq)).toEqual([2, 3]);
    });

    it("keeps units apart", async () => {
      await store.write([
        reading(1, T0, -20),
        reading(1, T0 + MINUTE, 4, { deviceId: "dev-b", unitId: "fridge-1" }),
      ]);
      expect((await store.range(all)).map((r) => r.deviceId)).toEqual(["dev-a"]);
      const fridge = await store.range({ ...all, unitId: "fridge-1" });
      expect(fridge.map((r) => r.tempC)).toEqual([4]);
      expect((await store.buckets({ ...all, unitId: "fridge-1", bucketMs: HOUR }))[0]?.maxC).toBe(4);
      expect((await store.latest("freezer-1"))?.tempC).toBe(-20);
    });

    it("a 1-minute spike inside a 1-hour bucket is still the bucket's max", async () => {
      const rows = Array.from({ length: 60 }, (_, i) => reading(i + 1, T0 + i * MINUTE, i === 37 ? -2 : -20));
      await store.write(rows);
      const [bucket, ...rest] = await store.buckets({ ...all, bucketMs: HOUR });
      expect(rest).toEqual([]);
      expect(bucket).toMatchObject({ startMs: T0, count: 60, minC: -20, maxC: -2 });
      expect(bucket?.meanC).toBeCloseTo((59 * -20 - 2) / 60, 6);
    });

    it("aligns buckets to multiples of bucketMs and omits empty ones", async () => {
      await store.write([
        reading(1, T0 + 5 * MINUTE, -20),
        reading(2, T0 + 50 * MINUTE, -18),
        reading(3, T0 + 3 * HOUR + 10 * MINUTE, -19),
      ]);
      const buckets = await store.buckets({ ...all, bucketMs: HOUR });
      expect(buckets.map((b) => [b.startMs, b.count, b.minC, b.maxC])).toEqual([
        [T0, 2, -20, -18],
        [T0 + 3 * HOUR, 1, -19, -19],
      ]);
    });

    it("probe faults count as readings of their bucket but never move min, max or mean", async () => {
      await store.write([
        reading(1, T0, -20),
        reading(2, T0 + MINUTE, null, { fault: "power_on_85" }),
        reading(3, T0 + 2 * MINUTE, -18),
        reading(4, T0 + HOUR, null, { fault: "disconnected" }),
      ]);
      const buckets = await store.buckets({ ...all, bucketMs: HOUR });
      expect(buckets).toHaveLength(2);
      expect(buckets[0]).toMatchObject({ startMs: T0, count: 3, minC: -20, maxC: -18 });
      expect(buckets[0]?.meanC).toBeCloseTo(-19, 9);
      expect(buckets[1]).toEqual({ startMs: T0 + HOUR, count: 1, minC: null, maxC: null, meanC: null });
    });

    it("latest is the reading with the latest event time, not the last written", async () => {
      expect(await store.latest("freezer-1")).toBeUndefined();
      await store.write([reading(5, T0 + 5 * MINUTE, -17, { batteryV: 2.9 })]);
      await store.write([reading(2, T0 + 2 * MINUTE, -21)]);
      expect(await store.latest("freezer-1")).toEqual(reading(5, T0 + 5 * MINUTE, -17, { batteryV: 2.9 }));
    });

    it("a write with an invalid reading is refused without touching the others", async () => {
      const good = store.write([reading(1, T0, -20)]);
      const bad = store.write([reading(2, T0 + MINUTE, -20), reading(3, Number.NaN, -20)]);
      await expect(bad).rejects.toThrow();
      await good;
      expect((await store.range(all)).map((r) => r.seq)).toEqual([1]);
    });

    it("concurrent writes all resolve and all are stored", async () => {
      const writes = Array.from({ length: 20 }, (_, w) =>
        store.write(
          Array.from({ length: 50 }, (_, i) => reading(w * 50 + i + 1, T0 + (w * 50 + i) * 1000, -20)),
        ),
      );
      await Promise.all(writes);
      expect(await store.range(all)).toHaveLength(1000);
    });

    it("a 10,000-reading write completes and every reading is readable", async () => {
      const rows = Array.from({ length: 10_000 }, (_, i) =>
        reading(i + 1, T0 + i * 10_000, -20 + (i % 7) / 10),
      );
      await store.write(rows);
      const got = await store.range({ ...all, toMs: T0 + 10_000 * 10_000 });
      expect(got).toHaveLength(10_000);
      expect(got[9_999]).toEqual(rows[9_999]);
    });
  });
}
