// The CSV reports read back as a spreadsheet reads them (csv-parse, casting what looks like a
// number): temperatures and minutes are numbers, rounded to what the probe can tell; only text
// that a spreadsheet would run as a formula is guarded.
import { parse } from "csv-parse/sync";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Harness, startHarness, T0 } from "./harness.js";

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(() => h.close());

const MIN = 60_000;
const DAY = 1440 * MIN;

/** the DS18B20's 1/16 °C steps; a warm spell with one more reading 1.2 s after its end (0.98 minutes more) */
function air(
  unitId: string,
  fromMs: number,
  minutes: number,
  warm: { fromMin: number; toMin: number; c: number },
) {
  const readings = Array.from({ length: minutes }, (_, i) => ({
    deviceId: `${unitId}-dev`,
    unitId,
    seq: i + 1,
    timeMs: fromMs + i * MIN,
    tempC: i >= warm.fromMin && i < warm.toMin ? warm.c : -20.4375,
  }));
  const late = { ...readings[0], seq: minutes + 1, timeMs: fromMs + warm.toMin * MIN + 1200, tempC: warm.c };
  return [...readings, late].sort((a, b) => a.timeMs - b.timeMs) as typeof readings;
}

/** rows as a spreadsheet sees them: numbers where the text reads as one */
const readBack = (text: string, columns: boolean): unknown[] =>
  parse(text, { columns, cast: true, relax_column_count: true, skip_empty_lines: true });

describe("CSV reports open as numbers", () => {
  it("the daily record keeps negative temperatures as numbers, to the probe's resolution, minutes whole", async () => {
    await h.stores.readings.write(air("bank-freezer", T0, 1440, { fromMin: 600, toMin: 666, c: -15.0625 }));
    const res = await h.get(
      `/api/reports/daily?unitId=bank-freezer&from=${T0}&to=${T0 + DAY}&format=csv`,
      "sam",
    );
    expect(res.status).toBe(200);
    const [row] = readBack(res.text, true) as Record<string, unknown>[];
    expect(row).toEqual({
      unit_id: "bank-freezer",
      // text that starts like a formula is still guarded
      unit_name: "'=Bank freezer",
      day: "2026-11-20",
      min_c: -20.44,
      max_c: -15.06,
      mean_c: -20.19,
      readings: 1441,
      minutes_above_warning: 67,
      minutes_above_critical: 0,
    });
  });

  it("the trip report's figures are numbers and a bag's label that looks like a formula is text", async () => {
    const bag = (
      await h.post("/api/batches", "ana", {
        label: "-1 =SUM(A1)",
        unitId: "ana-freezer",
        volumeMl: 120,
        container: "flat-bag",
        expressedAtMs: T0 - DAY,
        purpose: "donation",
        processing: "raw",
      })
    ).body.data;
    const trip = (await h.post("/api/trips", "carl", { boxUnitId: "box-1" })).body.data;
    await h.post(`/api/trips/${trip.id}/pickups`, "carl", { donorId: "ana", batchIds: [bag.id] });
    await h.stores.readings.write(air("box-1", T0, 120, { fromMin: 30, toMin: 60, c: -10.0625 }));
    h.clock.ms = T0 + 120 * MIN;
    expect((await h.post(`/api/trips/${trip.id}/handover`, "carl")).status).toBe(200);

    const rows = readBack(
      (await h.get(`/api/trips/${trip.id}/report.csv`, "sam")).text,
      false,
    ) as unknown[][];
    const summary = new Map(rows.filter((r) => r.length === 2).map(([k, v]) => [k, v]));
    expect(summary.get("min_c")).toBe(-20.44);
    expect(summary.get("max_c")).toBe(-10.06);
    expect(summary.get("minutes_above_warningHighC")).toBe(31);
    expect(summary.get("report_version")).toBe(1);
    const header = rows.findIndex((r) => r[0] === "donor_id");
    const bagRow = Object.fromEntries((rows[header] ?? []).map((name, i) => [name, rows[header + 1]?.[i]]));
    expect(bagRow).toMatchObject({ label: "'-1 =SUM(A1)", phase: "frozen", stayed_frozen: "true" });
    expect(typeof bagRow.ice_fraction).toBe("number");
  });
});
