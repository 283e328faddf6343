import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness, T0 } from "./harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const MIN = 60_000;
const DAY = 1440 * MIN;

describe("a bag's storage log", () => {
  it("lists each stay with the air's min and max while the bag was there, and the excursions it lived through", async () => {
    h.clock.ms = T0 + 6 * 60 * MIN;
    const body = {
      label: "Bag 7",
      unitId: "ana-freezer",
      volumeMl: 120,
      container: "flat-bag",
      expressedAtMs: T0,
      purpose: "donation",
      processing: "raw",
    };
    const bag = (await h.post("/api/batches", "ana", body)).body.data;
    // four days of the freezer, each minute: -20 C, with -30 C before the bag came, -12 C on day 2
    // while it was there, and +4 C on day 3 after it had left
    const peaks: Record<number, number> = { 60: -30, [DAY / MIN + 100]: -12, [3 * (DAY / MIN) + 60]: 4 };
    await h.stores.readings.write(
      Array.from({ length: 4 * 1440 }, (_, i) => ({
        deviceId: "d",
        unitId: "ana-freezer",
        seq: i + 1,
        timeMs: T0 + i * MIN,
        tempC: peaks[i] ?? -20,
      })),
    );
    h.site.alerts.put({
      id: "exc",
      key: "k",
      kind: "temperature-excursion",
      severity: "critical",
      unitId: "ana-freezer",
      state: "resolved",
      message: "too warm",
      openedAtMs: T0 + DAY + 100 * MIN,
      clearedAtMs: T0 + DAY + 120 * MIN,
      escalationLevel: 0,
      lastNotifiedAtMs: T0,
    });
    h.clock.ms = T0 + 2 * DAY + 12 * 60 * MIN;
    await h.post("/api/trips", "carl", { boxUnitId: "box-1" });
    const trip = (await h.get("/api/trips", "carl")).body.data[0];
    await h.post(`/api/trips/${trip.id}/pickups`, "carl", { donorId: "ana", batchIds: [bag.id] });

    const res = await h.get(`/api/batches/${bag.id}/history`, "ana");
    expect(res.status).toBe(200);
    const { stays, moves, alerts } = res.body.data;
    expect(moves).toHaveLength(2);
    expect(stays).toEqual([
      {
        unitId: "ana-freezer",
        unitName: "Ana's freezer",
        fromMs: T0 + 6 * 60 * MIN,
        toMs: T0 + 2 * DAY + 12 * 60 * MIN,
        minC: -20,
        maxC: -12,
        readings: 2 * 1440 + 6 * 60,
      },
      {
        unitId: "box-1",
        unitName: "Cool box 1",
        fromMs: T0 + 2 * DAY + 12 * 60 * MIN,
        toMs: null,
        minC: null,
        maxC: null,
        readings: 0,
      },
    ]);
    expect(alerts.map((a: { id: string }) => a.id)).toEqual(["exc"]);
  });
});
