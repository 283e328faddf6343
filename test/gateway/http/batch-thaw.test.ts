// The routes the dashboard's unit chart needs beyond the readings: a bag's milk temperature and ice
// fraction over time, and the site's rule set (for use-by dates).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness, T0 } from "./harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const MIN = 60_000;

async function registerBag(name = "ana"): Promise<string> {
  const body = {
    label: "Bag 1",
    unitId: "ana-freezer",
    volumeMl: 120,
    container: "flat-bag",
    expressedAtMs: T0,
    purpose: "donation",
    processing: "raw",
  };
  const res = await h.post("/api/batches", name, body);
  expect(res.status).toBe(201);
  return res.body.data.id;
}

describe("a bag's thaw curve", () => {
  it("stays frozen at freezer air and loses its ice when the freezer fails, one point per reading", async () => {
    const bagId = await registerBag();
    // two hours at -20 C, then six hours of a failed freezer at +15 C
    await h.stores.readings.write(
      Array.from({ length: 8 * 60 }, (_, i) => ({
        deviceId: "d",
        unitId: "ana-freezer",
        seq: i + 1,
        timeMs: T0 + (i + 1) * MIN,
        tempC: i < 120 ? -20 : 15,
      })),
    );
    h.clock.ms = T0 + 9 * 60 * MIN;

    const res = await h.get(`/api/batches/${bagId}/thaw`, "ana");
    expect(res.status).toBe(200);
    const { points, fromMs, toMs } = res.body.data;
    expect([fromMs, toMs]).toEqual([T0, T0 + 9 * 60 * MIN]);
    expect(points).toHaveLength(8 * 60);
    const at = (minute: number) => points.find((p: { timeMs: number }) => p.timeMs === T0 + minute * MIN);
    expect(at(119)).toMatchObject({ iceFraction: 1 });
    expect(at(119).milkTempC).toBeCloseTo(-20, 1);
    expect(at(480).iceFraction).toBeLessThan(1);
    expect(at(480).milkTempC).toBeGreaterThan(at(119).milkTempC);
  });

  it("is cut to the window asked for, and thinned to at most 1,000 points", async () => {
    const bagId = await registerBag();
    await h.stores.readings.write(
      Array.from({ length: 3000 }, (_, i) => ({
        deviceId: "d",
        unitId: "ana-freezer",
        seq: i + 1,
        timeMs: T0 + (i + 1) * MIN,
        tempC: -19,
      })),
    );
    h.clock.ms = T0 + 3001 * MIN;
    const window = await h.get(
      `/api/batches/${bagId}/thaw?from=${T0 + 100 * MIN}&to=${T0 + 200 * MIN}`,
      "sam",
    );
    expect(window.body.data.points).toHaveLength(100);
    expect(window.body.data.points[0].timeMs).toBe(T0 + 100 * MIN);
    const all = await h.get(`/api/batches/${bagId}/thaw`, "sam");
    expect(all.body.data.points.length).toBeLessThanOrEqual(1000);
    expect(all.body.data.points.at(-1).timeMs).toBe(T0 + 3000 * MIN);
  });

  it("is refused for another donor's bag and for an empty window", async () => {
    const bagId = await registerBag();
    expect((await h.get(`/api/batches/${bagId}/thaw`, "dora")).status).toBe(403);
    const bad = await h.get(`/api/batches/${bagId}/thaw?from=${T0 + MIN}&to=${T0}`, "ana");
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe("from");
  });
});

describe("the profiles answer", () => {
  it("names the rule set the site runs", async () => {
    const res = await h.get("/api/profiles", "ana");
    expect(res.body.data.siteRuleSetId).toBe("test-rules");
    expect(res.body.data.ruleSets.map((r: { id: string }) => r.id)).toContain("test-rules");
  });
});
