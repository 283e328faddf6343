import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { StoredReading } from "../../../gateway/store/readings-store.js";
import { type Harness, startHarness, T0 } from "./harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const MIN = 60_000;

/** a freezer at -20 C every minute, with one reading at +5 C (a door left open, seen once) */
function freezerTrace(minutes: number, spikeAt: number): StoredReading[] {
  return Array.from({ length: minutes }, (_, i) => ({
    deviceId: "dev-1",
    unitId: "ana-freezer",
    seq: i + 1,
    timeMs: T0 + i * MIN,
    tempC: i === spikeAt ? 5 : -20 + (i % 3) * 0.1,
  }));
}

describe("readings for a chart", () => {
  it("downsamples three days to at most ~1,000 buckets and keeps the one-minute peak", async () => {
    await h.stores.readings.write(freezerTrace(3 * 1440, 2000));
    const res = await h.get(`/api/units/ana-freezer/readings?from=${T0}&to=${T0 + 3 * 1440 * MIN}`, "ana");
    expect(res.status).toBe(200);
    const data = res.body.data;
    expect(data.mode).toBe("buckets");
    expect(data.bucketMs).toBe(5 * MIN);
    expect(data.buckets.length).toBeLessThanOrEqual(1000);
    expect(Math.max(...data.buckets.map((b: { maxC: number }) => b.maxC))).toBe(5);
    expect(data.buckets.reduce((n: number, b: { count: number }) => n + b.count, 0)).toBe(3 * 1440);
  });

  it("returns raw readings when the range holds few", async () => {
    await h.stores.readings.write(freezerTrace(120, 30));
    const res = await h.get(`/api/units/ana-freezer/readings?from=${T0}&to=${T0 + 60 * MIN}`, "ana");
    expect(res.body.data).toMatchObject({ mode: "raw", bucketMs: null, fromMs: T0, toMs: T0 + 60 * MIN });
    expect(res.body.data.readings).toHaveLength(60);
    expect(res.body.data.readings[30]).toMatchObject({ timeMs: T0 + 30 * MIN, tempC: 5 });
  });

  it("uses the bucket size asked for, and refuses one that would make too many buckets", async () => {
    await h.stores.readings.write(freezerTrace(120, 30));
    const hourly = await h.get(
      `/api/units/ana-freezer/readings?from=${T0}&to=${T0 + 120 * MIN}&bucketMs=3600000`,
      "ana",
    );
    expect(hourly.body.data.buckets).toHaveLength(2);
    expect(hourly.body.data.buckets[0].maxC).toBe(5);
    const tiny = await h.get(
      `/api/units/ana-freezer/readings?from=${T0}&to=${T0 + 1440 * MIN}&bucketMs=1000`,
      "ana",
    );
    expect(tiny.status).toBe(400);
    expect(tiny.body.field).toBe("bucketMs");
  });

  it("shows the latest reading, battery, bags and status in the unit overview", async () => {
    await h.stores.readings.write([
      { deviceId: "dev-1", unitId: "ana-freezer", seq: 1, timeMs: T0, tempC: -19.5, batteryV: 3.1 },
    ]);
    const units = await h.get("/api/units", "ana");
    expect(units.body.data[0]).toMatchObject({
      id: "ana-freezer",
      profile: { id: "test-freezer", warningHighC: -18, criticalHighC: -12, lowC: null },
      latest: { timeMs: T0, tempC: -19.5, fault: null },
      status: "ok",
      batteryV: 3.1,
      batches: { count: 0, worstPhase: null },
      openAlerts: 0,
    });
    expect((await h.get("/api/units/dora-freezer", "dora")).body.data.status).toBe("silent");
  });
});
