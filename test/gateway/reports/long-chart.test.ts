// A unit's chart over five years of history (a milk bank keeps its records for years): the route
// takes the window (it refused more than 400 days), its two-day buckets are summed from the daily
// rollups and equal every reading's count, and the read gives the event loop a turn every month or so
// of hours, or every year of days (one statement over five years of hours held it ~50-150 ms here).
import request from "supertest";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { StoredReading } from "../../../gateway/store/readings-store.js";
import { type Harness, startHarness, T0 } from "../http/harness.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const YEARS_5 = 5 * 365 * DAY;

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  const readings: StoredReading[] = [];
  for (let t = T0 - YEARS_5; t < T0; t += HOUR) {
    readings.push({
      deviceId: "ana-probe",
      unitId: "ana-freezer",
      seq: readings.length + 1,
      timeMs: t,
      tempC: -18,
    });
  }
  for (let i = 0; i < readings.length; i += 5000) await h.stores.readings.write(readings.slice(i, i + 5000));
}, 60_000);
afterAll(() => h.close());

describe("a chart over five years", () => {
  it("is answered in two-day buckets that hold every reading", async () => {
    const token = await h.login("sam");
    const res = await request(h.app)
      .get(`/api/units/ana-freezer/readings?from=${T0 - YEARS_5}&to=${T0}`)
      .set("Authorization", `Bearer ${token}`);
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ mode: "buckets", bucketMs: 2 * DAY });
    const buckets = res.body.data.buckets as { count: number; minC: number; maxC: number }[];
    expect(buckets.reduce((n, b) => n + b.count, 0)).toBe(YEARS_5 / HOUR);
    expect(buckets.every((b) => b.minC === -18 && b.maxC === -18)).toBe(true);
  });

  /** turns of the event loop while the five years are read in buckets of `bucketMs` */
  async function turnsWhileReading(bucketMs: number): Promise<number> {
    let turns = 0;
    let counting = true;
    const count = () => {
      turns += 1;
      if (counting) setImmediate(count);
    };
    setImmediate(count);
    await h.stores.readings.buckets({ unitId: "ana-freezer", fromMs: T0 - YEARS_5, toMs: T0, bucketMs });
    counting = false;
    return turns;
  }

  it("lets the event loop turn at least once a month of hours while it reads hours", async () => {
    // a month of hours is 31 days of them: five years are 58 whole ones and a piece
    expect(await turnsWhileReading(12 * HOUR)).toBeGreaterThanOrEqual(Math.floor(YEARS_5 / (31 * DAY)));
  });

  it("lets the event loop turn at least once a year of days while it reads days", async () => {
    expect(await turnsWhileReading(2 * DAY)).toBeGreaterThanOrEqual(5);
  });
});
