// A trip carries several donors' milk, and a cool box carries several couriers' trips: each person
// sees only her own part, and a courier only for the time she carried the box.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Batch } from "../../../gateway/store/records.js";
import { alertRecord, type Harness, PASSWORD, startHarness, T0 } from "./harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const MIN = 60_000;

async function bagOf(donor: "ana" | "dora", label: string): Promise<Batch> {
  await h.feed([{ deviceId: donor, unitId: `${donor}-freezer`, seq: 1, timeMs: T0 - MIN, tempC: -20 }]);
  const res = await h.post("/api/batches", donor, {
    label,
    unitId: `${donor}-freezer`,
    volumeMl: 60,
    container: "flat-bag",
    expressedAtMs: T0 - 86_400_000,
    purpose: "donation",
    processing: "raw",
  });
  expect(res.status).toBe(201);
  return res.body.data;
}

/** the box's air every 5 minutes from `fromMs` for `minutes` */
const boxAir = (fromMs: number, minutes: number, tempC: number, firstSeq = 1) =>
  h.feed(
    Array.from({ length: minutes / 5 + 1 }, (_, i) => ({
      deviceId: "box",
      unitId: "box-1",
      seq: firstSeq + i,
      timeMs: fromMs + i * 5 * MIN,
      tempC,
    })),
  );

describe("a donor opening a trip that carried her milk", () => {
  it("sees only her own pick-ups, bags and reasons, in JSON and in CSV", async () => {
    const anna = await bagOf("ana", "Ana morning bag");
    const dora = await bagOf("dora", "Dora night bag");
    const trip = (await h.post("/api/trips", "carl", { boxUnitId: "box-1" })).body.data;
    await h.post(`/api/trips/${trip.id}/pickups`, "carl", { donorId: "ana", batchIds: [anna.id] });
    await h.post(`/api/trips/${trip.id}/pickups`, "carl", { donorId: "dora", batchIds: [dora.id] });
    // the ice packs are spent: both small bags thaw, and the report names each by its label
    await boxAir(T0, 240, 20);
    h.clock.ms = T0 + 240 * MIN;
    const full = (await h.post(`/api/trips/${trip.id}/handover`, "carl")).body.data.report;
    expect(full.reasons.join(" ")).toMatch(/Dora night bag/);

    const listed = (await h.get("/api/trips", "ana")).body.data;
    expect(listed).toHaveLength(1);
    expect(listed[0].pickups).toEqual([expect.objectContaining({ donorId: "ana", batchIds: [anna.id] })]);
    const json = await h.get(`/api/trips/${trip.id}/report`, "ana");
    expect(json.status).toBe(200);
    expect(json.body.data.report.batches.map((b: { batchId: string }) => b.batchId)).toEqual([anna.id]);
    expect(json.body.data.report.reasons.join(" ")).toMatch(/Ana morning bag/);
    const csv = await h.get(`/api/trips/${trip.id}/report.csv`, "ana");
    expect(csv.text).toContain("Ana morning bag");
    for (const text of [JSON.stringify(listed), JSON.stringify(json.body), csv.text]) {
      expect(text).not.toContain("dora");
      expect(text).not.toContain("Dora night bag");
      expect(text).not.toContain(dora.id);
    }
    // the courier and the bank still see the whole trip
    const staff = (await h.get(`/api/trips/${trip.id}/report`, "sam")).body.data;
    expect(staff.trip.pickups).toHaveLength(2);
    expect(staff.report.batches).toHaveLength(2);
    expect((await h.get(`/api/trips/${trip.id}/report.csv`, "carl")).text).toContain("Dora night bag");
  });
});

describe("a courier after she handed the cool box over", () => {
  it("reads the box only within her trip, and sees nothing of the next courier's round", async () => {
    const created = await h.post("/api/users", "admin", {
      name: "cora",
      displayName: "Cora (courier)",
      role: "courier",
      password: PASSWORD,
    });
    expect(created.status).toBe(201);
    await boxAir(T0 - 60 * MIN, 300, -20);
    const first = (await h.post("/api/trips", "carl", { boxUnitId: "box-1" })).body.data;
    h.site.alerts.put(alertRecord("during-carl", "box-1", { openedAtMs: T0 + 30 * MIN }));
    h.clock.ms = T0 + 60 * MIN;
    expect((await h.post(`/api/trips/${first.id}/handover`, "carl")).status).toBe(200);

    // the next round: Cora picks up Dora's bag in the same box, and the box warms
    h.clock.ms = T0 + 90 * MIN;
    const dora = await bagOf("dora", "Dora night bag");
    const second = (await h.post("/api/trips", "cora", { boxUnitId: "box-1" })).body.data;
    await h.post(`/api/trips/${second.id}/pickups`, "cora", { donorId: "dora", batchIds: [dora.id] });
    h.site.alerts.put(alertRecord("during-cora", "box-1", { openedAtMs: T0 + 100 * MIN }));

    expect((await h.get("/api/units", "carl")).body.data).toEqual([]);
    expect((await h.get("/api/units/box-1", "carl")).status).toBe(403);
    const own = await h.get(`/api/units/box-1/readings?from=${T0 - 60 * MIN}&to=${T0 + 240 * MIN}`, "carl");
    expect(own.status).toBe(200);
    expect(own.body.data).toMatchObject({ fromMs: T0, toMs: T0 + 60 * MIN + 1 });
    const times = own.body.data.readings.map((r: { timeMs: number }) => r.timeMs);
    expect(Math.min(...times)).toBe(T0);
    expect(Math.max(...times)).toBe(T0 + 60 * MIN);
    const later = await h.get(`/api/units/box-1/readings?from=${T0 + 90 * MIN}&to=${T0 + 240 * MIN}`, "carl");
    expect(later.status).toBe(403);
    // the last day, as the chart asks by default, is cut to her trip too
    const lastDay = await h.get("/api/units/box-1/readings", "carl");
    expect(lastDay.body.data).toMatchObject({ fromMs: T0, toMs: T0 + 60 * MIN + 1 });

    expect((await h.get("/api/batches", "carl")).body.data).toEqual([]);
    expect((await h.get(`/api/batches/${dora.id}/history`, "carl")).status).toBe(403);
    expect((await h.get(`/api/trips/${second.id}/report`, "carl")).status).toBe(403);
    const alerts = (await h.get("/api/alerts", "carl")).body.data.map((a: { id: string }) => a.id);
    expect(alerts).toEqual(["during-carl"]);
    expect((await h.get("/api/alerts/during-cora", "carl")).status).toBe(403);
    const daily = await h.get("/api/reports/daily?unitId=box-1", "carl");
    expect(daily.status).toBe(403);
    // her own trip's report stays hers
    expect((await h.get(`/api/trips/${first.id}/report`, "carl")).status).toBe(200);

    // Cora, on the road, sees her box from her trip's start, her pick-up and her alert
    expect((await h.get("/api/units", "cora")).body.data.map((u: { id: string }) => u.id)).toEqual(["box-1"]);
    expect((await h.get("/api/batches", "cora")).body.data.map((b: Batch) => b.id)).toEqual([dora.id]);
    const hers = await h.get(`/api/units/box-1/readings?from=${T0}&to=${T0 + 240 * MIN}`, "cora");
    expect(hers.body.data.fromMs).toBe(T0 + 90 * MIN);
  });
});
